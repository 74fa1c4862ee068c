// In the style of LLVM's OpenMPOpt SPMD-ization tests: sequential code between `target
// teams` and `parallel` (a generic kernel), a helper called before the region, a local
// globalized because the region reads it. -O SPMD-izes with guards and broadcasts.
#include <stdio.h>
#include <stdlib.h>
#include <omp.h>
#define N 256
static int scale_of(int n) { return n / 64 + 1; }
int main(void) {
  int a[N];
  int n = N;
#pragma omp target teams num_teams(2) map(from: a)
  {
    int s = scale_of(n);
    int off = 7 * s;
#pragma omp parallel for
    for (int i = 0; i < N; i++) a[i] = i * s + off;
  }
  for (int i = 0; i < N; i++)
    if (a[i] != i * 5 + 35) abort();
  printf("a[0] = %d, a[255] = %d\n", a[0], a[255]);
  return 0;
}
