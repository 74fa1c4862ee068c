// `parallel for` inside a generic kernel: static schedule with chunk 1 over the team
// (clang GPU default), then the implicit barrier of the worksharing loop.
int main(void) {
  int a[100];
  int n = 100;
#pragma omp target map(from: a)
  {
    int k = 3;
#pragma omp parallel for
    for (int i = 0; i < n; i++) a[i] = k * i;
  }
  return a[1];
}
