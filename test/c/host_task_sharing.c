// Implicit data-sharing of host tasks (OpenMP 5.2 section 5.1.1): a local no clause names
// is shared only when the enclosing parallel region's threads share it; otherwise the task
// gets a firstprivate copy and its changes are lost (gcc; ompir used to share every local).
#include <stdio.h>
typedef struct { int a, b; } pair_t;
int g;
void helper(int x, int *out, pair_t pr) {
  int loc = 3;
#pragma omp task
  { x += 100; loc += 100; pr.a += 100; *out += x + loc + pr.a; g++; }
#pragma omp taskwait
  *out += x * 1000 + loc * 10 + pr.a;
}
int main(void) {
  int h = 1, s = 0, arr[3] = {1, 2, 3};
  pair_t p = {5, 6};
  int *ptr = arr;
#pragma omp task
  { h += 1000; arr[0] += 10; p.a += 7; ptr[1] += 20; ptr = 0; }
#pragma omp taskwait
  printf("seq h %d arr %d %d p %d ptr %s\n", h, arr[0], arr[1], p.a, ptr ? "kept" : "null");
#pragma omp task shared(h) firstprivate(s)
  { h += 2; s += 9; }
#pragma omp task default(shared)
  { s += 4; arr[2] += 1; }
  printf("clauses h %d s %d arr2 %d\n", h, s, arr[2]);
  int outer = 10;
#pragma omp parallel num_threads(1)
  {
    int inner = 20;
#pragma omp task
    { outer += 1; inner += 1; }
#pragma omp taskwait
#pragma omp task
    {
      int deep = 0;
#pragma omp task
      { outer += 100; deep += 1; }
#pragma omp taskwait
      inner += deep;
    }
#pragma omp taskwait
#pragma omp single
    printf("par outer %d inner %d\n", outer, inner);
  }
  int q = 0;
#pragma omp parallel num_threads(1) private(q)
  {
    q = 5;
#pragma omp task
    q += 50;
#pragma omp taskwait
    if (q != 5) printf("private q changed %d\n", q);
  }
  int res = 0;
  helper(7, &res, p);
  printf("helper res %d g %d\n", res, g);
  for (int i = 0; i < 3; i++) {
#pragma omp task
    { i += 10; h += i; }
  }
  printf("loop h %d\n", h);
  return 0;
}
