// `ordered` on the host: `parallel for ordered` with an `ordered` block, and `for ordered`
// inside `parallel` with `ordered threads`. Host teams have one thread, which runs the
// iterations in order; gcc's four threads wait their turn: the same output. Before the
// twelfth session: "'#pragma omp parallel for ordered' is not supported".
#include <stdio.h>
int main(void) {
  int s = 0;
#pragma omp parallel for ordered schedule(static, 1)
  for (int i = 0; i < 8; i++) {
    int v = i * i;
#pragma omp ordered
    {
      printf("%d %d\n", i, v);
      s += v;
    }
  }
#pragma omp parallel
  {
#pragma omp for ordered
    for (int i = 0; i < 4; i++) {
#pragma omp ordered threads
      printf("again %d\n", i);
    }
  }
  printf("s %d\n", s);
  return 0;
}
