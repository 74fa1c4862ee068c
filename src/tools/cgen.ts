// The OpenMP C program generator of the C fuzz campaign (src/tools/cfuzz.ts, docs/TESTING.md):
// random, deterministic C programs with target regions that gcc -fopenmp (host fallback, any
// thread count) and ompir (any team and thread count, with and without -O) must run alike.
//
// Determinism by construction. Every device write is per index (iteration i writes element
// i of one array, or one result slot from one thread); cross-thread combination only through
// integer reductions, atomics and critical sections on integer sums, whose results do not
// depend on the order; everything is printed by the host after the target regions. All
// arithmetic is `unsigned` (wraps as C defines it) and converted to the element type on the
// store; divisors are odd, shift counts masked. Kernels of several teams keep each array
// written in at most one region and never read before that region in the same kernel (teams
// do not synchronise), and only team 0 writes result slots from sequential code; kernels of
// one team (`target`, `num_teams(1)`, `target parallel`) also get time-step loops, double
// buffers and `barrier`-separated phases. Data is mapped so that the host sees the same
// values whether maps copy (ompir) or share (gcc's host fallback): written arrays are mapped
// `tofrom` (or `from` when the kernel writes all of them), `declare target` globals move with
// `target update`, and the host changes nothing a `target data` region holds.
//
// Shapes aimed at the front end and at spmdize / deglobalize / merge-parallel / the custom
// state machine: generic kernels with sequential code before, between and after parallel
// regions; locals of the sequential part shared into regions (globalized) and changed
// between them; helpers (pure, recursive, through function pointers, with an orphaned
// `parallel for` or `for`); `single`, `master`, `critical`, `atomic`, `barrier`; reductions of
// every integer operator; `collapse(2)`; `schedule(static|dynamic|guided)`; `if` on target;
// `num_threads`, `num_teams`, `thread_limit`; target data / enter / exit / update; struct
// and section maps; `omp_get_*` queries only as `== 0` guards and `>= 1` checks.

import { Rng } from "./rng.js";

interface Arr {
  name: string;
  type: string;
  /** A file-scope global (else a local of main). */
  global: boolean;
  /** In a `declare target` block: the device has its own copy, moved by `target update`. */
  declTarget: boolean;
}

/** What a region may read and write (see the file comment). */
interface Ctx {
  /** Readable anywhere (any index). */
  any: Arr[];
  /** Readable only at the loop's own index (written earlier by a `distribute` loop). */
  own: Arr[];
  /** Readable scalars (C expressions convertible to unsigned). */
  scalars: string[];
  /** Device code (helpers are callable; function pointers of device functions). */
  device: boolean;
}

const INT_TYPES = ["int", "unsigned", "long long", "short", "unsigned char", "long", "unsigned long long", "signed char"] as const;
const RED_TYPES = ["int", "unsigned", "long long", "long", "unsigned long long", "short"] as const;
const RED_OPS = ["+", "-", "*", "&", "|", "^", "&&", "||", "min", "max"] as const;

const PRINT_CAST = "(unsigned long long)";

export interface CGenOptions {
  /** Kernels per program (default 2-5). */
  kernels?: number;
  /** Also the extended shapes (`extraKernel`: loop headers of every canonical form, pointer
   *  sections, `alloc` scratch, `always`, `defaultmap`, `masked`; `target update` of
   *  declare target globals). Off by default, so the default programs of a seed stay those
   *  of the recorded campaigns. */
  extra?: boolean;
  /** Also the nested shapes (`nestedKernels`): a helper asking the thread queries, with an
   *  early return and a parallel region, called at level 0, from a parallel region (its
   *  region nested) and from an SPMD kernel's region, in target regions under `if(target: …)`
   *  or on device 1 of two (`// ompir-args: --devices 2`, which cfuzz passes on). Off by
   *  default, so the default and extended programs of a seed stay those of the recorded
   *  campaigns. */
  nested?: boolean;
  /** Also sequential tails (`tail`): a one-team generic kernel's code after its last parallel
   *  region prints, then may `abort()` or loop forever printing on a condition never true
   *  (`n` is N), then stores its result. Off by default, like the others. */
  tails?: boolean;
  /** Also the num_threads shapes (`numThreadsKernels`): parallel regions in target regions
   *  with `num_threads(e)` (a worksharing loop and a `single` after it, whose barrier must
   *  count the region's threads), nested regions asking omp_get_level() and reducing into
   *  the outer thread's local, in generic and SPMD kernels. Off by default. */
  numThreads?: boolean;
  /** Also the pointer shapes (`pointerKernel`): pointer subtraction and ordering comparisons
   *  (`p < end` loops with a step, reverse `p >= a` loops, `end - p`) over a mapped array in
   *  a target region's sequential part and its parallel region. Off by default. */
  pointers?: boolean;
  /** Also the host heap shapes (`heapKernel`): host helpers return `malloc`/`calloc` blocks
   *  (and a linked list of them) that outlive them; the blocks are mapped into target regions
   *  by sections, grown with `realloc` and freed. Off by default. */
  heap?: boolean;
  /** Also the local pointer shapes (`localPointerKernel`): target regions pass the addresses
   *  of their locals (scalars, arrays, elements, a local a parallel region shares) to helpers
   *  that pass them on, swap through them, return one of them, and mix them with mapped
   *  arrays. Off by default. */
  localPointers?: boolean;
  /** Also the level shapes (`levelKernel`): a helper answering omp_get_level,
   *  omp_get_active_level and omp_in_parallel, called on the host (at level 0 and in
   *  one-thread regions, nested too) and in target regions (sequential part, a region of
   *  2-4 threads, a region nested in it, an SPMD loop). Off by default. */
  levels?: boolean;
  /** Also the if-clause and task shapes (`ifParallelKernel`, `hostTasks`; eleventh session):
   *  parallel regions under `if(parallel: c)` / `if(c)` whose condition changes per step of a
   *  sequential loop in a target region (inactive when false: a team of one), combined
   *  constructs with `if(parallel: c)`; host tasks changing locals, which are firstprivate
   *  unless the enclosing region's threads share them. Off by default. */
  ifTasks?: boolean;
  /** Also array reductions (`arrayReductionKernel`; eleventh session): `reduction(op: a)` and
   *  `reduction(op: a[lo:len])` over small unsigned arrays, on a multi-team combined
   *  construct and on a generic kernel's local array in a time-step loop's regions. Off by
   *  default. */
  arrayReductions?: boolean;
}

export class CGen {
  private r: Rng;
  private out: string[] = [];
  private ind = 0;
  private uid = 0;
  private n: number;
  private arrays: Arr[] = [];
  private helpers: string[] = [];
  private recHelpers: string[] = [];
  private applyHelpers: string[] = [];
  /** Helpers with an orphaned `parallel for` (w, r, n, s) and with an orphaned `for` (w, n, s). */
  private parHelpers: string[] = [];
  private forHelpers: string[] = [];
  private addHelpers: string[] = [];
  /** Result slots: `res[k]`, each written by one kernel. */
  private slots = 0;
  private readonly SLOTS = 24;

  constructor(readonly seed: number, private opts: CGenOptions = {}) {
    this.r = new Rng(seed ^ 0x5bd1e995);
    this.n = this.r.pick([8, 13, 16, 24, 32, 37, 64]);
  }

  private emit(line: string): void {
    this.out.push(line === "" ? "" : "  ".repeat(this.ind) + line);
  }
  private pragma(p: string): void {
    this.out.push(`#pragma omp ${p}`);
  }
  private open(head: string): void {
    this.emit(head === "" ? "{" : `${head} {`);
    this.ind++;
  }
  private close(tail = ""): void {
    this.ind--;
    this.emit(`}${tail}`);
  }
  private fresh(p: string): string {
    return `${p}${this.uid++}`;
  }

  // ---------------------------------------------------------------- expressions

  private lit(): string {
    return `${this.r.pick([0, 1, 2, 3, 5, 7, 11, 13, 31, 255, 1000, 65535, 2147483647, 4294967295])}u`;
  }

  /** An unsigned expression over the loop variable `iv` (or none) and what ctx allows. */
  private expr(ctx: Ctx, iv: string | null, depth: number): string {
    const r = this.r;
    if (depth <= 0 || r.chance(0.3)) {
      const leaves: (() => string)[] = [() => this.lit()];
      if (iv !== null) leaves.push(() => `(unsigned)${iv}`, () => `(unsigned)${iv}`);
      if (ctx.scalars.length) leaves.push(() => `(unsigned)${r.pick(ctx.scalars)}`);
      if (ctx.any.length) {
        leaves.push(() => {
          const a = r.pick(ctx.any);
          const idx = iv === null ? `${r.int(0, this.n - 1)}` : r.chance(0.5) ? iv : `(${iv} + ${r.int(1, this.n - 1)}) % N`;
          return `(unsigned)${a.name}[${idx}]`;
        });
      }
      if (iv !== null && ctx.own.length) leaves.push(() => `(unsigned)${r.pick(ctx.own).name}[${iv}]`);
      return r.pick(leaves)();
    }
    const a = () => this.expr(ctx, iv, depth - 1);
    const k = r.int(0, 15);
    switch (k) {
      case 0: case 1: return `(${a()} + ${a()})`;
      case 2: return `(${a()} - ${a()})`;
      case 3: return `(${a()} * ${a()})`;
      case 4: return `(${a()} ^ ${a()})`;
      case 5: return `(${a()} & ${a()})`;
      case 6: return `(${a()} | ${a()})`;
      case 7: return `(${a()} << (${a()} & 15u))`;
      case 8: return `(${a()} >> (${a()} & 15u))`;
      case 9: return `(${a()} / (${a()} | 1u))`;
      case 10: return `(${a()} % (${a()} | 1u))`;
      case 11: return `(${a()} ${r.pick(["<", "<=", ">", ">=", "==", "!="])} ${a()} ? ${a()} : ${a()})`;
      case 12: return `(unsigned)(${r.pick(["(int)", "(short)", "(signed char)", "(long long)", "(unsigned char)"])}${a()} ${r.pick(["<", ">", "==", "!="])} 0)`;
      case 13: return `(unsigned)((int)(${a()} & 1023u) - (int)(${a()} & 1023u))`;
      default:
        if (ctx.device && this.helpers.length) {
          const c = r.int(0, 2);
          if (c === 0 || (this.recHelpers.length === 0 && this.applyHelpers.length === 0)) return `${r.pick(this.helpers)}(${a()})`;
          if (c === 1 && this.recHelpers.length) return `${r.pick(this.recHelpers)}(${a()} & 7u, ${a()})`;
          if (this.applyHelpers.length) return `${r.pick(this.applyHelpers)}(${r.pick(this.helpers)}, ${a()})`;
        }
        return `(~${a()})`;
    }
  }

