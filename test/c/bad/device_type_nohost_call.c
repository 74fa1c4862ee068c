// expect-error: 6:10: function 'dev' is 'declare target device_type(nohost)' and cannot be called on the host (clang compiles every other function for the host, target regions too, for their host fallback)
#pragma omp begin declare target device_type(nohost)
int dev(int x) { return x + 1; }
#pragma omp end declare target
int main(void) {
  return dev(1);
}
