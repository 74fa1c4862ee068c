// expect-error: 2:1: cannot find header "nothere.h"
#include "nothere.h"
int main(void) { return 0; }
