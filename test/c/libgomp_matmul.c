// Matrix multiplication: collapse(2) over the output, an inner sequential loop, ints so the
// result is exact; then a transposed check on the host.
#include <stdio.h>
#include <stdlib.h>
#define N 24
int A[N][N], B[N][N], C[N][N];
int main(void) {
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      A[i][j] = (i + j) % 5 - 2;
      B[i][j] = (i * j) % 7 - 3;
    }
#pragma omp target teams distribute parallel for collapse(2) map(to: A, B) map(from: C)
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      int s = 0;
      for (int k = 0; k < N; k++) s += A[i][k] * B[k][j];
      C[i][j] = s;
    }
  long trace = 0, total = 0;
  for (int i = 0; i < N; i++) {
    trace += C[i][i];
    for (int j = 0; j < N; j++) {
      int s = 0;
      for (int k = 0; k < N; k++) s += A[i][k] * B[k][j];
      if (s != C[i][j]) abort();
      total += C[i][j];
    }
  }
  printf("trace %ld total %ld\n", trace, total);
  return 0;
}
