// saxpy.c — y = a*x + y with `target teams distribute parallel for`: the first C program.
//
// Shows: a combined teams+parallel construct, which clang (and ompir) compile to an SPMD
// kernel; map clauses with array sections; the host checks the result.
//
// Try:  ompir run examples/c/saxpy.c --stats
//       ompir cc examples/c/saxpy.c            (the lowered module: an `spmd` kernel)
#include <stdio.h>

#define N 256

int main(void) {
  float x[N], y[N];
  float a = 2.0f;
  for (int i = 0; i < N; i++) {
    x[i] = (float)i;
    y[i] = 1.0f;
  }
#pragma omp target teams distribute parallel for num_teams(4) thread_limit(64) map(to: x[0:N]) map(tofrom: y[0:N])
  for (int i = 0; i < N; i++)
    y[i] = a * x[i] + y[i];
  double sum = 0.0;
  for (int i = 0; i < N; i++) sum += y[i];
  printf("y[0] = %f, y[255] = %f, sum = %f\n", y[0], y[N - 1], sum);
  return 0;
}
