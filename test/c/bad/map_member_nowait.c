// expect-error: 6:13: attaching struct member sections on a 'nowait' target region is not supported
struct vec { int n; int *q; };
int main(void) {
  int buf[4] = {0};
  struct vec v = {4, buf};
#pragma omp target map(tofrom: v.q[0:4]) nowait
  v.q[0] = 1;
#pragma omp taskwait
  return 0;
}
