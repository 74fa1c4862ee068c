// target update of a declare target global: a one-thread kernel copies the mapped section
// to or from the global's device copy.
#pragma omp declare target
int tab[8];
#pragma omp end declare target
int main(void) {
  tab[1] = 3;
#pragma omp target update to(tab[1:2])
#pragma omp target update from(tab)
  return tab[0];
}
