// reduction(+) on a combined construct: a private copy per thread initialised to 0,
// combined into the mapped original with an atomic add at the end.
int main(void) {
  long sum = 0;
#pragma omp target teams distribute parallel for reduction(+: sum)
  for (int i = 0; i < 100; i++) sum += i;
  return sum == 4950 ? 0 : 1;
}
