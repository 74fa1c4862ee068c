// timestep.c — a sequential time-step loop around a parallel region (a stencil code).
//
// Shows: the usual shape of a stencil: the kernel's main thread runs the time loop and
// swaps two buffers; each step is one parallel region (`parallel for`), which ends with an
// implicit barrier. Generic mode pays a state-machine round trip per step; -O SPMD-izes.
//
// Try:  ompir run examples/c/timestep.c --stats
//       ompir run examples/c/timestep.c -O --stats   (fewer cycles: no state machine)
#include <stdio.h>

#define N 32

int main(void) {
  double a[N] = {0}, b[N];
  int steps = 6;
  a[16] = 64.0;
#pragma omp target teams num_teams(1) thread_limit(32) map(tofrom: a[0:N]) map(alloc: b[0:N])
  {
    double *src = a, *dst = b;
    for (int s = 0; s < steps; s++) {
#pragma omp parallel for
      for (int i = 0; i < N; i++) {
        if (i > 0 && i < N - 1)
          dst[i] = (src[i - 1] + src[i] + src[i + 1]) / 3.0;
        else
          dst[i] = src[i];
      }
      double *t = src;
      src = dst;
      dst = t;
    }
  }
  // an even step count leaves the result in a
  printf("a[14] = %f, a[16] = %f, a[18] = %f\n", a[14], a[16], a[18]);
  return 0;
}
