// `target update` of `declare target` globals: the device copy is always present, so `to`
// and `from` move data between it and the host's (whole variables, sections, scalars,
// structs). Found by the C fuzz campaign (src/tools/cgen.ts): the update used to be a no-op.
#include <stdio.h>
#include <stdlib.h>
struct pt { int x; long long y; };
#pragma omp declare target
int tab[8];
int counter = 5;
struct pt origin = {1, 2};
#pragma omp end declare target
int main(void) {
  for (int i = 0; i < 8; i++) tab[i] = i;
  counter = 40;
  origin.x = 10;
#pragma omp target update to(tab, counter, origin)
#pragma omp target
  {
    for (int i = 0; i < 8; i++) tab[i] += counter;
    counter++;
    origin.y += origin.x;
  }
  // a section first (the host reads only what came back: under gcc's host fallback the
  // host's copy is the device's)
#pragma omp target update from(tab[2:3])
  for (int i = 2; i < 5; i++) printf("%d ", tab[i]);
  printf("\n");
  if (tab[2] != 42 || tab[4] != 44) abort();
#pragma omp target update from(tab, counter) from(origin)
  printf("tab[7] = %d, counter = %d, origin = {%d, %lld}\n", tab[7], counter, origin.x, origin.y);
  if (tab[7] != 47 || counter != 41 || origin.y != 12) abort();
  // and a section goes to the device
  tab[6] = 100;
#pragma omp target update to(tab[6:1])
  int got = 0;
#pragma omp target map(from: got)
  got = tab[6] + tab[5];
  printf("got = %d\n", got);
  if (got != 145) abort();
  return 0;
}
