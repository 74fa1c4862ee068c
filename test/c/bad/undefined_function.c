// expect-error: 3:25: function 'helper' is declared but not defined (only the builtins in docs/C.md are known)
int helper(int);
int main(void) { return helper(1); }
