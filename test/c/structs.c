// Structs: members, nested structs, arrays of structs, pointers and ->, struct assignment,
// initializers, unions, typedef'd structs.
#include <stdio.h>

struct point { int x, y; };
typedef struct {
  struct point lo, hi;
  double weight;
} box;
union bits { int i; unsigned char b[4]; };

int area(const box *b) { return (b->hi.x - b->lo.x) * (b->hi.y - b->lo.y); }

int main(void) {
  box b = {{1, 2}, {4, 6}, 0.5};
  printf("area %d weight %.1f\n", area(&b), b.weight);
  struct point ps[4];
  for (int i = 0; i < 4; i++) {
    ps[i].x = i;
    ps[i].y = i * i;
  }
  struct point *p = &ps[2];
  p->x += 10;
  printf("%d %d %d\n", ps[2].x, (p + 1)->y, ps[3].y);
  box c = b;
  c.hi.x = 10;
  printf("%d %d\n", b.hi.x, c.hi.x);
  union bits u;
  u.i = 0x01020304;
  printf("%d %d\n", u.b[0], u.b[3]);
  printf("%d %d %d\n", (int)sizeof(struct point), (int)sizeof(box), (int)sizeof(union bits));
  return 0;
}
