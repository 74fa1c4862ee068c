// generic_pure.c — a generic kernel whose sequential part only computes values.
//
// Shows: `target teams` + a nested `parallel`: generic mode. The sequential part computes
// `factor` and `offset` (globalized, since the region reads them); -O SPMD-izes the kernel.
//
// Try:  ompir run examples/c/generic_pure.c -O --remarks --stats
// differential: no (the result depends on the team size; gcc runs the region on the host)
#include <stdio.h>
#include <omp.h>

int main(void) {
  int a[64];
  int n = 64, k = 3;
  for (int i = 0; i < n; i++) a[i] = i;
#pragma omp target teams num_teams(2) thread_limit(32) map(tofrom: a[0:64])
  {
    int factor = 2 * k + 1;
    int offset = n / 4;
#pragma omp parallel
    {
      int i = omp_get_team_num() * omp_get_num_threads() + omp_get_thread_num();
      if (i < n) a[i] = a[i] * factor + offset;
    }
  }
  printf("a[1] = %d, a[63] = %d\n", a[1], a[63]);
  return 0;
}
