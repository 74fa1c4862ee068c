// expect-error: 9:10: duplicate case value 3 (first at line 7)
// gcc and clang reject a case value given twice (C11 6.8.4.2); ompir took the first.
int main(void) {
  int x = 3, y = 0;
  switch (x) {
    case 1: y = 1; break;
    case 3: y = 2; break;
    case 2: y = 3; break;
    case 3: y = 4; break;
  }
  return y;
}
