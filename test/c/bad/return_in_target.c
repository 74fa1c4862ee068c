// expect-error: 7:5: 'return' inside an OpenMP region is not allowed
int main(void) {
  int a[10];
#pragma omp target map(from: a)
  {
    a[0] = 1;
    return 1;
  }
  return 0;
}
