// Compiled by test/c.test.ts with -I test/c/include/deep.
#include <stdio.h>
#include "only_via_I.h"
int main(void) {
  printf("%d\n", VIA_I);
  return 0;
}
