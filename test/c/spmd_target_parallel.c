// `target parallel` and `target parallel for`: SPMD kernels with one team (clang's mode
// decision), num_threads sizing the team.
#include <stdio.h>
#include <stdlib.h>
#include <omp.h>
int main(void) {
  int a[64] = {0};
  int b[200];
#pragma omp target parallel num_threads(64) map(tofrom: a)
  {
    int t = omp_get_thread_num();
    if (t < 64) a[t] = t + 1;
  }
#pragma omp target parallel for map(from: b)
  for (int i = 0; i < 200; i++) b[i] = 200 - i;
  long s = 0;
  for (int i = 0; i < 200; i++) s += b[i];
  printf("%ld %d\n", s, b[199]);
  if (s != 20100) abort();
  return 0;
}
