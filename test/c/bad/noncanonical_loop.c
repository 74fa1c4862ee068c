// expect-error: 5:19: the loop of an OpenMP worksharing construct must be in canonical form (the condition must compare the loop variable)
int main(void) {
  int a[10];
#pragma omp target teams distribute parallel for map(from: a)
  for (int i = 0; i * i < 10; i++) a[i] = i;
  return 0;
}
