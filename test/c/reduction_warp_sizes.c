// Every reduction operator on team sizes that are not multiples of the warp (1, 7, 33, 63,
// 65 threads; 32 for a full warp) and on int, unsigned, long, short,
// char, float and double: the warp step (shuffles over the warp's threads), the step across
// warps (a team-shared slot) and the step across teams must agree with a plain loop. Forms:
// `target parallel for` (one SPMD team), `target teams distribute parallel for` (three SPMD
// teams), `parallel for` inside a generic `target teams`, and `reduction` on `parallel`
// around an orphaned-style `for`. Floating-point values are exact (halves, powers of two),
// so the order of the combines cannot change the result.
#include <stdio.h>
#include <stdlib.h>
#define N 200

int a[N], m[N];
double d[N], dm[N];
float f[N];

struct r {
  int sum, sub, prod, band, bor, bxor, land, lor, mn, mx;
  unsigned umn, umx;
  long lsum;
  short sx;
  char cor;
  double dsum, dprod, dmn, dmx, dland;
  float fsum;
};

static void expect(const struct r *x) {
  struct r e = { 0, 0, 1, -1, 0, 0, 1, 0, 1 << 30, -(1 << 30), 0xffffffffu, 0, 0, 0, 0, 0.0, 1.0, 1e300, -1e300, 1.0, 0.0f };
  for (int i = 0; i < N; i++) {
    e.sum += a[i]; e.sub -= a[i]; e.prod *= m[i]; e.band &= a[i] | 0x300; e.bor |= a[i] & 0xf0; e.bxor ^= a[i];
    e.land = e.land && a[i] != 51; e.lor = e.lor || a[i] == 49;
    e.mn = a[i] < e.mn ? a[i] : e.mn; e.mx = a[i] > e.mx ? a[i] : e.mx;
    e.umn = (unsigned)a[i] < e.umn ? (unsigned)a[i] : e.umn; e.umx = (unsigned)a[i] > e.umx ? (unsigned)a[i] : e.umx;
    e.lsum += (long)a[i] * 100000; e.sx ^= (short)(a[i] * 300); e.cor |= (char)(i & 0x41);
    e.dsum += d[i]; e.dprod *= dm[i]; e.dmn = d[i] < e.dmn ? d[i] : e.dmn; e.dmx = d[i] > e.dmx ? d[i] : e.dmx;
    e.dland = e.dland && d[i] != 100.0; e.fsum += f[i];
  }
  if (x->sum != e.sum || x->sub != e.sub || x->prod != e.prod || x->band != e.band || x->bor != e.bor || x->bxor != e.bxor) abort();
  if (x->land != e.land || x->lor != e.lor || x->mn != e.mn || x->mx != e.mx || x->umn != e.umn || x->umx != e.umx) abort();
  if (x->lsum != e.lsum || x->sx != e.sx || x->cor != e.cor || x->fsum != e.fsum) abort();
  if (x->dsum != e.dsum || x->dprod != e.dprod || x->dmn != e.dmn || x->dmx != e.dmx || x->dland != e.dland) abort();
}

static void show(const char *form, int t, const struct r *x) {
  printf("%s %d: + %d - %d * %d & %d | %d ^ %d && %d || %d min %d max %d umin %u umax %u long %ld short %d char %d"
         " d+ %.1f d* %g dmin %.1f dmax %.1f d&& %.1f f+ %.1f\n",
         form, t, x->sum, x->sub, x->prod, x->band, x->bor, x->bxor, x->land, x->lor, x->mn, x->mx, x->umn, x->umx,
         x->lsum, x->sx, x->cor, x->dsum, x->dprod, x->dmn, x->dmx, x->dland, (double)x->fsum);
  expect(x);
}

