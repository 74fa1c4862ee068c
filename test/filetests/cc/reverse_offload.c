// target device(ancestor: 1): the body becomes a host function called with
// omp.reverse_offload; the map clause copies the section per its kind.
#pragma omp requires reverse_offload
int main(void) {
  int buf[8] = {0};
#pragma omp target map(tofrom: buf)
  {
    buf[0] = 5;
#pragma omp target device(ancestor: 1) map(always, tofrom: buf[0:8])
    buf[1] = buf[0] * 2;
  }
  return buf[1];
}
