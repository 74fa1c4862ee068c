// float and double: arithmetic, conversions in both directions, comparisons, printf formats.
#include <stdio.h>

int main(void) {
  float f = 1.5f;
  double d = 2.25;
  printf("%f %f %f %f\n", f + d, f * d, d / f, d - f);
  int i = (int)(d * 3.0);
  printf("%d %d %d\n", i, (int)-2.7, (int)2.7);
  unsigned u = (unsigned)3.99;
  printf("%u\n", u);
  double q = 7 / 2;
  double r = 7 / 2.0;
  printf("%.1f %.2f\n", q, r);
  float third = 1.0f / 3.0f;
  printf("%.7f %.10f\n", third, (double)third);
  printf("%e %g %g\n", 12345.678, 0.0001, 1e20);
  printf("%d %d %d\n", f < d, f == 1.5, d != 2.25);
  long big = 1L << 40;
  double bd = big;
  printf("%.1f\n", bd);
  printf("%8.3f|%-8.2f|%+d\n", 3.14159, 2.5, 5);
  double acc = 0;
  for (int k = 1; k <= 10; k++) acc += 1.0 / k;
  printf("%.12f\n", acc);
  return 0;
}
