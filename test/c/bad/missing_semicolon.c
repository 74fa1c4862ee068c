// expect-error: 3:12: syntax error: expected ';'
int main(void) {
  int x = 1
  return x;
}
