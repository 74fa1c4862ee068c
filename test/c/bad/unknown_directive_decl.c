// expect-error: 2:13: '#pragma omp declare reduction' is not supported
#pragma omp declare reduction(merge : int : omp_out += omp_in)
int main(void) { return 0; }
