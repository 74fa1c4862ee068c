// The _Pragma("...") operator (C99 6.10.9), the way codes hide OpenMP behind macros: a
// string-pasting PRAGMA(x) macro, directives inside target regions and functions, a
// declarative one alone on its line, other pragmas ignored. Before: a syntax error at the
// operator. Also proc_bind, a placement hint, accepted (was "not supported").
#include <stdio.h>
#include <omp.h>
#define PRAGMA(x) _Pragma(#x)
#define OMP(x) PRAGMA(omp x)
#define N 40
#define PARALLEL_FOR(red) PRAGMA(omp parallel for reduction(+: red) proc_bind(close))
_Pragma("omp declare target")
int scale(int x) { return 3 * x + 1; }
_Pragma("omp end declare target")
_Pragma("GCC diagnostic push")
static int sum_host(const int *a, int n) {
  int s = 0;
  PARALLEL_FOR(s)
  for (int i = 0; i < n; i++) s += a[i];
  return s;
}
int main(void) {
  int a[N], total = 0, steps = 0;
  for (int i = 0; i < N; i++) a[i] = i % 9;
  OMP(target data map(tofrom: a))
  {
    for (int t = 0; t < 3; t++) {
      OMP(target teams distribute parallel for num_teams(2))
      for (int i = 0; i < N; i++) a[i] = scale(a[i]) % 17;
    }
    _Pragma("omp target map(tofrom: total, steps)") {
      int s = 0;
      _Pragma("omp parallel for reduction(+: s)") for (int i = 0; i < N; i++) s += a[i];
      total = s;
      OMP(parallel num_threads(4) proc_bind(spread))
      {
        OMP(single)
        steps = omp_get_num_threads();
        OMP(barrier)
      }
    }
  }
  printf("total %d steps %d host %d\n", total, steps, sum_host(a, N));
  return 0;
}
