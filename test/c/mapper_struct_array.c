// declare mapper applied to array sections of structs (OpenMP 5.2 section 5.8.8: the mapper
// maps each element): map(tofrom: arr) and an array the region uses without a clause take
// the type's default mapper, map(mapper(id), tofrom: p[lo:len]) a named one on a pointer's
// section; enter/exit data and target update apply it per element too. Every element's
// pointer member is attached on the device and keeps its host value on the host.
// gcc 12 does not know declare mapper.
// oracle: clang-16
#include <stdio.h>
#include <stdlib.h>
typedef struct { int n; int *d; } row;
#pragma omp declare mapper(row r) map(tofrom: r, r.d[0:r.n])
#pragma omp declare mapper(head: row r) map(to: r) map(tofrom: r.d[0:1])
#define R 4

int main(void) {
  row rows[R];
  int *keep[R];
  for (int i = 0; i < R; i++) {
    rows[i].n = i + 2;
    rows[i].d = malloc((i + 2) * sizeof(int));
    keep[i] = rows[i].d;
    for (int j = 0; j < i + 2; j++) rows[i].d[j] = 10 * i + j;
  }
  // Explicit, the default mapper: every row's data goes and comes back.
#pragma omp target map(tofrom: rows)
  for (int i = 0; i < R; i++)
    for (int j = 0; j < rows[i].n; j++) rows[i].d[j] += 1;
  // Implicit: the array is used without a clause.
#pragma omp target teams distribute parallel for
  for (int i = 0; i < R; i++) rows[i].d[0] *= 2;
  for (int i = 0; i < R; i++) if (rows[i].d != keep[i] || rows[i].d[0] != 2 * (10 * i + 1) || rows[i].d[1] != 10 * i + 2) abort();

  // A named mapper on a pointer's section: only the first element of rows 1 and 2 move.
  row *p = rows;
#pragma omp target map(mapper(head), tofrom: p[1:2])
  for (int i = 1; i < 3; i++) p[i].d[0] = -i;
  if (p[1].d[0] != -1 || p[2].d[0] != -2 || p[0].d[0] != 2 || p[1].d != keep[1]) abort();

  // Unstructured: enter data, a region, update from (the rows and their data), exit data.
#pragma omp target enter data map(to: rows[0:R])
#pragma omp target
  for (int i = 0; i < R; i++) rows[i].d[rows[i].n - 1] = 100 + i;
#pragma omp target update from(rows[2:2])
  if (rows[3].d[4] != 103 || rows[2].d != keep[2] || rows[3].d != keep[3]) abort();
#pragma omp target exit data map(from: rows[0:R])
  long s = 0;
  for (int i = 0; i < R; i++) {
    if (rows[i].d != keep[i] || rows[i].d[rows[i].n - 1] != 100 + i) abort();
    for (int j = 0; j < rows[i].n; j++) s += rows[i].d[j];
  }
  printf("%ld\n", s);
  for (int i = 0; i < R; i++) free(keep[i]);
  return 0;
}
