// defaultmap: scalars mapped tofrom (their changes come back), aggregates firstprivate
// (device copies, never back), to/from/alloc for aggregates.
#include <stdio.h>
#include <stdlib.h>
int main(void) {
  int x = 1, y = 2;
  int arr[4] = {1, 2, 3, 4};
  int out[4] = {0, 0, 0, 0};
#pragma omp target defaultmap(tofrom: scalar)
  {
    x += 10;
    y *= 3;
  }
#pragma omp target defaultmap(firstprivate: aggregate) map(tofrom: x)
  {
    arr[0] = 100;
    x += arr[0] + arr[3];
  }
#pragma omp target defaultmap(to: aggregate) map(from: out)
  {
    for (int i = 0; i < 4; i++) out[i] = arr[i] * 2;
  }
  printf("%d %d %d %d %d\n", x, y, arr[0], out[0], out[3]);
  if (x != 115 || y != 6 || arr[0] != 1) abort();
  return 0;
}
