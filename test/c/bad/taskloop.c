// expect-error: 4:13: '#pragma omp taskloop' is not supported
int main(void) {
  int a[10];
#pragma omp taskloop
  for (int i = 0; i < 10; i++) a[i] = i;
  return 0;
}
