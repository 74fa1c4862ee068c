// Sections on several dimensions in target update: a loop per dimension whose points move
// one element of the last dimension, or the whole run of it when its stride is 1 (one
// update per row); the offset sums (lo + k * stride) * pitch over the dimensions.
int main(void) {
  int m[6][5];
  double c[3][4][2];
  int s = 2;
#pragma omp target update to(m[0:3:2][1:2:s]) from(c[0:2:2][1:2][0:2])
  return 0;
}
