// An integer stencil iterated inside a target data region: two kernels per step, a
// max-change reduction deciding when to stop (the loop on the host), target update from.
#include <stdio.h>
#include <stdlib.h>
#define N 64
int main(void) {
  int u[N], v[N];
  for (int i = 0; i < N; i++) u[i] = (i == N / 2) ? 1 << 20 : 0;
  int steps = 0, change = 1;
#pragma omp target data map(tofrom: u) map(alloc: v)
  {
    while (change > 0 && steps < 500) {
      change = 0;
#pragma omp target teams distribute parallel for
      for (int i = 0; i < N; i++) v[i] = (i == 0 || i == N - 1) ? u[i] : (u[i - 1] + 2 * u[i] + u[i + 1]) / 4;
#pragma omp target teams distribute parallel for reduction(max: change)
      for (int i = 0; i < N; i++) {
        int d = v[i] - u[i];
        if (d < 0) d = -d;
        change = d > change ? d : change;
        u[i] = v[i];
      }
      steps++;
      if (steps % 100 == 0) {
#pragma omp target update from(u[0:N])
        printf("step %d: u[32] = %d change %d\n", steps, u[N / 2], change);
      }
    }
  }
  long s = 0;
  for (int i = 0; i < N; i++) s += u[i];
  printf("steps %d sum %ld u[32] %d\n", steps, s, u[N / 2]);
  return 0;
}
