// expect-error: 6:35: function 'dev2' is 'declare target device_type(nohost)' and cannot be called on the host (clang compiles every other function for the host, target regions too, for their host fallback)
// clang-16: every function is compiled for the host, even an unused static one.
#pragma omp begin declare target device_type(nohost)
int dev2(int x) { return x + 1; }
#pragma omp end declare target
static int helper(int x) { return dev2(x); }
int main(void) { return 0; }
