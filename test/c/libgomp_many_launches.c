// Many small launches with nowait and taskwait in a loop; enter/exit data around them;
// a declare target array updated by each kernel.
#include <stdio.h>
#include <stdlib.h>
#define N 16
#pragma omp declare target
int counts[N];
#pragma omp end declare target
int main(void) {
  int buf[4][N];
  for (int k = 0; k < 4; k++)
    for (int i = 0; i < N; i++) buf[k][i] = k;
  for (int round = 0; round < 3; round++) {
    for (int k = 0; k < 4; k++) {
#pragma omp target teams distribute parallel for map(tofrom: buf[k:1]) nowait
      for (int i = 0; i < N; i++) buf[k][i] += i;
    }
#pragma omp taskwait
  }
  int got[N];
#pragma omp target teams distribute parallel for map(from: got)
  for (int i = 0; i < N; i++) {
    counts[i] += i;
    got[i] = counts[i];
  }
  long s = 0;
  for (int k = 0; k < 4; k++)
    for (int i = 0; i < N; i++) s += buf[k][i];
  printf("%ld %d %d\n", s, got[3], got[15]);
  return 0;
}
