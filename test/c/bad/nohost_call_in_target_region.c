// expect-error: 9:7: function 'dev' is 'declare target device_type(nohost)' and cannot be called on the host (clang compiles every other function for the host, target regions too, for their host fallback)
// clang-16: a target region is compiled for the host too (its fallback), so it may not call a nohost function.
#pragma omp begin declare target device_type(nohost)
int dev(int x) { return x + 1; }
#pragma omp end declare target
int main(void) {
  int r = 0;
#pragma omp target map(tofrom: r)
  r = dev(1);
  return r;
}
