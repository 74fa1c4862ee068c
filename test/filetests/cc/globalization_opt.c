// The same generic kernel before and after -O: SPMD-ization removes the state machine
// and the globalized local becomes a guarded, broadcast value.
int main(void) {
  int a[64];
#pragma omp target teams num_teams(1) thread_limit(64) map(from: a)
  {
    int k = 5;
#pragma omp parallel for
    for (int i = 0; i < 64; i++) a[i] = k + i;
  }
  return a[63] == 68 ? 0 : 1;
}
