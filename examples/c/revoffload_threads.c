// revoffload_threads.c — every device thread asks the host to compute something.
//
// Shows: `target device(ancestor: 1)` (reverse offload) inside an SPMD kernel: each
// thread blocks while the host runs the region's body; `map(always, tofrom: out[i:1])`
// makes the host see and update the thread's element.
//
// Try:  ompir run examples/c/revoffload_threads.c --stats
//       ompir run examples/c/revoffload_threads.c --rev-offload=serial --stats
// differential: no (the element a thread owns depends on the team size)
#include <stdio.h>
#include <omp.h>

#pragma omp requires reverse_offload

int main(void) {
  int out[64];
#pragma omp target teams num_teams(2) thread_limit(32) map(from: out[0:64])
#pragma omp parallel
  {
    int i = omp_get_team_num() * omp_get_num_threads() + omp_get_thread_num();
#pragma omp target device(ancestor: 1) map(always, tofrom: out[i:1])
    out[i] = i * i;
  }
  int sum = 0;
  for (int i = 0; i < 64; i++) sum += out[i];
  printf("out[63] = %d, sum of squares = %d\n", out[63], sum);
  return 0;
}
