// A triangular collapse(2): j's bounds use i.
void tri(int *a, int n) {
#pragma omp target teams distribute parallel for collapse(2) map(tofrom: a[0:n * n])
  for (int i = 0; i < n; i++)
    for (int j = i; j < n; j++)
      a[i * n + j] += 1;
}
int main(void) {
  int a[16] = {0};
  tri(a, 4);
  return a[5] + a[4];
}
