// <math.h> functions on the host and in a target region (the IR's fmath.<fn>), double and
// float variants; fmod as frem.
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#define N 64
int main(void) {
  double x[N], r[N];
  for (int i = 0; i < N; i++) x[i] = 0.25 * (i + 1);
#pragma omp target teams distribute parallel for map(to: x) map(from: r)
  for (int i = 0; i < N; i++)
    r[i] = sqrt(x[i]) + floor(x[i]) * ceil(x[i] / 3.0) - fabs(-x[i]) + pow(x[i], 2.0) + fmod(x[i], 1.5) + trunc(-x[i]) + round(x[i] - 0.125);
  double s = 0;
  for (int i = 0; i < N; i++) s += r[i];
  printf("%.6f\n", s);
  printf("%.6f %.6f %.6f %.6f\n", sin(0.5), cos(0.5), tan(0.5), atan2(1.0, 2.0));
  printf("%.6f %.6f %.6f %.6f\n", exp(1.5), log(10.0), log2(1024.0), log10(0.001));
  printf("%.6f %.6f %.6f\n", hypot(3.0, 4.0), cbrt(27.0), exp2(0.5));
  printf("%.4f %.4f %.4f\n", sqrtf(2.0f), powf(1.5f, 3.0f), fmaxf(1.0f, fminf(2.0f, 3.0f)));
  printf("%.1f %.1f %.1f %.1f\n", round(2.5), round(-2.5), round(0.5), floor(-0.5));
  if (fabs(sqrt(16.0) - 4.0) > 1e-12) abort();
  return 0;
}
