// expect-error: 7:13: nested 'parallel' regions are not supported
int main(void) {
  int x = 0;
#pragma omp target map(tofrom: x)
#pragma omp parallel
  {
#pragma omp parallel
    x++;
  }
  return 0;
}
