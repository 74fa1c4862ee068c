// expect-error: 7:25: function 'dev' is 'declare target device_type(nohost)' and cannot be called on the host (clang compiles every other function for the host, target regions too, for their host fallback)
// clang-16: a declare-target function of device_type(any) has a host version, which may not call a nohost one.
#pragma omp begin declare target device_type(nohost)
int dev(int x) { return x + 1; }
#pragma omp end declare target
#pragma omp begin declare target
int any(int x) { return dev(x) * 2; }
#pragma omp end declare target
int main(void) {
  int r = 0;
#pragma omp target map(tofrom: r)
  r = any(1);
  return r;
}
