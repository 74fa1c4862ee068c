// Pointers: arithmetic, pointers to pointers, walking arrays, comparisons with NULL.
#include <stdio.h>
#include <stddef.h>

int sum(const int *a, int n) {
  int s = 0;
  for (const int *p = a; n-- > 0; p++) s += *p;
  return s;
}

void set(int **pp, int *target) { *pp = target; }

int main(void) {
  int a[6] = {3, 1, 4, 1, 5, 9};
  printf("%d %d\n", sum(a, 6), sum(a + 2, 3));
  int *p = a + 5;
  p -= 2;
  printf("%d %d\n", *p, p[-1]);
  int *q = NULL;
  set(&q, &a[1]);
  printf("%d %d\n", q != NULL, *q);
  *q = 42;
  printf("%d\n", a[1]);
  int **qq = &q;
  **qq += 1;
  printf("%d\n", a[1]);
  char msg[4] = {'a', 'b', 'c', 0};
  char *m = msg;
  int len = 0;
  while (*m++) len++;
  printf("len %d\n", len);
  return 0;
}
