// expect-error: 6:13: '#pragma omp target' inside a target region is not allowed
int main(void) {
  int x = 0;
#pragma omp target map(tofrom: x)
  {
#pragma omp target
    x++;
  }
  return x;
}
