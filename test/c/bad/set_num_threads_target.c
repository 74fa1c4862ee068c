// expect-error: 7:3: 'omp_set_num_threads' in a target region is not supported
// The device's nthreads-var is not modelled: a target region starts from its own ICVs.
#include <omp.h>
int main(void) {
#pragma omp target
  {
  omp_set_num_threads(2);
  }
  return 0;
}
