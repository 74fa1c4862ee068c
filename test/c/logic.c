// Short-circuit && and ||, the conditional operator, the comma operator: side effects
// happen exactly when C says.
#include <stdio.h>

int calls = 0;
int t(int v) {
  calls++;
  return v;
}

int main(void) {
  int r1 = t(0) && t(1);
  int r2 = t(1) || t(0);
  int r3 = t(1) && t(2) && t(0);
  int r4 = !t(0) || t(9);
  printf("%d %d %d %d calls=%d\n", r1, r2, r3, r4, calls);
  int x = 5;
  int y = x > 3 ? t(10) : t(20);
  int z = (x++, x * 2);
  printf("%d %d %d calls=%d\n", y, z, x, calls);
  double d = x ? 1 : 2.5;
  printf("%.1f %d\n", d, !!x);
  return 0;
}
