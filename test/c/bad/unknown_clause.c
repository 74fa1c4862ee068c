// expect-error: 4:50: unknown or unsupported clause 'bogus' on '#pragma omp target teams distribute parallel for'
int main(void) {
  int a[10];
#pragma omp target teams distribute parallel for bogus(3) map(a)
  for (int i = 0; i < 10; i++) a[i] = i;
  return 0;
}
