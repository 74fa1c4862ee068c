// Map clauses with sections on two dimensions whose inner one is whole (a[lo:len][0:M],
// a[lo:len][:]): a block of whole rows, on arrays and on a pointer to rows, in target,
// target data / enter / exit data and update. Before: "array sections on more than one
// dimension are not supported". A partial inner section stays an error
// (test/c/bad/map_2d_partial.c).
#include <stdio.h>
#include <stdlib.h>
#define N 6
#define M 5
double A[N][M], B[N][M];
int main(void) {
  for (int i = 0; i < N; i++)
    for (int j = 0; j < M; j++) { A[i][j] = i + 0.1 * j; B[i][j] = 0; }
  double (*C)[M] = malloc(sizeof(double[N][M]));
  for (int i = 0; i < N; i++)
    for (int j = 0; j < M; j++) C[i][j] = -1;
#pragma omp target teams distribute parallel for collapse(2) map(to: A[0:N][0:M]) map(tofrom: B[1:N - 2][:])
  for (int i = 1; i < N - 1; i++)
    for (int j = 0; j < M; j++) B[i][j] = A[i - 1][j] + A[i + 1][j];
#pragma omp target data map(to: A[0:N][0:M]) map(tofrom: C[0:N][0:M])
  {
    for (int t = 0; t < 3; t++) {
#pragma omp target teams distribute parallel for
      for (int i = 0; i < N; i++)
        for (int j = 0; j < M; j++) C[i][j] = C[i][j] * 0.5 + A[i][j];
    }
#pragma omp target update from(C[2:2][0:M])
    printf("mid %.4f %.4f\n", C[2][0], C[3][M - 1]);
  }
#pragma omp target enter data map(to: B[0:N][0:M])
#pragma omp target teams distribute parallel for
  for (int i = 0; i < N; i++) B[i][0] += 100;
#pragma omp target update from(B[0:N][:])
#pragma omp target exit data map(release: B[0:N][0:M])
  double s = 0;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < M; j++) s += B[i][j] * (i + 1) + C[i][j] * (j + 1);
  printf("B %.4f %.4f %.4f sum %.4f\n", B[1][0], B[2][3], B[4][0], s);
  free(C);
  return 0;
}
