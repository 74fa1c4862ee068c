// expect-error: 7:49: 'p->q' is mapped twice
struct vec { int n; int *q; };
int main(void) {
  int buf[8] = {0};
  struct vec v = {8, buf};
  struct vec *p = &v;
#pragma omp target map(to: p->q[0:8]) map(from: p->q[0:8])
  p->q[0] = 1;
  return buf[0] - 1;
}
