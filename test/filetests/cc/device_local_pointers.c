// Pointers to a kernel's locals passed to device functions: clones whose pointer parameters
// point into local memory (and into team-shared memory for a globalized local), passed on.
#include <omp.h>
void swap(int *a, int *b) {
  int t = *a;
  *a = *b;
  *b = t;
}
static int get(const int *p) { return *p; }
static int twice(const int *p) { return 2 * get(p); }
int *larger(int *a, int *b) { return *a > *b ? a : b; }
void bump(int *p) { *p += 1; }
int main(void) {
  int r[2] = {0, 0};
#pragma omp target map(tofrom: r)
  {
    int a = 1, b = 2;
    swap(&a, &b);
    *larger(&a, &b) += 10;
    r[0] = twice(&a) + b;
    int n = 0;
#pragma omp parallel num_threads(2)
    {
      if (omp_get_thread_num() == 0)
        bump(&n);
    }
    swap(&r[1], &n);
  }
  return r[0] + r[1];
}
