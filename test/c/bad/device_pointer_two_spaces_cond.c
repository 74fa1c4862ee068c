// expect-error: 18:18: '?:' choosing between a pointer into a local variable and one into team-shared memory in device code is not supported
// A pointer chosen at run time between a thread's own array and the team's (globalized)
// one: ompir has no generic address space, so the space an access names is decided when
// lowering (docs/C.md). gcc runs this; ompir used to fault with `wrong memory space`.
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
        int *p = (i % 2) ? mine : team;
        out[i] = p[i];
      }
    }
  }
  for (int i = 0; i < 8; i++) printf("%d ", out[i]);
  printf("\n");
  return 0;
}
