// expect-error: 1:1: the program has no 'main' function
int helper(void) { return 1; }
