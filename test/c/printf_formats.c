// printf: widths, precision, flags, %s with literals, %c, %%, puts and putchar.
#include <stdio.h>
int main(void) {
  printf("[%5d][%-5d][%05d][%+d]\n", 42, 42, 42, 42);
  printf("[%8.3f][%-10.1e][%g]\n", 3.14159265, 31415.9, 0.5);
  printf("[%s][%10s][%-6s][%.2s]\n", "abc", "right", "left", "truncate");
  printf("100%% %c%c\n", 'o', 'k');
  printf("%lu %ld %x\n", 123456789012UL, -98765432109L, 0xbeef);
  puts("puts adds a newline");
  putchar('!');
  putchar('\n');
  printf("tab\there \"quoted\" back\\slash\n");
  return 0;
}
