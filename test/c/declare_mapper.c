// declare mapper: the default mapper of a struct type maps its pointer member's section with
// the struct, whether the struct is mapped explicitly or implicitly; a named mapper chosen
// with map(mapper(id), ...) maps only part of the data; map types combine with the
// mapper's (map(to:) through a tofrom mapper still brings the section to the device).
// gcc 12 does not know declare mapper, so clang is the oracle.
// oracle: clang-16
#include <stdio.h>
#include <stdlib.h>
typedef struct { int n; double *x; } vec;
struct grid { int w, h; int *cells; };
#pragma omp declare mapper(vec v) map(tofrom: v, v.x[0:v.n])
#pragma omp declare mapper(firstrow: struct grid g) map(to: g) map(tofrom: g.cells[0:g.w])
int main(void) {
  vec a, b;
  a.n = 10;
  b.n = 6;
  a.x = malloc(a.n * sizeof(double));
  b.x = malloc(b.n * sizeof(double));
  for (int i = 0; i < a.n; i++) a.x[i] = i;
  for (int i = 0; i < b.n; i++) b.x[i] = 10 * i;
  double *ka = a.x;
#pragma omp target map(tofrom: a)
  for (int i = 0; i < a.n; i++) a.x[i] *= 2;
#pragma omp target
  for (int i = 0; i < b.n; i++) b.x[i] += 1;
  double r = 0;
#pragma omp target map(to: a) map(from: r)
  for (int i = 0; i < a.n; i++) r += a.x[i];
  struct grid g = {4, 3, 0};
  g.cells = calloc(12, sizeof(int));
#pragma omp target map(mapper(firstrow), tofrom: g)
  for (int i = 0; i < g.w; i++) g.cells[i] = i + 1;
  double s = 0;
  for (int i = 0; i < a.n; i++) s += a.x[i];
  for (int i = 0; i < b.n; i++) s += b.x[i];
  int c = 0;
  for (int i = 0; i < 12; i++) c += g.cells[i];
  printf("%.1f %.1f %d %d %d\n", s, r, c, a.x == ka, g.cells[3]);
  if (s != 246.0 || r != 90.0 || c != 10) abort();
  free(a.x);
  free(b.x);
  free(g.cells);
  return 0;
}
