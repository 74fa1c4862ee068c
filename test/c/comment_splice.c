// A line comment ending in a backslash continues on the next line: line splicing (C11
// 5.1.1.2 phase 2) comes before comments are removed (phase 3), so the assignment after
// the first comment is part of it. Also in a pragma's line and twice in a row; line numbers
// after them still match (__LINE__). Before the twelfth session ompir ran `x = 5;` and
// printed 5 where gcc prints 1.
#include <stdio.h>
int main(void) {
  int x = 1; // a comment \
  x = 5;
  int y = 2; // two lines \
  y = 7; \
  y = 9;
  int a[4] = {0};
#pragma omp target map(tofrom: a) // mapped \
  a[0] = 99;
  a[1] = 4;
  printf("%d %d %d %d line %d\n", x, y, a[0], a[1], __LINE__);
  return x - 1;
}
