// expect-error: 7:20: 'nowait' with an argument that is not a constant is not supported
// A run-time nowait(c) would choose between a synchronous and an asynchronous region; only
// a constant is taken (before the twelfth session the argument was ignored: always nowait).
int main(int argc, char **argv) {
  int x = 2;
  int d = argc > 5;
#pragma omp target nowait(d) map(tofrom: x)
  x = x * 3;
#pragma omp taskwait
  return x;
}
