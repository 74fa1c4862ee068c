// Globals of struct type with initializers (nested structs, arrays of structs, mixed
// field types, partial lists), used on the host and, declared target, in a target region.
#include <stdio.h>
#include <stdlib.h>
struct pt { int x; double y; char tag; };
struct box { struct pt lo, hi; short id; };
struct pt origin = {1, 2.5, 'o'};
struct box boxes[3] = {{{0, 0.0, 'a'}, {2, 2.0, 'b'}, 7}, {{1, -1.5, 'c'}, {3, 4.25, 'd'}}};
static struct { long count; float ratio; } stats = {42, 0.75f};
#pragma omp declare target
struct pt dev_pt = {10, 0.5, 'z'};
#pragma omp end declare target
int main(void) {
  double area = 0;
  for (int i = 0; i < 3; i++) area += (boxes[i].hi.x - boxes[i].lo.x) * (boxes[i].hi.y - boxes[i].lo.y);
  int dx = 0;
  char dt = 0;
#pragma omp target map(from: dx, dt)
  {
    dx = dev_pt.x * 2;
    dt = dev_pt.tag;
  }
  printf("%d %.2f %c %.3f %d %d %ld %.2f %d %c\n", origin.x, origin.y, origin.tag, area, boxes[0].id, boxes[2].id, stats.count, stats.ratio, dx, dt);
  if (dx != 20 || boxes[1].hi.y != 4.25) abort();
  return 0;
}
