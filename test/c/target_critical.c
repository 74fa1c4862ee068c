// critical in target regions: a read-modify-write of a shared struct (not expressible as
// one atomic) from every thread; named critical sections; team-local exclusion.
#include <stdio.h>
#include <stdlib.h>
#include <omp.h>
struct minmax { int lo, hi; long sum; };
int main(void) {
  struct minmax mm = {1000000, -1000000, 0};
  int hist[8] = {0};
  int a[500];
  for (int i = 0; i < 500; i++) a[i] = (i * 7919) % 1001 - 500;
#pragma omp target teams num_teams(1) thread_limit(64) map(to: a) map(tofrom: mm, hist)
#pragma omp parallel
  {
    for (int i = omp_get_thread_num(); i < 500; i += omp_get_num_threads()) {
#pragma omp critical(mm)
      {
        if (a[i] < mm.lo) mm.lo = a[i];
        if (a[i] > mm.hi) mm.hi = a[i];
        mm.sum += a[i];
      }
#pragma omp critical
      hist[(a[i] + 500) % 8] = hist[(a[i] + 500) % 8] + 1;
    }
  }
  int h = 0;
  for (int i = 0; i < 8; i++) h += hist[i];
  printf("%d %d %ld %d\n", mm.lo, mm.hi, mm.sum, h);
  if (h != 500) abort();
  return 0;
}
