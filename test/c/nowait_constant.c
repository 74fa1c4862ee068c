// differential: no (gcc 12 cannot parse OpenMP 6.0's nowait(expr); the program checks itself)
// nowait(c) with a constant c (OpenMP 6.0): nowait(0) is a synchronous target region (the
// host sees its result at once), nowait(1) an asynchronous one (seen after taskwait). Before
// the twelfth session ompir took nowait(0) as nowait: the first check failed.
#include <stdio.h>
#include <stdlib.h>
int main(void) {
  int x = 2;
#pragma omp target nowait(0) map(tofrom: x)
  x = x * 3;
  if (x != 6) abort();
  int y = 5;
#pragma omp target nowait(1) map(tofrom: y)
  y = y + 1;
#pragma omp taskwait
  if (y != 6) abort();
  printf("%d %d\n", x, y);
  return 0;
}
