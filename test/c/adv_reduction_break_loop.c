// A time-step loop in a target region's sequential part with a reduction region per step
// and a data-dependent break, then a region after the loop.
#include <stdio.h>
int main(void) {
  int a[64];
  for (int i = 0; i < 64; i++) a[i] = i % 7;
  int steps = 0, last = 0;
#pragma omp target map(tofrom: a, steps, last)
  {
    for (int t = 0; t < 20; t++) {
      int s = 0;
#pragma omp parallel for reduction(+: s)
      for (int i = 0; i < 64; i++) { a[i] = (a[i] * 3 + t) % 11; s += a[i]; }
      steps = t;
      last = s;
      if (s > 330) break;
    }
#pragma omp parallel for
    for (int i = 0; i < 64; i++) a[i] += last;
  }
  printf("%d %d %d\n", steps, last, a[63]);
  return 0;
}
