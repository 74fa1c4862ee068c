// The OpenMP 5 `loop` construct: target teams loop (SPMD, like distribute parallel for),
// parallel loop inside a target region, loop bind(parallel).
#include <stdio.h>
#include <stdlib.h>
#define N 200
int main(void) {
  int a[N], b[N];
  long s = 0;
#pragma omp target teams loop map(from: a) reduction(+: s)
  for (int i = 0; i < N; i++) {
    a[i] = i * 2;
    s += i;
  }
#pragma omp target map(from: b)
  {
#pragma omp parallel loop
    for (int i = 0; i < N; i++) b[i] = N - i;
  }
  int c = 0;
#pragma omp target teams num_teams(1) map(tofrom: c)
#pragma omp parallel
  {
#pragma omp loop bind(parallel) reduction(+: c)
    for (int i = 0; i < 10; i++) c += i;
  }
  printf("%ld %d %d %d\n", s, a[N - 1], b[0], c);
  if (s != 19900 || c != 45) abort();
  return 0;
}
