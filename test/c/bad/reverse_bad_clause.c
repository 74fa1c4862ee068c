// expect-error: 7:63: clause 'thread_limit' is not allowed on a reverse-offload target region (only map, firstprivate, private, defaultmap, device and nowait)
#pragma omp requires reverse_offload
int main(void) {
  int x = 0;
#pragma omp target map(tofrom: x)
  {
#pragma omp target device(ancestor: 1) map(always, tofrom: x) thread_limit(4)
    x++;
  }
  return x;
}
