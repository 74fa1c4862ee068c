// shared_variable.c — a kernel local that a parallel region uses: clang globalizes it.
//
// Shows: `target teams` with code before a nested `parallel` is a generic kernel; `sum` is
// declared in the sequential part and shared by the region's threads, so it lives in
// team-shared storage (omp.alloc_shared/omp.free_shared in the lowered module).
//
// Try:  ompir cc examples/c/shared_variable.c
//       ompir run examples/c/shared_variable.c -O --remarks
// differential: no (the result depends on the team size; gcc runs the region on the host)
#include <stdio.h>
#include <omp.h>

int main(void) {
  int out[3];
#pragma omp target teams num_teams(3) thread_limit(64) map(from: out[0:3])
  {
    int sum = 1000;
#pragma omp parallel
    {
#pragma omp atomic
      sum += omp_get_thread_num();
    }
    out[omp_get_team_num()] = sum;
  }
  // 1000 + (0 + 1 + ... + 63) = 3016 in every team
  printf("team 0: %d, team 2: %d\n", out[0], out[2]);
  return 0;
}
