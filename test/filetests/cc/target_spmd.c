// target teams distribute parallel for: one SPMD kernel; the loop is outlined and
// each thread of the grid takes every (num_teams*num_threads)-th iteration.
void saxpy(int n, float a, float *x, float *y) {
#pragma omp target teams distribute parallel for map(to: x[0:n]) map(tofrom: y[0:n])
  for (int i = 0; i < n; i++) y[i] = a * x[i] + y[i];
}
int main(void) {
  float x[8] = {0}, y[8] = {0};
  saxpy(8, 2.0f, x, y);
  return 0;
}
