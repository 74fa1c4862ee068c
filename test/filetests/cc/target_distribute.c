// distribute alone in a generic target teams region: each team takes one block of
// iterations (static, no chunk), run by its main thread.
int main(void) {
  int a[64];
#pragma omp target teams num_teams(4) map(from: a)
  {
#pragma omp distribute
    for (int i = 0; i < 64; i++) a[i] = i;
  }
  return a[5];
}
