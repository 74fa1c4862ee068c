// A local of a target region's sequential part whose address is published through a
// declare-target global pointer, then read and updated by a parallel region through that
// pointer only (the variable must stay visible to the team), and compared with itself.
#include <stdio.h>
#pragma omp declare target
int *gp;
#pragma omp end declare target
int main(void) {
  int out[8] = {0};
#pragma omp target map(tofrom: out)
  {
    int x = 5;
    gp = &x;
#pragma omp parallel
    {
#pragma omp atomic
      *gp += 1;
    }
    int same = (gp == &x);
    out[0] = x > 5;
    out[1] = same;
    int y = 3;
    int *q = &y;
#pragma omp parallel for
    for (int i = 0; i < 8; i++) {
      if (i == 2) {
#pragma omp atomic
        *q += 10;
      }
    }
    out[2] = y;
  }
  printf("%d %d %d\n", out[0], out[1], out[2]);
  return 0;
}
