// expect-error: 5:38: array sections on more than one dimension are only supported when the inner ones are whole (a[lo:len][0:N])
int a[4][4];
int main(void) {
  int n = 4;
#pragma omp target map(tofrom: a[0:4][1:2])
  a[0][1] = n;
  return 0;
}
