// A parallel region inside a device function called from a generic kernel (an orphaned
// parallel, as in LLVM's OpenMPOpt tests): the function's local that the region shares is
// globalized, and the worksharing loop inside a device function splits over the team.
#include <stdio.h>
#include <stdlib.h>
#include <omp.h>
#define N 96
void scale_rows(int *a, int n, int k) {
  int offset = k * 1000;
#pragma omp parallel for
  for (int i = 0; i < n; i++) a[i] = a[i] * k + offset;
}
int count_positive(const int *a, int n) {
  int c = 0;
#pragma omp parallel for reduction(+: c)
  for (int i = 0; i < n; i++) c += a[i] > 0;
  return c;
}
int main(void) {
  int a[N];
  int pos = 0;
  for (int i = 0; i < N; i++) a[i] = i - 10;
#pragma omp target teams num_teams(1) map(tofrom: a, pos)
  {
    scale_rows(a, N, 3);
    pos = count_positive(a, N);
  }
  long s = 0;
  for (int i = 0; i < N; i++) s += a[i];
  printf("%ld %d\n", s, pos);
  if (pos != N) abort();
  return 0;
}
