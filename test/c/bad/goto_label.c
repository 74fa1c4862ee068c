// expect-error: 4:1: 'goto' labels are not supported
int main(void) {
  int i = 0;
again:
  i++;
  if (i < 3) goto again;
  return 0;
}
