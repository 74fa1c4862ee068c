// expect-error: 2:1: unterminated #if
#ifdef X
int main(void) { return 0; }
