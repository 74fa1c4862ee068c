// Subtracting (or ordering) pointers into two different arrays is undefined in C: a runtime
// error at the subtraction, in a target region too, with -O (the unused difference stays).
#include <stdio.h>
int main(void) {
  int a[4] = {0}, b[4] = {0};
  long same = &a[3] - &a[0];
  printf("same %ld\n", same);
#pragma omp target map(tofrom: a, b)
  {
    long d = &b[1] - &a[0];
    (void)d;
    a[0] = 1;
  }
  printf("not reached %d\n", a[0]);
  return 0;
}
