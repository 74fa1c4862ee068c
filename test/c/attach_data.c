// Struct-member sections on data directives: target enter data maps the owning struct (to,
// unless mapped explicitly), the section, and attaches the pointer member, which stays
// attached for later target regions that find the struct present; exit data and a
// target update from of the struct bring its data back with the host's pointer intact
// (the runtime's shadow pointers); target data does both around a region; update moves
// just a member's section. gcc 12 crashes on target data map(pw->v->q[0:12]), so clang-16
// is the oracle (its host fallback shares the host's storage; the checks hold either way).
// oracle: clang-16
#include <stdio.h>
#include <stdlib.h>
typedef struct { int n; int *q; } vec;
typedef struct { vec *v; double w; } wrap;

int main(void) {
  vec s;
  s.n = 12;
  s.q = malloc(12 * sizeof(int));
  int *keep = s.q;
  for (int i = 0; i < 12; i++) s.q[i] = i;

  // Unstructured: the struct explicitly, then its member's section in a second directive.
#pragma omp target enter data map(to: s)
#pragma omp target enter data map(to: s.q[0:12])
#pragma omp target teams distribute parallel for
  for (int i = 0; i < 12; i++) s.q[i] *= 3;
  // A region that changes the struct's scalar: update from brings it back, pointer intact.
#pragma omp target
  s.n = 11;
#pragma omp target update from(s)
  if (s.n != 11 || s.q != keep) abort();
#pragma omp target update from(s.q[0:6])
  if (s.q[5] != 15) abort();
  // A strided section of a member: the even elements from 6 on come back.
#pragma omp target update from(s.q[6:3:2])
  if (s.q[6] != 18 || s.q[8] != 24 || s.q[10] != 30) abort();
#pragma omp target exit data map(from: s.q[0:12])
#pragma omp target exit data map(from: s)
  if (s.q != keep || s.q[11] != 33 || s.n != 11) abort();

  // Through a pointer: p->q[0:n] maps *p implicitly; a later region reads p->q on the device.
  vec *p = &s;
  for (int i = 0; i < 11; i++) s.q[i] = i;
#pragma omp target enter data map(to: p->q[0:11])
  for (int i = 2; i < 5; i++) s.q[i] = -1;
#pragma omp target update to(p->q[2:3])
#pragma omp target
  for (int i = 0; i < p->n; i++) p->q[i] += 100;
#pragma omp target exit data map(from: p->q[0:11])
  if (s.q != keep || s.q[0] != 100 || s.q[2] != 99 || s.q[4] != 99 || s.q[5] != 105) abort();

  // target data around two regions, through two pointers.
  wrap w = {&s, 0.5};
  wrap *pw = &w;
#pragma omp target data map(tofrom: pw->v->q[0:12]) map(to: pw[0:1])
  {
#pragma omp target
    for (int i = 0; i < 12; i++) pw->v->q[i] = (int)(i * pw->w * 4);
#pragma omp target teams distribute parallel for
    for (int i = 0; i < 12; i++) pw->v->q[i] += 1;
  }
  if (w.v != &s || s.q != keep || s.q[11] != 23 || s.q[0] != 1) abort();

  long sum = 0;
  for (int i = 0; i < 12; i++) sum += s.q[i];
  printf("%ld %d\n", sum, s.n);
  free(keep);
  return 0;
}
