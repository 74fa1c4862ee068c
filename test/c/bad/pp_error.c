// expect-error: 6:1: #error this OpenMP is too old
#if !defined(_OPENMP)
#error no OpenMP
#endif
#if _OPENMP < 999999
#error this OpenMP is too old
#endif
int main(void) { return 0; }
