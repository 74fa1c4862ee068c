// Found through -I test/c/include (or, for gcc and the differential test, through the
// #include path relative to the program).
#define FACTOR 3
#pragma once
