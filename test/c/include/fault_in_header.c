// A runtime fault in code from a header is reported in the header (test/c.test.ts).
#include <stdio.h>
#include "fault.h"
int main(void) {
  int z = 0;
  printf("%d\n", checked_div(10, z));
  return 0;
}
