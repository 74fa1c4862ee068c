// expect-error: 9:9: 'omp_get_thread_num' inside a reverse-offload region is not allowed (OpenMP forbids OpenMP API calls in 'target device(ancestor: 1)')
#include <omp.h>
#pragma omp requires reverse_offload
int main(void) {
  int x = 0;
#pragma omp target map(tofrom: x)
  {
#pragma omp target device(ancestor: 1) map(always, tofrom: x)
    x = omp_get_thread_num();
  }
  return x;
}
