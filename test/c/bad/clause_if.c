// expect-error: 4:20: clause 'if' is not supported
int main(void) {
  int a[10], n = 10;
#pragma omp target if(n > 5) map(tofrom: a)
  a[0] = 1;
  return 0;
}
