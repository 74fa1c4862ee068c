// An access through a host heap pointer after free: a use-after-free runtime error naming
// the malloc (in the helper that allocated it) and the free in the C source.
#include <stdlib.h>
int *make(int n) { return malloc(n * sizeof(int)); }
int main(void) {
  int *p = make(4);
  p[0] = 1;
  free(p);
  return p[0];
}
