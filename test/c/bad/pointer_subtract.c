// expect-error: 5:16: subtraction of two pointers is not supported
int main(void) {
  int a[4];
  int *p = a + 3, *q = a;
  return (int)(p - q);
}
