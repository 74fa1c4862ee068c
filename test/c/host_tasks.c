// Host tasks: task with firstprivate and shared data, taskgroup, taskwait, depend chains.
// ompir runs tasks at once on the encountering thread (undeferred), which respects every
// dependence; gcc may defer them, and the printed results agree.
#include <stdio.h>
#include <stdlib.h>
int fib(int n) {
  if (n < 2) return n;
  int a, b;
#pragma omp task shared(a) firstprivate(n)
  a = fib(n - 1);
#pragma omp task shared(b) firstprivate(n)
  b = fib(n - 2);
#pragma omp taskwait
  return a + b;
}
int main(void) {
  int x = 0, y = 0;
  int r = 0;
#pragma omp parallel
#pragma omp single
  {
    r = fib(15);
#pragma omp task depend(out: x) shared(x)
    x = 10;
#pragma omp task depend(in: x) depend(out: y) shared(x, y)
    y = x * 2;
#pragma omp taskgroup
    {
#pragma omp task shared(y) depend(inout: y)
      y += 1;
    }
  }
  printf("%d %d %d\n", r, x, y);
  if (r != 610 || y != 21) abort();
  return 0;
}
