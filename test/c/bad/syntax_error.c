// expect-error: 3:10: syntax error: expected 'identifier'
int main(void) {
  int x = ;
  return 0;
}
