// expect-error: 19:14: 'p' may point into team-shared memory (assigned at 20:9) or into a local variable here: a pointer variable that points into two memory spaces in device code is not supported
// A pointer variable assigned in a loop after its use: the second iteration's use sees
// the team's array through the back edge. gcc runs this; ompir used to fault.
#include <stdio.h>
#include <omp.h>
int main(void) {
  int out[8];
#pragma omp target map(from: out)
  {
    int team[8];
    for (int i = 0; i < 8; i++) team[i] = 100 + i;
#pragma omp parallel num_threads(8)
    {
      int mine[8];
      for (int i = 0; i < 8; i++) mine[i] = i;
      int *p = mine;
      int s = 0;
      for (int k = 0; k < 2; k++) {
        s += p[k];
        p = team;
      }
      out[omp_get_thread_num()] = s;
    }
  }
  printf("%d\n", out[0]);
  return 0;
}
