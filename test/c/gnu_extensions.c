// GNU extensions that do not change meaning are accepted: __attribute__((…)) hints,
// restrict/__restrict, static inline, volatile, const pointers, long long.
#include <stdio.h>
static inline int sq(int x) __attribute__((const));
static inline int sq(int x) { return x * x; }
__attribute__((noinline)) static int twice(int x) { return 2 * x; }
int main(void) {
  int a[4] = {1, 2, 3, 4};
  int *restrict p = a;
  int * const q = a + 1;
  const int *__restrict r = a + 2;
  volatile int v = 3;
  unsigned long long big = 1ULL << 63;
  int unused __attribute__((unused)) = 0;
  printf("%d %d %d %d %d %llu\n", sq(p[0] + 1), twice(*q), *r, v, (int)sizeof(a), big);
  return 0;
}
