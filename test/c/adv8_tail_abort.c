// A target region's sequential tail after its parallel loop: a print, then an abort or an
// endless loop on a condition never true, then a store; the same in a recursive helper the
// region calls. spmdize guarded the tail as one region that ended at the kernel's end; the
// check's branch then reconverged only at the exit and thread 0 waited alone at the
// closing barrier (deadlock under -O with the auto, branch and mask schemes).
#include <stdio.h>
#include <stdlib.h>
#pragma omp declare target
int g[64];
int deep(int n, int d) {
#pragma omp parallel for
  for (int i = 0; i < 64; i++) g[i] += i;
  printf("deep %d\n", d);
  if (n < -1000) abort();
  if (n < -2000) for (;;) printf("spin\n");
  g[1] = d;
  return d > 0 ? deep(n, d - 1) + 1 : 0;
}
#pragma omp end declare target
int main(void) {
  int b[64] = {0};
  int n = 5;
#pragma omp target map(tofrom: b) firstprivate(n)
  {
#pragma omp parallel for
    for (int i = 0; i < 64; i++) b[i] = i + n;
    printf("tail %d\n", b[3]);
    if (n < -1000) abort();
    if (n < -2000) for (;;) printf("spin\n");
    b[1] = 7;
  }
  int r = 0;
#pragma omp target map(tofrom: r) firstprivate(n)
  {
    r = deep(n, 2);
  }
#pragma omp target update from(g)
  printf("%d %d %d %d\n", b[1], b[63], r, g[5]);
  return 0;
}
