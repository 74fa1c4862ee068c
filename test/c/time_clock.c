// <time.h> and <sys/time.h> on the simulated clock (omp_get_wtime; src/frontend/c/libc.ts):
// time(NULL) and time(&t), clock() with CLOCKS_PER_SEC, gettimeofday around a kernel, and
// srand(time(NULL)). ompir's values are the simulator's (the same on every run), gcc's the
// machine's, so only comparisons are printed. Before the twelfth session: "header <time.h>
// is not supported".
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sys/time.h>
int main(void) {
  srand(time(NULL));
  int r = rand();
  time_t t0;
  time_t t1 = time(&t0);
  clock_t c0 = clock();
  struct timeval a, b;
  gettimeofday(&a, NULL);
  double s = 0;
#pragma omp target teams distribute parallel for reduction(+: s) map(tofrom: s)
  for (int i = 0; i < 100000; i++) s += i * 0.5;
  gettimeofday(&b, NULL);
  clock_t c1 = clock();
  double el = (b.tv_sec - a.tv_sec) + (b.tv_usec - a.tv_usec) * 1e-6;
  printf("s %.1f\n", s);
  printf("%d %d %d %d\n", t0 == t1, el >= 0, c1 >= c0, (double)(c1 - c0) / CLOCKS_PER_SEC < 60.0);
  printf("%d %d %d\n", r >= 0, a.tv_usec >= 0 && a.tv_usec < 1000000, time(NULL) >= t0);
  return 0;
}
