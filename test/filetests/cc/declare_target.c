// declare target: device copies of globals and functions; device functions for
// functions called from target regions.
#pragma omp declare target
int counter = 7;
int bump(int by) { counter += by; return counter; }
#pragma omp end declare target
int main(void) {
  int r = 0;
#pragma omp target map(from: r)
  r = bump(3);
  return r;
}
