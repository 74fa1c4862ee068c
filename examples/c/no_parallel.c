// no_parallel.c — a target region without any parallel region: a generic kernel whose
// main thread does all the work (each team its own half).
//
// Try:  ompir run examples/c/no_parallel.c --stats
#include <stdio.h>
#include <omp.h>

int main(void) {
  int data[32];
  int n = 16;
  for (int i = 0; i < 32; i++) data[i] = 1;
#pragma omp target teams num_teams(2) map(tofrom: data[0:32])
  {
    int first = omp_get_team_num() * n;
    int acc = 0;
    for (int i = 0; i < n; i++) {
      acc += data[first + i];
      data[first + i] = acc;
    }
  }
  printf("data[15] = %d, data[31] = %d\n", data[15], data[31]);
  return 0;
}
