// expect-error: 4:41: the section of 'm' has 3 dimensions, 'm' has 2
int main(void) {
  int m[4][4] = {{0}};
#pragma omp target update to(m[0:2][0:2][0:1])
  return m[0][0];
}
