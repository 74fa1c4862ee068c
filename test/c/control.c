// Control flow: if/else chains, while, do-while, for with break and continue, switch with
// fall-through and default, nested loops.
#include <stdio.h>

int classify(int x) {
  if (x < 0) return -1;
  else if (x == 0) return 0;
  else return 1;
}

int main(void) {
  int sum = 0;
  for (int i = 0; i < 20; i++) {
    if (i % 3 == 0) continue;
    if (i > 15) break;
    sum += i;
  }
  printf("sum %d\n", sum);
  int n = 27, steps = 0;
  while (n != 1) {
    n = n % 2 ? 3 * n + 1 : n / 2;
    steps++;
  }
  printf("collatz %d\n", steps);
  int k = 0;
  do k += 5; while (k < 23);
  printf("do %d\n", k);
  for (int v = 0; v < 6; v++) {
    switch (v) {
      case 0: printf("zero "); break;
      case 1:
      case 2: printf("small "); /* fall through */
      case 3: printf("three-ish "); break;
      default: printf("big ");
    }
  }
  printf("\n");
  int grid = 0;
  for (int a = 0; a < 4; a++)
    for (int b = 0; b < 4; b++) {
      if (b > a) break;
      grid += a * b;
    }
  printf("grid %d %d %d %d\n", grid, classify(-4), classify(0), classify(9));
  return 0;
}
