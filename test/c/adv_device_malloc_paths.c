// Device malloc in a target region's sequential part: the block is shared with a parallel
// region, freed on one path only, allocated in a loop with an early exit.
#include <stdio.h>
#include <stdlib.h>
int main(void) {
  long res[4] = {0, 0, 0, 0};
#pragma omp target map(tofrom: res)
  {
    for (int k = 0; k < 6; k++) {
      int *b = (int *)malloc(16 * sizeof(int));
      if (b == 0) { res[3] = -1; break; }
#pragma omp parallel for
      for (int i = 0; i < 16; i++) b[i] = i * k;
      long s = 0;
      for (int i = 0; i < 16; i++) s += b[i];
      res[0] += s;
      if (k == 4) { res[1] = b[15]; break; }
      if (k % 2 == 0) free(b);
    }
    int *c = (int *)calloc(8, sizeof(int));
#pragma omp parallel for
    for (int i = 0; i < 8; i++) c[i] += i;
    res[2] = c[7];
    free(c);
  }
  printf("%ld %ld %ld %ld\n", res[0], res[1], res[2], res[3]);
  return 0;
}
