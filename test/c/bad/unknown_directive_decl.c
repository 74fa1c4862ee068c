// expect-error: 3:13: '#pragma omp allocate' is not supported
int x;
#pragma omp allocate(x)
int main(void) { return x; }