  // ---------------------------------------------------------------- top level

  generate(): string {
    const r = this.r;
    const o = this.out;
    o.push(`// cgen seed ${this.seed}`);
    o.push("#include <stdio.h>", "#include <stdlib.h>", "#include <omp.h>", `#define N ${this.n}`, `#define NS ${this.SLOTS}`, "");
    // helpers (device and host), some in a declare target block
    const dt = r.chance(0.5);
    if (dt) o.push("#pragma omp declare target");
    const nh = r.int(1, 3);
    const hctx: Ctx = { any: [], own: [], scalars: ["x"], device: false };
    for (let k = 0; k < nh; k++) {
      const h = this.fresh("h");
      o.push(`static unsigned ${h}(unsigned x) {`, `  return ${this.expr(hctx, null, 3)};`, "}");
      this.helpers.push(h);
    }
    if (r.chance(0.6)) {
      const h = this.fresh("rec");
      o.push(`unsigned ${h}(unsigned n, unsigned acc) {`, "  if (n == 0u)", "    return acc;", `  return ${h}(n - 1u, acc * ${r.pick([3, 5, 31])}u + n);`, "}");
      this.recHelpers.push(h);
    }
    if (r.chance(0.5)) {
      const h = this.fresh("apply");
      o.push(`unsigned ${h}(unsigned (*f)(unsigned), unsigned x) {`, `  return f(x) + ${this.lit()};`, "}");
      this.applyHelpers.push(h);
    }
    if (dt) o.push("#pragma omp end declare target");
    // arrays
    const na = r.int(3, 5);
    const dtArrays = r.chance(0.4);
    for (let k = 0; k < na; k++) {
      const a: Arr = { name: this.fresh("a"), type: r.pick(INT_TYPES), global: r.chance(0.5), declTarget: false };
      if (a.global && dtArrays && r.chance(0.5)) a.declTarget = true;
      this.arrays.push(a);
    }
    const dtl = this.arrays.filter((a) => a.declTarget);
    if (dtl.length) {
      o.push("#pragma omp declare target");
      for (const a of dtl) o.push(`${a.type} ${a.name}[N];`);
      o.push("#pragma omp end declare target");
    }
    for (const a of this.arrays.filter((x) => x.global && !x.declTarget)) o.push(`${a.type} ${a.name}[N];`);
    o.push("unsigned res[NS];");
    if (this.opts.extra) o.push("unsigned scr[N];");
    // helpers with orphaned worksharing (device functions reached from target regions)
    if (r.chance(0.5)) {
      const h = this.fresh("pfill");
      const w = "w[i]";
      o.push(`void ${h}(int *w, const int *rd, int n, unsigned s) {`, "#pragma omp parallel for", "  for (int i = 0; i < n; i++)",
        `    ${w} = (int)(${this.expr({ any: [], own: [], scalars: ["s", "(unsigned)rd[i]", "(unsigned)n"], device: true }, "i", 2)});`, "}");
      this.parHelpers.push(h);
    }
    if (r.chance(0.4)) {
      // recursive, a parallel region at each level (called from sequential code only)
      const h = this.fresh("rfill");
      o.push(`void ${h}(int *w, const int *rd, int n, unsigned s) {`, "  if (s % 4u == 0u)", "    return;", "#pragma omp parallel for", "  for (int i = 0; i < n; i++)",
        `    w[i] = (int)((unsigned)w[i] * 3u + (unsigned)rd[i] + s);`, `  ${h}(w, rd, n, s - 1u);`, "}");
      this.parHelpers.push(h);
    }
    if (r.chance(0.4)) {
      // atomically adds to memory it is given (a mapped slot), from inside regions
      const h = this.fresh("addto");
      o.push(`void ${h}(unsigned *p, unsigned v) {`, r.chance(0.5) ? "#pragma omp atomic" : "#pragma omp critical(addto)", "  *p += v;", "}");
      this.addHelpers.push(h);
    }
    if (r.chance(0.5)) {
      const h = this.fresh("ofor");
      o.push(`void ${h}(int *w, int n, unsigned s) {`, `#pragma omp for${r.chance(0.5) ? " schedule(" + r.pick(["static", "dynamic", "guided", "static, 2", "dynamic, 3"]) + ")" : ""}`, "  for (int i = 0; i < n; i++)",
        `    w[i] = (int)(${this.expr({ any: [], own: [], scalars: ["s", "(unsigned)n"], device: true }, "i", 2)});`, "}");
      this.forHelpers.push(h);
    }
    if (this.opts.heap) this.heapHelpers();
    if (this.opts.localPointers) this.localPointerHelpers();
    if (this.opts.levels) {
      o.push("static unsigned lv_where(void) { return (unsigned)(omp_get_level() * 100 + omp_get_active_level() * 10 + omp_in_parallel()); }");
      // On the device whether a region is active depends on the team size (cfuzz runs ompir
      // with --threads 1 too): only the level and the agreement of the two active queries.
      o.push("static unsigned lv_dev(void) { return (unsigned)(omp_get_level() * 100 + (omp_get_active_level() == omp_in_parallel() ? 5 : 1)); }");
    }
    const lvl = this.opts.nested ? this.nestedHelper() : null;
    o.push("", "int main(void) {");
    this.ind = 1;
    // zero-initialised, so that a reduced program that lost the initialising loop stays defined
    for (const a of this.arrays.filter((x) => !x.global)) this.emit(`${a.type} ${a.name}[N] = {0};`);
    this.emit(`int n = N;`);
    this.emit(`unsigned s0 = ${this.lit()};`);
    this.emit(`int s1 = ${r.int(-50, 50)};`);
    this.emit(`int ia[N] = {0};`);
    this.open("for (int i = 0; i < N; i++)");
    for (const a of this.arrays.filter((x) => !x.declTarget)) this.emit(`${a.name}[i] = (${a.type})(${this.expr({ any: [], own: [], scalars: ["s0"], device: false }, "i", 2)});`);
    this.emit("ia[i] = (int)(i * 3 - 7);");
    this.close();
    this.emit("for (int k = 0; k < NS; k++)");
    this.emit("  res[k] = 0u;");
    // declare target globals live on the device: set there, copied out through mapped arrays at the end
    // (`target update` of them does not reach the device copy in ompir yet: FAILURES.md)
    if (dtl.length) {
      this.pragma("target teams distribute parallel for");
      this.open("for (int i = 0; i < N; i++)");
      for (const a of dtl) this.emit(`${a.name}[i] = (${a.type})(${this.expr({ any: [], own: [], scalars: ["s0"], device: true }, "i", 2)});`);
      this.close();
    }
    const nk = this.opts.kernels ?? r.int(2, 5);
    for (let k = 0; k < nk; k++) this.kernelSite();
    if (lvl !== null) this.nestedKernels(lvl);
    if (this.opts.numThreads) for (let k = r.int(1, 2); k > 0; k--) this.numThreadsKernel();
    if (this.opts.pointers) for (let k = r.int(1, 2); k > 0; k--) this.pointerKernel();
    if (this.opts.heap) for (let k = r.int(1, 2); k > 0; k--) this.heapKernel();
    if (this.opts.localPointers) for (let k = r.int(1, 2); k > 0; k--) this.localPointerKernel();
    if (this.opts.levels) for (let k = r.int(1, 2); k > 0; k--) this.levelKernel();
    if (this.opts.arrayReductions) for (let k = r.int(1, 2); k > 0; k--) this.arrayReductionKernel();
    if (this.opts.ifTasks) {
      for (let k = r.int(1, 2); k > 0; k--) this.ifParallelKernel();
      this.hostTasks();
    }
    if (this.opts.extra && dtl.length && r.chance(0.6)) {
      // a host round trip of the device copies through target update
      // (a section goes back when the host changed only that section)
      const whole = r.chance(0.5);
      this.pragma(`target update from(${dtl.map((a) => a.name).join(", ")})`);
      this.emit(`for (int i = ${whole ? 0 : 1}; i < N; i++)`);
      this.emit(`  ${dtl[0]!.name}[i] = (${dtl[0]!.type})((unsigned)${dtl[0]!.name}[i] * 3u + 1u);`);
      this.pragma(`target update to(${dtl[0]!.name}${whole ? "" : "[1:N - 1]"})`);
    }
    for (const a of dtl) {
      this.emit(`${a.type} ${a.name}_h[N];`);
      this.pragma(`target teams distribute parallel for map(from: ${a.name}_h)`);
      this.emit("for (int i = 0; i < N; i++)");
      this.emit(`  ${a.name}_h[i] = ${a.name}[i];`);
    }
    // results
    for (const a of this.arrays) {
      this.open("");
      this.emit(`unsigned long long cs = 0;`);
      this.emit(`for (int i = 0; i < N; i++)`);
      const h = a.declTarget ? `${a.name}_h` : a.name;
      this.emit(`  cs = cs * 1000003ull + ${PRINT_CAST}${h}[i];`);
      this.emit(`printf("${a.name} %llu %lld %lld\\n", cs, (long long)${h}[0], (long long)${h}[N - 1]);`);
      this.close();
    }
    this.emit(`for (int k = 0; k < NS; k++)`);
    this.emit(`  if (res[k] != 0u)`);
    this.emit(`    printf("res[%d] = %u\\n", k, res[k]);`);
    this.emit(`return ${r.chance(0.8) ? "0" : "(int)(res[0] & 63u)"};`);
    this.ind = 0;
    o.push("}", "");
    return o.join("\n");
  }

  // ---------------------------------------------------------------- nested shapes

  /** The helper of the nested shapes: thread 0 of whatever team calls it adds to `*p` (the
   *  answer of omp_get_num_threads() only as a `>= 1` check), it returns early on some `v`,
   *  else starts a region whose thread 0 adds again: the same sums on any team size, nested
   *  or not. */
  private nestedHelper(): string {
    const r = this.r;
    const h = this.fresh("lvl");
    this.out.push("#pragma omp declare target", `void ${h}(unsigned *p, unsigned v) {`, "  if (omp_get_thread_num() == 0) {", "#pragma omp atomic",
      `    *p += v + (omp_get_num_threads() >= 1 ? ${r.int(1, 9)}u : 100u);`, "  }", `  if (v % 4u == ${r.int(0, 3)}u)`, "    return;", "#pragma omp parallel", "  {",
      "    if (omp_get_thread_num() == 0) {", "#pragma omp atomic", `      *p += v * ${r.pick([3, 5, 7])}u;`, "    }", "  }", "}", "#pragma omp end declare target");
    return h;
  }

