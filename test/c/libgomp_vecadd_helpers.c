// In the style of libgomp's offloading tests: target regions inside helper functions that
// take pointers and sizes, called in a loop; self-checking.
#include <stdio.h>
#include <stdlib.h>
static void vec_add(const float *a, const float *b, float *c, int n) {
#pragma omp target teams distribute parallel for map(to: a[0:n], b[0:n]) map(from: c[0:n])
  for (int i = 0; i < n; i++) c[i] = a[i] + b[i];
}
static float vec_sum(const float *v, int n) {
  float s = 0.0f;
#pragma omp target teams distribute parallel for map(to: v[0:n]) reduction(+: s)
  for (int i = 0; i < n; i++) s += v[i];
  return s;
}
int main(void) {
  int n = 300;
  float *a = malloc(n * sizeof(float)), *b = malloc(n * sizeof(float)), *c = malloc(n * sizeof(float));
  for (int i = 0; i < n; i++) { a[i] = (float)i; b[i] = (float)(2 * i); }
  float total = 0.0f;
  for (int rep = 0; rep < 3; rep++) {
    vec_add(a, b, c, n);
    for (int i = 0; i < n; i++)
      if (c[i] != a[i] + b[i]) abort();
    total += vec_sum(c, n);
    float *t = a;
    a = c;
    c = t;
  }
  printf("total %.1f a[299] %.1f\n", total, a[299]);
  free(a);
  free(b);
  free(c);
  return 0;
}
