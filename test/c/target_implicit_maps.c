// Implicit data-mapping rules: arrays tofrom, scalars firstprivate, pointers firstprivate
// (pointing into data mapped by an enclosing target data region), globals tofrom.
#include <stdio.h>
#include <stdlib.h>
int gsum = 0;
int garr[8] = {1, 2, 3, 4, 5, 6, 7, 8};
int main(void) {
  int arr[10];
  int k = 3;
  double *p = malloc(10 * sizeof(double));
  for (int i = 0; i < 10; i++) { arr[i] = i; p[i] = 1.0; }
#pragma omp target data map(tofrom: p[0:10])
  {
#pragma omp target
    {
      for (int i = 0; i < 10; i++) {
        arr[i] *= k;
        p[i] += arr[i];
      }
      for (int i = 0; i < 8; i++) gsum += garr[i];
      k = 100;
    }
  }
  printf("%d %d %.1f %d %d\n", arr[9], k, p[9], gsum, garr[7]);
  free(p);
  return 0;
}
