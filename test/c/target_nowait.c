// Two target regions with nowait run concurrently; taskwait waits for both.
#include <stdio.h>
#include <stdlib.h>
#define N 128
int main(void) {
  int a[N], b[N];
  for (int i = 0; i < N; i++) { a[i] = i; b[i] = 2 * i; }
#pragma omp target teams distribute parallel for map(tofrom: a) nowait
  for (int i = 0; i < N; i++) a[i] += 1;
#pragma omp target teams distribute parallel for map(tofrom: b) nowait
  for (int i = 0; i < N; i++) b[i] -= 1;
#pragma omp taskwait
  long s = 0;
  for (int i = 0; i < N; i++) s += a[i] + b[i];
  printf("%ld\n", s);
  if (s != 3L * N * (N - 1) / 2) abort();
  return 0;
}
