// A recursive helper with a parallel region per level that returns early at a data-dependent
// depth, called twice from a target region's sequential part.
#include <stdio.h>
#pragma omp declare target
static int walk(int *a, int d, int stop) {
  if (d == stop) return d * 100;
#pragma omp parallel for
  for (int i = 0; i < 16; i++) a[i] += d + 1;
  if (a[0] > 40) return a[0];
  return walk(a, d + 1, stop) + 1;
}
#pragma omp end declare target
int main(void) {
  int a[16] = {0};
  int r[2];
#pragma omp target map(tofrom: a, r)
  {
    r[0] = walk(a, 0, 3);
    r[1] = walk(a, 1, 9);
  }
  printf("%d %d %d %d\n", r[0], r[1], a[0], a[15]);
  return 0;
}
