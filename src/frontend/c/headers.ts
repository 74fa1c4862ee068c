// The standard headers the C subset knows. Each is preprocessed like a user header; the
// functions they declare (printf, malloc, sqrt, omp_get_thread_num, …) are builtins of the
// lowering (lower.ts), so a header only has to provide typedefs and macros.

const SIZE_T = "typedef unsigned long size_t;\n";

export const STD_HEADERS: Readonly<Record<string, string>> = {
  "stdio.h": SIZE_T + "#define NULL ((void*)0)\n#define EOF (-1)\n",
  "stdlib.h": SIZE_T + "#define NULL ((void*)0)\n#define EXIT_SUCCESS 0\n#define EXIT_FAILURE 1\n#define RAND_MAX 2147483647\n",
  "stddef.h": SIZE_T + "typedef long ptrdiff_t;\n#define NULL ((void*)0)\n",
  "string.h": SIZE_T + "#define NULL ((void*)0)\n",
  // isnan/isinf/isfinite as comparisons (each evaluates its argument more than once); isinf
  // is -1 for -inf as glibc's (__builtin_isinf_sign).
  "math.h": "#define M_PI 3.14159265358979323846\n#define M_E 2.7182818284590452354\n#define INFINITY (1.0f/0.0f)\n#define HUGE_VAL (1.0/0.0)\n#define NAN (0.0f/0.0f)\n" +
    "#define isnan(x) ((x) != (x))\n#define isfinite(x) (((x) - (x)) == ((x) - (x)))\n" +
    "#define isinf(x) (((x) == (x) && ((x) - (x)) != ((x) - (x))) ? ((x) > 0 ? 1 : -1) : 0)\n",
  "stdbool.h": "#define bool _Bool\n#define true 1\n#define false 0\n#define __bool_true_false_are_defined 1\n",
  "stdint.h": [
    "typedef signed char int8_t;", "typedef unsigned char uint8_t;",
    "typedef short int16_t;", "typedef unsigned short uint16_t;",
    "typedef int int32_t;", "typedef unsigned int uint32_t;",
    "typedef long int64_t;", "typedef unsigned long uint64_t;",
    "typedef long intptr_t;", "typedef unsigned long uintptr_t;",
    "typedef long intmax_t;", "typedef unsigned long uintmax_t;",
    "#define INT8_MIN (-128)", "#define INT8_MAX 127", "#define UINT8_MAX 255",
    "#define INT16_MIN (-32768)", "#define INT16_MAX 32767", "#define UINT16_MAX 65535",
    "#define INT32_MIN (-2147483647-1)", "#define INT32_MAX 2147483647", "#define UINT32_MAX 4294967295U",
    "#define INT64_MIN (-9223372036854775807L-1)", "#define INT64_MAX 9223372036854775807L", "#define UINT64_MAX 18446744073709551615UL",
    "#define SIZE_MAX 18446744073709551615UL", "",
  ].join("\n"),
  "assert.h": "#define assert(e) ((e) ? (void)0 : __ompir_assert_fail(#e, __FILE__, __LINE__))\n",
  "limits.h": [
    "#define CHAR_BIT 8", "#define SCHAR_MIN (-128)", "#define SCHAR_MAX 127", "#define UCHAR_MAX 255",
    "#define CHAR_MIN (-128)", "#define CHAR_MAX 127",
    "#define SHRT_MIN (-32768)", "#define SHRT_MAX 32767", "#define USHRT_MAX 65535",
    "#define INT_MIN (-2147483647-1)", "#define INT_MAX 2147483647", "#define UINT_MAX 4294967295U",
    "#define LONG_MIN (-9223372036854775807L-1)", "#define LONG_MAX 9223372036854775807L", "#define ULONG_MAX 18446744073709551615UL",
    "#define LLONG_MIN (-9223372036854775807LL-1)", "#define LLONG_MAX 9223372036854775807LL", "#define ULLONG_MAX 18446744073709551615ULL", "",
  ].join("\n"),
  "float.h": [
    "#define FLT_MAX 3.40282347e+38F", "#define FLT_MIN 1.17549435e-38F", "#define FLT_EPSILON 1.19209290e-7F",
    "#define DBL_MAX 1.7976931348623157e+308", "#define DBL_MIN 2.2250738585072014e-308", "#define DBL_EPSILON 2.2204460492503131e-16", "",
  ].join("\n"),
  "omp.h": "typedef struct { int __state; } omp_lock_t;\n",
  // The clock is the simulator's (omp_get_wtime's): time, clock and gettimeofday are written
  // in C over it (libc.ts), so a program seeding rand with time(NULL) runs the same each time.
  "time.h": SIZE_T + "#ifndef __OMPIR_TIME_T\n#define __OMPIR_TIME_T\ntypedef long time_t;\n#endif\ntypedef long clock_t;\n#define CLOCKS_PER_SEC 1000000L\n#define NULL ((void*)0)\n",
  "sys/time.h": "#ifndef __OMPIR_TIME_T\n#define __OMPIR_TIME_T\ntypedef long time_t;\n#endif\nstruct timeval { long tv_sec; long tv_usec; };\n",
};
