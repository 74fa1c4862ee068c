// device(n) and device(device_num: n): the i32 device operand of the launch and of each data
// directive (clang: the device id argument of __tgt_target_kernel and the data mappers).
int main(void) {
  int a[4] = {0};
  long d = 1;
#pragma omp target enter data map(to: a) device(d)
#pragma omp target device(device_num: d) map(tofrom: a)
  a[0] = 1;
#pragma omp target data map(tofrom: a) device(0)
  {
#pragma omp target update from(a[0:2]) device(0)
  }
#pragma omp target exit data map(from: a) device(d)
  return 0;
}
