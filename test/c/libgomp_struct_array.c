// Arrays of structs mapped with sections, updated by a kernel and a helper on the device;
// a struct passed by value to a device function.
#include <stdio.h>
#include <stdlib.h>
typedef struct { double x, y, vx, vy; int hits; } particle;
static particle step(particle p, double dt) {
  p.x += p.vx * dt;
  p.y += p.vy * dt;
  if (p.x < 0 || p.x > 10) { p.vx = -p.vx; p.hits++; }
  if (p.y < 0 || p.y > 10) { p.vy = -p.vy; p.hits++; }
  return p;
}
int main(void) {
  int n = 50;
  particle *ps = malloc(n * sizeof(particle));
  for (int i = 0; i < n; i++) {
    ps[i].x = i % 10;
    ps[i].y = (i * 3) % 10;
    ps[i].vx = (i % 3) - 1.0;
    ps[i].vy = (i % 5) - 2.0;
    ps[i].hits = 0;
  }
  for (int t = 0; t < 20; t++) {
#pragma omp target teams distribute parallel for map(tofrom: ps[0:n])
    for (int i = 0; i < n; i++) ps[i] = step(ps[i], 0.5);
  }
  int hits = 0;
  double sx = 0;
  for (int i = 0; i < n; i++) { hits += ps[i].hits; sx += ps[i].x; }
  printf("hits %d sx %.2f\n", hits, sx);
  free(ps);
  return 0;
}