#define INIT \
  int sum = 0, sub = 0, prod = 1, band = -1, bor = 0, bxor = 0, land = 1, lor = 0, mn = 1 << 30, mx = -(1 << 30); \
  unsigned umn = 0xffffffffu, umx = 0; long lsum = 0; short sx = 0; char cor = 0; \
  double dsum = 0.0, dprod = 1.0, dmn = 1e300, dmx = -1e300, dland = 1.0; float fsum = 0.0f;
#define CLAUSES \
  reduction(+: sum, lsum, dsum, fsum) reduction(-: sub) reduction(*: prod, dprod) reduction(&: band) reduction(|: bor, cor) \
  reduction(^: bxor, sx) reduction(&&: land, dland) reduction(||: lor) reduction(min: mn, umn, dmn) reduction(max: mx, umx, dmx)
#define BODY \
  sum += a[i]; sub -= a[i]; prod *= m[i]; band &= a[i] | 0x300; bor |= a[i] & 0xf0; bxor ^= a[i]; \
  land = land && a[i] != 51; lor = lor || a[i] == 49; mn = a[i] < mn ? a[i] : mn; mx = a[i] > mx ? a[i] : mx; \
  umn = (unsigned)a[i] < umn ? (unsigned)a[i] : umn; umx = (unsigned)a[i] > umx ? (unsigned)a[i] : umx; \
  lsum += (long)a[i] * 100000; sx ^= (short)(a[i] * 300); cor |= (char)(i & 0x41); \
  dsum += d[i]; dprod *= dm[i]; dmn = d[i] < dmn ? d[i] : dmn; dmx = d[i] > dmx ? d[i] : dmx; \
  dland = dland && d[i] != 100.0; fsum += f[i];
#define RESULT { sum, sub, prod, band, bor, bxor, land, lor, mn, mx, umn, umx, lsum, sx, cor, dsum, dprod, dmn, dmx, dland, fsum }

static void spmd_one_team(int t) {
  INIT
#pragma omp target parallel for num_threads(t) map(to: a, m, d, dm, f) CLAUSES
  for (int i = 0; i < N; i++) { BODY }
  struct r x = RESULT;
  show("target parallel for", t, &x);
}

static void spmd_three_teams(int t) {
  INIT
#pragma omp target teams distribute parallel for num_teams(3) thread_limit(t) map(to: a, m, d, dm, f) CLAUSES
  for (int i = 0; i < N; i++) { BODY }
  struct r x = RESULT;
  show("target teams distribute parallel for", t, &x);
}

static void generic_parallel_for(int t) {
  struct r x;
#pragma omp target teams num_teams(1) thread_limit(t) map(to: a, m, d, dm, f) map(from: x)
  {
    INIT
#pragma omp parallel for CLAUSES
    for (int i = 0; i < N; i++) { BODY }
    struct r y = RESULT;
    x = y;
  }
  show("generic parallel for", t, &x);
}

static void parallel_around_for(int t) {
  INIT
#pragma omp target parallel num_threads(t) map(to: a, m, d, dm, f) CLAUSES
  {
#pragma omp for
    for (int i = 0; i < N; i++) { BODY }
  }
  struct r x = RESULT;
  show("target parallel + for", t, &x);
}

int main(void) {
  for (int i = 0; i < N; i++) {
    a[i] = (i * 37) % 101 - 50;
    m[i] = i % 50 == 7 ? 2 : (i % 9 == 0 ? -1 : 1);
    d[i] = ((i * 13) % 17 - 8) * 0.5;
    dm[i] = i % 40 == 3 ? 2.0 : (i % 11 == 0 ? -0.5 : 1.0);
    f[i] = (float)((i % 9) - 4) * 0.25f;
  }
  int sizes[] = { 1, 7, 32, 33, 63, 65 };
  for (int k = 0; k < 6; k++) {
    spmd_one_team(sizes[k]);
    spmd_three_teams(sizes[k]);
    generic_parallel_for(sizes[k]);
    parallel_around_for(sizes[k]);
  }
  return 0;
}
