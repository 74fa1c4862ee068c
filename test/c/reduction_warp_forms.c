// Reductions through the warp step in more constructs and team sizes: `distribute parallel
// for` inside a generic `target teams`, `sections` in a target parallel region, a loop
// with fewer iterations than threads (most threads contribute the identity), a dynamic
// schedule, and a `for` reduction inside a parallel region whose threads then use the
// result (each thread must see the combined value after the implicit barrier).
#include <stdio.h>
#include <stdlib.h>

static long expect_sum(int n) { return (long)n * (n - 1) / 2; }

int main(void) {
  int sizes[] = { 1, 5, 33, 65, 97 };
  for (int k = 0; k < 5; k++) {
    int t = sizes[k];
    long s = 0;
    int mx = -1;
#pragma omp target teams num_teams(2) thread_limit(t) map(tofrom: s, mx)
    {
#pragma omp distribute parallel for reduction(+: s) reduction(max: mx)
      for (int i = 0; i < 300; i++) { s += i; mx = i > mx ? i : mx; }
    }
    long few = 0;
    double fprod = 1.0;
#pragma omp target parallel for num_threads(t) reduction(+: few) reduction(*: fprod)
    for (int i = 0; i < 5; i++) { few += i + 1; fprod *= 2.0; }
    int sec = 0, secx = 0;
#pragma omp target parallel num_threads(t) map(tofrom: sec, secx)
    {
#pragma omp sections reduction(+: sec) reduction(^: secx)
      {
#pragma omp section
        { sec += 10; secx ^= 3; }
#pragma omp section
        { sec += 20; secx ^= 5; }
#pragma omp section
        { sec += 30; secx ^= 6; }
      }
    }
    unsigned dyn = 0;
#pragma omp target parallel for num_threads(t) schedule(dynamic, 3) reduction(|: dyn)
    for (int i = 0; i < 32; i++) dyn |= 1u << i;
    int seen_bad = 0;
#pragma omp target teams num_teams(1) thread_limit(t) map(tofrom: seen_bad)
    {
      int total = 0;
#pragma omp parallel
      {
#pragma omp for reduction(+: total)
        for (int i = 0; i < 100; i++) total += 2;
        if (total != 200) {
#pragma omp atomic
          seen_bad++;
        }
      }
    }
    printf("threads %d: %ld %d %ld %.1f %d %d %u %d\n", t, s, mx, few, fprod, sec, secx, dyn, seen_bad);
    if (s != expect_sum(300) || mx != 299 || few != 15 || fprod != 32.0 || sec != 60 || secx != 0 || dyn != 0xffffffffu || seen_bad != 0) abort();
  }
  return 0;
}