  /** The nested shapes' kernels: the helper from a target region's sequential part, from
   *  thread 0 of a parallel region there and in a counted loop; then from thread 0 of an
   *  SPMD kernel's region. */
  private nestedKernels(h: string): void {
    const r = this.r;
    const dev = r.chance(0.4);
    if (dev) this.out.splice(1, 0, "// ompir-args: --devices 2");
    const slot = this.slot();
    const where = dev ? " device(1)" : r.chance(0.4) ? ` if(target: n ${r.pick([">", "<"])} ${r.int(0, 70)})` : "";
    this.pragma(`target${where} map(tofrom: res)`);
    this.open("");
    this.emit(`${h}(&${slot}, ${this.lit()});`);
    this.pragma("parallel");
    this.open("");
    this.emit(`if (omp_get_thread_num() == 0)`);
    this.emit(`  ${h}(&${slot}, ${this.lit()});`);
    this.close();
    this.emit(`for (unsigned t = 0u; t < ${r.int(1, 4)}u; t++)`);
    this.emit(`  ${h}(&${slot}, t * ${r.pick([1, 2, 3])}u + ${this.lit()});`);
    this.close();
    const slot2 = this.slot();
    this.pragma(`target teams num_teams(1)${r.chance(0.5) ? ` thread_limit(${r.pick([1, 7, 32, 33, 64])})` : ""} map(tofrom: res)`);
    this.pragma("parallel");
    this.open("");
    this.emit(`if (omp_get_thread_num() == 0)`);
    this.emit(`  ${h}(&${slot2}, ${this.lit()});`);
    this.close();
  }

  // ---------------------------------------------------------------- num_threads shapes

  /** A region of num_threads(e) threads: a `for` writes a scratch array, a `single` after it
   *  sums it (the same on any team size only if the loop's barrier waited for every thread
   *  of the region), and thread 0 of each outer thread's nested region reports its level,
   *  and a nested reduction. */
  private numThreadsKernel(): void {
    const r = this.r;
    const w = this.fresh("ntw");
    const [s1, s2, s3] = [this.slot(), this.slot(), this.slot()];
    const e = r.pick(["1", "2", "3", "4", "5", "33", "64", "n % 5 + 1", "(int)(s0 % 4u) + 1", "s1 > 0 ? 3 : 2"]);
    const spmd = r.chance(0.4);
    this.emit(`unsigned ${w}[N] = {0};`);
    const lim = r.chance(0.5) ? ` thread_limit(${r.pick([1, 7, 32, 33, 64])})` : "";
    this.pragma(`target${spmd ? " teams num_teams(1)" : ""}${lim} map(tofrom: res, ${w})`);
    if (!spmd) {
      this.open("");
      this.emit(`unsigned base = ${this.lit()};`);
    }
    this.pragma(`parallel num_threads(${e})`);
    this.open("");
    if (spmd) this.emit(`unsigned base = ${this.lit()};`);
    this.emit("unsigned ot = (unsigned)omp_get_thread_num();");
    this.pragma(`for${r.chance(0.5) ? this.sched() : ""}`);
    this.emit("for (int i = 0; i < N; i++)");
    this.emit(`  ${w}[i] = ${w}[i] * ${r.pick([3, 5, 7])}u + base + (unsigned)i;`);
    this.pragma("single");
    this.open("");
    this.emit("unsigned s = 0u;");
    this.emit("for (int i = 0; i < N; i++)");
    this.emit(`  s = s * 31u + ${w}[i];`);
    this.emit(`${s1} += s + (omp_get_num_threads() >= 1 ? 1u : 100u);`);
    this.close();
    this.emit("unsigned own = 0u;");
    this.pragma(`parallel${r.chance(0.5) ? ` num_threads(${r.pick([1, 2, 8])})` : ""}`);
    this.open("");
    this.emit("if (ot == 0u && omp_get_thread_num() == 0) {");
    this.pragma("atomic");
    // Only `>= 1` of the nested team's size: gcc's host fallback gives a nested region a
    // team when the outer one has a single thread (inactive), the device runtime never.
    this.emit(`  ${s2} += (unsigned)omp_get_level() * 10u + (omp_get_num_threads() >= 1 ? 1u : 5u);`);
    this.emit("}");
    this.pragma(r.chance(0.5) ? "barrier" : "flush");
    this.pragma("for reduction(+: own)");
    this.emit(`for (int i = 0; i < ${r.int(1, 9)}; i++)`);
    this.emit(`  own += (unsigned)i * ${this.lit()} + ot * 0u;`);
    this.close();
    this.emit("if (ot == 0u) {");
    this.pragma("atomic");
    this.emit(`  ${s3} += own;`);
    this.emit("}");
    this.close();
    if (!spmd) this.close();
  }

  /** Pointer distances and orders over a mapped array, on the device (addresses only: the
   *  values read never depend on the element type's conversions). */
  /** lv_where() on the host, in regions of one thread (gcc's would be active otherwise);
   *  lv_dev() in target regions (sequential part, a region of 2-4 threads, one-thread
   *  regions nested in it, an SPMD loop), where being active depends on the team size. */
  private levelKernel(): void {
    const r = this.r;
    const s = this.slot();
    this.emit(`${s} += lv_where();`);
    this.pragma("parallel num_threads(1)");
    this.open("");
    this.emit(`${s} += lv_where() * 3u;`);
    if (r.chance(0.5)) {
      this.pragma("parallel num_threads(1)");
      this.emit(`${s} += lv_where() * 5u;`);
    }
    this.close();
    const t = this.slot();
    this.pragma("target map(tofrom: res)");
    this.open("");
    this.emit(`${t} += lv_dev();`);
    this.pragma(`parallel num_threads(${r.int(2, 4)})`);
    this.open("");
    this.emit("unsigned ot = (unsigned)omp_get_thread_num();");
    this.emit("if (ot == 0u) {");
    this.pragma("atomic");
    this.emit(`  ${t} += lv_dev() * 7u;`);
    this.emit("}");
    if (r.chance(0.6)) {
      this.pragma(`parallel num_threads(${r.pick([1, 2])})`);
      this.open("");
      this.emit("if (ot == 0u && omp_get_thread_num() == 0) {");
      this.pragma("atomic");
      this.emit(`  ${t} += lv_dev() * 11u;`);
      this.emit("}");
      this.close();
    }
    this.close();
    this.close();
    if (r.chance(0.5)) {
      const u = this.slot();
      this.pragma(`target teams distribute parallel for num_teams(1) num_threads(${r.int(2, 4)}) map(tofrom: res)`);
      this.emit("for (int i = 0; i < N; i++)");
      this.emit(`  if (i == ${r.int(0, 3)})`);
      this.emit(`    ${u} += lv_dev() * 13u;`);
    }
  }

  // ---------------------------------------------------------------- if clauses and tasks

  /** A condition on the step `t` (or data the regions wrote) for `if(parallel: …)`. */
  private stepCond(slot: string): string {
    const r = this.r;
    return r.pick([`t % 2 == ${r.int(0, 1)}`, `t > ${r.int(0, 3)}`, `n > ${r.int(0, 70)}`, `(s0 + (unsigned)t) % 3u != 0u`, `${slot} % 2u == 0u`, `t != ${r.int(0, 4)}`]);
  }

  /** A target region's time-step loop starting a region under `if(parallel: c)` each step
   *  (a `for` and a `single` after it: the same sums on a team of one or many; the level,
   *  and whether the two active queries agree); then combined constructs with the clause. */
  private ifParallelKernel(): void {
    const r = this.r;
    const w = this.fresh("ipw");
    const [s, u] = [this.slot(), this.slot()];
    this.emit(`unsigned ${w}[N] = {0};`);
    const spmd = r.chance(0.3);
    this.pragma(`target${spmd ? " teams num_teams(1)" : ""} map(tofrom: res, ${w})`);
    this.open(`for (int t = 0; t < ${r.int(2, 5)}; t++)`);
    const nt = r.chance(0.5) ? ` num_threads(${r.pick(["2", "3", "t + 1", "n % 4 + 1", "33"])})` : "";
    this.pragma(`parallel ${r.chance(0.7) ? "if(parallel: " : "if("}${this.stepCond(s)})${nt}`);
    this.open("");
    this.pragma(`for${r.chance(0.4) ? this.sched() : ""}`);
    this.emit("for (int i = 0; i < N; i++)");
    this.emit(`  ${w}[i] = ${w}[i] * ${r.pick([3, 5, 7])}u + (unsigned)(i + t);`);
    this.pragma("single");
    this.open("");
    this.emit("unsigned a = 0u;");
    this.emit("for (int i = 0; i < N; i++)");
    this.emit(`  a = a * 31u + ${w}[i];`);
    this.emit(`${s} += a + (unsigned)omp_get_level() * 10u + (omp_get_active_level() == omp_in_parallel() ? 1u : 50u);`);
    this.close();
    this.close();
    if (r.chance(0.5)) this.emit(`${u} = ${u} * 3u + ${s} % ${r.pick([7, 11, 13])}u;`);
    this.close();
    if (r.chance(0.6)) {
      const v = this.fresh("ipv");
      this.emit(`unsigned ${v}[N] = {0};`);
      this.open(`for (int t = 0; t < ${r.int(1, 3)}; t++)`);
      const combined = r.pick(["target teams distribute parallel for num_teams(2)", "target parallel for", "target teams distribute parallel for"]);
      this.pragma(`${combined} if(parallel: ${this.stepCond(u)})${r.chance(0.4) ? ` if(target: n > ${r.int(0, 70)})` : ""} map(tofrom: ${v})`);
      this.emit("for (int i = 0; i < N; i++)");
      this.emit(`  ${v}[i] = ${v}[i] * 3u + (unsigned)(i * ${r.int(1, 9)} + t) + (unsigned)omp_get_level();`);
      this.close();
      this.emit(`for (int i = 0; i < N; i++)`);
      this.emit(`  ${u} = ${u} * 7u + ${v}[i];`);
    }
  }

