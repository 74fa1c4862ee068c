// Reductions over arrays (OpenMP 4.5): a whole array of constant length or a section of
// constant bounds, each element reduced as a scalar (docs/C.md). Before: "reduction on
// 'int[4]' is not supported" and "array sections in 'reduction' are not supported".
// Multi-team combined constructs, a generic kernel's local array shared with its regions,
// num_threads regions (a partial warp), teams distribute, nested regions, every operator
// kind (atomic ones and those under a lock), the host.
#include <stdio.h>
#include <omp.h>
#define N 50
int hist[5];
long lsum[3];
int main(void) {
  int a[N];
  for (int i = 0; i < N; i++) a[i] = (i * 7 + 3) % 17;
#pragma omp target teams distribute parallel for reduction(+: hist) num_teams(3) map(to: a)
  for (int i = 0; i < N; i++) hist[a[i] % 5]++;
  printf("hist %d %d %d %d %d\n", hist[0], hist[1], hist[2], hist[3], hist[4]);

  int mx[3] = {-100, -100, -100}, mn[3] = {100, 100, 100};
  double ds[2] = {0.5, 0.25};
  unsigned char flags[4] = {0, 0, 0, 0};
  float prod[2] = {1.0f, 2.0f};
  int all[2] = {1, 1};
#pragma omp target map(tofrom: mx, mn, ds, flags, prod, all, lsum) map(to: a)
  {
    int seen[4] = {0, 0, 0, 0};
    for (int t = 0; t < 3; t++) {
#pragma omp parallel for reduction(max: mx) reduction(min: mn[1:2]) reduction(+: seen, ds) num_threads(t + 2)
      for (int i = 0; i < N; i++) {
        mx[i % 3] = a[i] + t > mx[i % 3] ? a[i] + t : mx[i % 3];
        if (a[i] - t < mn[1]) mn[1] = a[i] - t;
        if (a[i] * 2 < mn[2]) mn[2] = a[i] * 2;
        seen[a[i] % 4] += 1;
        ds[i % 2] += a[i] * 0.125;
      }
    }
#pragma omp parallel reduction(|: flags[0:3]) reduction(*: prod) reduction(&&: all) num_threads(3)
    {
      int me = omp_get_thread_num();
      flags[me % 3] |= (unsigned char)(1 << (me % 7));
      if (me < 3) prod[me % 2] *= 1.5f;
      all[0] = all[0] && a[me % N] >= 0;
      all[1] = all[1] && me < 2;
    }
#pragma omp parallel for reduction(+: lsum[0:2])
    for (int i = 0; i < N; i++) {
      lsum[0] += seen[i % 4];
      lsum[1] += (long)i * a[i];
    }
  }
  printf("mx %d %d %d mn %d %d %d ds %.4f %.4f\n", mx[0], mx[1], mx[2], mn[0], mn[1], mn[2], ds[0], ds[1]);
  printf("flags %d %d %d %d prod %.4f %.4f all %d %d lsum %ld %ld %ld\n", flags[0] != 0, flags[1] != 0, flags[2] != 0, flags[3],
         prod[0], prod[1], all[0], all[1], lsum[0], lsum[1], lsum[2]);

  int tsum[3] = {0, 0, 0};
#pragma omp target teams distribute reduction(+: tsum) num_teams(2) map(to: a)
  for (int i = 0; i < N; i++) tsum[i % 3] += a[i];
  int hs[2] = {0, 0};
#pragma omp parallel for reduction(+: hs)
  for (int i = 0; i < N; i++) hs[i % 2] += a[i];
  printf("tsum %d %d %d host %d %d\n", tsum[0], tsum[1], tsum[2], hs[0], hs[1]);
  return 0;
}
