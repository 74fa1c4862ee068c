// map(p->q[lo:len]) through two pointers: *a and *(a->b) are mapped `to` as [0:1] sections,
// the kernel stores each device address into its owner's device copy (owners first), and
// the host puts its pointers back after the launch.
struct leaf { int len; long *c; };
struct mid { int tag; struct leaf *b; };
int main(void) {
  struct leaf lf; long buf[4] = {1, 2, 3, 4};
  lf.len = 4; lf.c = buf;
  struct mid md; md.tag = 3; md.b = &lf;
  struct mid *a = &md;
#pragma omp target map(tofrom: a->b->c[1:2])
  a->b->c[1] += a->tag;
  return (int)buf[1];
}
