// `#pragma omp declare simd` (with uniform, linear, simdlen, notinbranch) before functions
// called from simd loops, on the host and in a target region: a hint for SIMD versions, which
// ompir (no lanes below threads) runs as written. Before the twelfth session: "'#pragma omp
// declare simd' is not supported".
#include <stdio.h>
#pragma omp declare simd uniform(s) linear(i: 1) simdlen(8) notinbranch
static double scaled(const double *s, int i) { return s[0] * i; }
#pragma omp declare target
#pragma omp declare simd
static float sq(float x) { return x * x; }
#pragma omp end declare target
int main(void) {
  double k = 0.5, a[16];
  float b[16];
#pragma omp simd
  for (int i = 0; i < 16; i++) a[i] = scaled(&k, i);
#pragma omp target teams distribute parallel for simd map(from: b)
  for (int i = 0; i < 16; i++) b[i] = sq((float)i);
  printf("%g %g %g %g\n", a[3], a[15], b[4], b[15]);
  return 0;
}
