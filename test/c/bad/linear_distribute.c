// expect-error: 7:60: 'linear' on a 'distribute' loop is not supported
// Over teams a thread of another team may have copied the last value out before one reads
// the start value: the start would have to be captured when the region starts, as clang does.
int main(void) {
  int j = 0;
  int a[8];
#pragma omp target teams distribute parallel for map(a, j) linear(j)
  for (int i = 0; i < 8; i++) { a[i] = j; j++; }
  return a[7];
}
