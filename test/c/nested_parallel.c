// Nested parallel regions in a target region: as clang's device runtime (and gcc's host
// fallback, whose max-active-levels is 1) runs them, a nested region has one thread:
// omp_get_num_threads() 1, omp_get_thread_num() 0, omp_get_level() 2, its barriers trivial.
#include <stdio.h>
#include <omp.h>

static int level_of(void) { return omp_get_level(); }

int main(void) {
  int lv0 = -1, lv1 = -1, lv2 = -1, inner_n = -1, inner_t = -1, total = 0, helper_lv = -1;
  int per[4] = {0}, own[4] = {0}, red = 0;
#pragma omp target map(tofrom: lv0, lv1, lv2, inner_n, inner_t, total, per, helper_lv, own, red)
  {
    int kred = 0;
    lv0 = omp_get_level();
#pragma omp parallel num_threads(2)
    {
      int outer = omp_get_thread_num();
      if (outer == 0) lv1 = omp_get_level();
#pragma omp parallel
      {
        if (outer == 0) {
          lv2 = omp_get_level();
          inner_n = omp_get_num_threads();
          inner_t = omp_get_thread_num();
          helper_lv = level_of();
        }
#pragma omp barrier
#pragma omp atomic
        total++;
        per[outer] += 1;
#pragma omp parallel for
        for (int i = 0; i < 3; i++) per[outer] += 10;
      }
      // Reductions in a nested region (a team of one per outer thread, all at once): into
      // the outer thread's own local, and into the kernel's local that every thread shares.
      int s = 0;
#pragma omp parallel reduction(+: s)
      s += omp_get_num_threads() + 10;
      own[outer] = s;
#pragma omp parallel for reduction(+: kred)
      for (int i = 0; i < 5; i++) kred += i;
    }
    red = kred;
  }
  printf("levels %d %d %d helper %d nested team %d thread %d total %d per %d %d own %d %d red %d\n",
         lv0, lv1, lv2, helper_lv, inner_n, inner_t, total, per[0], per[1], own[0], own[1], red);

  int hl0 = omp_get_level(), hl1 = -1, hl2 = -1;
#pragma omp parallel num_threads(1)
  {
    hl1 = omp_get_level();
#pragma omp parallel num_threads(1)
    hl2 = omp_get_level();
  }
  printf("host levels %d %d %d\n", hl0, hl1, hl2);
  return 0;
}
