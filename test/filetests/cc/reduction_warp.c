// Operators without an IR atomic (`*`, float `min`) on a team of 33 threads (a full warp
// and one thread of the next): the warp step is the same shuffle loop; the warps' results
// combine under a lock word, one lane per warp (no lane turns).
int main(void) {
  long p = 1;
  double lo = 1e300;
#pragma omp target parallel for num_threads(33) reduction(*: p) reduction(min: lo)
  for (int i = 1; i <= 20; i++) {
    p *= i % 3 + 1;
    lo = i * 0.5 < lo ? i * 0.5 : lo;
  }
  return p == 279936 && lo == 0.5 ? 0 : 1;
}
