// Struct-member sections on data directives: enter data maps the owner (to), the section,
// then attaches the pointer member (map(attach)); exit data releases the owner and copies the
// section back; update moves just the section; a default mapper expands on each of them
// (update to(v) moves the mapper's items that go to the device).
typedef struct { int n; double *x; } vec;
#pragma omp declare mapper(vec v) map(tofrom: v, v.x[0:v.n])
struct node { int k; int *d; };
int main(void) {
  int buf[8] = {0};
  struct node nd = {8, buf};
  struct node *p = &nd;
#pragma omp target enter data map(to: p->d[0:8])
#pragma omp target update from(p->d[2:2])
#pragma omp target exit data map(from: p->d[0:8])
  double xs[4] = {1, 2, 3, 4};
  vec a = {4, xs};
#pragma omp target data map(tofrom: a)
  {
#pragma omp target update to(a)
  }
  return buf[2];
}
