// declare mapper: map(tofrom: v) of a struct with a default mapper becomes the mapper's
// items for v (the struct, and its pointer member's section attached); map(to:) combines
// with the mapper's tofrom entries to `to`.
typedef struct { int n; double *x; } vec;
#pragma omp declare mapper(vec v) map(tofrom: v, v.x[0:v.n])
void scale(vec a, vec b) {
#pragma omp target map(tofrom: a)
  for (int i = 0; i < a.n; i++) a.x[i] *= 2;
#pragma omp target map(to: b)
  b.x[0] = 1;
}
int main(void) {
  double d[4] = {1, 2, 3, 4};
  vec a = {4, d}, b = {4, d};
  scale(a, b);
  return 0;
}
