// oracle: clang-16
// Strided `target update` (OpenMP 5.0 array sections `a[lo:len:stride]`; gcc 12 does not
// parse them): only the section's elements move. Without an offload device the region runs
// on the host and shares the host's storage, so each check expects what the implementation
// at hand does: device copies if there is a device, shared storage if not.
#include <stdio.h>
#include <stdlib.h>
#include <omp.h>
#define N 16

struct pt { int x, y; };

int main(void) {
  int a[N], out[N];
  double h[N];
  struct pt p[6];
  int shared = omp_get_num_devices() == 0;
  for (int i = 0; i < N; i++) { a[i] = i; h[i] = i; }
  for (int i = 0; i < 6; i++) { p[i].x = i; p[i].y = -i; }
#pragma omp target enter data map(to: a[0:N], h[0:N], p)
  for (int i = 0; i < N; i++) { a[i] = 100 + i; h[i] = 0.5 * i; }
  for (int i = 0; i < 6; i++) p[i].x = 10 * i;
  int s = 3, n = 4;
  // Device: elements 1, 4, 7, 10 of a, the even elements of h from 2 on, p[1] and p[4].
#pragma omp target update to(a[1:n:s]) to(h[2:7:2]) to(p[1:2:3])
#pragma omp target map(from: out) map(to: n)
  for (int i = 0; i < N; i++) out[i] = a[i] + (int)(4 * h[i]) + (i < 6 ? 1000 * p[i].x : 0);
  int bad = 0;
  for (int i = 0; i < N; i++) {
    int ai = shared || (i % 3 == 1 && i <= 10) ? 100 + i : i;
    int hi = shared || (i >= 2 && i % 2 == 0) ? 2 * i : 4 * i;
    int pi = i >= 6 ? 0 : shared || i == 1 || i == 4 ? 10 * i : i;
    if (out[i] != ai + hi + 1000 * pi) { printf("out[%d] = %d\n", i, out[i]); bad = 1; }
  }
  // From the device: the odd elements of a come back (their host values were changed).
#pragma omp target teams distribute parallel for
  for (int i = 0; i < N; i++) a[i] = -a[i];
#pragma omp target update from(a[1:N/2:2])
  for (int i = 0; i < N; i++) {
    int dev = i % 3 == 1 && i <= 10 ? 100 + i : i;
    int want = shared ? -(100 + i) : i % 2 == 1 ? -dev : 100 + i;
    if (a[i] != want) { printf("a[%d] = %d\n", i, a[i]); bad = 1; }
  }
#pragma omp target exit data map(release: a[0:N], h[0:N], p)
  printf("strided update: %s\n", bad ? "wrong" : "ok");
  return bad;
}
