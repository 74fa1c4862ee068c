// Worksharing loops in canonical forms: <=, >, >=, steps other than 1, decrementing loops,
// schedule(static), schedule(static, 3), schedule(dynamic), dist_schedule, nowait.
#include <stdio.h>
#include <stdlib.h>
#define N 100
int main(void) {
  int a[N] = {0}, b[N] = {0}, c[N] = {0}, d[N] = {0}, e[N] = {0};
#pragma omp target teams distribute parallel for map(tofrom: a)
  for (int i = 0; i <= N - 1; i += 3) a[i] += 1;
#pragma omp target teams distribute parallel for map(tofrom: b) dist_schedule(static, 8) schedule(static, 3)
  for (int i = N - 1; i >= 0; i--) b[i] += i;
#pragma omp target parallel for map(tofrom: c) schedule(static)
  for (int i = N; i > 0; i -= 7) c[i - 1] += 2;
#pragma omp target parallel for map(tofrom: d) schedule(dynamic, 4)
  for (long i = 10; i < N; i = i + 5) d[i] = (int)i;
#pragma omp target teams map(tofrom: e) num_teams(3)
  {
#pragma omp distribute
    for (int i = 0; i < N; i++) e[i] = 1;
  }
  int sa = 0, sb = 0, sc = 0, sd = 0, se = 0;
  for (int i = 0; i < N; i++) { sa += a[i]; sb += b[i]; sc += c[i]; sd += d[i]; se += e[i]; }
  printf("%d %d %d %d %d\n", sa, sb, sc, sd, se);
  if (sa != 34 || sb != 4950 || se != N) abort();
  return 0;
}
