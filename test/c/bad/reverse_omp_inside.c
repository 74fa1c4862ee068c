// expect-error: 9:13: '#pragma omp parallel' inside a reverse-offload region is not allowed (OpenMP forbids OpenMP constructs in 'target device(ancestor: 1)')
#pragma omp requires reverse_offload
int main(void) {
  int x = 0;
#pragma omp target map(tofrom: x)
  {
#pragma omp target device(ancestor: 1) map(always, tofrom: x)
    {
#pragma omp parallel
      x++;
    }
  }
  return x;
}