  /** Host tasks changing locals: firstprivate in the sequential part, in a helper (its
   *  parameter), and on a region's private variable; shared when declared outside a
   *  region of one thread or named in `shared`/`default(shared)`. */
  private hostTasks(): void {
    const r = this.r;
    const [s1, s2, s3] = [this.slot(), this.slot(), this.slot()];
    const h = this.fresh("tkp");
    // The helper goes before main: a function of its own.
    const at = this.out.indexOf("int main(void) {");
    this.out.splice(at, 0, `static unsigned ${h}(unsigned x) {`, "#pragma omp task", `  x += ${this.lit()};`, "#pragma omp taskwait", `  return x * 3u;`, "}", "");
    this.open("");
    this.emit(`unsigned tv = ${this.lit()}, tw[4] = {${this.lit()}, ${this.lit()}, 3u, 4u};`);
    this.pragma(`task${r.pick(["", " shared(tv)", " firstprivate(tw)", " default(shared)", " if(n > 3)"])}`);
    this.open("");
    this.emit(`tv += ${this.lit()};`);
    this.emit(`tw[${r.int(0, 3)}] += ${this.lit()};`);
    this.emit(`${s1} += tv;`);
    this.close();
    this.pragma("taskwait");
    this.pragma("parallel num_threads(1)");
    this.open("");
    this.emit(`unsigned pv = ${this.lit()};`);
    this.pragma("task");
    this.open("");
    this.emit(`tv += ${this.lit()};`);
    this.emit(`pv += ${this.lit()};`);
    this.close();
    this.pragma("taskwait");
    this.emit(`${s2} += pv * 7u + tv;`);
    this.close();
    this.emit(`${s3} += ${h}(tv) + tw[0] + tw[1] * 5u + tv * 11u;`);
    this.close();
  }

  /** One element update of an array reduction with operator `op`. */
  private reduceInto(op: string, el: string, v: string): string {
    switch (op) {
      case "max": return `${el} = ${v} > ${el} ? ${v} : ${el};`;
      case "min": return `${el} = ${v} < ${el} ? ${v} : ${el};`;
      case "*": return `${el} *= (${v}) % 5u + 1u;`;
      default: return `${el} ${op}= ${v};`;
    }
  }

  /** `reduction(op: a)` / `reduction(op: a[lo:len])` over small unsigned arrays. */
  private arrayReductionKernel(): void {
    const r = this.r;
    const k = r.int(2, 6);
    const a = this.fresh("ar");
    const s = this.slot();
    const ops = ["+", "*", "&", "|", "^", "max", "min"];
    const section = (): { clause: string; lo: number; len: number } => {
      if (r.chance(0.5)) return { clause: a, lo: 0, len: k };
      const lo = r.int(0, k - 1);
      const len = r.int(1, k - lo);
      return { clause: `${a}[${lo}:${len}]`, lo, len };
    };
    this.emit(`unsigned ${a}[${k}];`);
    this.emit(`for (int j = 0; j < ${k}; j++)`);
    this.emit(`  ${a}[j] = (unsigned)j * ${this.lit()} + 1u;`);
    const op = r.pick(ops);
    const sec = section();
    const v = `((unsigned)i * ${r.pick([3, 5, 7])}u + ${this.lit()})`;
    const combined = r.pick(["target teams distribute parallel for num_teams(3)", "target teams distribute parallel for", "target parallel for", "target teams distribute num_teams(2)"]);
    this.pragma(`${combined} reduction(${op}: ${sec.clause})`);
    this.emit("for (int i = 0; i < N; i++)");
    this.emit(`  ${this.reduceInto(op, `${a}[${sec.lo} + i % ${sec.len}]`, v)}`);
    this.emit(`for (int j = 0; j < ${k}; j++)`);
    this.emit(`  ${s} = ${s} * 31u + ${a}[j];`);
    if (r.chance(0.6)) {
      // a generic kernel's local array, shared with the regions of a time-step loop
      const t = this.slot();
      const op2 = r.pick(ops);
      this.pragma("target map(tofrom: res)");
      this.open("");
      this.emit(`unsigned loc[${k}];`);
      this.emit(`for (int j = 0; j < ${k}; j++)`);
      this.emit(`  loc[j] = (unsigned)j + ${this.lit()};`);
      this.open(`for (int t = 0; t < ${r.int(1, 4)}; t++)`);
      const sec2 = section();
      this.pragma(`parallel for reduction(${op2}: ${sec2.clause.replace(a, "loc")})${r.chance(0.5) ? ` num_threads(${r.pick(["3", "t + 2", "33"])})` : ""}`);
      this.emit("for (int i = 0; i < N; i++)");
      this.emit(`  ${this.reduceInto(op2, `loc[${sec2.lo} + i % ${sec2.len}]`, `((unsigned)(i + t) * ${r.pick([3, 5, 7])}u)`)}`);
      this.emit(`loc[t % ${k}] += 1u;`);
      this.close();
      this.emit(`for (int j = 0; j < ${k}; j++)`);
      this.emit(`  ${t} = ${t} * 31u + loc[j];`);
      this.close();
    }
  }

  /** Helpers taking pointers: called with pointers to device locals, mapped data, host data. */
  private localPointerHelpers(): void {
    const o = this.out;
    const k = this.r.pick([7, 13, 31]);
    o.push("static void lp_swap(unsigned *a, unsigned *b) {", "  unsigned t = *a;", "  *a = *b;", "  *b = t;", "}");
    o.push("static void lp_fill(unsigned *v, int n, unsigned s) {", "  for (int i = 0; i < n; i++)", `    v[i] = s + (unsigned)i * ${k}u;`, "}");
    o.push("static unsigned lp_sum(const unsigned *v, int n) {", "  unsigned s = 0u;", "  for (int i = 0; i < n; i++)", "    s = s * 31u + v[i];", "  return s;", "}");
    o.push("static unsigned lp_sum2(const unsigned *v, int n) { return lp_sum(v, n) ^ lp_sum(v + 1, n - 1); }");
    o.push("static unsigned *lp_max(unsigned *a, unsigned *b) { return *a > *b ? a : b; }");
    o.push("static void lp_add(unsigned *dst, const unsigned *src, int n) {", "  for (int i = 0; i < n; i++)", "    dst[i] += src[i];", "}");
    o.push("static unsigned lp_count(unsigned *p, unsigned n) {", "  if (n == 0u)", "    return *p;", "  *p = *p * 3u + n;", "  return lp_count(p, n - 1u);", "}");
  }

  /** A target region whose locals' addresses go to the lp_ helpers (device clones). */
  private localPointerKernel(): void {
    const r = this.r;
    const s = this.slot();
    const m = r.pick([4, 8, 16]);
    this.pragma("target map(tofrom: res)");
    this.open("");
    this.emit(`unsigned x = ${this.lit()}, y = ${this.lit()};`);
    this.emit(`unsigned loc[${m}];`);
    this.emit(`lp_fill(loc, ${m}, x);`);
    const steps = r.int(2, 5);
    for (let i = 0; i < steps; i++) {
      switch (r.int(0, 6)) {
        case 0: this.emit("lp_swap(&x, &y);"); break;
        case 1: this.emit(`lp_swap(&loc[${r.int(0, m - 1)}], &${r.pick(["x", "y"])});`); break;
        case 2: this.emit(`*lp_max(&x, &y) += ${this.lit()};`); break;
        case 3: this.emit(`x ^= lp_sum2(loc + ${r.int(0, m / 2)}, ${m / 2});`); break;
        case 4: this.emit(`lp_add(loc, res + ${r.int(0, this.SLOTS - m)}, ${m});`); break;
        case 5: this.emit(`y += lp_count(&loc[${r.int(0, m - 1)}], ${r.int(0, 6)}u);`); break;
        default: this.emit(`*lp_max(&loc[${r.int(0, m - 1)}], &y) ^= x;`); break;
      }
    }
    if (r.chance(0.5)) {
      // a local the region shares (globalized: team-shared), changed through its address
      this.emit(`unsigned sh = ${this.lit()};`);
      this.pragma(`parallel num_threads(${r.pick([2, 4, 8])})`);
      this.open("");
      this.emit("unsigned mine[4];");
      this.emit("lp_fill(mine, 4, (unsigned)omp_get_thread_num());");
      this.emit("if (omp_get_thread_num() == 0)");
      this.emit("  lp_add(&sh, mine + 1, 1);");
      this.close();
      this.emit("y += sh;");
    }
    this.emit(`${s} += lp_sum(loc, ${m}) + x * 3u + y;`);
    this.close();
    if (r.chance(0.5)) {
      // the same helpers on the host
      this.open("");
      this.emit(`unsigned hx = ${this.lit()}, hy = ${this.lit()};`);
      this.emit("lp_swap(&hx, &hy);");
      this.emit(`${s} += *lp_max(&hx, &hy);`);
      this.emit(`${s} += lp_count(&hx, 3u);`);
      this.close();
    }
  }

  /** Host helpers whose heap blocks outlive them: a filled block, and list nodes. */
  private heapHelpers(): void {
    const o = this.out;
    o.push("static void *hmake(size_t n, unsigned s) {", "  unsigned char *p = malloc(n);", "  for (size_t i = 0; i < n; i++)", `    p[i] = (unsigned char)(s + (unsigned)i * ${this.r.pick([7, 13, 29])}u);`, "  return p;", "}");
    o.push("struct hnode {", "  unsigned v;", "  struct hnode *next;", "};");
    o.push("static struct hnode *hpush(struct hnode *l, unsigned v) {", "  struct hnode *q = malloc(sizeof *q);", "  q->v = v;", "  q->next = l;", "  return q;", "}");
    o.push("static unsigned hdrain(struct hnode *l) {", "  unsigned acc = 0u;", "  while (l) {", "    struct hnode *nx = l->next;", "    acc = acc * 31u + l->v;", "    free(l);", "    l = nx;", "  }", "  return acc;", "}");
  }

