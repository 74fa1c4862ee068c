// expect-error: 6:13: a 'declare mapper' applied to an array of structs on a 'nowait' target region is not supported
struct s { int n; int *p; };
#pragma omp declare mapper(struct s x) map(tofrom: x, x.p[0:x.n])
int main(void) {
  struct s vs[2] = {{0, 0}, {0, 0}};
#pragma omp target map(tofrom: vs) nowait
  vs[0].n = 1;
#pragma omp taskwait
  return 0;
}
