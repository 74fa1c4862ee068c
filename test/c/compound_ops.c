// Compound assignment and increments on ints, floats, chars and pointers.
#include <stdio.h>

int main(void) {
  int a = 100;
  a += 5; a -= 3; a *= 2; a /= 4; a %= 7;
  printf("%d\n", a);
  int b = 0xf0;
  b |= 0x0f; b &= 0x3c; b ^= 0xff; b <<= 2; b >>= 1;
  printf("%d\n", b);
  double d = 1.0;
  d += 0.5; d *= 4; d /= 3; d -= 1;
  printf("%.4f\n", d);
  char c = 'a';
  c += 2;
  c++;
  printf("%c\n", c);
  int arr[4] = {10, 20, 30, 40};
  int *p = arr;
  p += 2;
  int v1 = *p++;
  int v2 = *p--;
  int v3 = *--p;
  printf("%d %d %d\n", v1, v2, v3);
  int i = 5;
  int j = i++ + ++i;
  int k = i-- - --i;
  printf("%d %d %d\n", i, j, k);
  unsigned u = 0;
  u--;
  printf("%u\n", u);
  float f = 2.5f;
  f++;
  printf("%.1f\n", f);
  return 0;
}
