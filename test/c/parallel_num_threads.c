// num_threads(n) on a parallel region inside a target region: the region has min(n, team)
// threads (n evaluated by the encountering thread), the others idle until it ends, and its
// barriers count only its threads. In a generic kernel, an SPMD one (target teams + parallel),
// and on a combined target parallel with a larger thread_limit. The team sizes used are at
// most 4 (gcc's host fallback runs with OMP_NUM_THREADS=4, ompir's teams are larger).
#include <stdio.h>
#include <omp.h>

int main(void) {
  int seen[8] = {0};
  int nt = 0, cnt = 0, after = 0, k = 3;
#pragma omp target map(tofrom: seen, nt, cnt, after)
  {
    int base = 10;
#pragma omp parallel num_threads(k)
    {
      int t = omp_get_thread_num();
      seen[t] = base + t;
      if (t == 0) nt = omp_get_num_threads();
#pragma omp atomic
      cnt++;
#pragma omp barrier
      // every thread of the region counted before any reads
      if (t == 0) after = cnt;
    }
  }
  printf("generic: nt %d cnt %d after %d seen", nt, cnt, after);
  for (int i = 0; i < 8; i++) printf(" %d", seen[i]);
  printf("\n");

  long sum = 0;
  int nt2 = 0;
#pragma omp target teams num_teams(1) map(tofrom: sum, nt2)
#pragma omp parallel num_threads(2) reduction(+: sum)
  {
    if (omp_get_thread_num() == 0) nt2 = omp_get_num_threads();
#pragma omp for
    for (int i = 1; i <= 100; i++) sum += i;
  }
  printf("spmd: nt %d sum %ld\n", nt2, sum);

  int hits = 0, nt3 = 0;
#pragma omp target parallel num_threads(k + 1) thread_limit(4) map(tofrom: hits, nt3)
  {
#pragma omp atomic
    hits += 10;
    if (omp_get_thread_num() == 0) nt3 = omp_get_num_threads();
  }
  printf("combined: nt %d hits %d\n", nt3, hits);

  // A loop of regions of changing sizes: each one's barrier counts its own threads.
  int tot[5] = {0};
#pragma omp target map(tofrom: tot)
  for (int r = 1; r <= 4; r++) {
#pragma omp parallel num_threads(r)
    {
#pragma omp atomic
      tot[r] += 1;
#pragma omp barrier
#pragma omp single
      tot[0] += tot[r] * r;
    }
  }
  printf("loop: %d %d %d %d %d\n", tot[0], tot[1], tot[2], tot[3], tot[4]);
  return 0;
}
