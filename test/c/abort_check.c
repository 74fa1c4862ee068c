// abort() ends the program with status 134 (SIGABRT), as a self-checking test does on failure.
// expect-exit: 134
#include <stdlib.h>
int main(void) {
  int a[4] = {1, 2, 3, 4};
  int s = 0;
  for (int i = 0; i < 4; i++) s += a[i];
  if (s != 11) abort();
  return 0;
}
