// malloc, calloc and free in target regions and declare-target functions: the device heap.
// A block allocated by a target region's main thread and filled by its parallel loop; a block
// per thread inside a parallel region; calloc's zeroes and its overflow check; free(NULL); a
// linked list built by a declare-target helper; and a block one target region allocates and
// keeps in a declare-target global and a later one frees. gcc's host fallback runs the same
// calls on the host, so the output is the same.
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

struct node {
  int val;
  struct node *next;
};

#pragma omp declare target
int *kept;

struct node *push(struct node *head, int v) {
  struct node *n = malloc(sizeof *n);
  if (!n) return head;
  n->val = v;
  n->next = head;
  return n;
}

int drain(struct node *head) {
  int s = 0;
  while (head) {
    struct node *nx = head->next;
    s += head->val;
    free(head);
    head = nx;
  }
  return s;
}
#pragma omp end declare target

int main(void) {
  int n = 64;
  long sum = -1;
  int got = 0;
#pragma omp target map(from: sum, got)
  {
    int *a = malloc(n * sizeof(int));
    got = a != NULL;
    if (a) {
#pragma omp parallel for
      for (int i = 0; i < n; i++) a[i] = i * 3;
      long s = 0;
      for (int i = 0; i < n; i++) s += a[i];
      sum = s;
      free(a);
    }
  }
  if (!got || sum != 3L * 63 * 64 / 2) abort();
  printf("generic region: block of %d ints summed to %ld\n", n, sum);

  int bad = 0;
#pragma omp target teams distribute parallel for reduction(+: bad) map(tofrom: bad)
  for (int i = 0; i < 256; i++) {
    int k = i % 7 + 1;
    int *mine = malloc(k * sizeof(int));
    if (!mine) {
      bad++;
      continue;
    }
    for (int j = 0; j < k; j++) mine[j] = i + j;
    int s = 0;
    for (int j = 0; j < k; j++) s += mine[j];
    if (s != k * i + k * (k - 1) / 2) bad++;
    free(mine);
  }
  if (bad) abort();
  printf("per-iteration blocks: %d bad\n", bad);

  int zeroes = 0, overflow = -1;
#pragma omp target map(from: zeroes, overflow)
  {
    double *z = calloc(32, sizeof(double));
    if (z) {
      for (int i = 0; i < 32; i++) zeroes += z[i] == 0.0;
      free(z);
    }
    void *huge = calloc(SIZE_MAX / 2, 4);
    overflow = huge == NULL;
    free(huge);
    free(NULL);
  }
  if (zeroes != 32 || overflow != 1) abort();
  printf("calloc: %d zeroes, overflowing calloc gives NULL: %d\n", zeroes, overflow);

  int total = 0;
#pragma omp target map(from: total)
  {
    struct node *list = NULL;
    for (int i = 1; i <= 10; i++) list = push(list, i);
    total = drain(list);
  }
  if (total != 55) abort();
  printf("list through declare-target helpers: %d\n", total);

#pragma omp target
  {
    kept = malloc(4 * sizeof(int));
    if (kept)
      for (int i = 0; i < 4; i++) kept[i] = 10 * i;
  }
  int back = -1;
#pragma omp target map(from: back)
  {
    back = kept ? kept[1] + kept[3] : -1;
    free(kept);
    kept = NULL;
  }
  if (back != 40) abort();
  printf("kept across target regions: %d\n", back);
  return 0;
}
