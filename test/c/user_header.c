// Preprocessor: user headers (from the file's folder and a subfolder), include guards,
// #pragma once, function-like macros with # and ##, #if arithmetic and defined(), -D.
#include <stdio.h>
#include "include/config.h"
#include "user_header.h"
#include "user_header.h"
#include "include/config.h"
#define STR(x) #x
#define CAT(a, b) a##b
#ifndef EXTRA
#define EXTRA 0
#endif
#if defined(_OPENMP) && _OPENMP >= 201511 && (FACTOR * 2 == 6)
#define HAVE_OMP 1
#else
#define HAVE_OMP 0
#endif
int main(void) {
  struct range r = {2, 9};
  int CAT(my, var) = SCALE(span(r)) + EXTRA;
  int out = 0;
#pragma omp target map(tofrom: out)
  out = SCALE(myvar);
  printf("%s=%d out=%d omp=%d\n", STR(myvar), myvar, out, HAVE_OMP);
  return 0;
}
