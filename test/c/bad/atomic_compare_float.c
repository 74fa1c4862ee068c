// expect-error: 7:13: '#pragma omp atomic compare' on 'double' is not supported (integers only)
// The IR's compare-exchange is on integers and pointers (gcc accepts this).
int main(void) {
  double m = 0.0, e = 2.0;
#pragma omp target map(tofrom: m)
  {
#pragma omp atomic compare
    if (m < e) { m = e; }
  }
  return (int)m;
}
