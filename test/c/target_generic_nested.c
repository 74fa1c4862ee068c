// target teams + distribute + nested parallel for: a generic kernel (sequential code
// between the constructs), the distribute loop on each team's main thread.
#include <stdio.h>
#include <stdlib.h>
#define ROWS 8
#define COLS 40
int main(void) {
  int m[ROWS][COLS];
  int rowsum[ROWS];
#pragma omp target teams num_teams(4) map(from: m, rowsum)
  {
#pragma omp distribute
    for (int r = 0; r < ROWS; r++) {
      int base = r * 100;
#pragma omp parallel for
      for (int c = 0; c < COLS; c++) m[r][c] = base + c;
      int s = 0;
      for (int c = 0; c < COLS; c++) s += m[r][c];
      rowsum[r] = s;
    }
  }
  long total = 0;
  for (int r = 0; r < ROWS; r++) {
    if (rowsum[r] != r * 100 * COLS + COLS * (COLS - 1) / 2) abort();
    total += rowsum[r];
  }
  printf("total %ld, m[7][39] = %d\n", total, m[7][39]);
  return 0;
}
