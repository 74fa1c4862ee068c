// expect-error: 8:7: the bounds of a collapsed loop may use only one outer loop variable ('i' and 'j' are used)
int main(void) {
  int a[4][4][8] = {{{0}}};
#pragma omp target map(tofrom: a)
#pragma omp parallel for collapse(3)
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < i; j++)
      for (int k = i; k < j + 4; k++)
        a[i][j][k] = 1;
  return 0;
}
