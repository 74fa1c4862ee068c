// map kinds, array sections (with an offset), scalars mapped tofrom, firstprivate and
// private, and the implicit rules (arrays tofrom, scalars firstprivate, pointers by value).
int main(void) {
  int a[10], b[10], c[10];
  int s = 1, fp = 2, pv = 3;
  int *p = a;
#pragma omp target map(to: a) map(from: b[2:5]) map(tofrom: s) firstprivate(fp) private(pv)
  {
    pv = fp;
    b[2] = a[0] + pv + p[1];
    s += c[0];
  }
  return s;
}