  /** Host heap blocks from helpers, mapped into a target region, grown and freed. */
  private heapKernel(): void {
    const r = this.r;
    const t = r.pick(INT_TYPES);
    const s = this.slot();
    const len = r.pick(["N", "N / 2 + 1", "1"]);
    this.open("");
    this.emit(`${t} *hp = hmake(N * sizeof(${t}), ${this.lit()});`);
    this.emit(`unsigned *hq = ${r.chance(0.5) ? "calloc(N, sizeof(unsigned))" : "malloc(N * sizeof(unsigned))"};`);
    const ctx: Ctx = { any: [], own: [], scalars: ["(unsigned)hp[i]", "s0", "(unsigned)i"], device: true };
    this.pragma(`target teams distribute parallel for map(to: hp[0:${len}]) map(${r.chance(0.5) ? "from" : "tofrom"}: hq[0:${len}])`);
    this.emit(`for (int i = 0; i < ${len}; i++)`);
    this.emit(`  hq[i] = ${this.expr(ctx, "i", 2)};`);
    this.emit(`hp = realloc(hp, 2 * N * sizeof(${t}));`);
    this.emit(`for (int i = 0; i < ${len}; i++)`);
    this.emit(`  hp[N + i] = (${t})hq[i];`);
    this.emit("struct hnode *hl = NULL;");
    this.emit(`for (int i = 0; i < N + ${len}; i++)`);
    this.emit(`  hl = hpush(hl, (unsigned)hp[i]);`);
    if (r.chance(0.5)) {
      // the block moves again (realloc to a smaller size) and is mapped once more
      this.emit(`hp = realloc(hp, N * sizeof(${t}));`);
      this.pragma("target teams distribute parallel for map(tofrom: hp[0:N])");
      this.emit("for (int i = 0; i < N; i++)");
      this.emit(`  hp[i] = (${t})((unsigned)hp[i] * ${this.lit()} + 1u);`);
      this.emit("for (int i = 0; i < N; i++)");
      this.emit("  hl = hpush(hl, (unsigned)hp[i]);");
    }
    this.emit(`${s} += hdrain(hl);`);
    this.emit("free(hp);");
    this.emit("free(hq);");
    this.close();
  }

  private pointerKernel(): void {
    const r = this.r;
    // Every array may be `declare target` (none mapped): the kernel uses one of those unmapped.
    const mapped = this.mapped();
    const a = r.pick(mapped.length > 0 ? mapped : this.arrays);
    const [s1, s2] = [this.slot(), this.slot()];
    this.pragma(`target map(tofrom: res${a.declTarget ? "" : `, ${a.name}`})`);
    this.open("");
    this.emit(`${a.type} *e = ${a.name} + N;`);
    this.emit(`unsigned acc = ${this.lit()};`);
    this.emit(`for (${a.type} *p = ${a.name} + ${r.int(0, 5)}; p < e; p += ${r.int(1, 4)})`);
    this.emit(`  acc = acc * 31u + (unsigned)(e - p) + (p <= e - 2 ? 7u : 0u);`);
    this.emit(`for (${a.type} *p = e - 1; p >= ${a.name}; p -= ${r.int(1, 3)})`);
    this.emit(`  acc ^= (unsigned)(p - ${a.name}) * ${this.lit()};`);
    if (r.chance(0.6)) {
      this.pragma("parallel");
      this.open("");
      this.emit(`${a.type} *b = ${a.name} + omp_get_thread_num() % N;`);
      this.emit(`if (omp_get_thread_num() == 0) {`);
      this.pragma("atomic");
      this.emit(`  ${s2} += (unsigned)((${a.name} + N) - b) + (b < ${a.name} + N ? 1u : 2u) + (b > ${a.name} ? 4u : 0u);`);
      this.emit("}");
      this.close();
    }
    this.emit(`${s1} += acc;`);
    this.close();
  }

  // ---------------------------------------------------------------- kernel sites (host side)

  private mapped(): Arr[] {
    return this.arrays.filter((a) => !a.declTarget);
  }

  /** A kernel, possibly in a host time loop or a target data region. */
  private kernelSite(): void {
    const r = this.r;
    const c = r.int(0, 9);
    if (c === 0) {
      const t = this.fresh("t");
      this.open(`for (int ${t} = 0; ${t} < ${r.int(2, 3)}; ${t}++)`);
      this.kernel({ hostVar: t });
      this.close();
    } else if (c === 1 && this.mapped().length) {
      // target data: everything it holds is tofrom; the host reads inside only after an update
      const held = this.mapped().filter(() => r.chance(0.7));
      if (held.length === 0) held.push(this.mapped()[0]!);
      this.pragma(`target data map(tofrom: ${held.map((a) => `${a.name}[0:N]`).join(", ")})`);
      this.open("");
      this.kernel({ present: held });
      if (r.chance(0.5)) {
        const t = this.fresh("t");
        this.open(`for (int ${t} = 0; ${t} < 2; ${t}++)`);
        this.kernel({ present: held, hostVar: t });
        this.close();
      }
      if (r.chance(0.6)) {
        const a = r.pick(held);
        this.pragma(`target update from(${a.name}[0:N])`);
        // the host changes it and moves it back
        this.emit(`for (int i = 0; i < N; i++)`);
        this.emit(`  ${a.name}[i] = (${a.type})((unsigned)${a.name}[i] + ${this.lit()});`);
        this.pragma(`target update to(${a.name}[0:N])`);
        this.kernel({ present: held });
      }
      this.close();
    } else if (c === 2 && this.mapped().length) {
      const held = this.mapped().filter(() => r.chance(0.5));
      if (held.length === 0) held.push(this.mapped()[0]!);
      this.pragma(`target enter data map(to: ${held.map((a) => `${a.name}[0:N]`).join(", ")})`);
      this.kernel({ present: held });
      this.kernel({ present: held });
      this.pragma(`target exit data map(from: ${held.map((a) => `${a.name}[0:N]`).join(", ")})`);
    } else if (c === 3) {
      this.structKernel();
    } else if (c === 4 && r.chance(0.5)) {
      // host parallel code (one thread in ompir, several in gcc)
      const a = r.pick(this.mapped().length ? this.mapped() : this.arrays.filter((x) => !x.declTarget));
      if (a === undefined) return this.kernel({});
      const hr = this.fresh("hr");
      this.emit(`unsigned long long ${hr} = 0;`);
      this.pragma(`parallel for reduction(+: ${hr})${this.sched()}`);
      this.emit(`for (int i = 0; i < N; i++)`);
      this.emit(`  ${hr} += (unsigned long long)${a.name}[i] * (unsigned long long)(i + 1);`);
      this.pragma("parallel");
      this.open("");
      this.pragma("for");
      this.open("for (int i = 0; i < N; i++)");
      this.pragma("critical");
      this.emit(`${hr} += (unsigned long long)${a.name}[i] & 1u;`);
      this.close();
      this.pragma("single");
      this.emit(`${hr} += (unsigned long long)(omp_get_num_threads() >= 1);`);
      this.close();
      this.emit(`${this.slot()} += (unsigned)(${hr} % 1000003ull);`);
    } else {
      this.kernel({});
    }
  }

  /** The map clauses of a kernel that reads `reads` and writes `writes` (full: every element). */
  private maps(reads: Arr[], writes: Arr[], full: Set<Arr>, present: Arr[]): string {
    const r = this.r;
    const items: string[] = [];
    for (const a of new Set([...writes, ...reads])) {
      if (a.declTarget) continue;
      const w = writes.includes(a);
      if (present.includes(a)) {
        if (r.chance(0.5)) items.push(`map(${w ? "tofrom" : r.pick(["to", "tofrom"])}: ${a.name}[0:N])`);
        continue;
      }
      const c = r.int(0, 3);
      if (c === 0) continue; // implicit: arrays are tofrom
      const kind = w ? (full.has(a) && r.chance(0.4) ? "from" : "tofrom") : r.pick(["to", "tofrom", "to"]);
      items.push(`map(${kind}: ${c === 1 ? a.name : `${a.name}[0:N]`})`);
    }
    items.push(`map(tofrom: res)`);
    return items.join(" ");
  }

  private slot(): string {
    return `res[${this.slots++ % this.SLOTS}]`;
  }

  /** Picks the arrays a kernel writes (at least one) and reads. */
  private roles(): { w: Arr[]; rd: Arr[] } {
    const r = this.r;
    const sh = [...this.arrays];
    for (let i = sh.length - 1; i > 0; i--) {
      const j = r.int(0, i);
      [sh[i], sh[j]] = [sh[j]!, sh[i]!];
    }
    const nw = r.int(1, Math.min(2, sh.length - 1));
    return { w: sh.slice(0, nw), rd: sh.slice(nw) };
  }

  private hostScalars(hostVar?: string): string[] {
    return ["n", "s0", "s1", ...(hostVar ? [hostVar] : [])];
  }

  private kernel(o: { present?: Arr[]; hostVar?: string }): void {
    const r = this.r;
    if (this.opts.extra && r.chance(0.35)) return this.extraKernel(o);
    const c = r.int(0, 9);
    if (c <= 1) this.spmdLoop(o);
    else if (c === 2) this.spmdReduction(o);
    else if (c === 3) this.targetParallel(o);
    else if (c <= 6) this.genericOneTeam(o);
    else this.genericTeams(o);
  }

  private teamsClauses(multi: boolean): string {
    const r = this.r;
    let s = "";
    if (multi && r.chance(0.6)) s += ` num_teams(${r.int(1, 5)})`;
    if (r.chance(0.5)) s += ` thread_limit(${r.pick([1, 7, 32, 33, 64, 96])})`;
    return s;
  }

  /** `if(target: …)`: the host version then runs on host data, so never on data a data
   *  region or a declare target global holds (the device copy would win later). */
  private ifClause(arrs: Arr[] = [], present: Arr[] = []): string {
    if (present.length > 0 || arrs.some((a) => a.declTarget)) return "";
    return this.r.chance(0.15) ? ` if(target: n ${this.r.pick([">", "<"])} ${this.r.int(0, 70)})` : "";
  }

  private sched(): string {
    const r = this.r;
    if (!r.chance(0.4)) return "";
    return ` schedule(${r.pick(["static", "dynamic", "guided", "static, 1", "static, 3", "dynamic, 2", "guided, 4"])})`;
  }

