// omp_set_num_threads sets the host's nthreads-var, which omp_get_max_threads answers (gcc:
// the same); omp_get_num_procs is at least 1. ompir's host teams keep one thread (docs/C.md),
// so the program prints no team size. Before the twelfth session both calls were "not
// supported".
#include <stdio.h>
#include <omp.h>
static void set(int n) { omp_set_num_threads(n); }
int main(void) {
  printf("procs %d\n", omp_get_num_procs() >= 1);
  omp_set_num_threads(3);
  printf("max %d\n", omp_get_max_threads());
  set(7);
  printf("max %d\n", omp_get_max_threads());
  int sum = 0;
#pragma omp target map(tofrom: sum)
  {
#pragma omp parallel for reduction(+: sum)
    for (int i = 0; i < 100; i++) sum += i;
  }
  printf("sum %d max %d\n", sum, omp_get_max_threads());
  return 0;
}
