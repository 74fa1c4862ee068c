// expect-error: 12:5: in 'qsort' (the C library's, written in C) called here: passing a pointer to a local variable through a function pointer in a target region (the pointer parameters of a function called through a pointer point into global memory) is not supported
// qsort is written in C (src/frontend/c/libc.ts); its comparator is called through a pointer,
// whose pointer parameters point into global memory, so sorting a thread's own array in a
// target region is not supported. The error names the program's call, not the library's code.
#include <stdlib.h>
int cmpi(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }
#pragma omp declare target to(cmpi)
int main(void) {
  int r = 0;
#pragma omp target map(from: r)
  { int loc[4] = {3, 1, 2, 0};
    qsort(loc, 4, sizeof(int), cmpi);
    r = loc[0]; }
  return r;
}
