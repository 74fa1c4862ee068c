// `threadprivate` globals on the host (OpenMP 5.2 section 5.2): each host thread has its own
// copy, which host teams of one thread (docs/C.md) make the global itself: a counter bumped
// in parallel regions and read after them, `copyin` of the initial thread's value, a
// threadprivate array. gcc's threads each count their own share, so the program prints what
// every thread agrees on: the master thread's copy (gcc keeps it across regions as ompir
// does). Before the twelfth session: "'#pragma omp threadprivate' is not supported".
#include <stdio.h>
#include <omp.h>
int counter = 0;
double scratch[4];
#pragma omp threadprivate(counter, scratch)
int main(void) {
  counter = 10;
  scratch[1] = 2.5;
#pragma omp parallel copyin(counter, scratch)
  {
    counter += 1;
    scratch[1] *= 2;
    if (omp_get_thread_num() == 0) printf("in region: %d %g\n", counter, scratch[1]);
  }
  printf("after: %d %g\n", counter, scratch[1]);
  int total = 0;
#pragma omp target map(tofrom: total)
  total = 42;
  printf("total %d\n", total);
  return 0;
}
