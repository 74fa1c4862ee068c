// expect-error: 6:47: no mapper 'other' is declared for 'v'
struct s { int n; int *p; };
#pragma omp declare mapper(one: struct s x) map(tofrom: x, x.p[0:x.n])
int main(void) {
  struct s v = {0, 0};
#pragma omp target map(mapper(other), tofrom: v)
  v.n = 1;
  return 0;
}
