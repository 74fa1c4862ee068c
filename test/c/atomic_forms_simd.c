// `#pragma omp simd` alone (was "unknown or unsupported clause 'simd'": the directive word
// was dropped when first) on the host and in a target region, with a reduction; atomic
// updates written `x = e op x` (was "this '#pragma omp atomic update' form is not
// supported"), `x = x op e`, with capture, on int, unsigned and double.
#include <stdio.h>
#include <omp.h>
#define N 40
int main(void) {
  int a[N], s = 0, x = 0;
  unsigned bits = 0u;
  double d = 0.5;
  for (int i = 0; i < N; i++) a[i] = i % 7;
#pragma omp simd reduction(+: s)
  for (int i = 0; i < N; i++) s += a[i];
#pragma omp simd
  for (int i = 0; i < N; i++) a[i] = a[i] * 2 + 1;
  int cap = -1;
#pragma omp target map(tofrom: a, s, x, bits, d, cap)
  {
#pragma omp simd reduction(+: s)
    for (int i = 0; i < N; i++) s += a[i];
#pragma omp parallel for
    for (int i = 0; i < N; i++) {
#pragma omp atomic
      x = a[i] + x;
#pragma omp atomic update
      bits = (1u << (i % 8)) | bits;
#pragma omp atomic
      d = d + 0.25;
#pragma omp atomic
      x = x - 1;
    }
#pragma omp atomic capture
    { cap = x; x = 100 + x; }
  }
  printf("s %d x %d bits %u d %.2f cap %d\n", s, x, bits, d, cap);
  return 0;
}
