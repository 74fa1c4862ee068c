// Brace elision in initializers (C11 6.7.9 p20): an aggregate member met by an item that is
// not a braced list takes as many items as it has scalars. Matrices initialized flat, arrays
// of structs, a struct member of a struct, a braced sub-list in the middle, char arrays from
// string literals and characters, a struct-typed expression initializing a member whole; for
// globals (constant bytes) and locals, on the host and in a target region. Before the twelfth
// session: "excess elements in array initializer".
#include <stdio.h>
struct P { int a; double b[2]; };
struct Q { struct P p; int tag; };
struct P gp[2] = {1, 2.0, 3.0, 4, 5.0, 6.0};
char names[2][4] = {"ab", "cd"};
struct Q gq = {7, 1.5, 2.5, 9};
int main(void) {
  struct P one = {10, 11.0, 12.0};
  struct P arr[2] = {one, {20, {21.0, 22.0}}};
  struct Q q = {one, 3};
  struct Q q2 = {30, 31.0, 32.0, 33};
  int m[2][2][2] = {{1, 2, 3, 4}, 5, 6, {7, 8}};
  char cs[2][3] = {"x", 'y', 'z'};
  printf("%d %g %d %g %s %s %d %g %d\n", gp[1].a, gp[1].b[1], gq.p.a, gq.p.b[1], names[0], names[1], gq.tag, arr[0].b[1], arr[1].a);
  printf("%d %d %g %d %d %d %d %d %c%c\n", q.p.a, q.tag, q2.p.b[0], q2.tag, m[1][0][0], m[1][0][1], m[1][1][0], m[1][1][1], cs[1][0], cs[1][1]);
  int out[4];
  #pragma omp target map(from: out)
  { int d[2][2] = {1, 2, 3, 4}; out[0] = d[1][0]; struct P lp[2] = {5, 6.0, 7.0, 8}; out[1] = lp[1].a; out[2] = (int)lp[0].b[1]; out[3] = (int)lp[1].b[0]; }
  printf("%d %d %d %d\n", out[0], out[1], out[2], out[3]);
  return 0;
}
