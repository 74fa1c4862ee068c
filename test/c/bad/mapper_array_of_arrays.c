// expect-error: 6:32: a 'declare mapper' applied to 'vs', an array of arrays of structs, is not supported
struct s { int n; int *p; };
#pragma omp declare mapper(struct s x) map(tofrom: x, x.p[0:x.n])
int main(void) {
  struct s vs[2][2] = {{{0, 0}, {0, 0}}, {{0, 0}, {0, 0}}};
#pragma omp target map(tofrom: vs)
  vs[0][0].n = 1;
  return 0;
}
