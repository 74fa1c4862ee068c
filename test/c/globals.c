// Globals: initializers (scalar, array, zero), static globals, globals updated by functions.
#include <stdio.h>

int counter = 10;
static double scale = 1.5;
long table[4] = {100, 200};
int zeros[8];
const char letters[] = "xyz";

void bump(int by) { counter += by; }

int main(void) {
  bump(5);
  bump(-2);
  table[3] = table[0] + table[1];
  int z = 0;
  for (int i = 0; i < 8; i++) z += zeros[i];
  printf("%d %.2f %ld %ld %d %c\n", counter, scale * 2, table[2], table[3], z, letters[1]);
  return 0;
}
