// declare target link: a linked global has no device copy of its own; a target region that
// uses it maps it tofrom (scalars too, unlike an unlisted global's firstprivate), so its
// writes come back. device_type(host) keeps a function and a variable on the host only
// (the variable is then mapped like any global). (A device_type(nohost) function cannot be
// called from a target region either: its host fallback would need it, as clang says.)
#include <stdio.h>
#include <stdlib.h>
int counter = 5;
double table[4] = {1, 2, 3, 4};
int hostonly = 3;
#pragma omp declare target link(counter, table)
int host_helper(int x) { return x * 100; }
#pragma omp declare target device_type(host) to(host_helper, hostonly)
int dev_helper(int x) { return x + 1; }
#pragma omp declare target to(dev_helper)
int main(void) {
  int r = 0;
#pragma omp target map(from: r)
  {
    counter += 10;
    for (int i = 0; i < 4; i++) table[i] *= 2;
    r = dev_helper(counter) + hostonly;
  }
  printf("%d %d %.1f %.1f %d\n", counter, r, table[0], table[3], host_helper(hostonly));
  if (counter != 15 || r != 19) abort();
  return 0;
}
