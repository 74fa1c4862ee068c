// A user header included from the including file's folder: a macro, a struct, a helper.
#ifndef USER_HEADER_H
#define USER_HEADER_H
#define SCALE(x) ((x) * FACTOR)
struct range { int lo, hi; };
static int span(struct range r) { return r.hi - r.lo; }
#endif
