// target update to/from inside a target data region, the if clause on target (the region
// runs on the host when it is false), depend between nowait target regions.
#include <stdio.h>
#include <stdlib.h>
#include <omp.h>
#define N 32
int main(void) {
  int a[N];
  for (int i = 0; i < N; i++) a[i] = i;
#pragma omp target data map(tofrom: a)
  {
    for (int i = 0; i < N; i++) a[i] = 100;   /* host copy changes */
#pragma omp target update to(a[0:N])
#pragma omp target teams distribute parallel for
    for (int i = 0; i < N; i++) a[i] += i;
#pragma omp target update from(a[0:16])
    printf("after update: %d %d\n", a[1], a[15]);
  }
  int big = 0, small = 0;
  int n = 10;
#pragma omp target if(n > 100) map(tofrom: small)
  small = n + 1;
  n = 1000;
#pragma omp target if(target: n > 100) map(tofrom: big)
  big = n + 1;
  int x = 1, y = 0;
#pragma omp target map(tofrom: x) depend(out: x) nowait
  x = 5;
#pragma omp target map(tofrom: x, y) depend(in: x) nowait
  y = x * 3;
#pragma omp taskwait
  printf("%d %d %d %d %d\n", a[31], small, big, x, y);
  if (y != 15 || a[31] != 131) abort();
  return 0;
}
