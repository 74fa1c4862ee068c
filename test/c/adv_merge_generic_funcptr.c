// Adjacent parallel regions in a target region kept generic (it calls through a function
// pointer chosen from data), with sequential code between them that reads what the first
// region wrote, prints, and feeds the second.
#include <stdio.h>
#pragma omp declare target
static int dbl(int x) { return 2 * x; }
static int inc(int x) { return x + 1; }
#pragma omp end declare target
int main(void) {
  int a[32], sel = 1;
  for (int i = 0; i < 32; i++) a[i] = i;
#pragma omp target map(tofrom: a) map(to: sel)
  {
    int (*f)(int) = sel ? dbl : inc;
    a[0] = f(a[0] + 3);
#pragma omp parallel for
    for (int i = 0; i < 32; i++) a[i] += 1;
    int m = a[31] + a[0];
    printf("between %d\n", m);
#pragma omp parallel for
    for (int i = 0; i < 32; i++) a[i] += m;
    m = a[1];
#pragma omp parallel for
    for (int i = 0; i < 32; i++) a[i] -= m;
    a[1] = f(a[2]);
  }
  long s = 0;
  for (int i = 0; i < 32; i++) s += (long)a[i] * (i + 1);
  printf("%ld\n", s);
  return 0;
}
