// atomic update/capture/write, single, master and barrier inside a parallel region.
#include <omp.h>
int main(void) {
  int count = 0, last = 0, once = 0;
#pragma omp target teams num_teams(1) map(tofrom: count, last, once)
#pragma omp parallel
  {
    int old;
#pragma omp atomic capture
    old = count++;
#pragma omp atomic write
    last = old;
#pragma omp single
    once = 1;
#pragma omp master
    count += 0;
#pragma omp barrier
  }
  return count;
}
