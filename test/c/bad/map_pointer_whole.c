// expect-error: 5:32: mapping the pointer 'p' itself is not supported; map a section such as p[0:n]
#include <stdlib.h>
int main(void) {
  int *p = malloc(40);
#pragma omp target map(tofrom: p)
  p[0] = 1;
  return 0;
}
