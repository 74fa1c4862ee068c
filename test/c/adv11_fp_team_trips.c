// Adversarial (eleventh session; nothing found): a function pointer chosen per iteration
// and team (a select, so specialize-indirect resolves it and the kernel becomes SPMD), a
// trip count that differs per team, helpers with early returns and regions asking
// omp_get_team_num/omp_get_num_teams, called from a generic and an SPMD kernel.
#include <stdio.h>
#include <omp.h>
#define T 3
int res[T][64], acc[T], spm[64];
#pragma omp declare target
int team_scale(void) { return omp_get_team_num() * 10 + omp_get_num_teams(); }
void work_a(int *r, int k) {
  if (k > 4) return;
#pragma omp parallel for
  for (int i = 0; i < 64; i++) r[i] += i * k + team_scale();
}
void work_b(int *r, int k) {
  int s = 0;
  if (k == 3) { r[1] += 7; return; }
#pragma omp parallel for reduction(+: s)
  for (int i = 0; i < 64; i++) { r[i] ^= k; s += (r[i] & 7) + (omp_get_num_teams() > 1); }
  r[0] += s;
}
#pragma omp end declare target
int main(void) {
#pragma omp target teams num_teams(T) thread_limit(64) map(tofrom: res, acc)
  {
    int tm = omp_get_team_num();
    int n = tm * 2 + 1 + (omp_get_num_teams() == T);
    int total = team_scale();
    for (int it = 0; it < n; it++) {
      void (*f)(int *, int) = ((it + tm) % 2) ? work_a : work_b;
      f(res[tm], it + tm);
      total += res[tm][it];
      if (total > 5000 && tm == 1) break;
    }
    acc[tm] = total;
  }
  for (int t = 0; t < T; t++) {
    long s = 0; for (int i = 0; i < 64; i++) s += (long)res[t][i] * (i + 3);
    printf("team %d acc %d sum %ld\n", t, acc[t], s);
  }
#pragma omp target teams distribute parallel for num_teams(2) map(tofrom: spm)
  for (int i = 0; i < 64; i++) spm[i] = team_scale() >= 2 ? i : -i;
  long s = 0; for (int i = 0; i < 64; i++) s += spm[i];
  printf("spmd %ld\n", s);
  return 0;
}
