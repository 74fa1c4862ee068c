// The integer constant 0 assigned to a pointer is the null pointer (C11 6.3.2.3): it was
// accepted in an initializer but `p = 0;` was rejected ("converting 'int' to a pointer is
// not supported"). Host and device, with -O.
#include <stdio.h>
int data[8];
int *find(int *a, int n, int key) {
  int *hit;
  hit = 0;
  for (int i = 0; i < n; i++) if (a[i] == key) { hit = &a[i]; break; }
  return hit;
}
int main(void) {
  int a = 1, *p = &a, *q;
  p = 0;
  q = (0);
  for (int i = 0; i < 8; i++) data[i] = i * 3;
  int found = 0, missing = 0;
#pragma omp target map(tofrom: data, found, missing)
  {
    int *r;
    r = find(data, 8, 12);
    if (r != 0) { *r += 100; found = 1; }
    r = find(data, 8, 13);
    missing = r == 0;
    r = 0;
#pragma omp parallel for
    for (int i = 0; i < 8; i++) {
      int *s = &data[i];
      if (i % 2) s = 0;
      if (s) *s += 1;
    }
  }
  printf("%d %d %d %d", p == 0, q == 0, found, missing);
  for (int i = 0; i < 8; i++) printf(" %d", data[i]);
  printf("\n");
  return 0;
}
