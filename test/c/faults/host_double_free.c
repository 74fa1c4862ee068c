// A second free of a host heap block: a double-free runtime error naming the malloc and the
// first free.
#include <stdlib.h>
int main(void) {
  char *p = malloc(16);
  free(p);
  free(p);
  return 0;
}