  /** `target teams distribute parallel for`, maybe collapse(2). */
  private spmdLoop(o: { present?: Arr[]; hostVar?: string }): void {
    const r = this.r;
    const { w, rd } = this.roles();
    const dst = w[0]!;
    const collapse = this.n % 4 === 0 && r.chance(0.3);
    const selfRead = collapse || r.chance(0.6);
    const ctx: Ctx = { any: rd, own: selfRead ? [dst] : [], scalars: this.hostScalars(o.hostVar), device: true };
    // `from` only when the loop writes every element without reading it first
    const maps = this.maps(rd, [dst], new Set(selfRead ? [] : [dst]), o.present ?? []);
    const ifc = this.ifClause([...rd, dst], o.present);
    if (collapse) {
      const rows = 4;
      this.pragma(`target teams distribute parallel for collapse(2)${this.teamsClauses(true)}${this.sched()}${ifc} ${maps}`);
      this.emit(`for (int i = 0; i < ${rows}; i++)`);
      this.emit(`  for (int j = 0; j < N / ${rows}; j++)`);
      ctx.own = [];
      const e = this.expr({ ...ctx, scalars: [...ctx.scalars, "j"] }, "i", 3);
      this.emit(`    ${dst.name}[i * (N / ${rows}) + j] = (${dst.type})(${e} + (unsigned)${dst.name}[i * (N / ${rows}) + j]);`);
      return;
    }
    if (r.chance(0.25)) {
      // split constructs: SPMD by clang's rule when the body is just the nested directive
      const inner = r.pick(["teams distribute parallel for", "parallel for", "teams loop"]);
      this.pragma(`target${ifc} ${maps}`);
      this.emit("{");
      this.pragma(`${inner}${inner === "parallel for" ? this.sched() : ""}`);
      this.emit(`  for (int i = 0; i < N; i++)`);
      this.emit(`    ${dst.name}[i] = (${dst.type})(${this.expr(ctx, "i", 3)});`);
      this.emit("}");
      return;
    }
    const nowait = !o.present?.length && r.chance(0.15);
    const form = r.pick(["target teams distribute parallel for", "target parallel for", "target teams loop", "target teams distribute parallel for simd"]);
    const cl = form === "target parallel for" ? (r.chance(0.5) ? ` num_threads(${r.pick([1, 3, 32, 40])})` : "") : form === "target teams loop" ? this.teamsClauses(true) : this.teamsClauses(true) + this.sched();
    this.pragma(`${form}${cl}${ifc}${nowait ? " nowait" : ""} ${maps}`);
    this.emit(`for (int i = 0; i < N; i++)`);
    this.emit(`  ${dst.name}[i] = (${dst.type})(${this.expr(ctx, "i", 3)});`);
    if (nowait) this.pragma("taskwait");
  }

  /** The extended shapes (CGenOptions.extra). */
  private extraKernel(o: { present?: Arr[]; hostVar?: string }): void {
    const r = this.r;
    const { w, rd } = this.roles();
    const dst = w[0]!;
    const scalars = this.hostScalars(o.hostVar);
    const ctx: Ctx = { any: rd, own: [dst], scalars, device: true };
    const present = o.present ?? [];
    const maps = this.maps(rd, [dst], new Set(), present);
    const c = r.int(0, 5);
    if (c === 0) {
      // every canonical loop form
      const h = r.pick([
        { head: "for (int i = N - 1; i >= 0; i--)", iv: "i" },
        { head: "for (unsigned i = 0u; i < (unsigned)N; i += 2u)", iv: "i" },
        { head: "for (long i = 1; i <= N; i++)", iv: "(i - 1)" },
        { head: "for (int i = 0; i < N; i = i + 3)", iv: "i" },
        { head: "for (long long i = N; i > 0; i -= 2)", iv: "(i - 1)" },
        { head: "for (short i = 0; i < N; i++)", iv: "i" },
      ]);
      const form = r.pick(["target teams distribute parallel for", "target parallel for", "target teams distribute"]);
      this.pragma(`${form}${form.includes("teams") ? this.teamsClausesIf(r.chance(0.5)) : ""} ${maps}`);
      this.emit(h.head);
      this.emit(`  ${dst.name}[${h.iv}] = (${dst.type})(${this.expr(ctx, h.iv, 3)});`);
    } else if (c === 1 && !dst.declTarget) {
      // a pointer to the array, mapped as a section of the pointer
      const pp = this.fresh("pp");
      this.open("");
      this.emit(`${dst.type} *${pp} = ${dst.name};`);
      this.pragma(`target teams distribute parallel for map(tofrom: ${pp}[0:N])${rd.filter((a) => !a.declTarget).map((a) => ` map(to: ${a.name}[0:N])`).join("")} map(tofrom: res)`);
      this.emit("for (int i = 0; i < N; i++)");
      this.emit(`  ${pp}[i] = (${dst.type})(${this.expr({ ...ctx, own: [] }, "i", 3)} + (unsigned)${pp}[i]);`);
      this.close();
    } else if (c === 2) {
      // device scratch that the host never sees (alloc), one team, two regions
      const enter = present.length === 0 && r.chance(0.5);
      if (enter) this.pragma("target enter data map(alloc: scr[0:N])");
      this.pragma(`target${enter ? "" : " map(alloc: scr[0:N])"} ${maps}`);
      this.open("");
      this.pragma(`parallel for${this.sched()}`);
      this.emit("for (int i = 0; i < N; i++)");
      this.emit(`  scr[i] = ${this.expr(ctx, "i", 2)};`);
      this.pragma(`parallel for${this.sched()}`);
      this.emit("for (int i = 0; i < N; i++)");
      this.emit(`  ${dst.name}[i] = (${dst.type})(scr[(i + ${r.int(1, this.n - 1)}) % N] ^ scr[i]);`);
      this.close();
      if (enter) this.pragma(`target exit data map(${r.pick(["delete", "release"])}: scr[0:N])`);
    } else if (c === 3 && !dst.declTarget && !present.includes(dst)) {
      // always: the copy happens even inside a data region that holds the array
      this.pragma(`target data map(tofrom: ${dst.name}[0:N])`);
      this.open("");
      this.pragma(`target teams distribute parallel for map(always, tofrom: ${dst.name}[0:N])${rd.filter((a) => !a.declTarget).map((a) => ` map(to: ${a.name}[0:N])`).join("")}`);
      this.emit("for (int i = 0; i < N; i++)");
      this.emit(`  ${dst.name}[i] = (${dst.type})(${this.expr(ctx, "i", 3)});`);
      this.emit(`${this.slot()} += (unsigned)${dst.name}[${r.int(0, this.n - 1)}];`);
      this.close();
    } else if (c === 4) {
      // defaultmap(tofrom: scalar): a scalar the device sets and the host reads
      const dsc = this.fresh("dsc");
      this.emit(`unsigned ${dsc} = 0u;`);
      this.pragma(`target defaultmap(tofrom: scalar) firstprivate(s0) ${maps}`);
      this.open("");
      this.emit(`${dsc} = ${this.expr({ ...ctx, own: [] }, null, 3)};`);
      this.emit(`s0 = s0 + 1u;`);
      this.close();
      this.emit(`${this.slot()} += ${dsc} + s0;`);
    } else {
      // masked on one team's parallel region
      const slot = this.slot();
      this.pragma(`target ${this.maps(rd, w, new Set(), present)}`);
      this.open("");
      this.emit("unsigned m = 0u;");
      this.pragma("parallel");
      this.open("");
      this.parallelBody({ ...ctx, own: [] }, w, null);
      this.pragma("masked");
      this.emit(`m = ${this.expr({ ...ctx, own: [] }, null, 2)};`);
      this.pragma("barrier");
      this.pragma("masked filter(0)");
      this.emit("m = m * 3u + 1u;");
      this.close();
      this.emit(`${slot} = m;`);
      this.close();
    }
  }

  private teamsClausesIf(on: boolean): string {
    return on ? this.teamsClauses(true) : "";
  }

  private redUpdate(op: string, v: string, e: string): string {
    switch (op) {
      case "min": return `${v} = ${v} < (${e}) ? ${v} : (${e});`;
      case "max": return `${v} = ${v} > (${e}) ? ${v} : (${e});`;
      case "&&": return `${v} = ${v} && (${e});`;
      case "||": return `${v} = ${v} || (${e});`;
      default: return `${v} ${op}= ${e};`;
    }
  }

  /** A value for a reduction of `op` on `type` that cannot overflow a signed type. */
  private redValue(op: string, type: string, ctx: Ctx, iv: string): string {
    const e = this.expr(ctx, iv, 2);
    switch (op) {
      case "*": return type.startsWith("unsigned") ? `(${type})(${e} % 3u + 1u)` : `((${e} & 1u) ? (${type})-1 : (${type})1)`;
      case "&&": return `((${e} % 17u) != 0u)`;
      case "||": return `((${e} % 13u) == 0u)`;
      case "+": case "-": return `(${type})(${e} % 1000u)`;
      case "min": case "max": return `(${type})((int)(${e} % 2001u) - 1000)`;
      default: return `(${type})(${e} & 0x7fffu)`;
    }
  }

  private redInit(op: string): string {
    switch (op) {
      case "*": case "&&": return "1";
      case "&": return "0x7fff";
      case "min": return "5000";
      case "max": return "-5000";
      default: return `${this.r.int(0, 9)}`;
    }
  }

  /** A combined construct with a reduction into a host scalar. */
  private spmdReduction(o: { present?: Arr[]; hostVar?: string }): void {
    const r = this.r;
    const { rd } = this.roles();
    const op = r.pick(RED_OPS);
    const type = op === "min" || op === "max" || op === "&&" || op === "||" ? r.pick(["int", "long long", "long", "short"]) : r.pick(RED_TYPES);
    const v = this.fresh("red");
    const ctx: Ctx = { any: rd, own: [], scalars: this.hostScalars(o.hostVar), device: true };
    this.emit(`${type} ${v} = ${this.redInit(op)};`);
    const form = r.pick(["target teams distribute parallel for", "target parallel for", "target teams distribute", "target teams loop"]);
    const cl = form === "target parallel for" ? "" : this.teamsClauses(true);
    this.pragma(`${form}${cl} reduction(${op}: ${v})${r.chance(0.5) ? ` map(tofrom: ${v})` : ""}${this.ifClause(rd, o.present)} ${this.maps(rd, [], new Set(), o.present ?? [])}`);
    this.emit(`for (int i = 0; i < N; i++)`);
    this.emit(`  ${this.redUpdate(op, v, this.redValue(op, type, ctx, "i"))}`);
    this.emit(`${this.slot()} += (unsigned)${v};`);
  }

