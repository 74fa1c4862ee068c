// generic_global_store.c — side effects in a generic kernel's sequential part.
//
// Shows: the main thread clears a histogram, counts its launch in a `declare target`
// global and prints; the parallel region fills the histogram atomically; after the region
// the main thread copies a bucket. SPMD-izing this kernel needs guards (-O --remarks).
//
// Try:  ompir run examples/c/generic_global_store.c -O --remarks
// differential: no (the histogram depends on the team size; gcc runs the region on the host)
#include <stdio.h>
#include <omp.h>

#pragma omp declare target
int launches = 0;
#pragma omp end declare target

int main(void) {
  int hist[5] = {7, 7, 7, 7, 7};
#pragma omp target teams num_teams(1) thread_limit(64) map(tofrom: hist[0:5])
  {
    for (int b = 0; b < 4; b++) hist[b] = 0;
    int seen;
#pragma omp atomic capture
    seen = launches++;
    printf("launch number %d\n", seen);
#pragma omp parallel
    {
      int bucket = omp_get_thread_num() & 3;
#pragma omp atomic
      hist[bucket] += 1;
    }
    hist[4] = hist[0];
  }
  printf("bucket0 = %d, bucket1 = %d, copy of bucket0 = %d\n", hist[0], hist[1], hist[4]);
  return 0;
}
