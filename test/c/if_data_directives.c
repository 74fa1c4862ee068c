// differential: no (gcc 12 runs target regions on the host in shared memory: presence and skipped updates cannot be seen there)
// `if` on target data, target enter/exit data and target update (OpenMP 5.2 sections
// 13.5-13.9): with a false condition the directive maps and moves nothing; the condition is
// evaluated once. The program checks itself (abort on a wrong answer). Before the twelfth
// session: "clause 'if' is only supported on target regions, parallel constructs and tasks".
#include <stdio.h>
#include <stdlib.h>
#include <omp.h>
static int evals = 0;
static int yes(int v) { evals++; return v; }
int main(void) {
  int a[8], b[8];
  for (int i = 0; i < 8; i++) { a[i] = i; b[i] = 10 * i; }
#pragma omp target enter data map(to: a) if(yes(0))
  if (omp_target_is_present(a, 0)) abort();
#pragma omp target enter data map(to: a) if(target enter data: yes(1))
  if (!omp_target_is_present(a, 0)) abort();
  a[2] = 100;
#pragma omp target update to(a) if(yes(0))
  int seen = -1;
#pragma omp target map(from: seen)
  seen = a[2];
  if (seen != 2) abort();
#pragma omp target update to(a) if(yes(1))
#pragma omp target map(from: seen)
  seen = a[2];
  if (seen != 100) abort();
#pragma omp target exit data map(delete: a) if(yes(0))
  if (!omp_target_is_present(a, 0)) abort();
#pragma omp target exit data map(delete: a) if(yes(1))
  if (omp_target_is_present(a, 0)) abort();
  int c = 0;
#pragma omp target data map(tofrom: b) if(yes(c))
  {
    if (omp_target_is_present(b, 0)) abort();
#pragma omp target map(tofrom: b)
    b[1] = 7;
  }
#pragma omp target data map(tofrom: b) if(yes(1))
  {
    if (!omp_target_is_present(b, 0)) abort();
#pragma omp target
    b[3] = 9;
  }
  printf("%d %d %d evals %d\n", b[1], b[3], a[2], evals);
  return 0;
}
