// realloc on the host (memory in the calling function's frame, as malloc's) and on the device
// (the device heap): a growing buffer keeps its contents, a shrink keeps the prefix,
// realloc(NULL, n) is malloc(n), realloc(p, 0) frees p and gives NULL (glibc's answer).
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  int cap = 2, len = 0;
  int *v = malloc(cap * sizeof(int));
  for (int i = 0; i < 37; i++) {
    if (len == cap) {
      cap *= 2;
      v = realloc(v, cap * sizeof(int));
    }
    v[len++] = i * i % 17;
  }
  long hs = 0;
  for (int i = 0; i < len; i++) hs = hs * 7 + v[i];
  v = realloc(v, 5 * sizeof(int));
  double *d = realloc(NULL, 3 * sizeof(double));
  d[0] = 1.5; d[1] = 2.5; d[2] = -4.0;
  char *z = realloc(malloc(8), 0);
  printf("host %ld cap %d shrunk %d %d %d %d %d d %.1f z %d\n", hs, cap, v[0], v[1], v[2], v[3], v[4], d[0] + d[1] + d[2], z == NULL);

  long ds = 0;
  int dcap = 0, nul = -1, kept = 0;
#pragma omp target map(tofrom: ds, dcap, nul, kept)
  {
    int c = 1, n = 0;
    int *w = NULL;
    for (int i = 0; i < 50; i++) {
      if (n == c || w == NULL) {
        c *= 2;
        int *g = realloc(w, c * sizeof(int));
        if (g == NULL) break;
        w = g;
      }
      w[n++] = 3 * i + 1;
    }
    for (int i = 0; i < n; i++) ds = ds * 5 % 1000003 + w[i];
    dcap = c;
    w = realloc(w, 4 * sizeof(int));
    kept = w[0] + w[1] + w[2] + w[3];
    nul = realloc(w, 0) == NULL;
  }
  printf("device %ld cap %d kept %d zero-null %d\n", ds, dcap, kept, nul);
  free(v);
  free(d);
  return 0;
}
