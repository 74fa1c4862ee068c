// target data keeps arrays on the device across several target regions; enter/exit data too.
#include <stdio.h>
#include <stdlib.h>
#define N 64
int main(void) {
  double a[N], b[N];
  for (int i = 0; i < N; i++) { a[i] = i; b[i] = 0; }
#pragma omp target data map(to: a[0:N]) map(from: b[0:N])
  {
#pragma omp target teams distribute parallel for
    for (int i = 0; i < N; i++) b[i] = 2 * a[i];
#pragma omp target teams distribute parallel for
    for (int i = 0; i < N; i++) b[i] += 1;
  }
  int c[N];
  for (int i = 0; i < N; i++) c[i] = i;
#pragma omp target enter data map(to: c[0:N])
#pragma omp target teams distribute parallel for
  for (int i = 0; i < N; i++) c[i] *= 3;
#pragma omp target exit data map(from: c[0:N])
  for (int i = 0; i < N; i++)
    if (b[i] != 2 * i + 1 || c[i] != 3 * i) abort();
  printf("b[63] = %.1f c[63] = %d\n", b[63], c[63]);
  return 0;
}
