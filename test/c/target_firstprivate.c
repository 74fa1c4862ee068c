// Scalars are firstprivate in target regions by default: changes stay on the device;
// map(tofrom: x) brings them back; private gives an uninitialised copy.
#include <stdio.h>
int main(void) {
  int fp = 10, mapped = 10, explicit_fp = 7, priv = 99;
#pragma omp target map(tofrom: mapped) firstprivate(explicit_fp) private(priv)
  {
    fp += 1;
    mapped += fp;
    priv = 5;
    explicit_fp *= 2;
    mapped += explicit_fp + priv;
  }
  printf("fp %d mapped %d explicit_fp %d priv %d\n", fp, mapped, explicit_fp, priv);
  return 0;
}
