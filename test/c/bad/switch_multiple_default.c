// expect-error: 7:5: multiple default labels in one switch (the first at line 5)
int main(void) {
  int x = 3, y = 0;
  switch (x) {
    default: y = 1; break;
    case 2: y = 3; break;
    default: y = 4; break;
  }
  return y;
}
