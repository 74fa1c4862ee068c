// taskloop on the host (OpenMP 5.2 section 12.6): in the sequential part (where a local the
// loop writes without naming it is firstprivate, as for a task: its writes are lost) and
// inside `parallel` + `single` (where they are shared), with grainsize/num_tasks, reduction,
// lastprivate, a loop variable declared outside (private to the loop: the original keeps
// its value), `shared`, `nogroup` with a later taskwait, and `taskloop simd`. No body
// changes a firstprivate copy, so the number of tasks (implementation-defined) does not
// show. Before the twelfth session: "'#pragma omp taskloop' is not supported".
#include <stdio.h>
int main(void) {
  int a[100], b[100];
  long sum = 0;
  int i = -7, last = 0, scale = 3;
#pragma omp taskloop grainsize(10) reduction(+: sum) firstprivate(scale) shared(a)
  for (i = 0; i < 100; i++) {
    a[i] = i * scale;
    sum += a[i];
  }
  printf("i %d sum %ld a %d %d\n", i, sum, a[0], a[99]);
#pragma omp parallel
#pragma omp single
  {
#pragma omp taskloop num_tasks(4) lastprivate(last) shared(b)
    for (int k = 0; k < 100; k++) {
      b[k] = a[k] + 1;
      last = k;
    }
    int s2 = 0;
#pragma omp taskloop simd
    for (int k = 0; k < 100; k += 3) {
#pragma omp atomic
      s2 += b[k];
    }
    printf("last %d b %d s2 %d\n", last, b[50], s2);
  }
  int c[10] = {0}, d[10] = {0};
#pragma omp taskloop nogroup
  for (int k = 0; k < 10; k++) c[k] = k * k;
#pragma omp taskloop nogroup shared(d)
  for (int k = 0; k < 10; k++) d[k] = k * k;
#pragma omp taskwait
  printf("c %d %d d %d %d\n", c[3], c[9], d[3], d[9]);
  return 0;
}
