// expect-error: 4:40: clause 'if' is only supported on target regions, parallel constructs and tasks ('if(target: …)', 'if(parallel: …)', 'if(task: …)')
int main(void) {
  int a[10], n = 10;
#pragma omp target data map(tofrom: a) if(n > 5)
  {
#pragma omp target
    a[0] = 1;
  }
  return 0;
}
