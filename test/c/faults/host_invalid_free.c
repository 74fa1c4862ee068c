// free of a pointer into the middle of a host heap block: an invalid-free runtime error at
// the free, naming the block's malloc; then (never reached) of a local array.
#include <stdlib.h>
int main(void) {
  int a[4];
  int *p = malloc(4 * sizeof(int));
  free(p + 1);
  free(a);
  return 0;
}
