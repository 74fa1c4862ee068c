// expect-error: 6:13: '#pragma omp taskloop' is not supported
// taskloop runs on the host only (the device has no tasks here).
int main(void) {
  int a[10];
#pragma omp target map(from: a)
#pragma omp taskloop
  for (int i = 0; i < 10; i++) a[i] = i;
  return a[3];
}
