// omp_target_alloc / omp_target_memcpy / omp_target_free with is_device_ptr, in the style
// of libgomp's device-memory tests.
#include <stdio.h>
#include <stdlib.h>
#include <omp.h>
#define N 32
int main(void) {
  int dev = omp_get_default_device(), host = omp_get_initial_device();
  int h[N], back[N];
  for (int i = 0; i < N; i++) { h[i] = i; back[i] = -1; }
  int *d = (int *)omp_target_alloc(N * sizeof(int), dev);
  if (d == NULL) abort();
  omp_target_memcpy(d, h, N * sizeof(int), 0, 0, dev, host);
#pragma omp target is_device_ptr(d)
  {
    for (int i = 0; i < N; i++) d[i] = d[i] * 3 + 1;
  }
  omp_target_memcpy(back, d, 8 * sizeof(int), 0, 4 * sizeof(int), host, dev);
  omp_target_free(d, dev);
  int s = 0;
  for (int i = 0; i < 8; i++) s += back[i];
  printf("%d %d %d %d\n", back[0], back[7], back[8], s);
  if (back[0] != 13 || back[7] != 34 || back[8] != -1) abort();
  return 0;
}
