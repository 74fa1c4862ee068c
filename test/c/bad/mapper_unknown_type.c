// expect-error: 2:13: 'struct nope' in 'declare mapper' is not a struct type declared before
#pragma omp declare mapper(struct nope n) map(tofrom: n)
int main(void) { return 0; }
