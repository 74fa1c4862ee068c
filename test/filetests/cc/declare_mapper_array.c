// declare mapper on an array of structs: the array is entered first, then a host loop
// points __omp_elem at each element and enters its member section and attachment; the
// launch finds them present; after it the members leave per element, then the array.
typedef struct { int n; int *d; } row;
#pragma omp declare mapper(row r) map(tofrom: r, r.d[0:r.n])
int main(void) {
  int a[2] = {1, 2}, b[1] = {3};
  row rows[2] = {{2, a}, {1, b}};
#pragma omp target map(tofrom: rows[0:2])
  rows[1].d[0] += rows[0].d[1];
  return b[0];
}
