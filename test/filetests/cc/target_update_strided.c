// Strided target update: each strided item is a host loop of one-element updates; a
// contiguous item stays one instruction. A stride that is not a positive constant is
// checked at run time, and so is a length that is not a known non-negative constant (a
// negative one faults as a contiguous section's does); a missing length runs to the
// array's end; a struct element's unit is its size in bytes. device(n) reaches each update.
struct pt { int x, y; };
int main(void) {
  int a[16];
  double h[10];
  struct pt p[6];
  int s = 3, n = 4, d = 1;
#pragma omp target update to(a[1:n:s], a[0:2]) from(h[1::4]) device(d)
#pragma omp target update to(p[1:2:3])
  return 0;
}
