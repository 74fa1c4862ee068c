// <math.h> beyond the first set (twelfth session): isnan/isinf/isfinite (macros; isinf is -1
// for -inf, as glibc's), copysign/copysignf and ldexp (written in C, src/frontend/c/libc.ts),
// expm1/log1p/asinh/acosh/atanh (fmath), on the host and in a target region. Values are
// printed to 9 digits: JavaScript's and glibc's libm agree there.
#include <stdio.h>
#include <math.h>
int main(void) {
  double z = 0.0;
  double nan = z / z, inf = 1.0 / z;
  printf("%d %d %d %d %d %d\n", isnan(nan) != 0, isnan(1.0), isinf(inf), isinf(-inf), isinf(2.0), isfinite(nan) != 0);
  printf("%d %d\n", isfinite(3.5) != 0, isfinite(-inf) != 0);
  printf("%.3f %.3f %.3f %.3f\n", copysign(2.5, -1.0), copysign(-2.5, 0.0), copysign(2.5, -z), (double)copysignf(1.5f, -3.0f));
  printf("%.3f %.3f %g %g\n", ldexp(1.5, 4), ldexp(3.0, -2), ldexp(1.0, 1023), ldexp(1.0, 1030));
  printf("%.9g %.9g %.9g %.9g %.9g\n", expm1(1e-5), log1p(1e-5), asinh(1.0), acosh(2.0), atanh(0.5));
  double out[6];
#pragma omp target map(from: out)
  {
    double n = z / z;
    out[0] = isnan(n) ? 1.0 : 0.0;
    out[1] = isinf(-1.0 / z);
    out[2] = copysign(4.0, -2.0);
    out[3] = ldexp(0.75, 3);
    out[4] = expm1(0.5) + log1p(0.5);
    out[5] = (double)expm1f(0.25f);
  }
  printf("%g %g %g %g %.9g %.6g\n", out[0], out[1], out[2], out[3], out[4], out[5]);
  return 0;
}
