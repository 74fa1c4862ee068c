// Integer arithmetic: promotions, usual arithmetic conversions, wrap-around, shifts,
// division and remainder of negative numbers, char and unsigned arithmetic.
#include <stdio.h>
#include <limits.h>

int main(void) {
  int a = 17, b = -5;
  printf("%d %d %d %d %d\n", a + b, a - b, a * b, a / b, a % b);
  printf("%d %d\n", -a / 5, -a % 5);
  unsigned u = 3;
  printf("%u %u\n", u - 5, (u - 5) / 2);
  printf("%d\n", -1 < u);            /* -1 converts to unsigned: 0 */
  long l = -1;
  printf("%d\n", l < u);             /* u converts to long: 1 */
  char c = 127;
  c = c + 1;
  printf("%d\n", c);
  unsigned char uc = 250;
  uc += 10;
  printf("%d\n", uc);
  int big = INT_MAX;
  long lb = (long)big + 1;
  printf("%ld %d\n", lb, big + 0);
  printf("%d %d %d\n", 1 << 10, -16 >> 2, 0x7f & 0x3c);
  printf("%u\n", 0xffffffffu >> 4);
  printf("%x %X %o\n", 255, 255, 8);
  printf("%d %d %d\n", a | b, a ^ b, ~a);
  long long x = 1LL << 40;
  printf("%lld %lu\n", x, (unsigned long)x * 3);
  int s = 'a' + 1;
  printf("%c%c %d\n", s, 'z', s);
  printf("%d %d\n", 7 / 2 * 2, (7 % 3) * -1);
  return 0;
}
