// expect-error: 6:10: passing a struct by value is not supported
struct pt { int x, y; };
int sum(struct pt p) { return p.x + p.y; }
int main(void) {
  struct pt p = {1, 2};
  return sum(p);
}
