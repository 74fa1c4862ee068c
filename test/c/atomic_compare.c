// `#pragma omp atomic compare [capture]` (OpenMP 5.1) on integers, in target regions and on
// the host (where one thread runs the statement): max and min in the `if` and `?:` forms, each operand order, signed and unsigned,
// `long`; `x == e` as a compare-exchange (the first iteration to get there wins: only
// whether one did is printed); capture of the old value (`{ v = x; … }`) and of the new one
// (`{ …; v = x; }`). Before the twelfth session: "unknown or unsupported clause 'compare'".
#include <stdio.h>
int main(void) {
  int a[256];
  for (int i = 0; i < 256; i++) a[i] = (i * 73 + 11) % 1009 - 500;
  int mx = -1000, mn = 1000, mx2 = -1000, mn2 = 1000, won = 0, claims = 0;
  unsigned umx = 0, umn = 4000000000u;
  long lmx = -5000000000L;
  int seen_old = 0, seen_new = 0;
#pragma omp target teams distribute parallel for num_teams(4) map(to: a) map(tofrom: mx, mn, mx2, mn2, won, claims, umx, umn, lmx, seen_old, seen_new)
  for (int i = 0; i < 256; i++) {
#pragma omp atomic compare
    if (mx < a[i]) { mx = a[i]; }
#pragma omp atomic compare
    if (a[i] < mn) { mn = a[i]; }
#pragma omp atomic compare
    mx2 = a[i] > mx2 ? a[i] : mx2;
#pragma omp atomic compare
    mn2 = mn2 > a[i] ? a[i] : mn2;
    unsigned u = (unsigned)(a[i] + 600) * 1000u;
#pragma omp atomic compare
    umx = umx < u ? u : umx;
#pragma omp atomic compare
    if (umn > u) { umn = u; }
    long l = (long)a[i] * 10000000L;
#pragma omp atomic compare
    if (lmx < l) { lmx = l; }
    int old;
#pragma omp atomic compare capture
    { old = won; if (won == 0) { won = i + 1; } }
    if (old == 0) {
#pragma omp atomic
      claims++;
    }
    int now;
#pragma omp atomic compare capture
    { if (seen_new < a[i]) { seen_new = a[i]; } now = seen_new; }
    if (now < a[i]) seen_old = 1;
  }
  printf("%d %d %d %d\n", mx, mn, mx2, mn2);
  printf("%u %u %ld\n", umx, umn, lmx);
  printf("won %d claims %d new>=a %d max %d\n", won > 0, claims, seen_old == 0, seen_new);
  int h = 5, prev = 0;
#pragma omp atomic compare
  h = h == 5 ? 9 : h;
#pragma omp atomic compare capture
  { prev = h; if (h == 5) { h = 1; } }
  printf("h %d prev %d\n", h, prev);
  return 0;
}
