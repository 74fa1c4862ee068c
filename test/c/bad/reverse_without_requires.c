// expect-error: 6:20: 'device(ancestor: 1)' needs '#pragma omp requires reverse_offload' earlier in the file
int main(void) {
  int x = 0;
#pragma omp target map(tofrom: x)
  {
#pragma omp target device(ancestor: 1) map(always, tofrom: x)
    x++;
  }
  return x;
}
