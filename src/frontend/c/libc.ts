// The C library functions that are written in C rather than lowered as builtins (lower.ts):
// the ones with state (rand), a function pointer (qsort, bsearch) or loops the lowering
// would only spell out again. A program that refers to one and does not define it itself gets
// its source (not preprocessed) as a second translation unit (compileC), located in the file
// `<libc>`; like the program's own functions, only what main or a target region reaches is
// lowered.
//
// Each is glibc's algorithm where a program can see the difference, since gcc is the oracle:
// rand is glibc's TYPE_3 additive generator (random_r.c), qsort its merge sort (msort.c:
// same order of comparisons, so even a comparator with side effects agrees).

interface LibcFn {
  /** What it needs besides itself: other entries of LIBC. */
  readonly deps: readonly string[];
  /** Host only: state a target region cannot share (a located error there). */
  readonly hostOnly: boolean;
  readonly text: string;
}

const LIBC: Readonly<Record<string, LibcFn>> = {
  // glibc's random(): 31 words, the front index 3 ahead of the rear; srand(s) fills them
  // with 16807·x mod (2^31 - 1) from s (as an int32_t, as glibc's) and discards 310 outputs.
// Unseeded, as srand(1).
  __ompir_rand_state: {
    deps: [],
    hostOnly: true,
    text: `
static int __ompir_rand_tbl[31];
static int __ompir_rand_f;
static int __ompir_rand_r;
static int __ompir_rand_seeded;
static int __ompir_rand_next(void) {
  unsigned val = (unsigned)__ompir_rand_tbl[__ompir_rand_f] + (unsigned)__ompir_rand_tbl[__ompir_rand_r];
  __ompir_rand_tbl[__ompir_rand_f] = (int)val;
  __ompir_rand_f++;
  __ompir_rand_r++;
  if (__ompir_rand_f >= 31) __ompir_rand_f = 0;
  else if (__ompir_rand_r >= 31) __ompir_rand_r = 0;
  return (int)(val >> 1);
}
static void __ompir_rand_seed(unsigned seed) {
  if (seed == 0) seed = 1;
  int word = (int)seed;
  __ompir_rand_tbl[0] = (int)seed;
  for (int i = 1; i < 31; i++) {
    long hi = word / 127773;
    long lo = word % 127773;
    word = (int)(16807 * lo - 2836 * hi);
    if (word < 0) word += 2147483647;
    __ompir_rand_tbl[i] = word;
  }
  __ompir_rand_f = 3;
  __ompir_rand_r = 0;
  for (int k = 0; k < 310; k++) __ompir_rand_next();
  __ompir_rand_seeded = 1;
}
`,
  },
  srand: { deps: ["__ompir_rand_state"], hostOnly: true, text: "void srand(unsigned seed) { __ompir_rand_seed(seed); }\n" },
  rand: {
    deps: ["__ompir_rand_state"],
    hostOnly: true,
    text: "int rand(void) {\n  if (!__ompir_rand_seeded) __ompir_rand_seed(1);\n  return __ompir_rand_next();\n}\n",
  },
  // glibc's msort_with_tmp: halves sorted in place, merged into the buffer (the left element
  // first on a tie: stable), the merged prefix copied back.
  __ompir_msort: {
    deps: [],
    hostOnly: false,
    text: `
static void __ompir_msort(char *b, char *t, unsigned long n, unsigned long s, int (*cmp)(const void *, const void *)) {
  if (n <= 1) return;
  unsigned long n1 = n / 2;
  unsigned long n2 = n - n1;
  char *b1 = b;
  char *b2 = b + n1 * s;
  __ompir_msort(b1, t, n1, s, cmp);
  __ompir_msort(b2, t, n2, s, cmp);
  char *out = t;
  while (n1 > 0 && n2 > 0) {
    if (cmp(b1, b2) <= 0) {
      memcpy(out, b1, s);
      b1 += s;
      n1--;
    } else {
      memcpy(out, b2, s);
      b2 += s;
      n2--;
    }
    out += s;
  }
  if (n1 > 0) memcpy(out, b1, n1 * s);
  memcpy(b, t, (n - n2) * s);
}
`,
  },
  qsort: {
    deps: ["__ompir_msort"],
    hostOnly: false,
    text: `
void qsort(void *base, unsigned long n, unsigned long size, int (*cmp)(const void *, const void *)) {
  if (n <= 1 || size == 0) return;
  char *t = (char *)malloc(n * size);
  __ompir_msort((char *)base, t, n, size, cmp);
  free(t);
}
`,
  },
  // glibc's bsearch: halving [l, u) with the key first in each comparison.
  bsearch: {
    deps: [],
    hostOnly: false,
    text: `
void *bsearch(const void *key, const void *base, unsigned long n, unsigned long size, int (*cmp)(const void *, const void *)) {
  unsigned long l = 0;
  unsigned long u = n;
  while (l < u) {
    unsigned long idx = (l + u) / 2;
    const char *p = (const char *)base + idx * size;
    int c = cmp(key, p);
    if (c < 0) u = idx;
    else if (c > 0) l = idx + 1;
    else return (void *)p;
  }
  return (void *)0;
}
`,
  },
  strncmp: {
    deps: [],
    hostOnly: false,
    text: `
int strncmp(const char *a, const char *b, unsigned long n) {
  for (unsigned long i = 0; i < n; i++) {
    unsigned char x = (unsigned char)a[i];
    unsigned char y = (unsigned char)b[i];
    if (x != y) return x - y;
    if (x == 0) return 0;
  }
  return 0;
}
`,
  },
  // C's strncpy: at most n bytes; after the source's end, zeros up to n (no terminator when
  // the source is n bytes or longer).
  strncpy: {
    deps: [],
    hostOnly: false,
    text: `
char *strncpy(char *d, const char *s, unsigned long n) {
  unsigned long i = 0;
  for (; i < n && s[i] != 0; i++) d[i] = s[i];
  for (; i < n; i++) d[i] = 0;
  return d;
}
`,
  },
  strcat: {
    deps: [],
    hostOnly: false,
    text: `
char *strcat(char *d, const char *s) {
  unsigned long k = 0;
  while (d[k] != 0) k++;
  unsigned long i = 0;
  for (; s[i] != 0; i++) d[k + i] = s[i];
  d[k + i] = 0;
  return d;
}
`,
  },
  strchr: {
    deps: [],
    hostOnly: false,
    text: `
char *strchr(const char *s, int c) {
  char ch = (char)c;
  for (unsigned long i = 0;; i++) {
    if (s[i] == ch) return (char *)(s + i);
    if (s[i] == 0) return (char *)0;
  }
}
`,
  },
  // Overlap-safe: backwards when the destination starts inside the source.
  memmove: {
    deps: [],
    hostOnly: false,
    text: `
void *memmove(void *dst, const void *src, unsigned long n) {
  char *d = (char *)dst;
  const char *s = (const char *)src;
  if (d == s || n == 0) return dst;
  if (d < s || d >= s + n) {
    for (unsigned long i = 0; i < n; i++) d[i] = s[i];
  } else {
    for (unsigned long i = n; i > 0; i--) d[i - 1] = s[i - 1];
  }
  return dst;
}
`,
  },
  // The sign of y (that of a zero too: 1/-0 is -inf) on |x|; a NaN's sign is not seen.
  copysign: {
    deps: [],
    hostOnly: false,
    text: "double copysign(double x, double y) {\n  double m = fabs(x);\n  return y < 0 || (y == 0 && 1 / y < 0) ? -m : m;\n}\n",
  },
  copysignf: {
    deps: [],
    hostOnly: false,
    text: "float copysignf(float x, float y) {\n  float m = fabsf(x);\n  return y < 0 || (y == 0 && 1 / y < 0) ? -m : m;\n}\n",
  },
  // x·2^n by halves of n, so neither factor overflows before the product does (exact unless
  // the result is subnormal).
  ldexp: {
    deps: [],
    hostOnly: false,
    text: "double ldexp(double x, int n) {\n  int h = n / 2;\n  return x * pow(2.0, h) * pow(2.0, n - h);\n}\n",
  },
  // The OpenMP lock API on the host, whose teams have one thread: a lock is a word (0 free, 1
  // held); setting a lock the thread holds would wait forever, so it stops the program.
  omp_init_lock: { deps: [], hostOnly: true, text: "void omp_init_lock(void *l) { *(int *)l = 0; }\n" },
  omp_destroy_lock: { deps: [], hostOnly: true, text: "void omp_destroy_lock(void *l) { *(int *)l = 0; }\n" },
  omp_set_lock: {
    deps: [],
    hostOnly: true,
    text: "void omp_set_lock(void *l) {\n  if (*(int *)l) __ompir_assert_fail(\"omp_set_lock of a lock its thread holds: it would wait forever\");\n  *(int *)l = 1;\n}\n",
  },
  omp_unset_lock: { deps: [], hostOnly: true, text: "void omp_unset_lock(void *l) { *(int *)l = 0; }\n" },
  omp_test_lock: {
    deps: [],
    hostOnly: true,
    text: "int omp_test_lock(void *l) {\n  if (*(int *)l) return 0;\n  *(int *)l = 1;\n  return 1;\n}\n",
  },
  // dyn-var and the deprecated nested setting, on the host: stored and answered (libgomp's
  // defaults: off); host teams have one thread either way.
  __ompir_icvs: { deps: [], hostOnly: true, text: "static int __ompir_dyn_var;\nstatic int __ompir_nested_var;\n" },
  omp_set_dynamic: { deps: ["__ompir_icvs"], hostOnly: true, text: "void omp_set_dynamic(int v) { __ompir_dyn_var = v != 0; }\n" },
  omp_get_dynamic: { deps: ["__ompir_icvs"], hostOnly: true, text: "int omp_get_dynamic(void) { return __ompir_dyn_var; }\n" },
  omp_set_nested: { deps: ["__ompir_icvs"], hostOnly: true, text: "void omp_set_nested(int v) { __ompir_nested_var = v != 0; }\n" },
  omp_get_nested: { deps: ["__ompir_icvs"], hostOnly: true, text: "int omp_get_nested(void) { return __ompir_nested_var; }\n" },
  // The simulated clock (omp_get_wtime): whole seconds, microseconds (CLOCKS_PER_SEC is
  // glibc's 1000000), and a struct timeval written as its two longs (<sys/time.h>).
  time: {
    deps: [],
    hostOnly: false,
    text: "long time(long *t) {\n  long s = (long)omp_get_wtime();\n  if (t) *t = s;\n  return s;\n}\n",
  },
  clock: { deps: [], hostOnly: false, text: "long clock(void) { return (long)(omp_get_wtime() * 1000000.0); }\n" },
  gettimeofday: {
    deps: [],
    hostOnly: false,
    text: `
int gettimeofday(void *tv, void *tz) {
  double w = omp_get_wtime();
  long *p = (long *)tv;
  p[0] = (long)w;
  p[1] = (long)((w - (double)p[0]) * 1000000.0);
  return 0;
}
`,
  },
};

