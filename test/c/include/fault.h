static int checked_div(int a, int b) {
  return a / b;
}
