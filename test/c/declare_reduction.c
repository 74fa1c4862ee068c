// User-defined reductions (`declare reduction`, OpenMP 5.2 section 5.5.11) on arithmetic
// types: a max with an initializer, a sum of absolute values on double and on long (two
// types in one declaration), a bitwise mix with a combiner that calls a function, in a
// combined target construct, a parallel loop in a target region, a generic kernel's time-step
// loop and on the host. Before the twelfth session: "'#pragma omp declare reduction' is not
// supported".
#include <stdio.h>
#pragma omp declare reduction(mx : int : omp_out = omp_out > omp_in ? omp_out : omp_in) initializer(omp_priv = -1000000)
#pragma omp declare reduction(asum : double, long : omp_out += omp_in < 0 ? -omp_in : omp_in)
#pragma omp declare target
static unsigned mixu(unsigned a, unsigned b) { return (a ^ b) | ((a & b) << 1); }
#pragma omp end declare target
#pragma omp declare reduction(mix : unsigned : omp_out = mixu(omp_out, omp_in))
int main(void) {
  int a[1000];
  double d[1000];
  for (int i = 0; i < 1000; i++) {
    a[i] = (i * 7919) % 2003 - 1000;
    d[i] = (i % 17) - 8.5;
  }
  int m = -1000000;
  double s = 0;
#pragma omp target teams distribute parallel for reduction(mx : m) reduction(asum : s) map(to: a, d)
  for (int i = 0; i < 1000; i++) {
    m = m > a[i] ? m : a[i];
    s += d[i] < 0 ? -d[i] : d[i];
  }
  printf("m %d s %.1f\n", m, s);
  long ls = 0;
  unsigned u = 0;
#pragma omp target map(to: a) map(tofrom: ls, u)
#pragma omp parallel for reduction(asum : ls) reduction(mix : u)
  for (int i = 0; i < 1000; i++) {
    ls += a[i] < 0 ? -a[i] : a[i];
    u = mixu(u, (unsigned)(a[i] & 1));
  }
  printf("ls %ld u %u\n", ls, u & 1u);
  int best = -1000000;
#pragma omp target map(to: a) map(tofrom: best)
  for (int step = 0; step < 3; step++) {
#pragma omp parallel for reduction(mx : best)
    for (int i = step; i < 1000; i += 3) best = best > a[i] - step ? best : a[i] - step;
  }
  int hm = -1000000;
#pragma omp parallel for reduction(mx : hm)
  for (int i = 0; i < 1000; i++) hm = hm > a[i] ? hm : a[i];
  printf("best %d hm %d\n", best, hm);
  return 0;
}
