// reduction on `target teams` with a distribute loop in each team (generic kernel) and
// on `parallel for` inside a generic kernel (a globalized accumulator).
#include <stdio.h>
#include <stdlib.h>
#define N 1000
int main(void) {
  long total = 0;
  int a[N];
  for (int i = 0; i < N; i++) a[i] = i % 10;
#pragma omp target teams num_teams(4) map(to: a) reduction(+: total)
  {
#pragma omp distribute
    for (int i = 0; i < N; i++) total += a[i];
  }
  int inner = -1;
#pragma omp target teams num_teams(1) map(to: a) map(tofrom: inner)
  {
    int acc = 0;
#pragma omp parallel for reduction(+: acc)
    for (int i = 0; i < N; i++) acc += a[i];
    inner = acc;
  }
  printf("%ld %d\n", total, inner);
  if (total != 4500 || inner != 4500) abort();
  return 0;
}
