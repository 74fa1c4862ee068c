// Target regions under if(target: ...) (sometimes run on the host) and on device 1 of two,
// each with sequential code around a parallel region; data entered on one device only.
// ompir-args: --devices 2
#include <stdio.h>
#include <omp.h>
int main(void) {
  int a[32], b[32];
  for (int i = 0; i < 32; i++) { a[i] = i; b[i] = 2 * i; }
  int total = 0;
  for (int k = 0; k < 4; k++) {
    int seq = 0;
#pragma omp target if(target: k % 2 == 0) map(tofrom: a, seq)
    {
      seq = a[3] + k;
#pragma omp parallel for
      for (int i = 0; i < 32; i++) a[i] += seq;
      seq += a[5];
    }
    total += seq;
  }
#pragma omp target enter data map(to: b) device(1)
#pragma omp target device(1) map(tofrom: total)
  {
    int t0 = b[1];
#pragma omp parallel for reduction(+: total)
    for (int i = 0; i < 32; i++) total += b[i] + t0;
    b[0] = total;
  }
#pragma omp target exit data map(from: b) device(1)
  printf("%d %d %d\n", total, a[31], b[0]);
  return 0;
}
