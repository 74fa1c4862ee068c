// The old pointer after a device realloc that moved the block: a use-after-free runtime
// error naming the malloc and the realloc (which freed it) in the C source.
#include <stdlib.h>
int main(void) {
#pragma omp target
  {
    int *p = malloc(4 * sizeof(int));
    int *q = realloc(p, 64 * sizeof(int));
    q[0] = 1;
    p[0] = 2;
  }
  return 0;
}
