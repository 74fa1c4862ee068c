// A convergence loop in a target region: a parallel reduction each step, the main thread
// prints and checks (abort on a never-true condition) every step, the trip count depends
// on the data; a second parallel loop only on some steps; after the loop an endless loop
// guarded by a never-true test, then stores. On c82d74b `ompir run -O` deadlocked after the
// last step (auto, branch, mask): the tail was guarded as one region ending at the exit.
#include <stdio.h>
#include <stdlib.h>
int main(void) {
  int a[96];
  int steps = 0;
  long res = 0;
  for (int i = 0; i < 96; i++) a[i] = (i * 37) % 101;
#pragma omp target map(tofrom: a, steps, res)
  {
    long r = 1000000;
    int it = 0;
    while (r > 500 && it < 40) {
      long sum = 0;
#pragma omp parallel for reduction(+: sum)
      for (int i = 0; i < 96; i++) { a[i] = a[i] / 2 + (i % 3); sum += a[i]; }
      r = sum;
      printf("it %d r %ld\n", it, r);
      if (r < -1) abort();
      if (it % 3 == 2) {
#pragma omp parallel for
        for (int i = 0; i < 96; i++) a[i] += 1;
      }
      it++;
    }
    if (it > 1000) for (;;) printf("spin\n");
    steps = it;
    res = r;
  }
  printf("%d %ld %d\n", steps, res, a[95]);
  return 0;
}
