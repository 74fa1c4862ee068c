// expect-error: 7:7: function 'twice' is 'declare target device_type(host)' and cannot be called in a target region
int twice(int x) { return 2 * x; }
#pragma omp declare target device_type(host) to(twice)
int main(void) {
  int r = 0;
#pragma omp target map(from: r)
  r = twice(4);
  return r;
}
