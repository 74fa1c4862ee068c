// target teams distribute parallel for: SPMD kernel, to/tofrom maps, self-checking.
#include <stdio.h>
#include <stdlib.h>
#define N 1000
int main(void) {
  float x[N], y[N];
  for (int i = 0; i < N; i++) { x[i] = i * 0.5f; y[i] = 2.0f; }
  float a = 3.0f;
#pragma omp target teams distribute parallel for map(to: x[0:N]) map(tofrom: y[0:N])
  for (int i = 0; i < N; i++) y[i] = a * x[i] + y[i];
  for (int i = 0; i < N; i++)
    if (y[i] != a * (i * 0.5f) + 2.0f) abort();
  printf("y[10] = %.2f y[999] = %.2f\n", y[10], y[999]);
  return 0;
}
