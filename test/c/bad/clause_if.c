// expect-error: 5:22: clause 'if' is only supported on target regions ('if(target: …)')
int main(void) {
  int a[10], n = 10;
#pragma omp target map(tofrom: a)
#pragma omp parallel if(n > 5)
  a[0] = 1;
  return 0;
}
