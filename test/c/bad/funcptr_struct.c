// expect-error: 7:10: structs passed or returned through function pointers are not supported
struct pt { int x, y; };
int sum(struct pt p) { return p.x + p.y; }
int main(void) {
  int (*f)(struct pt) = sum;
  struct pt p = {1, 2};
  return f(p);
}
