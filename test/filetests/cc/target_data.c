// target data / enter data / exit data: present-table maps around target regions.
int main(void) {
  double a[16];
#pragma omp target data map(tofrom: a)
  {
#pragma omp target
    a[0] = 1.0;
  }
#pragma omp target enter data map(to: a[0:16])
#pragma omp target exit data map(from: a[0:16])
  return 0;
}
