// helpers.c — device functions called from a generic kernel (clang's implicit declare target).
//
// Shows: functions called in a target region get a device version; the kernel's sequential
// part calls helpers before the parallel region.
//
// Try:  ompir run examples/c/helpers.c -O --remarks
// differential: no (the result depends on the team size; gcc runs the region on the host)
#include <stdio.h>
#include <omp.h>

static int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }
static void reset_counter(int *c) { *c = 0; }
static int weight(int i) { return (i & 1) ? 3 : 1; }

int main(void) {
  int data[32];
  int count = 12345;
  int n = 100;
  for (int i = 0; i < 32; i++) data[i] = i;
#pragma omp target teams num_teams(1) thread_limit(32) map(to: data[0:32]) map(tofrom: count)
  {
    reset_counter(&count);
    int limit = clamp(n, 0, 32);
#pragma omp parallel
    {
      int tid = omp_get_thread_num();
      if (tid < limit) {
#pragma omp atomic
        count += data[tid] * weight(tid);
      }
    }
  }
  printf("weighted sum = %d\n", count);
  return 0;
}
