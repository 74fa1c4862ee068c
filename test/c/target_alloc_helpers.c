// omp_target_alloc in a helper whose result outlives it, omp_target_free in another helper
// (the device copy and the host heap block both go), then allocated again in a loop.
#include <stdio.h>
#include <stdlib.h>
#include <omp.h>
#define N 16
static int *dev_buf(int n) { return (int *)omp_target_alloc(n * sizeof(int), omp_get_default_device()); }
static void dev_release(int *d) { omp_target_free(d, omp_get_default_device()); }
int main(void) {
  int dev = omp_get_default_device(), host = omp_get_initial_device();
  int h[N], back[N];
  long total = 0;
  for (int round = 0; round < 3; round++) {
    for (int i = 0; i < N; i++) h[i] = i + round;
    int *d = dev_buf(N);
    if (d == NULL) abort();
    omp_target_memcpy(d, h, N * sizeof(int), 0, 0, dev, host);
#pragma omp target teams distribute parallel for is_device_ptr(d)
    for (int i = 0; i < N; i++) d[i] = d[i] * (round + 2);
    omp_target_memcpy(back, d, N * sizeof(int), 0, 0, host, dev);
    dev_release(d);
    for (int i = 0; i < N; i++) total += back[i];
  }
  omp_target_free(NULL, dev);
  printf("%ld\n", total);
  return 0;
}
