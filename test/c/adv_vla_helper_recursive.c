// A recursive helper with a variable-length array per level shared with that level's
// parallel region, returning early at a data-dependent depth.
#include <stdio.h>
#pragma omp declare target
static int level(int d, int n) {
  if (d == 3) return n;
  int v[n];
#pragma omp parallel for
  for (int i = 0; i < n; i++) v[i] = i + d;
  int s = 0;
  for (int i = 0; i < n; i++) s += v[i];
  if (s > 100) return s;
  return s + level(d + 1, n + 2);
}
#pragma omp end declare target
int main(void) {
  int r[2];
#pragma omp target map(from: r)
  {
    r[0] = level(0, 4);
    r[1] = level(1, 9);
  }
  printf("%d %d\n", r[0], r[1]);
  return 0;
}
