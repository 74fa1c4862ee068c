// expect-error: 5:10: 'strncmp' is not supported
#include <string.h>
int main(void) {
  const char *s = "abc";
  return strncmp(s, "abd", 2);
}
