// Adversarial (eleventh session; nothing found): a heat-equation time-step loop inside
// target data, collapse(2) reductions on double, long and float, a firstprivate array,
// target update of a two-dimensional section every ten steps and a data-dependent break.
#include <stdio.h>
#include <math.h>
#define NX 12
#define NY 10
double u[NX][NY], un[NX][NY];
int main(void) {
  for (int i = 0; i < NX; i++) for (int j = 0; j < NY; j++) u[i][j] = (i == 0 || j == 0) ? 100.0 : 0.0;
  double res = 0.0; int steps = 0; long cnt = 0; float fmaxv = 0.0f; unsigned char flags = 0;
  int coef[3] = {1, 2, 1};
#pragma omp target data map(tofrom: u) map(alloc: un)
  {
    for (int t = 0; t < 50; t++) {
      double r = 0.0; long c = 0; float m = 0.0f;
#pragma omp target teams distribute parallel for collapse(2) reduction(+: r, c) reduction(max: m) firstprivate(coef) num_teams(3)
      for (int i = 1; i < NX - 1; i++)
        for (int j = 1; j < NY - 1; j++) {
          un[i][j] = (coef[0] * u[i-1][j] + coef[2] * u[i+1][j] + u[i][j-1] + u[i][j+1]) / (coef[1] + 2.0);
          double d = un[i][j] - u[i][j];
          r += d * d;
          if (d > 0.5) c++;
          if ((float)d > m) m = (float)d;
        }
#pragma omp target teams distribute parallel for collapse(2)
      for (int i = 1; i < NX - 1; i++)
        for (int j = 1; j < NY - 1; j++) u[i][j] = un[i][j];
      res = r; cnt += c; if (m > fmaxv) fmaxv = m;
      steps = t + 1;
      if (t % 10 == 9) {
#pragma omp target update from(u[3:2][0:NY])
        printf("step %d u[3][3]=%.6f u[4][5]=%.6f\n", t, u[3][3], u[4][5]);
        u[3][0] = 100.0 + t;
#pragma omp target update to(u[3:1][0:NY])
      }
      if (r < 1e-3) break;
    }
  }
  double s = 0; for (int i = 0; i < NX; i++) for (int j = 0; j < NY; j++) s += u[i][j];
  printf("steps %d res %.9f cnt %ld fmax %.5f sum %.6f flags %d\n", steps, res, cnt, fmaxv, s, flags);
  return 0;
}
