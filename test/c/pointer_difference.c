// Pointer subtraction and ordering comparisons: `end - begin`, `p < end` and reverse
// `p >= a` loops, on the host and in target regions (a generic kernel's sequential part, a
// parallel region, a device function), on ints, doubles, structs, chars and 2-D arrays.
#include <stdio.h>
#include <string.h>
#include <omp.h>

struct pt { int x; double y; };

#pragma omp declare target
static long span(const int *b, const int *e) { return e - b; }
static int count_below(const double *b, const double *e, double lim) {
  int c = 0;
  for (const double *p = b; p != e && p < e; ++p) c += *p < lim;
  return c;
}
#pragma omp end declare target

int main(void) {
  int a[16];
  double d[12];
  struct pt s[5];
  char str[] = "hello, world";
  int m[4][6];
  for (int i = 0; i < 16; i++) a[i] = i * 7 % 11;
  for (int i = 0; i < 12; i++) d[i] = i * 0.5;
  for (int i = 0; i < 5; i++) { s[i].x = i; s[i].y = i * 1.5; }
  for (int i = 0; i < 4; i++) for (int j = 0; j < 6; j++) m[i][j] = i * 10 + j;

  // host
  int *end = a + 16;
  long hs = 0;
  for (int *p = a; p < end; p++) hs += *p * (end - p);
  for (int *p = end - 1; p >= a; p--) hs = hs * 3 % 1000003 + *p;
  char *comma = str;
  while (*comma != 0 && *comma != 0x2c) comma++;
  struct pt *sp = &s[4];
  printf("host %ld %ld %ld %ld %d %d %ld\n", hs, (long)(end - a), (long)(a - end), (long)(comma - str),
         (int)(sp - s), &s[1] < &s[3], (long)(&m[3][2] - &m[0][0]));

  long ds = 0, dn = 0, dp = 0, dl = 0;
  int below = 0, ord = 0;
#pragma omp target map(tofrom: a, d, s, ds, dn, dp, dl, below, ord, m)
  {
    int *e = a + 16;
    for (int *p = a; p < e; p++) ds += *p * (e - p);
    for (int *p = e - 1; p >= a; p--) ds = ds * 3 % 1000003 + *p;
    dn = span(a + 3, a + 13);
    below = count_below(d, d + 12, 3.0);
    struct pt *q = s + 1;
    ord = (q > s) * 100 + (q <= s + 1) * 10 + (q >= s + 2);
    dl = &m[2][5] - &m[1][0];
    int loc[8];
    int *le = &loc[8];
    for (int *p = loc; p < le; p++) *p = (int)(le - p);
    dl = dl * 100 + loc[0] + loc[7];
#pragma omp parallel
    {
      int *b = a + omp_get_thread_num() % 4;
      if (omp_get_thread_num() == 0) dp = (a + 16) - b + (b <= a + 16);
    }
  }
  printf("device %ld %ld %ld %d %d %ld\n", ds, dn, dp, below, ord, dl);
  return 0;
}
