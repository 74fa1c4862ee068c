// collapse(2) and collapse(3) over rectangular nests (also with steps and decrementing
// levels), lastprivate of a loop variable and of a value computed in the last iteration.
#include <stdio.h>
#include <stdlib.h>
#define N 12
#define M 7
int main(void) {
  int a[N][M];
  int b[4][5][6];
  int last = -1, li = -1;
#pragma omp target teams distribute parallel for collapse(2) map(from: a)
  for (int i = 0; i < N; i++)
    for (int j = M - 1; j >= 0; j--)
      a[i][j] = i * 100 + j;
#pragma omp target parallel for collapse(3) map(from: b)
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 10; j += 2)
      for (int k = 0; k < 6; k++)
        b[i][j / 2][k] = i + j + k;
  int i;
#pragma omp target teams distribute parallel for lastprivate(last, i) map(tofrom: last, i)
  for (i = 0; i < 50; i += 3) last = i * 2;
#pragma omp target map(tofrom: li)
  {
    int q;
#pragma omp parallel for lastprivate(q)
    for (int k = 0; k < 9; k++) q = k * k;
    li = q;
  }
  long s = 0;
  for (int x = 0; x < N; x++)
    for (int y = 0; y < M; y++) s += a[x][y];
  long t = 0;
  for (int x = 0; x < 4; x++)
    for (int y = 0; y < 5; y++)
      for (int z = 0; z < 6; z++) t += b[x][y][z];
  printf("%ld %ld %d %d %d\n", s, t, last, i, li);
  if (last != 96 || i != 51 || li != 64) abort();
  return 0;
}
