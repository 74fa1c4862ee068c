// expect-error: 4:67: reduction operator 'merge' is not supported (supported: + - * & | ^ && || min max, and identifiers of 'declare reduction')
int main(void) {
  int p = 1;
#pragma omp target teams distribute parallel for reduction(merge: p)
  for (int i = 1; i < 5; i++) p *= i;
  return p;
}
