// exit(n) from a helper ends the program with status n; output before it is kept.
// expect-exit: 3
#include <stdio.h>
#include <stdlib.h>
void check(int v) {
  if (v > 3) {
    printf("too big: %d\n", v);
    fflush(stdout);
    exit(3);
  }
}
int main(void) {
  for (int i = 0; i < 10; i++) check(i);
  printf("not reached\n");
  return 0;
}
