// oracle: clang-16
// Array sections on several dimensions in `target update` (OpenMP 5.1: each dimension
// `[lo:len:stride]`, strides optional; gcc 12 does not parse them): only the section's
// elements move, row by row, with the last dimension contiguous when its stride is 1.
// Without an offload device the region runs on the host and shares the host's storage, so
// each check expects what the implementation at hand does.
#include <stdio.h>
#include <stdlib.h>
#include <omp.h>
#define R 6
#define C 5

struct cell { int v; short w; };

int main(void) {
  int m[R][C], out[R][C];
  double cube[3][4][2];
  struct cell g[4][3];
  int shared = omp_get_num_devices() == 0;
  for (int i = 0; i < R; i++)
    for (int j = 0; j < C; j++) m[i][j] = 10 * i + j;
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 4; j++)
      for (int k = 0; k < 2; k++) cube[i][j][k] = i * 100 + j * 10 + k;
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 3; j++) { g[i][j].v = i * 3 + j; g[i][j].w = 0; }
#pragma omp target enter data map(to: m, cube, g)
  for (int i = 0; i < R; i++)
    for (int j = 0; j < C; j++) m[i][j] = -1;
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 4; j++)
      for (int k = 0; k < 2; k++) cube[i][j][k] = -1;
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 3; j++) g[i][j].v = -1;
  int two = 2, three = 3;
  // m: rows 0, 2, 4, columns 1 and 3; cube: planes 0..2 step 2, rows 1..2, both elements
  // (contiguous innermost); g: rows 1 and 3, every column (a whole row per point).
#pragma omp target update to(m[0:3:2][1:2:two]) to(cube[0:2:2][1:2][0:2]) to(g[1:2:2][0:3])
#pragma omp target map(from: out) map(tofrom: cube, g)
  {
    for (int i = 0; i < R; i++)
      for (int j = 0; j < C; j++) out[i][j] = m[i][j];
    for (int i = 0; i < 3; i++)
      for (int j = 0; j < 4; j++)
        for (int k = 0; k < 2; k++) cube[i][j][k] += 0.5;
    for (int i = 0; i < 4; i++)
      for (int j = 0; j < 3; j++) g[i][j].w = 1;
  }
  int bad = 0;
  for (int i = 0; i < R; i++)
    for (int j = 0; j < C; j++) {
      int moved = i % 2 == 0 && i < 6 && (j == 1 || j == 3);
      int want = shared || moved ? -1 : 10 * i + j;
      if (out[i][j] != want) bad++;
    }
  // A strided from: every other column of the rows 1..3 of cube's plane 2 comes back; the rest
  // of the host copy keeps its -1 (+0.5 on the host when shared).
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 4; j++)
      for (int k = 0; k < 2; k++) cube[i][j][k] = -7;
#pragma omp target update from(cube[2:1][1:3:1][1:1:three])
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 4; j++)
      for (int k = 0; k < 2; k++) {
        int moved = i == 2 && j >= 1 && j <= 3 && k == 1;
        double dev = (i % 2 == 0 && (j == 1 || j == 2)) ? -1 : i * 100 + j * 10 + k;
        double want = shared ? -7 : moved ? dev + 0.5 : -7;
        if (cube[i][j][k] != want) bad++;
      }
#pragma omp target update from(g[0:2:3][1:2])
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 3; j++) {
      int moved = (i == 0 || i == 3) && j >= 1;
      int want = shared ? 1 : moved ? 1 : 0;
      if (g[i][j].w != want) bad++;
    }
#pragma omp target exit data map(delete: m, cube, g)
  printf("bad %d\n", bad);
  if (bad != 0) abort();
  return 0;
}
