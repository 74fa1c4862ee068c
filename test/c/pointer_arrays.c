// Arrays of pointers whose elements point into different memory spaces, module globals
// (declare target) and locals, in a target region: each element stored at a constant index
// keeps its own space (tab[0] a local array, tab[1] a declare target global), a loop over
// elements that all point into one space, and a module-global pointer array on the host
// holding malloc blocks filled by helpers.
#include <stdio.h>
#include <stdlib.h>

#pragma omp declare target
int *tab[3];
int data[4] = {10, 20, 30, 40};
int more[4] = {1, 1, 1, 1};
#pragma omp end declare target

int *rows[3];

static void make_rows(int n) {
  for (int k = 0; k < 3; k++) {
    rows[k] = malloc(n * sizeof(int));
    for (int i = 0; i < n; i++) rows[k][i] = k * 10 + i;
  }
}

int main(void) {
  int r[6] = {0};
#pragma omp target map(tofrom: r)
  {
    int loc[4] = {1, 2, 3, 4};
    tab[0] = loc;
    tab[1] = data;
    tab[2] = more;
    tab[1][2] += tab[0][3];
    r[0] = tab[0][3] + tab[1][2];
    int *mix[2];
    int other[2] = {5, 6};
    mix[0] = other;
    mix[1] = &data[1];
    r[1] = mix[0][1] * 100 + mix[1][0];
    // a loop: tab[1] and tab[2] both point into global memory
    int s = 0;
    int *glob[2];
    glob[0] = tab[1];
    glob[1] = tab[2];
    for (int k = 0; k < 2; k++)
      for (int i = 0; i < 4; i++) s += glob[k][i];
    r[2] = s;
    tab[2] = loc + 1;   // the element now points into local memory
    r[3] = tab[2][0];
  }
  printf("%d %d %d %d\n", r[0], r[1], r[2], r[3]);

  make_rows(4);
  long t = 0;
  for (int k = 0; k < 3; k++)
    for (int i = 0; i < 4; i++) t += rows[k][i];
  int *row1 = rows[1];
#pragma omp target map(tofrom: row1[0:4])
  for (int i = 0; i < 4; i++) row1[i] *= 2;
  printf("%ld %d %d\n", t, rows[1][0], rows[1][3]);
  for (int k = 0; k < 3; k++) free(rows[k]);
  return 0;
}
