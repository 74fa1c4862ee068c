// Functions called from target regions get device versions (clang's implicit declare
// target): recursion, helpers calling helpers, pointer parameters into mapped data.
#include <stdio.h>
#include <stdlib.h>
int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
int sq(int x) { return x * x; }
int sumsq(const int *a, int n) {
  int s = 0;
  for (int i = 0; i < n; i++) s += sq(a[i]);
  return s;
}
void fill(int *a, int n, int v) {
  for (int i = 0; i < n; i++) a[i] = v + i;
}
int main(void) {
  int a[10];
  int out[3] = {0};
#pragma omp target map(from: a, out)
  {
    fill(a, 10, 1);
    out[0] = sumsq(a, 10);
    out[1] = fib(12);
    out[2] = sq(out[1]) - 1;
  }
  printf("%d %d %d %d\n", a[9], out[0], out[1], out[2]);
  if (out[0] != 385) abort();
  return 0;
}
