// Pointer attachment through pointer members with the owning structs mapped implicitly (the
// forms gcc 12 runs right; ptr_member_attach.c has the explicit ones): p->q[lo:len] maps
// the struct *p to the device and attaches its member, a->b->c[0:n] attaches two levels,
// and a pointer member read in the region (p->q[i]) is the device's copy; a region whose
// body names the struct but not the pointer still attaches it.
#include <stdio.h>
#include <stdlib.h>
typedef struct { int n; float *q; } vec;
typedef struct { int id; vec *v; } box;
typedef struct { box *b; int scale; } shelf;

static float sum(const vec *p) {
  float s = 0;
  for (int i = 0; i < p->n; i++) s += p->q[i];
  return s;
}

int main(void) {
  vec v;
  v.n = 32;
  v.q = calloc(32, sizeof(float));
  float *keep = v.q;
  vec *p = &v;
#pragma omp target teams distribute parallel for map(tofrom: p->q[0:p->n])
  for (int i = 0; i < 32; i++) p->q[i] = i + 0.25f;
  if (v.q != keep || v.q[31] != 31.25f) abort();

  // The body names only v, not p: *p is v, mapped once, so v.q on the device is attached.
#pragma omp target map(tofrom: p->q[0:4])
  v.q[1] += 100;
  if (v.q != keep || v.q[1] != 101.25f) abort();
  v.q[1] = 1.25f;

  box bx = {4, &v};
  box *b = &bx;
#pragma omp target map(tofrom: b->v->q[8:8])
  {
    for (int i = 8; i < 16; i++) b->v->q[i] *= b->id;
  }
  if (bx.v != &v || v.q != keep || v.q[8] != 33.0f || v.q[16] != 16.25f) abort();

  shelf sh = {b, 3};
#pragma omp target map(tofrom: sh.b->v->q[0:4]) map(to: sh)
  for (int i = 0; i < 4; i++) sh.b->v->q[i] -= sh.scale;
  if (sh.b != b || v.q != keep || v.q[0] != -2.75f || v.q[4] != 4.25f) abort();

  printf("%.2f %.2f %.2f\n", sum(&v), v.q[9], v.q[3]);
  free(keep);
  return 0;
}
