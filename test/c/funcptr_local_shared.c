// A function pointer local to a target region's sequential part, called by name inside a
// parallel region (the region captures it: it is shared, as any local it uses), and the
// same on the host. Found by the C fuzz campaign (src/tools/cgen.ts).
#include <stdio.h>
#include <stdlib.h>
static unsigned triple(unsigned x) { return x * 3u; }
static unsigned next(unsigned x) { return x + 1u; }
int main(void) {
  unsigned a[8], b[8];
  unsigned s = 1u;
#pragma omp target map(from: a)
  {
    unsigned (*fp)(unsigned) = (s & 1u) ? triple : next;
#pragma omp parallel for
    for (int i = 0; i < 8; i++)
      a[i] = fp((unsigned)i);
    fp = next;
#pragma omp parallel for
    for (int i = 0; i < 8; i++)
      a[i] = fp(a[i]);
  }
  unsigned (*hp)(unsigned) = next;
#pragma omp parallel for
  for (int i = 0; i < 8; i++)
    b[i] = hp(a[i]);
  for (int i = 0; i < 8; i++)
    if (a[i] != 3u * (unsigned)i + 1u || b[i] != a[i] + 1u) abort();
  printf("a[7] = %u, b[7] = %u\n", a[7], b[7]);
  return 0;
}
