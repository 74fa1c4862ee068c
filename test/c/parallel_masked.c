// Combined `parallel masked` and `parallel master` (OpenMP 5.1) in target regions and on
// the host: the region's clauses (num_threads, private, firstprivate) apply to the team, the
// block runs on the thread `filter` names (thread 0 without it), with `filter(2)` in a
// target region. Host teams have one thread, so a host `masked filter(t)` runs when t is 0
// (only filter-free forms on the host here: gcc's host teams are larger). Before the
// twelfth session: "'#pragma omp parallel masked' is not supported".
#include <stdio.h>
#include <omp.h>
int main(void) {
  int who[3] = {-1, -1, -1}, nt = 0, p = 5;
#pragma omp target map(tofrom: who, nt)
  {
#pragma omp parallel masked num_threads(4) firstprivate(p)
    {
      who[0] = omp_get_thread_num() + p;
      nt = omp_get_num_threads();
    }
#pragma omp parallel masked filter(2) num_threads(4)
    who[1] = omp_get_thread_num();
#pragma omp parallel master num_threads(3)
    who[2] = omp_get_thread_num() + 10;
  }
  printf("%d %d %d nt %d\n", who[0], who[1], who[2], nt);
  int h = 0, q = 1;
#pragma omp parallel masked private(q)
  {
    q = 7;
    h = q + omp_get_thread_num();
  }
#pragma omp parallel master
  h += 100;
  // masked filter(1) in a team of one thread: nobody runs it (ompir ran it before).
  int r = 0;
#pragma omp parallel num_threads(1)
  {
#pragma omp masked filter(1)
    r = 5;
  }
#pragma omp parallel masked num_threads(1) filter(0)
  r += 2;
  printf("host %d %d r %d\n", h, q, r);
  return 0;
}
