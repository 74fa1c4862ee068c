// A use after free in a target region: a runtime error at the access, naming the malloc and
// the free in the C source.
#include <stdlib.h>
int main(void) {
  int r = 0;
#pragma omp target map(from: r)
  {
    int *p = malloc(16);
    p[0] = 1;
    free(p);
    r = p[0];
  }
  return r;
}
