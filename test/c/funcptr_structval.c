// Function pointers (variables, arrays, typedefs, parameters, (*fp)(x) calls) and structs
// passed and returned by value (copies: the callee's changes stay local), on the host and
// in a target region.
#include <stdio.h>
#include <stdlib.h>
typedef int (*binop)(int, int);
struct vec { double x, y; int tag; };
static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; }
int apply(binop f, int a, int b) { return f(a, b); }
struct vec scale(struct vec v, double k) {
  v.x *= k;
  v.y *= k;
  v.tag++;
  return v;
}
struct vec make(double x, double y) {
  struct vec r = {x, y, 0};
  return r;
}
double dot(struct vec a, struct vec b) { return a.x * b.x + a.y * b.y; }
int main(void) {
  binop ops[3] = {add, sub, mul};
  int (*g)(int, int) = &mul;
  int acc = 0;
  for (int i = 0; i < 3; i++) acc += ops[i](7, 3);
  acc += apply(sub, 100, 1) + (*g)(2, 5) + apply(ops[2], 3, 3);
  struct vec a = make(1.5, -2.0);
  struct vec b = scale(a, 2.0);
  double d = dot(a, b);
  int dev[2] = {0, 0};
  double devd = 0;
#pragma omp target map(tofrom: dev, devd)
  {
    binop h = add;
    dev[0] = apply(h, 40, 2);
    struct vec c = scale(make(1.0, 2.0), 3.0);
    dev[1] = c.tag;
    devd = dot(c, c);
  }
  printf("%d %.2f %.2f %d %d %.2f %d %d %.1f\n", acc, a.x, b.x, a.tag, b.tag, d, dev[0], dev[1], devd);
  if (acc != 153) abort();
  return 0;
}
