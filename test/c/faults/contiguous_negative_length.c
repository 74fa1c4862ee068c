// A contiguous target update whose length is negative: a runtime map fault at the directive.
int main(void) {
  int a[8] = {0};
  int n = -2;
#pragma omp target enter data map(to: a)
#pragma omp target update to(a[0:n])
  return 0;
}
