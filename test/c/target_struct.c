// Structs in target regions: a struct mapped implicitly (tofrom), an array of structs,
// struct members updated on the device.
#include <stdio.h>
#include <stdlib.h>
struct stats { int count; double total; int hist[4]; };
struct particle { double x, v; };
int main(void) {
  struct stats st = {0, 0.0, {0, 0, 0, 0}};
  struct particle ps[16];
  for (int i = 0; i < 16; i++) { ps[i].x = i; ps[i].v = 0.5 * i; }
#pragma omp target map(tofrom: st, ps)
  {
    for (int i = 0; i < 16; i++) {
      ps[i].x += ps[i].v;
      st.count++;
      st.total += ps[i].x;
      st.hist[i % 4] += 1;
    }
  }
  printf("%d %.2f %d %d %.2f\n", st.count, st.total, st.hist[0], st.hist[3], ps[15].x);
  if (st.count != 16) abort();
  return 0;
}
