// expect-error: 5:32: mapping 'v.a' is not supported (map a variable, an array section of one, or a section of a struct member such as s.p[lo:len] or p->q[lo:len])
struct s { int a[4]; };
int main(void) {
  struct s v;
#pragma omp target map(tofrom: v.a)
  v.a[0] = 1;
  return 0;
}
