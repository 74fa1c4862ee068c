// Arrays of pointers in a target region: to the thread's locals (initialised by a list, by
// a loop, element by element in two dimensions), to mapped data, and to the main thread's
// locals read by a parallel region through the array it captures. Their elements' loads
// take the space of the pointers stored into the array (they faulted as global before).
#include <stdio.h>
#include <omp.h>
int main(void) {
  int out[4] = {0, 0, 0, 0};
  int data[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  #pragma omp target map(tofrom: out) map(to: data)
  {
    int a = 3, b = 4;
    int loc[3] = {10, 20, 30};
    int *ptrs[2] = {&a, &b};
    int *grid[2][2];
    int *many[3];
    for (int i = 0; i < 3; i++) many[i] = &loc[i];
    grid[0][0] = &loc[0]; grid[0][1] = &loc[1]; grid[1][0] = &loc[2]; grid[1][1] = &a;
    int *dp[2] = {&data[1], &data[6]};
    int s = 0, t = 0, u = 0, w = 0;
    for (int i = 0; i < 2; i++) s += *ptrs[i];
    for (int i = 0; i < 3; i++) { *many[i] += 1; t += *many[i]; }
    for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) u += *grid[i][j];
    for (int i = 0; i < 2; i++) w += *dp[i];
    out[0] = s; out[1] = t; out[2] = u; out[3] = w;
  }
  int sh = 0;
  #pragma omp target map(tofrom: sh)
  {
    int a = 5, b = 7;
    int *ptrs[2] = {&a, &b};
    #pragma omp parallel for
    for (int i = 0; i < 2; i++) {
      #pragma omp atomic
      sh += *ptrs[i];
    }
  }
  printf("%d %d %d %d %d\n", out[0], out[1], out[2], out[3], sh);
  return 0;
}
