// Variable-length arrays of a target region's sequential part shared with parallel regions
// (globalized with a size only known at run time, so they stay team allocations), allocated
// in a loop with an early exit, read back and summed.
#include <stdio.h>
int main(void) {
  int sizes[5] = {3, 8, 5, 12, 7};
  long out[2] = {0, 0};
#pragma omp target map(to: sizes) map(tofrom: out)
  {
    for (int k = 0; k < 5; k++) {
      int n = sizes[k];
      int v[n];
#pragma omp parallel for
      for (int i = 0; i < n; i++) v[i] = i * (k + 1);
      long s = 0;
      for (int i = 0; i < n; i++) s += v[i];
      out[0] += s;
      if (s > 200) { out[1] = k; break; }
    }
  }
  printf("%ld %ld\n", out[0], out[1]);
  return 0;
}
