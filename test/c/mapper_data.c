// declare mapper on data directives (OpenMP 5.2 section 5.8.8): target enter data, exit
// data, target data and target update apply the struct type's default mapper (or the one
// named by mapper(id)) to a struct variable: the struct and its pointer member's section
// move together and the section is attached; each item's map type combines with the
// mapper's (exit data from of a to-only item releases it; update to(v) moves only the
// mapper's items that go to the device). gcc 12 does not know declare mapper.
// oracle: clang-16
#include <stdio.h>
#include <stdlib.h>
typedef struct { int n; double *x; } vec;
typedef struct { int len; int *head; int *tail; } pair;
#pragma omp declare mapper(vec v) map(tofrom: v, v.x[0:v.n])
#pragma omp declare mapper(front: pair p) map(to: p) map(tofrom: p.head[0:p.len]) map(from: p.tail[0:p.len])

int main(void) {
  vec a;
  a.n = 8;
  a.x = malloc(8 * sizeof(double));
  double *keep = a.x;
  for (int i = 0; i < 8; i++) a.x[i] = i;
#pragma omp target enter data map(to: a)
#pragma omp target teams distribute parallel for
  for (int i = 0; i < a.n; i++) a.x[i] = 2 * a.x[i] + 1;
#pragma omp target update from(a)
  if (a.x != keep || a.x[7] != 15.0) abort();
  for (int i = 0; i < 8; i++) a.x[i] = 100 + i;
#pragma omp target update to(a)
#pragma omp target
  for (int i = 0; i < a.n; i++) a.x[i] += 0.5;
#pragma omp target exit data map(from: a)
  if (a.x != keep || a.x[0] != 100.5 || a.x[7] != 107.5) abort();

  pair p;
  p.len = 4;
  p.head = malloc(4 * sizeof(int));
  p.tail = malloc(4 * sizeof(int));
  int *kh = p.head, *kt = p.tail;
  for (int i = 0; i < 4; i++) { p.head[i] = i; p.tail[i] = 0; }
#pragma omp target data map(mapper(front), tofrom: p)
  {
#pragma omp target
    for (int i = 0; i < p.len; i++) {
      p.tail[i] = p.head[i] * 10;
      p.head[i] += 1;
    }
  }
  if (p.head != kh || p.tail != kt || p.head[3] != 4 || p.tail[3] != 30) abort();

  double s = 0;
  for (int i = 0; i < 8; i++) s += a.x[i];
  printf("%.1f %d %d\n", s, p.head[0], p.tail[2]);
  free(keep);
  free(kh);
  free(kt);
  return 0;
}
