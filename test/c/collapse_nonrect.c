// Non-rectangular collapse (OpenMP 5.0): inner bounds that use outer loop variables, in a
// triangular nest, a band, a down-counting level, a level with a step, and three levels
// (the third's bounds using the second's variable); as `for` in a parallel region, as
// `distribute parallel for` over teams, and in a generic kernel's sequential part. Each
// iteration of the real nest runs once (counted per cell), none outside it. gcc 12
// miscompiles the band nest (`j <= i + 1`: out-of-range writes, a crash on 4 threads), so
// clang-16 is the oracle (it agrees with the program compiled without OpenMP).
// oracle: clang-16
#include <stdio.h>
#define N 9

int main(void) {
  int tri[N][N] = {{0}}, band[N][N] = {{0}}, down[N][N] = {{0}}, cube[N][N][N] = {{{0}}};
  int stepped[N][3 * N] = {{0}};
  long sum = 0;
  int n = N;
#pragma omp target teams distribute parallel for collapse(2) map(tofrom: tri) reduction(+: sum)
  for (int i = 0; i < n; i++)
    for (int j = i; j < n; j++) {
      tri[i][j] += 1;
      sum += i * 100 + j;
    }
#pragma omp target map(tofrom: band, down, stepped)
#pragma omp parallel
  {
#pragma omp for collapse(2)
    for (int i = 1; i < N - 1; i++)
      for (int j = i - 1; j <= i + 1; j++)
        band[i][j] += 1;
#pragma omp for collapse(2)
    for (int i = N - 1; i >= 0; i--)
      for (int j = N - 1; j > i; j--)
        down[i][j] += 2;
#pragma omp for collapse(2)
    for (int i = 0; i < N; i++)
      for (int j = 2 * i; j < 3 * N - i; j += 3)
        stepped[i][j] += 1;
  }
#pragma omp target map(tofrom: cube)
  {
#pragma omp for collapse(3)
    for (int i = 0; i < 6; i++)
      for (int j = 0; j <= i; j++)
        for (int k = j; k < j + 3; k++)
          cube[i][j][k] += 1;
  }
  long t = 0, b = 0, d = 0, c = 0, s = 0;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      t = t * 3 % 1000003 + tri[i][j];
      b = b * 3 % 1000003 + band[i][j];
      d = d * 3 % 1000003 + down[i][j];
      for (int k = 0; k < N; k++) c = c * 3 % 1000003 + cube[i][j][k];
    }
  for (int i = 0; i < N; i++)
    for (int j = 0; j < 3 * N; j++) s = s * 3 % 1000003 + stepped[i][j];
  printf("tri %ld sum %ld band %ld down %ld stepped %ld cube %ld\n", t, sum, b, d, s, c);
  return 0;
}
