// Host heap memory freed in a target region: the device cannot free the host's malloc
// memory (its pointer is translated to the mapped copy, which malloc did not return).
#include <stdlib.h>
int main(void) {
  int *p = malloc(4 * sizeof(int));
#pragma omp target map(tofrom: p[0:4])
  free(p);
  return 0;
}
