// __attribute__((noinline)) reaches the IR: the helpers stay calls after -O (each form:
// before the definition, on a prototype, after a prototype's parameters), and the program
// means the same as with gcc. The helpers are pure and called from the sequential part of a
// generic target region, so spmdize runs them on every thread instead of inlining them away.
#include <stdio.h>
#include <omp.h>
__attribute__((noinline)) static int twice(int x) { return 2 * x; }
int thrice(int x) __attribute__((noinline));
int thrice(int x) { return 3 * x; }
static __attribute__((noinline)) int sum_to(int n) {
  int s = 0;
  for (int i = 1; i <= n; i++) s += i;
  return s;
}
static int plain(int x) { return x + 1; }
int main(void) {
  int out[64] = {0};
  int r[4] = {0, 0, 0, 0};
#pragma omp target teams num_teams(1) thread_limit(64) map(tofrom: out, r)
  {
    int a = twice(4), b = thrice(a), c = sum_to(b), d = plain(c);
    r[0] = a;
    r[1] = b;
    r[2] = c;
    r[3] = d;
#pragma omp parallel
    out[omp_get_thread_num()] = d;
  }
  printf("%d %d %d %d\n", r[0], r[1], r[2], r[3]);
  return 0;
}
