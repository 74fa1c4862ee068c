// expect-error: 4:13: '#pragma omp ordered' is not supported
int main(void) {
  int a[10];
#pragma omp ordered
  for (int i = 0; i < 10; i++) a[i] = i;
  return 0;
}
