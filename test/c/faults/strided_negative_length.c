// A strided target update whose length is negative faults as a contiguous one does.
int main(void) {
  int a[8] = {0};
  int n = -2;
#pragma omp target enter data map(to: a)
#pragma omp target update to(a[0:n:2])
  return 0;
}
