// Struct members in map clauses: a pointer member's section is mapped and attached (the
// device copy of the struct points at the device copy of the data), an array member maps
// the whole struct; the host's pointer is intact afterwards.
#include <stdio.h>
#include <stdlib.h>
typedef struct { int n; double *data; double scale; } vec;
typedef struct { int hist[8]; int total; } counts;
int main(void) {
  vec v;
  v.n = 40;
  v.scale = 0.5;
  v.data = malloc(v.n * sizeof(double));
  double *keep = v.data;
  for (int i = 0; i < v.n; i++) v.data[i] = i;
  counts c = {{0}, 0};
#pragma omp target teams distribute parallel for map(tofrom: v.data[0:v.n]) map(to: v)
  for (int i = 0; i < v.n; i++) v.data[i] *= v.scale;
#pragma omp target map(tofrom: c.hist[0:8]) map(to: v.data[10:10])
  {
    for (int i = 10; i < 20; i++) {
      c.hist[(int)v.data[i] % 8] += 1;
      c.total += 1;
    }
  }
  double s = 0;
  for (int i = 0; i < v.n; i++) s += v.data[i];
  printf("%.1f %d %d %d %d\n", s, v.data == keep, c.total, c.hist[5], c.hist[7]);
  if (v.data != keep || c.total != 10) abort();
  free(v.data);
  return 0;
}
