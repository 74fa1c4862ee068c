// expect-error: 5:35: an array section's stride is missing ('[lo:len:stride]')
int main(void) {
  int a[16];
#pragma omp target enter data map(to: a)
#pragma omp target update to(a[0:8:])
  return 0;
}
