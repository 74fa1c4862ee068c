// expect-error: 5:3: 'sprintf' is not supported
#include <stdio.h>
int main(void) {
  char buf[16];
  sprintf(buf, "%d", 4);
  return buf[0];
}
