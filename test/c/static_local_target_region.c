// Static locals declared inside a target region and inside a declare-target helper, written
// by the main thread in the sequential part and read by the workers of the parallel regions
// that follow (the region binds them by their C name; they are globals under a fresh
// symbol). omp_get_thread_num()/omp_get_num_threads() asked in the sequential part and in a
// helper called from it.
#include <stdio.h>
#include <omp.h>
#pragma omp declare target
int g_scale = 1;
static int query_level(void) { return omp_get_num_threads() * 10 + (omp_get_thread_num() == 0); }
static int counter(int k) {
  static int calls = 0;
  calls += k;
  int seen = 0;
#pragma omp parallel
  {
    if (omp_get_thread_num() == 0) seen = calls;
  }
  return seen;
}
#pragma omp end declare target
int main(void) {
  int a[64], out[6] = {0, 0, 0, 0, 0, 0};
  for (int i = 0; i < 64; i++) a[i] = i;
#pragma omp target map(tofrom: a, out)
  {
    static int s_step = 0;
    int q0 = query_level();
    g_scale = 3;
    s_step = 5;
#pragma omp parallel for
    for (int i = 0; i < 64; i++) a[i] = a[i] * g_scale + s_step;
    int q1 = query_level();
    out[0] = q0 + q1;
    g_scale = a[10];
    s_step = s_step + 1;
#pragma omp parallel for
    for (int i = 0; i < 64; i++) a[i] = a[i] - g_scale + s_step;
    out[1] = a[63];
    out[2] = omp_get_thread_num() + 100 * omp_get_num_threads();
    out[3] = g_scale;
    out[4] = counter(2);
    out[5] = counter(3);
  }
  printf("%d %d %d %d %d %d %d %d\n", out[0], out[1], out[2], out[3], out[4], out[5], a[0], a[5]);
  return 0;
}
