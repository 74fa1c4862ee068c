// expect-error: 5:10: 'strlen' is not supported
#include <string.h>
int main(void) {
  const char *s = "abc";
  return strlen(s);
}
