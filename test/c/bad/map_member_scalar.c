// expect-error: 7:32: 'p->n' is neither a pointer nor an array
struct vec { int n; int *q; };
int main(void) {
  int buf[8] = {0};
  struct vec v = {8, buf};
  struct vec *p = &v;
#pragma omp target map(tofrom: p->n[0:1])
  p->q[0] = 1;
  return 0;
}
