// expect-error: 5:30: 'struct vec' has no member 'nope'
struct vec { int n; int *q; };
int main(void) {
  struct vec s = {0, 0};
#pragma omp target update to(s.nope[0:2])
  return s.n;
}
