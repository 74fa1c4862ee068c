// single, master and masked run once per team; barrier between phases of a parallel region.
#include <stdio.h>
#include <stdlib.h>
#include <omp.h>
int main(void) {
  int once = 0, master_runs = 0, phase[64];
  int ok = 1;
#pragma omp target teams num_teams(1) map(tofrom: once, master_runs, phase, ok)
  {
#pragma omp parallel
    {
      int t = omp_get_thread_num();
      if (t < 64) phase[t] = 1;
#pragma omp single
      {
#pragma omp atomic
        once++;
      }
#pragma omp master
      {
#pragma omp atomic
        master_runs++;
      }
#pragma omp barrier
      int nt = omp_get_num_threads();
      for (int i = 0; i < nt && i < 64; i++)
        if (phase[i] != 1) ok = 0;
    }
  }
  printf("%d %d %d\n", once, master_runs, ok);
  if (once != 1 || master_runs != 1 || !ok) abort();
  return 0;
}
