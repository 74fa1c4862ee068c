// expect-error: 3:8: '__attribute__((packed))' is not supported (it changes the program's meaning)
#include <stdio.h>
struct __attribute__((packed)) rec { char c; int i; };
int main(void) {
  printf("%d\n", (int)sizeof(struct rec));
  return 0;
}
