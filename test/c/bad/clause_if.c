// expect-error: 5:26: clause 'if' is only supported on target constructs, parallel constructs and tasks ('if(target: …)', 'if(target data: …)', 'if(parallel: …)', 'if(task: …)')
// if(simd: …) (OpenMP 5.0) is not taken: ompir has no SIMD lanes below threads.
int main(void) {
  int a[10], n = 10;
#pragma omp parallel for if(simd: n > 5)
  for (int i = 0; i < n; i++) a[i] = i;
  return a[3];
}
