// ompir-args: --devices 2
// device(n) on target regions, target data, enter/exit data and update: each device has its
// own data environment, so a section entered on device 1 is not present on device 0. gcc
// without an offload device runs every construct on the host, whose storage is shared; the
// checks expect what the implementation at hand does (omp_get_num_devices() tells which), and
// ompir runs it with two devices (the ompir-args line).
#include <stdio.h>
#include <stdlib.h>
#include <omp.h>
#define N 8

static int bad = 0;
static void expect(const char *what, int got, int want) {
  if (got != want) { printf("%s: %d, expected %d\n", what, got, want); bad = 1; }
}

int main(void) {
  int ndev = omp_get_num_devices();
  int shared = ndev == 0;
  if (!shared && ndev < 2) { printf("needs two devices\n"); return 1; }
  int a[N], out[N], out0[N];
  for (int i = 0; i < N; i++) a[i] = i;
  int d = 1;
#pragma omp target enter data map(to: a[0:N]) device(d)
  // Without devices only the initial device (the host) answers present.
  int host = omp_get_initial_device();
  expect("present on device 1", omp_target_is_present(a, d) != 0, shared ? d == host : 1);
  expect("present on device 0", omp_target_is_present(a, 0) != 0, shared ? 0 == host : 0);
  for (int i = 0; i < N; i++) a[i] = 10 * i;
  int where = -1;
  // a is present on device 1: its copy there (0, 1, ...) is used, not copied again.
#pragma omp target device(d) map(from: out) map(tofrom: where)
  {
    where = omp_get_device_num();
    for (int i = 0; i < N; i++) out[i] = a[i];
  }
  expect("device number in the region", where, shared ? omp_get_initial_device() : d);
  // Not present on device 0: a fresh copy of the host's values.
#pragma omp target device(0) map(from: out0)
  for (int i = 0; i < N; i++) out0[i] = a[i] + 1;
  for (int i = 0; i < N; i++) {
    expect("device 1 copy", out[i], shared ? 10 * i : i);
    expect("device 0 copy", out0[i], 10 * i + 1);
  }
#pragma omp target teams distribute parallel for device(device_num: d)
  for (int i = 0; i < N; i++) a[i] += 2;
  expect("host a[3] before update", a[3], shared ? 32 : 30);
#pragma omp target update from(a[0:N]) device(d)
  expect("host a[3] after update", a[3], shared ? 32 : 5);
  int sum = 0;
#pragma omp target data map(tofrom: sum) device(d - 1)
  {
#pragma omp target device(0) map(to: a[0:N]) map(tofrom: sum)
    for (int i = 0; i < N; i++) sum += a[i];
  }
  expect("sum on device 0", sum, shared ? 10 * 28 + 16 : 28 + 16);
#pragma omp target exit data map(delete: a[0:N]) device(d)
  expect("present on device 1 after exit data", omp_target_is_present(a, d) != 0, shared ? d == host : 0);
  printf("device clause: %s\n", bad ? "wrong" : "ok");
  return bad;
}
