// expect-error: 4:22: clause 'device' is only allowed on target constructs, not on '#pragma omp parallel'
int main(void) {
  int x = 0;
#pragma omp parallel device(1)
  x = 1;
  return x;
}
