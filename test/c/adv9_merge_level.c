// omp_get_level() read between two parallel regions of a target region kept generic (a call
// through one of four function pointers chosen from data): by a helper the regions call
// too, so its level is not a constant, and directly. merge-parallel moved the helper's call
// into the merged region, where the level is 1 (ompir printed "between 1 0" under -O).
// Also the helper in a nested region (level 2).
#include <stdio.h>
#include <omp.h>
#pragma omp declare target
int lv[4];
int f0(int x) { return x + 1; }
int f1(int x) { return x * 2; }
int f2(int x) { return x - 3; }
int f3(int x) { return x ^ 5; }
// Its 80 000-byte array keeps it out of line (the inliner's alloca budget is 64 KiB).
int lvl(int a) {
  char big[80000];
  big[a & 1023] = (char)a;
  return omp_get_level() * 100 + big[a & 1023];
}
#pragma omp end declare target
int main(void) {
  int a[32], sel = 2, out[4] = {0};
  for (int i = 0; i < 32; i++) a[i] = i;
#pragma omp target map(tofrom: a, out) map(to: sel)
  {
    int (*tab[4])(int) = {f0, f1, f2, f3};
    a[0] = tab[sel & 3](a[0] + 3);
#pragma omp parallel
    {
      if (omp_get_thread_num() == 0) out[0] = lvl(1);
    }
    int l = lvl(0);
    int own = omp_get_level();
    printf("between %d %d\n", l, own);
#pragma omp parallel
    {
      if (omp_get_thread_num() == 0) {
        out[1] = lvl(2);
#pragma omp parallel
        { out[2] = lvl(3); }
      }
    }
    out[3] = lvl(l);
  }
  printf("%d %d %d %d\n", out[0], out[1], out[2], out[3]);
  return 0;
}
