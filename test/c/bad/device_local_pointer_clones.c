// expect-error: 18:10: more than 8 versions of 'add4' for the memory spaces its pointer arguments point into (local, team-shared, global) are not supported
int add4(int *a, int *b, int *c, int *d) { return *a + *b + *c + *d; }
int main(void) {
  int g[4] = {1, 2, 3, 4};
  int r = 0;
#pragma omp target map(tofrom: r, g)
  {
    int l[4] = {5, 6, 7, 8};
    r += add4(&l[0], &g[1], &g[2], &g[3]);
    r += add4(&g[0], &l[1], &g[2], &g[3]);
    r += add4(&g[0], &g[1], &l[2], &g[3]);
    r += add4(&g[0], &g[1], &g[2], &l[3]);
    r += add4(&l[0], &l[1], &g[2], &g[3]);
    r += add4(&l[0], &g[1], &l[2], &g[3]);
    r += add4(&l[0], &g[1], &g[2], &l[3]);
    r += add4(&g[0], &l[1], &l[2], &g[3]);
    r += add4(&g[0], &g[1], &g[2], &g[3]);
    r += add4(&l[0], &l[1], &l[2], &g[3]);
    r += add4(&l[0], &l[1], &l[2], &l[3]);
    r += add4(&g[0], &l[1], &g[2], &l[3]);
  }
  return r;
}
