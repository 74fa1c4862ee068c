// expect-error: 6:32: 'o.in' is not a struct
struct in { int *p; };
struct out { struct in *in; };
int main(void) {
  struct out o = {0};
#pragma omp target map(tofrom: o.in.p[0:4])
  o.in = 0;
  return 0;
}
