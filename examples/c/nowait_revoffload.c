// nowait_revoffload.c — two kernels in flight (`nowait`) that both call back to the host.
//
// Shows: `target … nowait` launches return at once and `taskwait` waits for both; the
// reverse-offload requests of both kernels share the host's mailbox.
//
// Try:  ompir run examples/c/nowait_revoffload.c --stats
// differential: no (each thread owns one element; the team size decides how many)
#include <stdio.h>
#include <omp.h>

#pragma omp requires reverse_offload

int host_calls = 0;

int main(void) {
  int a[32] = {0}, b[32] = {0};
#pragma omp target teams num_teams(1) thread_limit(32) map(tofrom: a[0:32]) nowait
#pragma omp parallel
  {
    int t = omp_get_thread_num();
#pragma omp target device(ancestor: 1) map(always, tofrom: a[t:1])
    {
      a[t] += 1;
      host_calls++;
    }
  }
#pragma omp target teams num_teams(1) thread_limit(32) map(tofrom: b[0:32]) nowait
#pragma omp parallel
  {
    int t = omp_get_thread_num();
#pragma omp target device(ancestor: 1) map(always, tofrom: b[t:1])
    {
      b[t] += 10;
      host_calls++;
    }
  }
#pragma omp taskwait
  printf("a[31] = %d, b[31] = %d, host calls = %d\n", a[31], b[31], host_calls);
  return 0;
}
