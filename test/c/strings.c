// Strings: char arrays printed with %s (non-literal strings print character by character),
// strlen, strcmp, strcpy, memcmp, on the host and in a target region.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
  char name[16] = "ompir";
  char copy[16];
  strcpy(copy, name);
  copy[0] = 'O';
  const char *greeting = "hello";
  printf("[%s] [%s] %s, %d %d\n", name, copy, greeting, (int)strlen(name), (int)strlen(""));
  printf("%d %d %d\n", strcmp(name, copy) > 0, strcmp(name, name), strcmp("abc", "abd") < 0);
  int a[4] = {1, 2, 3, 4}, b[4] = {1, 2, 3, 5};
  printf("%d %d\n", memcmp(a, b, 3 * sizeof(int)), memcmp(a, b, sizeof a) < 0);
  char msg[32];
  int len = 0;
#pragma omp target map(from: msg, len)
  {
    const char *src = "from the device";
    strcpy(msg, src);
    len = (int)strlen(msg);
    printf("device says: %s (%d)\n", msg, len);
  }
  printf("%s %d\n", msg, len);
  if (len != 15 || strcmp(msg, "from the device") != 0) abort();
  return 0;
}
