// A double free in a target region: a runtime error at the second free, naming the malloc and
// the first free in the C source.
#include <stdlib.h>
int main(void) {
#pragma omp target
  {
    int *p = malloc(16);
    free(p);
    free(p);
  }
  return 0;
}
