// expect-error: 21:18: 'p' may point into a local variable (assigned at 19:18) or into team-shared memory here: a pointer variable that points into two memory spaces in device code is not supported
// A pointer variable assigned on one path only: the front end learns where a pointer
// variable points from its assignments in lowering order, so the access after the `if`
// would name team-shared memory on the path that kept `mine` (spaces.ts checks the stores
// reaching each use). gcc runs this; ompir used to fault with `wrong memory space`.
#include <stdio.h>
int main(void) {
  int out[8];
#pragma omp target map(from: out)
  {
    int team[8];
    for (int i = 0; i < 8; i++) team[i] = 100 + i;
#pragma omp parallel num_threads(8)
    {
      int mine[8];
      for (int i = 0; i < 8; i++) mine[i] = i;
#pragma omp for
      for (int i = 0; i < 8; i++) {
        int *p = mine;
        if (i % 2) p = team;
        out[i] = p[i];
      }
    }
  }
  for (int i = 0; i < 8; i++) printf("%d ", out[i]);
  printf("\n");
  return 0;
}
