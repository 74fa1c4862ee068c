// atoi and atol as glibc's (strtol base 10): leading white space, a sign, digits until the
// first non-digit; atoi keeps the low 32 bits. On the host and in a target region. Before
// the eleventh session: "'atoi' is not supported".
#include <stdio.h>
#include <stdlib.h>
int main(void) {
  const char *s[] = {"42", "  -17x", "+8", "\t\n 123456789012", "abc", "", "-0", "2147483648", "  +-3", "007"};
  for (int i = 0; i < 10; i++) printf("%d %ld\n", atoi(s[i]), atol(s[i]));
  int out[2];
#pragma omp target map(from: out)
  { out[0] = atoi("  99z"); out[1] = (int)atol("-5"); }
  printf("%d %d\n", out[0], out[1]);
  return 0;
}
