// expect-error: 2:27: bit-fields are not supported
struct flags { unsigned a : 3; unsigned b : 5; };
int main(void) {
  struct flags f = {1, 2};
  return f.a;
}
