// main(int argc, char **argv), as real programs declare it: run without arguments, argc is
// 1, argv[0] a name and argv[1] NULL (ompir gives the C file's name; gcc's binary its path,
// so argv[0] itself is not printed). Before the eleventh session: "'main' with parameters is
// not supported". The usual default-size idiom picks its default.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char *argv[]) {
  int n = argc > 1 ? atoi(argv[1]) : 64;
  int a[64];
#pragma omp target teams distribute parallel for map(from: a)
  for (int i = 0; i < n; i++) a[i] = 2 * i;
  long s = 0;
  for (int i = 0; i < n; i++) s += a[i];
  printf("argc %d, argv[0] named: %d, argv[argc] null: %d, n %d, sum %ld\n", argc, strlen(argv[0]) > 0, argv[argc] == NULL, n, s);
  return 0;
}
