// expect-error: 6:13: 'counter' is threadprivate: using it in a target region or device function is not supported
int counter;
#pragma omp threadprivate(counter)
int main(void) {
  counter = 3;
#pragma omp target map(tofrom: counter)
  counter++;
  return counter;
}
