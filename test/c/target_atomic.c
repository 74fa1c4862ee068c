// #pragma omp atomic: update, capture (expression and block forms), read, write, on
// ints and doubles, from every thread of an SPMD kernel.
#include <stdio.h>
#include <stdlib.h>
#define N 256
int main(void) {
  int count = 0, maxticket = 0, bits = 0;
  double total = 0.0;
  int lastw = 0;
#pragma omp target teams distribute parallel for map(tofrom: count, total, maxticket, bits, lastw)
  for (int i = 0; i < N; i++) {
#pragma omp atomic
    count++;
#pragma omp atomic update
    total += 0.25;
    int t;
#pragma omp atomic capture
    t = count += 0;
    (void)t;
#pragma omp atomic
    bits |= 1 << (i % 16);
    int old;
#pragma omp atomic capture
    { old = maxticket; maxticket += 2; }
    (void)old;
#pragma omp atomic write
    lastw = 7;
  }
  int r;
#pragma omp atomic read
  r = count;
  printf("%d %.2f %d %x %d\n", r, total, maxticket, bits, lastw);
  if (count != N) abort();
  return 0;
}
