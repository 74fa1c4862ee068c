// expect-error: 4:63: reduction operator '*' is not supported yet (supported: + - & | ^ min max)
int main(void) {
  int p = 1;
#pragma omp target teams distribute parallel for reduction(*: p)
  for (int i = 1; i < 5; i++) p *= i;
  return p;
}
