// expect-error: 9:7: passing a pointer to a local variable through a function pointer in a target region (the pointer parameters of a function called through a pointer point into global memory) is not supported
void inc(int *p) { *p += 1; }
int main(void) {
  int r = 0;
#pragma omp target map(tofrom: r)
  {
    void (*f)(int *) = inc;
    int local = 1;
    f(&local);
    r = local;
  }
  return r;
}
