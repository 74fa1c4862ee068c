// Arrays: one and two dimensions, initializers (partial, nested, string), row pointers.
#include <stdio.h>

int g[3][4] = {{1, 2, 3, 4}, {5, 6}, {9}};
double w[] = {0.5, 1.5, 2.5};

int main(void) {
  int m[2][3] = {{1, 2, 3}, {4, 5, 6}};
  int t[3][2];
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 3; j++) t[j][i] = m[i][j];
  printf("%d %d %d\n", t[0][1], t[2][0], t[2][1]);
  int sum = 0;
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 4; j++) sum += g[i][j];
  printf("g sum %d, g[1][3] = %d\n", sum, g[1][3]);
  int z[5] = {7};
  printf("%d %d %d\n", z[0], z[1], z[4]);
  char s[] = "hello";
  printf("%d %c%c %d\n", (int)sizeof(s), s[0], s[4], s[5]);
  int *row = m[1];
  printf("%d %d\n", row[0], *(row + 2));
  double tot = 0;
  for (int i = 0; i < (int)(sizeof(w) / sizeof(w[0])); i++) tot += w[i];
  printf("%.2f\n", tot);
  return 0;
}
