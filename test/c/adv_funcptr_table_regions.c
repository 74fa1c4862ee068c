// A table of function pointers, some of whose functions start parallel regions, called from
// the sequential part of a target region (the kernel's state machine must reach every
// region), chosen by data.
#include <stdio.h>
#pragma omp declare target
static void fill(int *a, int v) {
#pragma omp parallel for
  for (int i = 0; i < 16; i++) a[i] = v + i;
}
static void bump(int *a, int v) {
  a[0] += v;
}
static void twice(int *a, int v) {
#pragma omp parallel for
  for (int i = 0; i < 16; i++) a[i] *= 2;
#pragma omp parallel for
  for (int i = 0; i < 16; i++) a[i] += v;
}
#pragma omp end declare target
int main(void) {
  int a[16] = {0};
  int sel[5] = {1, 0, 2, 1, 2};
#pragma omp target map(tofrom: a) map(to: sel)
  {
    void (*tab[3])(int *, int) = {fill, bump, twice};
    for (int k = 0; k < 5; k++) tab[sel[k]](a, k + 1);
  }
  long s = 0;
  for (int i = 0; i < 16; i++) s += (long)a[i] * (i + 3);
  printf("%ld\n", s);
  return 0;
}
