// The OpenMP lock API and the dyn-var/nested setters on the host (written in C,
// src/frontend/c/libc.ts): a lock guarding a shared counter in a parallel region, test_lock
// on a held and a free lock, omp_set_dynamic/omp_get_dynamic and the deprecated
// omp_set_nested/omp_get_nested. Host teams have one thread; gcc's four threads take the
// lock in turn: the same totals. Before the twelfth session: "unknown type 'omp_lock_t'".
#include <stdio.h>
#include <omp.h>
int main(void) {
  omp_lock_t lck;
  omp_init_lock(&lck);
  int count = 0, team = 0;
#pragma omp parallel
  {
#pragma omp single
    team = omp_get_num_threads();
    for (int k = 0; k < 5; k++) {
      omp_set_lock(&lck);
      count++;
      omp_unset_lock(&lck);
    }
  }
  omp_set_lock(&lck);
  int busy = omp_test_lock(&lck);
  omp_unset_lock(&lck);
  int free1 = omp_test_lock(&lck);
  omp_unset_lock(&lck);
  omp_destroy_lock(&lck);
  printf("count ok %d busy %d free %d\n", count == 5 * team, busy, free1);
  printf("dynamic %d", omp_get_dynamic());
  omp_set_dynamic(1);
  printf(" %d nested %d", omp_get_dynamic(), omp_get_nested());
  omp_set_nested(1);
  printf(" %d\n", omp_get_nested());
  return 0;
}
