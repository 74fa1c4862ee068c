// expect-error: 3:3: 'short' (16-bit integers) is not supported
int main(void) {
  short s = 3;
  return s;
}
