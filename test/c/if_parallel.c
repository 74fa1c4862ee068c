// if(parallel: c) on parallel constructs in target regions, on combined constructs and on
// the host: false gives an inactive region (a team of one, still a level), true the team
// num_threads asks for. The condition changes per iteration of a sequential time-step loop.
#include <stdio.h>
#include <omp.h>
#define N 48
int a[N], info[8][4], sums[8];
int evals, tasked;
int cond_of(int t) { evals++; return t % 3 != 1; }
int main(void) {
  for (int i = 0; i < N; i++) a[i] = i;
  int n = 6;
#pragma omp target map(tofrom: a, info, sums)
  {
    for (int t = 0; t < 6; t++) {
      int s = 0;
#pragma omp parallel for reduction(+: s) if(parallel: t % 2 == 0) num_threads(t + 2)
      for (int i = 0; i < N; i++) { a[i] = a[i] * 3 % 101 + t; s += a[i]; }
      sums[t] = s;
      int one = 0, many = 0, lvl = 0, inpar = 0;
#pragma omp parallel if(t >= 3) num_threads(4)
      {
#pragma omp single
        {
          lvl = omp_get_level();
          inpar = omp_in_parallel();
        }
        if (omp_get_num_threads() == 1) {
#pragma omp atomic
          one++;
        } else {
#pragma omp atomic
          many++;
        }
#pragma omp barrier
      }
      info[t][0] = one; info[t][1] = many > 0; info[t][2] = lvl; info[t][3] = inpar;
    }
  }
  for (int t = 0; t < 6; t++) printf("t%d sum %d one %d many %d level %d in_parallel %d\n", t, sums[t], info[t][0], info[t][1], info[t][2], info[t][3]);
  long chk = 0;
  for (int i = 0; i < N; i++) chk += (long)a[i] * (i + 1);
  printf("a %ld\n", chk);

  /* combined constructs: the modifier picks the construct */
  int b[N];
  for (int i = 0; i < N; i++) b[i] = 0;
  for (int r = 0; r < 3; r++) {
#pragma omp target teams distribute parallel for if(parallel: r != 1) map(tofrom: b) num_teams(2)
    for (int i = 0; i < N; i++) b[i] += i * (r + 1) + omp_get_level();
#pragma omp target parallel for if(target: r < 5) if(parallel: r == 2) map(tofrom: b)
    for (int i = 0; i < N; i++) b[i] ^= r;
    int act = -1;
#pragma omp target parallel if(r > 0) map(tofrom: act) num_threads(3)
    {
      if (omp_get_thread_num() == 0) act = omp_in_parallel() * 10 + omp_get_level();
    }
    printf("r%d act %d\n", r, act);
  }
  long cb = 0;
  for (int i = 0; i < N; i++) cb += (long)b[i] * (i + 7);
  printf("b %ld\n", cb);

  /* host: the condition is evaluated, the region has one thread */
  int h = 0;
#pragma omp parallel if(cond_of(n + 1)) num_threads(2)
  h += omp_get_level() * 100 + omp_get_num_threads();
#pragma omp task if(cond_of(n))
  tasked += 1000;
  printf("host %d evals %d tasked %d\n", h, evals, tasked);
  return 0;
}
