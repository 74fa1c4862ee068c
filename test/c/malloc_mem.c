// malloc/calloc/free, memset and memcpy on the host.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
  int n = 50;
  int *a = (int *)malloc(n * sizeof(int));
  double *z = calloc(n, sizeof(double));
  for (int i = 0; i < n; i++) a[i] = i * 3;
  int *b = malloc(n * sizeof *b);
  memcpy(b, a, n * sizeof(int));
  memset(a, 0, 10 * sizeof(int));
  long s = 0;
  double zs = 0;
  for (int i = 0; i < n; i++) {
    s += a[i] + b[i];
    zs += z[i];
  }
  printf("%ld %d %d %.1f\n", s, a[9], a[10], zs);
  free(a);
  free(b);
  free(z);
  return 0;
}
