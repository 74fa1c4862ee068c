// expect-error: 5:22: clause 'nogroup' is not allowed on '#pragma omp parallel'
// A clause that belongs to other directives is an error, as in gcc and clang.
int main(void) {
  int x = 0;
#pragma omp parallel nogroup
  x++;
  return x;
}
