// expect-error: 7:65: reduction 'mx' is not declared for 'double'
// A user-defined reduction applies to the types it was declared for (gcc: "user defined
// reduction not found for 'm'").
#pragma omp declare reduction(mx : int : omp_out = omp_out > omp_in ? omp_out : omp_in)
int main(void) {
  double m = 0;
#pragma omp target teams distribute parallel for reduction(mx : m)
  for (int i = 0; i < 10; i++) m = m > i ? m : i;
  return (int)m;
}
