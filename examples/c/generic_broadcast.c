// generic_broadcast.c — a value computed once per team and used by every thread.
//
// Shows: each team's main thread takes a ticket from a `declare target` counter (an atomic
// capture); the region's threads all read it, so the kernel local is globalized. SPMD-izing
// must run the atomic once per team and broadcast the ticket (-O --remarks).
//
// Try:  ompir run examples/c/generic_broadcast.c -O --remarks
// differential: no (the tickets depend on the team size; gcc runs the region on the host)
#include <stdio.h>
#include <omp.h>

#pragma omp declare target
int next_ticket = 100;
#pragma omp end declare target

int main(void) {
  int out[64];
#pragma omp target teams num_teams(2) thread_limit(32) map(from: out[0:64])
  {
    int ticket;
#pragma omp atomic capture
    { ticket = next_ticket; next_ticket += 1000; }
#pragma omp parallel
    {
      int i = omp_get_team_num() * omp_get_num_threads() + omp_get_thread_num();
      out[i] = ticket + omp_get_thread_num();
    }
  }
  // team tickets are 100 and 1100 in some order; each row counts up from its ticket
  int lo = out[0] < out[32] ? out[0] : out[32];
  int hi = out[0] < out[32] ? out[32] : out[0];
  printf("tickets %d and %d, row span %d\n", lo, hi, out[31] - out[0]);
  return 0;
}