/** The file name they are located in. */
export const LIBC_FILE = "<libc>";

/** The library functions written in C (for docs/C.md and the unsupported-name message). */
export const LIBC_FUNCTIONS: readonly string[] = Object.keys(LIBC).filter((k) => !k.startsWith("__"));

/** Whether `name` is one of them and may not be called in a target region. */
export function libcHostOnly(name: string): boolean {
  return LIBC[name]?.hostOnly === true;
}

/**
 * The source of the library functions `text` refers to (as whole identifiers) that
 * `defined` does not, with what they need; null when there are none.
 */
export function libcSource(text: string, defined: (name: string) => boolean): { text: string; names: Set<string> } | null {
  const want = new Set<string>();
  const add = (name: string): void => {
    if (want.has(name)) return;
    want.add(name);
    for (const d of LIBC[name]!.deps) add(d);
  };
  for (const name of LIBC_FUNCTIONS) {
    if (!defined(name) && new RegExp(`\\b${name}\\b`).test(text)) add(name);
  }
  if (want.size === 0) return null;
  // Dependencies first, so each function is declared before it is used.
  const order = Object.keys(LIBC).filter((k) => want.has(k));
  const deps = order.filter((k) => k.startsWith("__"));
  const rest = order.filter((k) => !k.startsWith("__"));
  return { text: [...deps, ...rest].map((k) => LIBC[k]!.text).join("\n"), names: want };
}
