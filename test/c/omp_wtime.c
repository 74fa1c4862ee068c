// omp_get_wtime() on the host, in a generic target region and on every thread of a parallel
// one: time never runs backwards along a thread, and a thread's later reading is not earlier.
// Only comparisons are printed, so the output does not depend on the machine's speed.
#include <omp.h>
#include <stdio.h>

int main(void) {
  double t0 = omp_get_wtime();
  double sum = 0.0;
  for (int i = 0; i < 1000; i++) sum += i * 0.5;
  double t1 = omp_get_wtime();
  printf("host: t0 >= 0: %d, t1 >= t0: %d, sum = %.1f\n", t0 >= 0.0, t1 >= t0, sum);

  int ok = 0;
#pragma omp target map(from: ok)
  {
    double d0 = omp_get_wtime();
    double s = 0.0;
    for (int i = 0; i < 100; i++) s += i;
    double d1 = omp_get_wtime();
    ok = d1 >= d0 && d0 >= 0.0 && s == 4950.0;
  }
  printf("target: d1 >= d0: %d\n", ok);

  int backwards = 0;
#pragma omp target parallel map(tofrom: backwards) reduction(+: backwards)
  {
    double a = omp_get_wtime();
    double b = omp_get_wtime();
    if (b < a) backwards++;
  }
  printf("target parallel: readings that went backwards: %d\n", backwards);

  double t2 = omp_get_wtime();
  printf("host after the targets: t2 >= t1: %d\n", t2 >= t1);
  return 0;
}
