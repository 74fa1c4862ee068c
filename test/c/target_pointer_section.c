// Heap arrays mapped through pointers with sections, including a section that does not
// start at 0, and a pointer passed into the region (implicitly firstprivate).
#include <stdio.h>
#include <stdlib.h>
int main(void) {
  int n = 100;
  double *v = (double *)malloc(n * sizeof(double));
  int *w = malloc(n * sizeof(int));
  for (int i = 0; i < n; i++) { v[i] = i; w[i] = -1; }
#pragma omp target teams distribute parallel for map(tofrom: v[0:n])
  for (int i = 0; i < n; i++) v[i] = v[i] * v[i];
#pragma omp target map(tofrom: w[20:30])
  {
    for (int i = 20; i < 50; i++) w[i] = i;
  }
  double s = 0;
  int ws = 0;
  for (int i = 0; i < n; i++) { s += v[i]; ws += w[i]; }
  printf("%.1f %d %d %d %d\n", s, ws, w[19], w[20], w[49]);
  free(v);
  free(w);
  return 0;
}
