// Pointer attachment through pointer members (OpenMP 5.x attach semantics, clang's
// MEMBER_OF | PTR_AND_OBJ entries): the device copy of a struct reached through a pointer
// holds the device address of its member's mapped section. map(to: p[0:1], p->q[0:n]) with
// the struct mapped explicitly, p->q[lo:len] with the struct mapped implicitly, a chain
// a->b->c[0:n], a struct by value holding a pointer to a struct (s.in->v[0:n]), and the
// owner mapped tofrom: on the host every pointer member keeps its host value afterwards.
// gcc 12's host fallback miscompiles a pointer mapped as p[0:1] next to p->q[0:n] (wrong
// results, or a crash), so clang-16 is the oracle; ptr_member_attach_gcc.c has the forms gcc
// gets right.
// oracle: clang-16
#include <stdio.h>
#include <stdlib.h>
struct vec { int n; int *q; double *w; };
struct leaf { int len; long *c; };
struct mid { int tag; struct leaf *b; };
struct top { struct mid *a; int k; };
struct holder { int id; struct vec *in; };

int main(void) {
  int n = 24;
  struct vec *p = malloc(sizeof(struct vec));
  p->n = n;
  p->q = malloc(n * sizeof(int));
  p->w = malloc(n * sizeof(double));
  int *keepq = p->q;
  double *keepw = p->w;
  for (int i = 0; i < n; i++) { p->q[i] = i; p->w[i] = 0.5 * i; }

  // The struct mapped explicitly, two members attached.
#pragma omp target map(to: p[0:1]) map(tofrom: p->q[0:n]) map(to: p->w[0:n])
  for (int i = 0; i < p->n; i++) p->q[i] = p->q[i] * 2 + (int)p->w[i];
  if (p->q != keepq || p->w != keepw) abort();
  for (int i = 0; i < n; i++) if (p->q[i] != 2 * i + i / 2) abort();

  // The struct mapped implicitly (only the member section named), a section not at 0.
#pragma omp target teams distribute parallel for map(tofrom: p->q[4:8])
  for (int i = 4; i < 12; i++) p->q[i] += 1000;
  if (p->q != keepq || p->q[3] != 7 || p->q[4] != 1010 || p->q[11] != 1027 || p->q[12] != 30) abort();

  // The owner tofrom: its copy-back brings the device address, the host pointer is restored.
  p->n = 5;
#pragma omp target map(tofrom: p[0:1]) map(from: p->w[0:4])
  {
    for (int i = 0; i < 4; i++) p->w[i] = -i;
    p->n += 1;
  }
  if (p->w != keepw || p->n != 6 || p->w[3] != -3.0 || p->w[4] != 2.0) abort();

  // A chain: t.a->b->c[0:n] through two pointers (both structs attached).
  struct leaf lf;
  lf.len = 6;
  lf.c = malloc(6 * sizeof(long));
  for (int i = 0; i < 6; i++) lf.c[i] = 10 * i;
  struct mid md;
  md.tag = 3;
  md.b = &lf;
  struct mid *a = &md;
  long *keepc = lf.c;
#pragma omp target map(tofrom: a->b->c[0:6]) map(to: a[0:1], a->b[0:1])
  for (int i = 0; i < a->b->len; i++) a->b->c[i] += a->tag + i;
  if (md.b != &lf || lf.c != keepc || lf.c[5] != 58) abort();

  // The same chain with the intermediate structs mapped implicitly.
#pragma omp target map(tofrom: a->b->c[1:2])
  {
    a->b->c[1] = -1;
    a->b->c[2] = -2;
  }
  if (lf.c[0] != 3 || lf.c[1] != -1 || lf.c[2] != -2 || lf.c[3] != 36) abort();

  // A struct by value holding a pointer to a struct: s.in->q[0:n].
  struct holder h;
  h.id = 9;
  h.in = p;
#pragma omp target map(tofrom: h.in->q[0:n])
  for (int i = 0; i < 3; i++) h.in->q[i] = h.id * 100 + i;
  if (h.in != p || p->q != keepq || p->q[0] != 900 || p->q[2] != 902 || p->q[3] != 7) abort();

  // A top-level struct whose pointer member leads to the chain: top.a->b->c.
  struct top tp;
  tp.a = &md;
  tp.k = 2;
#pragma omp target map(tofrom: tp.a->b->c[0:6])
  for (int i = 0; i < 6; i++) tp.a->b->c[i] *= tp.k;
  if (tp.a != &md || md.b != &lf || lf.c[1] != -2 || lf.c[5] != 116) abort();

  long s = 0;
  for (int i = 0; i < n; i++) s += p->q[i];
  for (int i = 0; i < 6; i++) s += lf.c[i];
  printf("%ld %d %.1f\n", s, p->n, p->w[2]);
  free(keepq);
  free(keepw);
  free(keepc);
  free(p);
  return 0;
}
