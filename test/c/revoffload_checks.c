// Reverse offload in the style of libgomp's reverse-offload tests (self-checking): the
// host sees firstprivate scalars and mapped arrays, changes them, the device sees the
// changes; repeated calls from a loop; host globals stay the host's.
// differential: no (gcc 12 does not support 'requires reverse_offload')
#include <stdio.h>
#include <stdlib.h>
#pragma omp requires reverse_offload
int host_log[8];
int host_calls = 0;
int main(void) {
  int data[8] = {0};
  int ok = 1;
#pragma omp target map(tofrom: data, ok)
  {
    for (int k = 0; k < 8; k++) {
      data[k] = k * 10;
      int val = k + 100;
#pragma omp target device(ancestor: 1) map(always, tofrom: data[k:1]) firstprivate(val)
      {
        if (data[k] != k * 10) abort();
        host_log[k] = val;
        host_calls++;
        data[k] += 1;
      }
      if (data[k] != k * 10 + 1) ok = 0;
    }
  }
  for (int k = 0; k < 8; k++)
    if (host_log[k] != k + 100 || data[k] != k * 10 + 1) abort();
  if (host_calls != 8 || !ok) abort();
  printf("reverse offload: %d calls, data[7] = %d\n", host_calls, data[7]);
  return 0;
}
