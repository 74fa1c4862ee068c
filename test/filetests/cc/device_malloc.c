#include <stdlib.h>
int main(void) {
  int r = 0;
#pragma omp target map(tofrom: r)
  {
    int *p = malloc(4 * sizeof(int));
    long *z = calloc(r, 8);
    if (p && z) {
      p[1] = 5;
      r = p[1] + (int)z[0];
    }
    free(p);
    free(z);
  }
  return r;
}
