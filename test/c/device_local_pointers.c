// Pointers to device locals passed to functions in target regions: swap(&a, &b), a helper
// filling a local array, a pointer passed on through two more calls (the callee's clones
// are transitive), a mix of local and mapped (global) pointers to one function, recursion
// through a local pointer, a struct local updated through its address, a globalized local
// (team-shared) of a generic kernel whose address a parallel region passes, and the same
// helpers called on the host and with mapped data.
#include <stdio.h>

struct acc {
  int n;
  long sum;
};

void swap(int *a, int *b) {
  int t = *a;
  *a = *b;
  *b = t;
}

void fill(int *v, int n, int k) {
  for (int i = 0; i < n; i++) v[i] = i * k;
}

static int sum3(const int *v) { return v[0] + v[1] + v[2]; }
static int via2(const int *v) { return sum3(v) + 1; }
static int via1(const int *v) { return via2(v) * 2; }

void add_to(int *dst, const int *src, int n) {
  for (int i = 0; i < n; i++) dst[i] += src[i];
}

int count_down(int *p) {
  if (*p == 0) return 0;
  *p -= 1;
  return 1 + count_down(p);
}

void acc_int(int *p) { *p += 1; }

void acc_add(struct acc *a, int v) {
  a->n++;
  a->sum += v;
}

int main(void) {
  int out[16] = {0};
  int g[4] = {1, 2, 3, 4};
#pragma omp target map(tofrom: out, g)
  {
    int a = 3, b = 7;
    swap(&a, &b);
    out[0] = a;
    out[1] = b;
    int v[8];
    fill(v, 8, 3);
    out[2] = v[7];
    out[3] = via1(v + 2);
    add_to(g, v, 4);      // global destination, local source
    add_to(v, g, 4);      // local destination, global source
    out[4] = v[3];
    int c = 5;
    out[5] = count_down(&c);
    out[6] = c;
    struct acc s = {0, 0};
    for (int i = 1; i <= 4; i++) acc_add(&s, i * i);
    out[7] = s.n;
    out[8] = (int)s.sum;
    swap(&g[0], &out[9]);   // global pointers: the plain device version
  }
  printf("%d %d %d %d %d %d %d %d %d %d\n", out[0], out[1], out[2], out[3], out[4], out[5], out[6], out[7], out[8], out[9]);
  printf("g %d %d %d %d\n", g[0], g[1], g[2], g[3]);

  int team[4] = {0};
#pragma omp target teams num_teams(1) map(tofrom: team)
  {
    int shared_count = 0;       // a generic kernel's local the region shares: globalized
    int local_sum[1] = {0};
#pragma omp parallel num_threads(4)
    {
#pragma omp critical
      acc_int(&shared_count);
    }
    local_sum[0] = shared_count;
    swap(&team[0], local_sum);
  }
  printf("team %d\n", team[0]);

  int x = 1, y = 2;
  swap(&x, &y);
  int hv[8];
  fill(hv, 8, 2);
  printf("host %d %d %d %d\n", x, y, hv[7], via1(hv));
  return 0;
}
