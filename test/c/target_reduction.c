// reduction(+ - & | ^ min max) on combined target constructs and on parallel for.
#include <stdio.h>
#include <stdlib.h>
#define N 500
int main(void) {
  int a[N];
  for (int i = 0; i < N; i++) a[i] = (i * 37) % 101 - 50;
  long sum = 0;
  int mn = 1000, mx = -1000, andv = -1, orv = 0, xorv = 0, neg = 0;
  double dsum = 0.0;
#pragma omp target teams distribute parallel for map(to: a) reduction(+: sum, dsum) reduction(min: mn) reduction(max: mx)
  for (int i = 0; i < N; i++) {
    sum += a[i];
    dsum += 0.5 * (a[i] & 7);
    mn = a[i] < mn ? a[i] : mn;
    mx = a[i] > mx ? a[i] : mx;
  }
#pragma omp target parallel for map(to: a) reduction(&: andv) reduction(|: orv) reduction(^: xorv) reduction(-: neg)
  for (int i = 0; i < N; i++) {
    andv &= a[i] | 0x100;
    orv |= a[i] & 0xff;
    xorv ^= a[i];
    neg -= 1;
  }
  printf("sum %ld dsum %.1f min %d max %d and %d or %d xor %d neg %d\n", sum, dsum, mn, mx, andv, orv, xorv, neg);
  long check = 0;
  for (int i = 0; i < N; i++) check += a[i];
  if (check != sum) abort();
  return 0;
}
