// Pointer variables in device code that point into one memory space on every path that
// reaches a use (src/frontend/c/spaces.ts accepts them): a straight-line reassignment to
// another space, a '?:' between a pointer and NULL, a NULL assigned on one path.
#include <stdio.h>
#include <stddef.h>
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
        int s = p[i];
        p = team;
        s += p[i];
        int *q = (i % 2) ? mine : NULL;
        if (q != NULL) s += q[0];
        int *r = NULL;
        if (i > 3) r = mine;
        if (r) s += r[1];
        for (int k = 0; k < 2; k++) {
          int *t = k ? team : NULL;
          if (t) s += t[k];
        }
        out[i] = s;
      }
    }
  }
  for (int i = 0; i < 8; i++) printf("%d ", out[i]);
  printf("\n");
  return 0;
}
