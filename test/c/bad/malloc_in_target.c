// expect-error: 7:14: 'malloc' in a target region is not supported
#include <stdlib.h>
int main(void) {
  int r = 0;
#pragma omp target map(tofrom: r)
  {
    int *p = malloc(4);
    r = p != 0;
  }
  return r;
}
