// expect-error: 3:3: 'long double' is not supported
int main(void) {
  long double x = 1.0;
  return (int)x;
}
