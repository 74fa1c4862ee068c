// linear(list[: step]) on loop constructs (OpenMP 5.2 section 5.4.6): each iteration k starts
// with the variable at (its value before the loop) + k * step, and the last iteration's value
// is copied out. Programs must keep that invariant themselves (gcc sets the value once per
// chunk), so every body here steps the variable. On the device in `parallel for`, `for`
// inside `parallel` (with order(concurrent)), `target parallel for`, two variables and a
// negative step on a long; on the host. Before the twelfth session: "clause 'linear' is not
// supported".
#include <stdio.h>
int main(void) {
  int a[64] = {0}, b[64] = {0};
  int j = 5;
  long q = 100;
#pragma omp parallel for linear(j: 2) linear(q: -3)
  for (int i = 0; i < 20; i++) {
    a[i] = j + (int)q;
    j += 2;
    q -= 3;
  }
  printf("host j %d q %ld a %d %d %d\n", j, q, a[0], a[7], a[19]);
  j = 1;
  int k = 0;
#pragma omp target map(tofrom: a, j, k)
#pragma omp parallel for linear(j: 3) linear(k)
  for (int i = 0; i < 64; i++) {
    a[i] = j * 10 + k;
    j += 3;
    k++;
  }
  printf("dev j %d k %d a %d %d %d\n", j, k, a[0], a[33], a[63]);
  int t = 7;
#pragma omp target map(tofrom: b, t)
#pragma omp parallel num_threads(5)
  {
#pragma omp for linear(t: 2) order(concurrent)
    for (int i = 0; i < 50; i++) {
      b[i] = t;
      t += 2;
    }
  }
  printf("dev t %d b %d %d %d\n", t, b[0], b[17], b[49]);
  long w = -4;
#pragma omp target parallel for linear(w: -5) map(tofrom: a, w)
  for (int i = 63; i >= 0; i -= 2) {
    a[i] = (int)w;
    w -= 5;
  }
  printf("dev w %ld a %d %d %d\n", w, a[63], a[31], a[1]);
  return 0;
}
