// expect-error: 4:14: a declarative '_Pragma("omp …")' must stand alone on its line
#include <stdio.h>
int main(void) {
  int x = 1; _Pragma("omp declare target") x++;
  return x;
}
