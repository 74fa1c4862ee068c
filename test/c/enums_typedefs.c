// enum and typedef: enumerators as constants (array sizes, case labels), typedef chains.
#include <stdio.h>
#include <stdint.h>
#include <stdbool.h>

enum color { RED, GREEN = 5, BLUE, NCOLORS = BLUE + 1 };
typedef int myint;
typedef myint *intptr;
typedef enum color color_t;

int main(void) {
  int hist[NCOLORS] = {0};
  color_t cs[4] = {RED, BLUE, GREEN, BLUE};
  for (int i = 0; i < 4; i++) hist[cs[i]]++;
  myint v = 3;
  intptr p = &v;
  *p *= 7;
  int32_t a = -5;
  uint8_t b = 200;
  int64_t c = (int64_t)a * 1000000000;
  bool ok = v == 21;
  size_t n = sizeof(hist) / sizeof(hist[0]);
  printf("%d %d %d %d %d %ld %d %lu\n", hist[RED], hist[GREEN], hist[BLUE], v, b + 100, c, ok, n);
  switch (cs[1]) {
    case RED: printf("red\n"); break;
    case BLUE: printf("blue\n"); break;
    default: printf("other\n");
  }
  return 0;
}
