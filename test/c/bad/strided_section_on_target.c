// expect-error: 5:38: a strided array section is only supported in the motion clauses of '#pragma omp target update'
int main(void) {
  int a[16];
  int s = 2;
#pragma omp target map(tofrom: a[0:8:s])
  a[0] = 1;
  return a[0];
}
