// expect-error: 2:1: header <pthread.h> is not supported (known: stdio.h stdlib.h stddef.h string.h math.h stdbool.h stdint.h assert.h limits.h float.h omp.h time.h sys/time.h)
#include <pthread.h>
int main(void) { return 0; }
