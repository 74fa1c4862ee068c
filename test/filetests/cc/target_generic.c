// target teams with sequential code before a parallel region: a generic kernel; the
// local `base` is used by the region, so it is globalized (omp.alloc_shared).
#include <omp.h>
int main(void) {
  int out[64];
#pragma omp target teams num_teams(2) thread_limit(32) map(from: out)
  {
    int base = 100 * omp_get_team_num();
#pragma omp parallel
    out[omp_get_team_num() * 32 + omp_get_thread_num()] = base + omp_get_thread_num();
  }
  return out[0];
}
