// A declare target array of pointers whose elements point into local and global memory:
// each element stored at a constant index keeps its space; a store at an index not known
// forgets them (the join of every store decides, here local and global: global).
#pragma omp declare target
int *tab[2];
int data[4];
#pragma omp end declare target
int main(void) {
  int r = 0;
#pragma omp target map(tofrom: r)
  {
    int loc[4] = {1, 2, 3, 4};
    tab[0] = loc;
    tab[1] = data;
    r = tab[0][1] + tab[1][2];
    tab[r & 1] = data;
    r += tab[1][0];
  }
  return r;
}
