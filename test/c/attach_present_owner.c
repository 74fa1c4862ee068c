// A target region attaches a member section of a struct that is already present (entered
// before the region, as libgomp's tests often do): the struct's device copy gets the
// section's device address for the region only, and the struct's later copy back (exit
// data from) still brings the host's pointer, as libomptarget's shadow pointers keep it.
// Through a pointer too (p->q), and with the struct attached by a data directive first.
#include <stdio.h>
#include <stdlib.h>
typedef struct { int n; int *q; } vec;

int main(void) {
  vec s;
  s.n = 4;
  s.q = malloc(4 * sizeof(int));
  int *keep = s.q;
  for (int i = 0; i < 4; i++) s.q[i] = i;
#pragma omp target enter data map(to: s)
#pragma omp target map(tofrom: s.q[0:4])
  for (int i = 0; i < 4; i++) s.q[i] += 10;
#pragma omp target
  s.n = 5;
#pragma omp target exit data map(from: s)
  if (s.q != keep || s.n != 5 || keep[3] != 13) abort();

  vec *p = &s;
#pragma omp target enter data map(to: p[0:1])
#pragma omp target map(tofrom: p->q[1:2])
  for (int i = 1; i < 3; i++) p->q[i] *= 2;
#pragma omp target map(tofrom: p->q[0:1])
  p->q[0] = -1;
#pragma omp target exit data map(from: p[0:1])
  if (s.q != keep || keep[0] != -1 || keep[1] != 22 || keep[3] != 13) abort();

  // Attached by enter data, then the same section mapped by a region.
#pragma omp target enter data map(to: s, s.q[0:4])
#pragma omp target map(tofrom: s.q[0:4])
  s.q[3] = 99;
#pragma omp target
  s.q[2] = 77;
#pragma omp target exit data map(from: s.q[0:4], s)
  if (s.q != keep || keep[2] != 77 || keep[3] != 99) abort();
  printf("%d %d %d %d %d\n", s.n, keep[0], keep[1], keep[2], keep[3]);
  free(keep);
  return 0;
}
