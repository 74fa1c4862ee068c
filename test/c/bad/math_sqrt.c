// expect-error: 4:14: 'sqrt' is not supported
#include <math.h>
int main(void) {
  double x = sqrt(2.0);
  return x > 1;
}
