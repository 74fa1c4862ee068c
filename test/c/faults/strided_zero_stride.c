// A strided target update whose stride is not positive: a runtime error at the directive.
int main(void) {
  int a[8] = {0};
  int s = 0;
#pragma omp target enter data map(to: a)
#pragma omp target update to(a[0:4:s])
  return 0;
}
