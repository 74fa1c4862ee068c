// expect-error: 5:10: a printf format that is not a string literal is not supported
#include <stdio.h>
int main(void) {
  const char *fmt = "%d\n";
  printf(fmt, 3);
  return 0;
}
