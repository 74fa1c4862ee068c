// expect-error: 3:13: '#pragma omp threadprivate' is not supported
int x;
#pragma omp threadprivate(x)
int main(void) { return x; }
