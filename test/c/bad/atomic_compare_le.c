// expect-error: 6:13: this '#pragma omp atomic compare' form is not supported
// OpenMP's ordop is < or >: `<=` is not an atomic compare form (gcc: "expected '==', '<' or '>'").
int main(void) {
  int m = 0;
#pragma omp target map(tofrom: m)
#pragma omp atomic compare
  if (m <= 3) { m = 3; }
  return m;
}
