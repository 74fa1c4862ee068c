// main's return value is the exit status.
// expect-exit: 42
#include <stdio.h>
int main(void) {
  int s = 0;
  for (int i = 0; i < 10; i++) s += i;
  printf("s = %d\n", s);
  return s - 3;
}
