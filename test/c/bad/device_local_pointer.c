// expect-error: 8:9: passing a pointer to a local variable to a function in a target region (pointer parameters of device functions point into global memory) is not supported
void inc(int *p) { *p += 1; }
int main(void) {
  int r = 0;
#pragma omp target map(tofrom: r)
  {
    int local = 1;
    inc(&local);
    r = local;
  }
  return r;
}
