// The C library functions written in C (src/frontend/c/libc.ts), against gcc's glibc:
// rand/srand (glibc's generator: unseeded as srand(1), srand(0) as srand(1), a seed above
// INT_MAX), qsort (stable on equal keys, records larger than 32 bytes, and a comparator that
// prints each comparison: glibc's merge sort makes the same calls in the same order),
// bsearch, strncmp/strncpy/strcat/strchr/memmove (overlapping both ways), and qsort in a
// target region on device heap memory. Before the twelfth session each was "not supported".
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <omp.h>

int cmpd(const void *a, const void *b) {
  double d = *(const double *)a - *(const double *)b;
  return (d > 0) - (d < 0);
}
typedef struct { int key; char name[40]; } rec;
int cmpr(const void *a, const void *b) { return ((const rec *)a)->key - ((const rec *)b)->key; }
int cmpi(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }
int loud(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  printf("(%d,%d)", x, y);
  return x - y;
}
#pragma omp declare target to(cmpi)

int main(void) {
  int x = rand();
  int y = rand();
  int z = rand();
  printf("%d %d %d\n", x, y, z);
  srand(0);
  printf("%d\n", rand());
  srand(42);
  x = rand();
  y = rand() % 100;
  printf("%d %d\n", x, y);
  srand(4294967295u);
  printf("%d\n", rand());
  srand(2026);
  double v[20];
  for (int i = 0; i < 20; i++) v[i] = (rand() % 1000) / 7.0;
  qsort(v, 20, sizeof(double), cmpd);
  for (int i = 0; i < 20; i += 5) printf("%.3f ", v[i]);
  printf("\n");
  rec rs[9];
  for (int i = 0; i < 9; i++) {
    rs[i].key = rand() % 4;
    rs[i].name[0] = 'a' + i;
    rs[i].name[1] = 0;
  }
  qsort(rs, 9, sizeof(rec), cmpr);
  for (int i = 0; i < 9; i++) printf("%d%s ", rs[i].key, rs[i].name);
  printf("\n");
  int w[7] = {5, 1, 4, 1, 5, 9, 2};
  qsort(w, 7, sizeof(int), loud);
  printf("\n%d %d %d\n", w[0], w[3], w[6]);
  qsort(w, 0, sizeof(int), loud);
  int a[] = {1, 3, 5, 7, 9, 11};
  int k = 7;
  int *f = bsearch(&k, a, 6, sizeof(int), cmpi);
  printf("found %ld\n", f ? (long)(f - a) : -1L);
  k = 8;
  f = bsearch(&k, a, 6, sizeof(int), cmpi);
  printf("found %d\n", f != NULL);
  char buf[32];
  strncpy(buf, "hello", 8);
  strcat(buf, " world");
  printf("%s %d %d %d\n", buf, strncmp(buf, "help", 3), strncmp(buf, "help", 4) < 0, strncmp("ab", "ab", 9));
  char *c = strchr(buf, 'w');
  printf("%s %d %d\n", c, strchr(buf, 'z') == NULL, (int)(strchr(buf, 0) - buf));
  memmove(buf + 2, buf, 5);
  printf("%s\n", buf);
  memmove(buf, buf + 3, 6);
  printf("%s\n", buf);
  char t[6] = "xxxxx";
  strncpy(t, "ab", 4);
  printf("%d %d %d %c\n", t[1], t[2], t[3], t[4]);

  int src[64], out[4];
  for (int i = 0; i < 64; i++) src[i] = (i * 37) % 64;
#pragma omp target teams num_teams(4) map(to: src) map(from: out)
  {
    int team = omp_get_team_num();
    int *b = (int *)malloc(16 * sizeof(int));
    for (int i = 0; i < 16; i++) b[i] = src[team * 16 + i];
    qsort(b, 16, sizeof(int), cmpi);
    out[team] = b[0] * 1000 + b[15];
    free(b);
  }
  printf("%d %d %d %d\n", out[0], out[1], out[2], out[3]);
  return 0;
}
