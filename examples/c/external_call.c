// external_call.c — a generic kernel with a branch in its sequential part and a parallel
// region that writes one result per thread.
//
// Try:  ompir run examples/c/external_call.c -O --remarks
// differential: no (the result depends on the team size; gcc runs the region on the host)
#include <stdio.h>
#include <omp.h>

static void report(int n) { printf("bad size %d\n", n); }

int main(void) {
  int out[32];
  int n = 32;
#pragma omp target teams num_teams(1) thread_limit(32) map(from: out[0:32])
  {
    if (n < 0) report(n);
#pragma omp parallel
    {
      int tid = omp_get_thread_num();
      out[tid] = tid * tid;
    }
  }
  printf("5^2 = %d, 31^2 = %d\n", out[5], out[31]);
  return 0;
}
