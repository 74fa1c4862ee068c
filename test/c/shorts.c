// short and unsigned short (16-bit integers): promotions, wrap-around, arrays, structs.
#include <stdio.h>
#include <stdint.h>
#include <limits.h>
struct rec { short a; char c; short b; int i; };
int main(void) {
  short s = SHRT_MAX;
  s++;
  unsigned short us = 65535;
  us += 2;
  short arr[5] = {1, -2, 300, -400, 5000};
  int sum = 0;
  for (int i = 0; i < 5; i++) sum += arr[i] * arr[i];
  int16_t t = -32768;
  uint16_t u = (uint16_t)t;
  struct rec r = {-7, 'x', 12, 99};
  short neg = -5;
  printf("%d %d %d %d %u %d %d %d\n", s, us, sum, t, u, r.a + r.b, (int)sizeof(struct rec), neg >> 1);
  printf("%d %d\n", (short)70000, (unsigned short)-1);
  return 0;
}
