// expect-error: 4:24: using the 'declare target link' variable 'g' in a device function is not supported (use it in the target region, or declare it with 'enter')
int g = 1;
#pragma omp declare target link(g)
int get(void) { return g; }
int main(void) {
  int r = 0;
#pragma omp target map(from: r)
  r = get();
  return r;
}
