// A helper with a parallel region that returns early on some arguments, called from the
// sequential part of one target region in a loop, and from another target region whose
// sequential part does nothing else (SPMD-izable). The early return skips the region.
#include <stdio.h>
#pragma omp declare target
static int step(int *a, int n, int k) {
  if (k % 3 == 2) return -k;
  if (k > 7) return k * 2;
#pragma omp parallel for
  for (int i = 0; i < n; i++) a[i] += k;
  return a[0];
}
#pragma omp end declare target
int main(void) {
  int a[64];
  for (int i = 0; i < 64; i++) a[i] = i;
  int r = 0;
#pragma omp target map(tofrom: a, r)
  {
    for (int k = 0; k < 10; k++) {
      int v = step(a, 64, k);
      r += v;
      if (v < -5) break;
    }
  }
  int r2 = 0;
#pragma omp target map(tofrom: a, r2)
  {
    r2 = step(a, 32, 4);
  }
  long s = 0;
  for (int i = 0; i < 64; i++) s += a[i] * (i + 1);
  printf("%d %d %ld\n", r, r2, s);
  return 0;
}
