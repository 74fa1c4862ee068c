// omp_get_level, omp_get_active_level and omp_in_parallel asked in functions called from
// parallel regions (the level is the call chain's, not the function's), on the host and in
// target regions, with nested regions. Host parallel regions use num_threads(1), so that
// gcc (whose team would be active otherwise) and ompir (one thread on the host) agree;
// target regions give the outer region more than one thread and the nested one a team of
// one (gcc's host fallback: max-active-levels is 1 by default, so nested regions are
// inactive there too).
#include <stdio.h>
#include <omp.h>

static int where(void) { return omp_get_level() * 100 + omp_get_active_level() * 10 + omp_in_parallel(); }

static int deeper(void) {
  int r = 0;
#pragma omp parallel num_threads(1)
  r = where();
  return r;
}

int main(void) {
  int h[4];
  h[0] = where();
#pragma omp parallel num_threads(1)
  {
    h[1] = where();
    h[2] = deeper();
  }
  h[3] = deeper();
  printf("host %d %d %d %d\n", h[0], h[1], h[2], h[3]);

  int d[6] = {0};
#pragma omp target map(tofrom: d)
  {
    d[0] = where();
#pragma omp parallel num_threads(4)
    {
      if (omp_get_thread_num() == 0) {
        d[1] = where();
        d[2] = deeper();
      }
    }
#pragma omp parallel num_threads(1)
    {
      d[3] = where();
      d[4] = deeper();
    }
    d[5] = deeper();
  }
  printf("target %d %d %d %d %d %d\n", d[0], d[1], d[2], d[3], d[4], d[5]);

  int s[2] = {0};
#pragma omp target teams distribute parallel for num_teams(1) num_threads(8) map(tofrom: s)
  for (int i = 0; i < 8; i++)
    if (i == 0) {
      s[0] = where();
      s[1] = deeper();
    }
  printf("spmd %d %d\n", s[0], s[1]);
  return 0;
}
