// Casts tree-sitter cannot tell from expressions without knowing which names are types
// (src/frontend/c/parse.ts repairs both): a typedef'd type in parentheses before
// `(`, `-`, `*` or `+` (`(real)(n) / 2` was read as a call of `real`), and a parenthesized
// variable before an operator that is also a unary one (`(x) - (y) * 2` was read as a cast
// to a type `x`), as macros with parenthesized parameters write them; in host code and in a
// target region. Before the twelfth session both were "'real' is not declared" / "unknown
// type 'x'".
#include <stdio.h>
typedef double real;
typedef int idx_t;
typedef struct { int a, b; } pair;
typedef int (*binop)(int, int);
#define SQ(a) ((a) * (a))
#define DIFF(a, b) ((a) - (b))
#define SCALE(v) ((real)(v) / 4)
static int add(int a, int b) { return a + b; }
int main(void) {
  int n = 7, x = 5, y = 3, z = 1;
  int *q = &n;
  real h1 = (real)(n) / 2, h2 = (real) -n / 2, h3 = (real) *q / 2, h4 = (real)(n + 1) / 2;
  idx_t i1 = (idx_t)(h1 * 10) - 1;
  int d1 = (x) - (y) * 2, d2 = (x)-y*2, d3 = DIFF(x, y) * 2, d4 = SQ(x) - SQ(y) * 2;
  int l1 = (x) && (y - 3), l2 = (z) & (x) - 4;
  pair pr = {3, 4};
  pair *pp = &pr;
  void *vp = pp;
  int fromv = ((pair *)(vp))->b;
  binop f = (binop)(add);
  printf("%g %g %g %g %d\n", h1, h2, h3, h4, i1);
  printf("%d %d %d %d %d %d %d %d\n", d1, d2, d3, d4, l1, l2, fromv, f(2, 3));
  printf("%d %d %g\n", (int)sizeof(real), (int)sizeof(pair), SCALE(n));
  real out[4];
#pragma omp target map(from: out)
  {
    int m = 9;
    out[0] = (real)(m) / 2;
    out[1] = (m) - (m) * 2;
    out[2] = SCALE(m + 1);
    out[3] = (real) -m / 4;
  }
  printf("%g %g %g %g\n", out[0], out[1], out[2], out[3]);
  return 0;
}
