// expect-error: 4:18: designated initializers are not supported
struct pt { int x, y; };
int main(void) {
  struct pt p = {.y = 2, .x = 1};
  return p.x;
}
