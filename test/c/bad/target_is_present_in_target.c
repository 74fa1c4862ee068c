// expect-error: 8:9: 'omp_target_is_present' in a target region is not supported
#include <omp.h>
int main(void) {
  int a[4] = {0};
  int r = 0;
#pragma omp target map(tofrom: r)
  {
    r = omp_target_is_present(a, 0);
  }
  return r;
}
