// expect-error: 7:49: 'p' must be mapped to attach 'p->q'
struct vec { int n; int *q; };
int main(void) {
  int buf[4] = {0};
  struct vec v = {4, buf};
  struct vec *p = &v;
#pragma omp target is_device_ptr(p) map(tofrom: p->q[0:4])
  p->q[0] = 1;
  return 0;
}