  /** `target parallel [num_threads]` with worksharing inside: one team. */
  private targetParallel(o: { present?: Arr[]; hostVar?: string }): void {
    const r = this.r;
    const { w, rd } = this.roles();
    const maps = this.maps(rd, w, new Set(), o.present ?? []);
    this.pragma(`target parallel${r.chance(0.5) ? ` num_threads(${r.pick([1, 2, 5, 32, 64])})` : ""}${this.ifClause([...rd, ...w], o.present)} ${maps}`);
    this.open("");
    this.parallelBody({ any: rd, own: [], scalars: this.hostScalars(o.hostVar), device: true }, w, null);
    this.close();
  }

  /**
   * The inside of a parallel region of one team: `for` loops writing `w` (each once),
   * barriers, single/master writes of a shared scalar, atomics/critical into `acc` (a
   * shared unsigned), reductions into it.
   */
  private parallelBody(ctx: Ctx, w: Arr[], acc: string | null, multiTeam = false, accPrivate = false): void {
    const r = this.r;
    const readable: Arr[] = [...ctx.any];
    let first = true;
    for (const dst of w) {
      if (!first) {
        this.pragma("barrier");
      }
      first = false;
      // every team of a multi-team kernel writes dst: reading it would see another team's store
      const lctx: Ctx = { ...ctx, any: readable, own: multiTeam ? [] : [dst] };
      const c = r.int(0, 5);
      if (c === 0 && this.forHelpers.length && dst.type === "int" && !dst.declTarget) {
        this.emit(`${r.pick(this.forHelpers)}(${dst.name}, N, (unsigned)${r.pick(lctx.scalars)});`);
      } else {
        this.pragma(`for${this.sched()}${r.chance(0.3) ? " nowait" : ""}`);
        this.open(`for (int i = 0; i < N; i++)`);
        this.emit(`${dst.name}[i] = (${dst.type})(${this.expr(lctx, "i", 3)});`);
        if (acc !== null && accPrivate) {
          this.emit(`${acc} += (unsigned)${dst.name}[i] & 255u;`);
        } else if (acc !== null && r.chance(0.5)) {
          if (r.chance(0.5)) {
            this.pragma("atomic");
            this.emit(`${acc} += (unsigned)${dst.name}[i] & 255u;`);
          } else {
            this.pragma(r.chance(0.5) ? "critical" : "critical(cacc)");
            this.emit(`${acc} = ${acc} + ((unsigned)${dst.name}[i] & 255u);`);
          }
        }
        this.close();
      }
      readable.push(dst);
    }
    if (acc !== null && !multiTeam && !accPrivate && r.chance(0.5)) {
      this.pragma("barrier");
      const c = r.int(0, 2);
      if (c === 0) {
        this.pragma("single");
        this.emit(`${acc} = ${acc} * 3u + 1u;`);
      } else if (c === 1) {
        this.pragma("master");
        this.emit(`${acc} = ${acc} ^ 0x55u;`);
        this.pragma("barrier");
      } else {
        this.open("if (omp_get_thread_num() == 0)");
        this.emit(`${acc} += (unsigned)(omp_get_num_threads() >= 1);`);
        this.close();
        this.pragma("barrier");
      }
    }
    if (acc !== null && !accPrivate && r.chance(0.4)) {
      // a worksharing reduction into the shared accumulator (after every other update)
      this.pragma("barrier");
      const op = r.pick(["+", "^", "|", "max", "min", "*", "&"]);
      const v = this.fresh("pr");
      // a private copy per thread combined into a shared one
      this.emit(`unsigned ${v}l = 0u;`);
      this.pragma(`for reduction(${op === "min" || op === "max" ? "+" : op}: ${acc})`);
      this.open(`for (int i = 0; i < N; i++)`);
      const e = this.expr({ ...ctx, any: readable, own: [] }, "i", 2);
      switch (op) {
        case "*": this.emit(`${acc} *= (${e} % 3u + 1u);`); break;
        case "&": this.emit(`${acc} &= (${e} | 0xff00u);`); break;
        case "min": case "max": this.emit(`${acc} += (${e} & 7u);`); break;
        default: this.emit(`${acc} ${op}= ${e};`);
      }
      this.emit(`${v}l += 1u;`);
      this.close();
    }
  }

  /** A sequential tail (CGenOptions.tails): a print, then an abort or an endless loop on a
   *  condition never true. */
  private tail(loc: string): void {
    const r = this.r;
    this.emit(`printf("tail %u\\n", ${loc});`);
    const kind = r.pick(["abort", "spin", "both"] as const);
    if (kind !== "spin") this.emit(`if (n > N + ${r.int(0, 9)}) abort();`);
    if (kind !== "abort") this.emit(`if (n < ${-r.int(1, 9)}) for (;;) printf("spin\\n");`);
  }

  /** A generic kernel run by one team: sequential code, regions, helpers, time loops. */
  private genericOneTeam(o: { present?: Arr[]; hostVar?: string }): void {
    const r = this.r;
    const { w, rd } = this.roles();
    const dst = w[0]!;
    const slot = this.slot();
    const form = r.pick(["target", "target teams num_teams(1)", "target"]);
    const thr = r.chance(0.5) ? ` thread_limit(${r.pick([1, 7, 32, 33, 64])})` : "";
    this.pragma(`${form}${form === "target" ? "" : thr}${this.ifClause([...rd, ...w], o.present)} ${this.maps(rd, w, new Set(), o.present ?? [])}`);
    this.open("");
    const scalars = this.hostScalars(o.hostVar);
    const loc = this.fresh("l");
    const acc = this.fresh("acc");
    this.emit(`unsigned ${loc} = ${this.expr({ any: rd, own: [], scalars, device: true }, null, 2)};`);
    this.emit(`unsigned ${acc} = 0u;`);
    const ctx: Ctx = { any: rd, own: [], scalars: [...scalars, loc], device: true };
    const c = r.int(0, 9);
    if (c === 5) {
      // a kernel-local array shared into regions (globalized), written sequentially and in parallel
      const kb = this.fresh("kb");
      this.emit(`unsigned ${kb}[N];`);
      this.emit(`for (int i = 0; i < N; i++)`);
      this.emit(`  ${kb}[i] = ${this.expr(ctx, "i", 2)};`);
      this.pragma(`parallel for${this.sched()}`);
      this.emit(`for (int i = 0; i < N; i++)`);
      this.emit(`  ${dst.name}[i] = (${dst.type})(${kb}[i] + ${kb}[(i + ${r.int(1, this.n - 1)}) % N] * 3u);`);
      this.emit(`${loc} += ${kb}[${r.int(0, this.n - 1)}];`);
      this.pragma("parallel");
      this.open("");
      this.pragma(`for${this.sched()}`);
      this.emit(`for (int i = 0; i < N; i++)`);
      this.emit(`  ${kb}[i] = ${kb}[i] * 5u + (unsigned)${dst.name}[i];`);
      this.pragma("single");
      this.emit(`${acc} = ${kb}[0] ^ ${kb}[N - 1];`);
      this.close();
      this.emit(`for (int i = 0; i < N; i++)`);
      this.emit(`  ${loc} += ${kb}[i];`);
    } else if (c === 6) {
      // a function pointer chosen by sequential code and called in the region
      const fp = this.fresh("fp");
      this.emit(`unsigned (*${fp})(unsigned) = (${loc} & 1u) ? ${r.pick(this.helpers)} : ${r.pick(this.helpers)};`);
      this.pragma(`parallel for${this.sched()}`);
      this.emit(`for (int i = 0; i < N; i++)`);
      this.emit(`  ${dst.name}[i] = (${dst.type})${fp}(${this.expr(ctx, "i", 2)});`);
      this.emit(`${fp} = ${r.pick(this.helpers)};`);
      this.emit(`${loc} = ${fp}(${loc});`);
      this.pragma("parallel");
      this.open("");
      this.pragma("for");
      this.open("for (int i = 0; i < N; i++)");
      this.pragma("atomic");
      this.emit(`${acc} += ${fp}((unsigned)i) & 7u;`);
      this.close();
      this.close();
    } else if (c === 7) {
      // regions under uniform branches in a sequential loop
      const q = this.fresh("q");
      this.open(`for (int ${q} = 0; ${q} < ${r.int(2, 3)}; ${q}++)`);
      this.open(`if (((${loc} + (unsigned)${q}) & ${r.pick([1, 2, 3])}u) != 0u)`);
      this.pragma(`parallel for${this.sched()}`);
      this.emit(`for (int i = 0; i < N; i++)`);
      this.emit(`  ${dst.name}[i] = (${dst.type})(${this.expr({ ...ctx, own: [dst], scalars: [...ctx.scalars, q] }, "i", 2)});`);
      this.close();
      this.open("else");
      this.emit(`${loc} += (unsigned)${q} * 3u;`);
      if (r.chance(0.5)) {
        this.pragma("parallel");
        this.open("");
        this.parallelBody({ ...ctx, scalars: [...ctx.scalars, q] }, [], acc);
        this.close();
      }
      this.close();
      this.emit(`switch (${loc} % 3u) {`);
      this.emit(`case 0u: ${loc} += 1u; break;`);
      this.emit(`case 1u: ${acc} ^= ${loc}; /* fall through */`);
      this.emit(`default: ${loc} = ${loc} * 3u;`);
      this.emit("}");
      this.close();
    } else if (c === 8) {
      // atomic capture: the captured values sum to the same total in any order; sections
      const cnt = this.fresh("cnt");
      const sec = this.fresh("sec");
      this.emit(`unsigned ${cnt} = 0u;`);
      this.emit(`unsigned ${sec}[3] = {0u, 0u, 0u};`);
      this.pragma("parallel");
      this.open("");
      this.pragma(`for${this.sched()}`);
      this.open("for (int i = 0; i < N; i++)");
      this.emit("unsigned old;");
      this.pragma("atomic capture");
      this.emit(r.chance(0.5) ? `old = ${cnt}++;` : `{ old = ${cnt}; ${cnt} += 1u; }`);
      this.pragma("atomic");
      this.emit(`${acc} += old;`);
      this.emit(`${dst.name}[i] = (${dst.type})(${this.expr({ ...ctx, own: [dst] }, "i", 2)});`);
      this.close();
      this.pragma("sections");
      this.open("");
      for (let k = 0; k < 3; k++) {
        this.pragma("section");
        this.emit(`${sec}[${k}] = ${this.expr(ctx, null, 2)};`);
      }
      this.close();
      this.close();
      this.emit(`${loc} += ${cnt} * 1000u + ${sec}[0] + ${sec}[1] * 3u + ${sec}[2] * 7u;`);
    } else if (c === 9) {
      // a local written through its address and a struct local, both read in the region
      const sv = this.fresh("sv");
      this.emit(`unsigned *${loc}p = &${loc};`);
      this.emit(`*${loc}p += ${this.lit()};`);
      this.emit(`struct { unsigned a; int b; } ${sv} = { ${loc}, ${r.int(-9, 9)} };`);
      this.emit(`${sv}.a ^= 0x33u;`);
      this.pragma(`parallel for${this.sched()}`);
      this.emit(`for (int i = 0; i < N; i++)`);
      this.emit(`  ${dst.name}[i] = (${dst.type})(${this.expr({ ...ctx, scalars: [...ctx.scalars, `${sv}.a`, `${sv}.b`] }, "i", 3)});`);
      this.emit(`${loc} = ${sv}.a + (unsigned)${sv}.b;`);
    } else if (c === 0 && w.length >= 1) {
      // time-step loop around regions, double buffer through dst and w[1] (or itself)
      const t = this.fresh("step");
      this.open(`for (int ${t} = 0; ${t} < ${r.int(1, 3)}; ${t}++)`);
      const priv = r.chance(0.3);
      this.pragma(`parallel${priv ? ` reduction(+: ${acc})` : ""}`);
      this.open("");
      this.parallelBody({ ...ctx, scalars: [...ctx.scalars, t] }, w, acc, false, priv);
      this.close();
      this.emit(`${loc} = ${loc} * 7u + (unsigned)${t};`);
      if (r.chance(0.5)) this.emit(`${acc} += (unsigned)${dst.name}[${r.int(0, this.n - 1)}] & 15u;`);
      this.close();
    } else if (c === 1 && this.parHelpers.length && dst.type === "int" && !dst.declTarget && rd.some((a) => a.type === "int" && !a.declTarget)) {
      // a helper with its own parallel region, called from the sequential part
      const src = rd.find((a) => a.type === "int" && !a.declTarget)!;
      this.emit(`${r.pick(this.parHelpers)}(${dst.name}, ${src.name}, n, ${loc});`);
      this.emit(`${loc} += (unsigned)${dst.name}[0];`);
      this.pragma("parallel for");
      this.emit(`for (int i = 0; i < N; i++)`);
      this.emit(`  ${dst.name}[i] = (int)((unsigned)${dst.name}[i] + ${loc});`);
    } else if (c === 2) {
      // sequential loop over elements, then a region reading what it wrote
      this.emit(`for (int i = 0; i < N; i++)`);
      this.emit(`  ${dst.name}[i] = (${dst.type})(${this.expr(ctx, "i", 2)});`);
      this.emit(`${loc} = ${loc} + (unsigned)${dst.name}[N / 2];`);
      this.pragma("parallel");
      this.open("");
      this.parallelBody({ ...ctx, any: [...rd, dst] }, w.slice(1), acc);
      this.close();
    } else {
      // regions with sequential code between them
      const k = r.int(1, 3);
      for (let j = 0; j < k; j++) {
        this.pragma(r.chance(0.3) ? `parallel for${this.sched()}` : "parallel");
        const last = this.out[this.out.length - 1]!;
        if (last.includes("parallel for")) {
          this.emit(`for (int i = 0; i < N; i++)`);
          this.emit(`  ${dst.name}[i] = (${dst.type})(${this.expr({ ...ctx, own: [dst] }, "i", 3)});`);
        } else {
          this.open("");
          this.parallelBody(ctx, w, acc);
          this.close();
        }
        this.emit(`${loc} = ${loc} ${r.pick(["+", "^", "*"])} (unsigned)${dst.name}[${r.int(0, this.n - 1)}];`);
        if (r.chance(0.3)) this.emit(`${acc} += ${this.helpers.length ? `${r.pick(this.helpers)}(${loc})` : loc};`);
      }
    }
    if (r.chance(0.4)) {
      // a reduction of any integer operator on a typed local of the kernel
      const op = r.pick(RED_OPS);
      const type = op === "min" || op === "max" || op === "&&" || op === "||" ? r.pick(["int", "long long", "short"]) : r.pick(RED_TYPES);
      const rv = this.fresh("rv");
      this.emit(`${type} ${rv} = ${this.redInit(op)};`);
      this.pragma(`parallel for reduction(${op}: ${rv})${this.sched()}`);
      this.emit("for (int i = 0; i < N; i++)");
      this.emit(`  ${this.redUpdate(op, rv, this.redValue(op, type, ctx, "i"))}`);
      this.emit(`${loc} += (unsigned)${rv};`);
    }
    if (r.chance(0.3)) {
      // lastprivate and private
      const lp = this.fresh("lp");
      const tp = this.fresh("tp");
      this.emit(`unsigned ${lp} = 0u, ${tp} = 0u;`);
      this.pragma(`parallel for lastprivate(${lp}) private(${tp})${this.sched()}`);
      this.open("for (int i = 0; i < N; i++)");
      this.emit(`${tp} = ${this.expr(ctx, "i", 2)};`);
      this.emit(`${lp} = ${tp} * 2u + (unsigned)i;`);
      this.close();
      this.emit(`${loc} ^= ${lp};`);
    }
    if (this.addHelpers.length && r.chance(0.4)) {
      const s2 = this.slot();
      this.pragma(`parallel for${this.sched()}`);
      this.emit("for (int i = 0; i < N; i++)");
      this.emit(`  ${r.pick(this.addHelpers)}(&${s2}, ${this.expr(ctx, "i", 2)});`);
    }
    if (this.opts.tails && r.chance(0.7)) this.tail(loc);
    this.emit(`${slot} = ${loc} + ${acc};`);
    this.close();
  }

