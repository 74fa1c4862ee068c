// expect-error: 4:13: '#pragma omp target teams distribute parallel for' must be followed by a for loop
int main(void) {
  int a[10];
#pragma omp target teams distribute parallel for map(from: a)
  a[0] = 1;
  return 0;
}
