// expect-error: 6:30: 'p' is not a struct
struct vec { int n; int *q; };
int main(void) {
  struct vec s = {0, 0};
  struct vec *p = &s;
#pragma omp target update to(p.q[0:2])
  return s.n;
}