  /**
   * A generic kernel of several teams: sequential code per team (team-invariant locals),
   * `distribute parallel for`, team-redundant `parallel for`s (every team writes the same
   * values), team-0 guarded slot writes, atomics into mapped result slots.
   */
  private genericTeams(o: { present?: Arr[]; hostVar?: string }): void {
    const r = this.r;
    const { w, rd } = this.roles();
    const slot = this.slot();
    const slot0 = this.slot();
    this.pragma(`target teams${this.teamsClauses(true)}${this.ifClause([...rd, ...w], o.present)} ${this.maps(rd, w, new Set(), o.present ?? [])}`);
    this.open("");
    const scalars = this.hostScalars(o.hostVar);
    const loc = this.fresh("l");
    this.emit(`unsigned ${loc} = ${this.expr({ any: rd, own: [], scalars, device: true }, null, 2)};`);
    const any = [...rd];
    for (const dst of w) {
      // `distribute` and `distribute parallel for` deal iterations to teams differently: what
      // one wrote is not read later in the kernel (another team may not have written it yet)
      const ctx: Ctx = { any, own: [], scalars: [...scalars, loc], device: true };
      const c = r.int(0, 3);
      if (c <= 1) {
        this.pragma(`distribute parallel for${this.sched()}`);
        this.open(`for (int i = 0; i < N; i++)`);
        this.emit(`${dst.name}[i] = (${dst.type})(${this.expr(ctx, "i", 3)});`);
        if (r.chance(0.4)) {
          this.pragma("atomic");
          this.emit(`${slot} += (unsigned)${dst.name}[i] & 255u;`);
        }
        this.close();
      } else if (c === 2) {
        // every team writes the same values
        this.pragma("parallel");
        this.open("");
        this.parallelBody(ctx, [dst], null, true);
        this.close();
        any.push(dst);
      } else {
        this.pragma(`distribute`);
        this.emit(`for (int i = 0; i < N; i++)`);
        this.emit(`  ${dst.name}[i] = (${dst.type})(${this.expr(ctx, "i", 2)});`);
      }
      this.emit(`${loc} = ${loc} * 5u + ${this.expr({ any: rd, own: [], scalars, device: true }, null, 1)};`);
    }
    // other teams may still add to `slot`: team 0 writes its own slot
    if (r.chance(0.5)) {
      this.open("if (omp_get_team_num() == 0)");
      this.emit(`${slot0} += ${loc};`);
      this.close();
    } else {
      this.open("if (omp_get_num_teams() >= 1 && omp_get_team_num() == 0)");
      this.emit(`${slot0} ^= ${loc} | 1u;`);
      this.close();
    }
    this.close();
  }

  /** A struct mapped tofrom: member array written per index, a scalar member by one thread. */
  private structKernel(): void {
    const r = this.r;
    const s = this.fresh("st");
    const m = Math.min(this.n, 8);
    this.emit(`struct { int k; unsigned v[${m}]; long long sum; } ${s};`);
    this.emit(`${s}.k = ${r.int(-9, 9)};`);
    this.emit(`${s}.sum = 0;`);
    this.emit(`for (int i = 0; i < ${m}; i++)`);
    this.emit(`  ${s}.v[i] = (unsigned)i * 3u;`);
    const ro = this.mapped();
    const spmd = r.chance(0.5);
    this.pragma(`${spmd ? "target teams distribute parallel for" : "target"} map(tofrom: ${s})${ro.length && r.chance(0.5) ? ` map(to: ${ro[0]!.name}[0:N])` : ""}`);
    const ctx: Ctx = { any: ro.slice(0, 1), own: [], scalars: [`${s}.k`, "s0"], device: true };
    if (spmd) {
      this.emit(`for (int i = 0; i < ${m}; i++)`);
      this.emit(`  ${s}.v[i] = ${s}.v[i] + ${this.expr(ctx, "i", 2)};`);
    } else {
      this.open("");
      this.emit(`${s}.k = ${s}.k + 1;`);
      this.emit(`long long ${s}_r = 0;`);
      this.pragma(`parallel for reduction(+: ${s}_r)`);
      this.emit(`for (int i = 0; i < ${m}; i++) {`);
      this.emit(`  ${s}.v[i] = ${s}.v[i] * 2u + (unsigned)${s}.k;`);
      this.emit(`  ${s}_r += (long long)(${s}.v[i] & 1023u);`);
      this.emit("}");
      this.emit(`${s}.sum = ${s}_r;`);
      this.close();
    }
    this.emit(`${this.slot()} += ${s}.v[${m - 1}] + (unsigned)${s}.sum + (unsigned)${s}.k;`);
  }
}

/** The C program of `seed`. */
export function generateCProgram(seed: number, opts: CGenOptions = {}): string {
  return new CGen(seed, opts).generate();
}
