// declare target: a global that lives on the device (not mapped), begin/end and list forms,
// functions inside declare target.
#include <stdio.h>
#include <stdlib.h>
#pragma omp declare target
int dev_counter = 5;
int twice(int x) { return 2 * x; }
#pragma omp end declare target
double table[4] = {1.0, 2.0, 3.0, 4.0};
#pragma omp declare target(table)
int main(void) {
  int out[2];
#pragma omp target map(from: out)
  {
    dev_counter += twice(10);
    out[0] = dev_counter;
    out[1] = (int)(table[0] + table[3]);
  }
  printf("%d %d\n", out[0], out[1]);
  if (out[0] != 25) abort();
  return 0;
}
