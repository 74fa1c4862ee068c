// Every reduction operator, on ints and doubles, on combined target constructs, a
// parallel for inside a generic kernel, and teams: + - * & | ^ && || min max.
#include <stdio.h>
#include <stdlib.h>
#define N 40
int main(void) {
  int a[N];
  double d[N];
  for (int i = 0; i < N; i++) { a[i] = (i % 7) + 1; d[i] = 1.0 + (i % 5) * 0.25; }
  long prod = 1, sum = 0;
  int land = 1, lor = 0, band = -1, bor = 0, bxor = 0, mn = 1 << 30, mx = -(1 << 30);
  double dprod = 1.0, dmin = 1e300, dmax = -1e300, dsum = 0;
  int all_pos = 1, any_big = 0;
#pragma omp target teams distribute parallel for map(to: a, d) reduction(*: prod, dprod) reduction(&&: land) reduction(||: lor) reduction(min: mn, dmin) reduction(max: mx, dmax)
  for (int i = 0; i < 20; i++) {
    prod *= a[i];
    dprod *= d[i];
    land = land && a[i] > 0;
    lor = lor || a[i] > 6;
    mn = a[i] < mn ? a[i] : mn;
    mx = a[i] > mx ? a[i] : mx;
    dmin = d[i] < dmin ? d[i] : dmin;
    dmax = d[i] > dmax ? d[i] : dmax;
  }
#pragma omp target parallel for map(to: a) reduction(&: band) reduction(|: bor) reduction(^: bxor) reduction(+: sum) reduction(-: dsum)
  for (int i = 0; i < N; i++) {
    band &= a[i] | 8;
    bor |= a[i];
    bxor ^= a[i];
    sum += a[i];
    dsum -= 0.5;
  }
#pragma omp target teams num_teams(1) map(to: a) map(tofrom: all_pos, any_big)
  {
    int p = 1, q = 0;
#pragma omp parallel for reduction(&&: p) reduction(||: q)
    for (int i = 0; i < N; i++) {
      p = p && a[i] > 0;
      q = q || a[i] > 100;
    }
    all_pos = p;
    any_big = q;
  }
  printf("%ld %.6f %d %d %d %d %.2f %.2f\n", prod, dprod, land, lor, mn, mx, dmin, dmax);
  printf("%d %d %d %ld %.1f %d %d\n", band, bor, bxor, sum, dsum, all_pos, any_big);
  if (sum != 155 || !land || mn != 1 || mx != 7) abort();
  return 0;
}
