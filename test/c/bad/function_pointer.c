// expect-error: 4:7: function pointers are not supported
int twice(int x) { return 2 * x; }
int main(void) {
  int (*f)(int) = twice;
  return f(2);
}
