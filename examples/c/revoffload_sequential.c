// revoffload_sequential.c — a generic kernel's main thread hands a buffer to the host.
//
// Shows: reverse offload from the sequential part of a generic kernel: the team's threads
// fill a buffer, the main thread calls back to the host with `map(always, tofrom: ...)`,
// the host sums and rescales the buffer, and the device sees the host's changes.
//
// Try:  ompir run examples/c/revoffload_sequential.c
// differential: no (device printf order and team numbers differ on the host)
#include <stdio.h>
#include <omp.h>

#pragma omp requires reverse_offload

int main(void) {
  int all[64];
#pragma omp target teams num_teams(2) thread_limit(32) map(from: all[0:64])
  {
    int team = omp_get_team_num();
    int *buf = all + team * 32;
#pragma omp parallel
    buf[omp_get_thread_num()] = omp_get_thread_num() + 1;
#pragma omp target device(ancestor: 1) map(always, tofrom: buf[0:32])
    {
      int acc = 0;
      for (int i = 0; i < 32; i++) {
        acc += buf[i];
        buf[i] *= 10;
      }
      printf("host: team %d sent a total of %d\n", team, acc);
    }
    // the host's changes are visible again on the device
    printf("device: team %d now has buf[0] = %d\n", team, buf[0]);
  }
  printf("main: all[63] = %d\n", all[63]);
  return 0;
}
