// expect-error: 8:7: 'rand' in a target region is not supported
// rand's state is the host's (glibc's generator, src/frontend/c/libc.ts): a target region
// cannot share it.
#include <stdlib.h>
int main(void) {
  int x = 0;
#pragma omp target map(from: x)
  x = rand();
  return x;
}
