// expect-error: 8:9: 'realloc' is not supported
#include <stdlib.h>
int main(void) {
  int r = 0;
#pragma omp target map(tofrom: r)
  {
    int *p = malloc(4);
    p = realloc(p, 8);
    r = p != 0;
    free(p);
  }
  return r;
}
