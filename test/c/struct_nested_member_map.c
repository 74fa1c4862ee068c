// Sections of pointer members reached through nested structs (s.inner.p[lo:len]) are mapped
// and attached like s.p[lo:len]: the device copy of s holds the device address at the nested
// field's offset; two attachments in one struct; the host's pointers are intact afterwards.
#include <stdio.h>
#include <stdlib.h>
struct buf { int len; int *p; };
struct pair { double w; struct buf a; struct buf b; };
struct outer { int tag; struct pair pr; };
int main(void) {
  struct outer o;
  o.tag = 7;
  o.pr.w = 2.0;
  o.pr.a.len = 16;
  o.pr.b.len = 8;
  o.pr.a.p = malloc(16 * sizeof(int));
  o.pr.b.p = malloc(8 * sizeof(int));
  int *ka = o.pr.a.p, *kb = o.pr.b.p;
  for (int i = 0; i < 16; i++) o.pr.a.p[i] = i;
  for (int i = 0; i < 8; i++) o.pr.b.p[i] = 100 + i;
#pragma omp target map(to: o) map(tofrom: o.pr.a.p[0:16]) map(tofrom: o.pr.b.p[2:4])
  {
    for (int i = 0; i < o.pr.a.len; i++) o.pr.a.p[i] = o.pr.a.p[i] * (int)o.pr.w + o.tag;
    for (int i = 2; i < 6; i++) o.pr.b.p[i] += o.pr.a.p[i];
  }
  long s = 0;
  for (int i = 0; i < 16; i++) s += o.pr.a.p[i];
  for (int i = 0; i < 8; i++) s += o.pr.b.p[i];
  printf("%ld %d %d %d %d\n", s, o.pr.a.p[15], o.pr.b.p[1], o.pr.b.p[3], ka == o.pr.a.p && kb == o.pr.b.p);
  if (o.pr.a.p[15] != 37 || o.pr.b.p[3] != 116) abort();
  free(ka);
  free(kb);
  return 0;
}
