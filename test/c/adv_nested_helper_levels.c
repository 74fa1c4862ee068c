// A helper that asks omp_get_thread_num() and omp_get_num_threads() and starts a parallel
// region of its own, called from a target region's sequential part (level 0), from a
// parallel region (level 1: its own region is nested, a team of one) and from an SPMD
// kernel. Only the answers thread 0 sees, and sums that do not depend on the team's size,
// reach the output.
#include <stdio.h>
#include <omp.h>
#pragma omp declare target
static void helper(int *acc, int base) {
  int t = omp_get_thread_num();
  int n = omp_get_num_threads();
  if (t == 0) {
#pragma omp atomic
    acc[0] += base + (n >= 1 ? 1 : 2);
  }
#pragma omp parallel
  {
    if (omp_get_thread_num() == 0) {
#pragma omp atomic
      acc[1] += base;
    }
  }
}
#pragma omp end declare target
int main(void) {
  int acc[2] = {0, 0};
#pragma omp target map(tofrom: acc)
  {
    helper(acc, 10);
#pragma omp parallel
    {
      if (omp_get_thread_num() == 0) helper(acc, 100);
    }
    helper(acc, 1000);
  }
  int spmd[2] = {0, 0};
#pragma omp target teams num_teams(1) map(tofrom: spmd)
#pragma omp parallel
  {
    if (omp_get_thread_num() == 0) helper(spmd, 7);
  }
  printf("%d %d %d %d\n", acc[0], acc[1], spmd[0], spmd[1]);
  return 0;
}
