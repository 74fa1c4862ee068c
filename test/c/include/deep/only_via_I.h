// Only reachable through -I test/c/include/deep.
#define VIA_I 42
