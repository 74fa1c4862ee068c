// OpenMP on the host (outside target regions): parallel, for, reduction, critical, atomic.
// ompir runs host parallel regions with one thread (a conforming choice); results agree.
#include <stdio.h>
#include <omp.h>
int main(void) {
  int sum = 0, hits = 0;
  long sq = 0;
#pragma omp parallel for reduction(+: sum)
  for (int i = 1; i <= 100; i++) sum += i;
#pragma omp parallel
  {
#pragma omp atomic
    hits += 1;
#pragma omp critical
    sq += 4;
  }
  int first = 0;
#pragma omp parallel
  {
#pragma omp single
    first += 1;
  }
  printf("sum %d first %d consistent %d\n", sum, first, hits * 4 == sq);
  return 0;
}
