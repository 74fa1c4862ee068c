// expect-error: 6:43: a reduction over an array section needs constant bounds
int main(void) {
  int hist[8] = {0};
  int n = 4;
#pragma omp target map(tofrom: hist)
#pragma omp parallel for reduction(+: hist[0:n])
  for (int i = 0; i < 8; i++) hist[i % 4]++;
  return 0;
}
