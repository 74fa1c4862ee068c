// sections and parallel sections: each section runs once, on some thread of the team;
// an implicit first section; nowait; sections on the host.
#include <stdio.h>
#include <stdlib.h>
int main(void) {
  int r[5] = {0, 0, 0, 0, 0};
  int count = 0;
#pragma omp target teams num_teams(1) map(tofrom: r, count)
#pragma omp parallel
  {
#pragma omp sections
    {
      r[0] += 1;
#pragma omp section
      r[1] += 2;
#pragma omp section
      {
        r[2] += 3;
      }
    }
#pragma omp sections nowait
    {
#pragma omp section
#pragma omp atomic
      count++;
#pragma omp section
#pragma omp atomic
      count += 10;
    }
  }
  int h[2] = {0, 0};
#pragma omp parallel sections
  {
#pragma omp section
    h[0] = 7;
#pragma omp section
    h[1] = 8;
  }
#pragma omp target map(tofrom: r)
#pragma omp parallel sections
  {
#pragma omp section
    r[3] = 4;
#pragma omp section
    r[4] = 5;
  }
  printf("%d %d %d %d %d %d %d %d\n", r[0], r[1], r[2], r[3], r[4], count, h[0], h[1]);
  if (count != 11 || r[0] != 1 || r[4] != 5) abort();
  return 0;
}
