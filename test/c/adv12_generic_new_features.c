// A generic kernel (a loop over four items around parallel regions) using the twelfth
// session's C features under -O: atomic compare (and capture) in the sequential part and in
// regions, linear(j: 4) with max reduction on a region's loop, the sequential part reading
// what the regions wrote. spmdize guards the sequential atomics; every scheme agrees with gcc.
#include <stdio.h>
#include <omp.h>
int main(void) {
  int a[256], res[4];
  for (int i = 0; i < 256; i++) a[i] = (i * 131) % 257;
  #pragma omp target map(to: a) map(from: res)
  for (int t = 0; t < 4; t++) {
    int best = -1, seen = 0, j = t;
    #pragma omp atomic compare
    if (best < a[t]) { best = a[t]; }
    #pragma omp parallel for reduction(max: seen) linear(j: 4)
    for (int i = 0; i < 64; i++) {
      int v = a[j];
      #pragma omp atomic compare
      if (best < v) { best = v; }
      seen = seen > v ? seen : v;
      j += 4;
    }
    int old;
    #pragma omp atomic compare capture
    { old = best; if (best == seen) { best = -best; } }
    res[t] = best * 1000 + old % 1000 + j * 0;
    #pragma omp parallel
    {
      #pragma omp atomic compare
      if (res[t] > -5) { res[t] = -5; }
    }
    res[t] += j;
  }
  printf("%d %d %d %d\n", res[0], res[1], res[2], res[3]);
  return 0;
}
