// omp_target_is_present against the device's present table: after `target enter data` and
// inside `target data` a section is present, after `target exit data` it is not, and storage
// never mapped is not. gcc without an offload device answers 1 for every pointer (the
// default device is then the host, where all storage is its own), so the answers that
// differ from ompir's are checked against omp_get_num_devices() rather than printed.
#include <stdio.h>
#include <stdlib.h>
#include <omp.h>
#define N 16

static int present(const void *p, int dev) { return omp_target_is_present(p, dev) != 0; }

static void check_absent(const char *what, const void *p, int dev) {
  // Absent storage is still "present" on the host fallback device.
  int expect = omp_get_num_devices() == 0;
  if (present(p, dev) != expect) {
    printf("%s: wrong answer\n", what);
    abort();
  }
}

int main(void) {
  int a[N], b[N];
  double *h = (double *)malloc(N * sizeof(double));
  for (int i = 0; i < N; i++) { a[i] = i; b[i] = -i; h[i] = i * 0.5; }
  int dev = omp_get_default_device(), host = omp_get_initial_device();
  printf("initial device: %d\n", present(a, host));
  check_absent("a before enter data", a, dev);
#pragma omp target enter data map(to: a[0:N]) map(alloc: h[4:8])
  printf("a after enter data: %d, a[N-1]: %d\n", present(a, dev), present(&a[N - 1], dev));
  printf("h[4]: %d, h[11]: %d\n", present(h + 4, dev), present(&h[11], dev));
  check_absent("h[3], before the section", h + 3, dev);
  check_absent("h[12], past the section", h + 12, dev);
  check_absent("b, never mapped", b, dev);
#pragma omp target data map(tofrom: b)
  {
    printf("b inside target data: %d\n", present(b + 3, dev));
#pragma omp target teams distribute parallel for
    for (int i = 0; i < N; i++) b[i] += a[i];
  }
  check_absent("b after target data", b, dev);
#pragma omp target exit data map(release: a[0:N]) map(delete: h[4:8])
  check_absent("a after exit data", a, dev);
  check_absent("h after exit data", h + 4, dev);
  // A device pointer is not a host pointer that is present (OpenMP 5.2 section 18.8.4).
  void *d = omp_target_alloc(N * sizeof(int), dev);
  check_absent("omp_target_alloc buffer", d, dev);
  check_absent("inside the omp_target_alloc buffer", (char *)d + 8, dev);
  omp_target_free(d, dev);
  int s = 0;
  for (int i = 0; i < N; i++) s += b[i];
  printf("sum %d\n", s);
  free(h);
  return 0;
}
