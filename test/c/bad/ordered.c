// expect-error: 6:50: 'ordered' loops in a target region are not supported
// A device team runs its iterations on many threads at once; the ordered block would need
// them to take turns (not implemented). On the host, `test/c/ordered_host.c`.
int main(void) {
  int a[8];
#pragma omp target teams distribute parallel for ordered map(from: a)
  for (int i = 0; i < 8; i++) {
#pragma omp ordered
    a[i] = i;
  }
  return a[2];
}
