// expect-error: 6:32: 'w.q' is not a pointer to a struct
struct vec { int n; int *q; };
int main(void) {
  int buf[8] = {0};
  struct vec w = {8, buf};
#pragma omp target map(tofrom: w.q->x[0:8])
  w.q[0] = 1;
  return 0;
}
