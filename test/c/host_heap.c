// Host malloc memory outlives the function that allocated it: helpers return malloc'd
// vectors and list nodes, realloc grows a buffer in a loop, heap blocks are mapped into
// target regions (explicit sections, enter/exit data, through a struct's pointer), and
// freed blocks are replaced by new ones.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

float *alloc_vec(int n) { return malloc(n * sizeof(float)); }

struct node {
  int value;
  struct node *next;
};

struct node *push(struct node *head, int v) {
  struct node *n = malloc(sizeof(struct node));
  n->value = v;
  n->next = head;
  return n;
}

int sum_list(struct node *l) {
  int s = 0;
  for (; l; l = l->next) s += l->value;
  return s;
}

void free_list(struct node *l) {
  while (l) {
    struct node *next = l->next;
    free(l);
    l = next;
  }
}

struct vec {
  int n;
  double *data;
};

struct vec *vec_new(int n) {
  struct vec *v = malloc(sizeof *v);
  v->n = n;
  v->data = calloc(n, sizeof(double));
  return v;
}

int *grow(int *buf, int *cap, int need) {
  while (*cap < need) {
    *cap = *cap ? 2 * *cap : 4;
    buf = realloc(buf, *cap * sizeof(int));
  }
  return buf;
}

int main(void) {
  int n = 64;
  float *x = alloc_vec(n);
  float *y = alloc_vec(n);
  for (int i = 0; i < n; i++) {
    x[i] = i;
    y[i] = 1;
  }
#pragma omp target teams distribute parallel for map(to: x[0:n]) map(tofrom: y[0:n])
  for (int i = 0; i < n; i++) y[i] += 2.0f * x[i];
  float s = 0;
  for (int i = 0; i < n; i++) s += y[i];
  printf("saxpy %.1f\n", s);
  free(x);
  free(y);

  struct node *l = NULL;
  for (int i = 1; i <= 10; i++) l = push(l, i * i);
  printf("list %d\n", sum_list(l));
  free_list(l);

  struct vec *v = vec_new(32);
  double *d = v->data;
  int vn = v->n;
#pragma omp target enter data map(to: d[0:vn])
#pragma omp target teams distribute parallel for
  for (int i = 0; i < vn; i++) d[i] = d[i] + 0.5 * i;
#pragma omp target exit data map(from: d[0:vn])
  double t = 0;
  for (int i = 0; i < v->n; i++) t += v->data[i];
  printf("vec %.1f\n", t);
  free(v->data);
  free(v);

  int cap = 0;
  int *buf = NULL;
  for (int i = 0; i < 100; i++) {
    buf = grow(buf, &cap, i + 1);
    buf[i] = i;
  }
  long total = 0;
#pragma omp target map(to: buf[0:100]) map(tofrom: total)
  for (int i = 0; i < 100; i++) total += buf[i];
  printf("grow cap %d total %ld\n", cap, total);
  buf = realloc(buf, 0);
  printf("realloc 0 %s\n", buf == NULL ? "null" : "not null");

  char *a = malloc(8);
  strcpy(a, "heap");
  char *b = malloc(8);
  memcpy(b, a, 5);
  free(a);
  char *c = calloc(8, 1);
  printf("%s %d\n", b, (int)strlen(c));
  free(b);
  free(c);
  free(NULL);
  return 0;
}
