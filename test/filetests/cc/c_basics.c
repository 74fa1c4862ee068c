// The C subset without OpenMP: arithmetic with conversions, control flow, a struct,
// a switch, short-circuit logic, pointers.
#include <stdio.h>
struct pt { int x; double y; };
static int f(int a, unsigned b) { return a < 0 && b > 2u ? a % 3 : (int)(b >> 1); }
int main(void) {
  struct pt p = {1, 2.5};
  int arr[4] = {1, 2};
  int *q = &arr[1];
  int s = 0;
  for (int i = 0; i < 4; i++) {
    switch (i) {
      case 1: continue;
      default: s += arr[i] * f(-i, 5u);
    }
  }
  printf("%d %.1f %d\n", s, p.y + p.x, *q);
  return s;
}
