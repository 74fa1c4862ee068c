// expect-error: 6:37: a 'declare mapper' for 'v' on '#pragma omp target data' is not supported (only on target regions)
struct s { int n; int *p; };
#pragma omp declare mapper(struct s x) map(tofrom: x, x.p[0:x.n])
int main(void) {
  struct s v = {0, 0};
#pragma omp target data map(tofrom: v)
  v.n = 1;
  return 0;
}
