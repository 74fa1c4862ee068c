// The "generic kernels" generator profile: random whole programs (host @main, generic
// kernels, helpers, parallel-region functions) for differential testing of SPMD-ization
// (issue 6 point 7; DESIGN.md section 4). Deterministic from a seed; every program
// verifies, terminates and does not fault, and its observable behaviour is fixed by the
// generic-mode semantics — so any difference after `-O` is a miscompilation.
//
// What a program exercises (the things spmdize must preserve): sequential side effects
// (stores to global and team-shared memory, atomics, tagged prints) before, between and
// after parallel regions; sequential values passed to regions and used later; uniform
// branches (on kernel arguments, team numbers, loaded values) and counted loops, with and
// without parallel regions inside; helpers called from the sequential part (pure, with side
// effects, with thread queries, with a parallel region; some `noinline`); omp.alloc_shared
// variables; reads of global memory; early returns from sequential code (also from loops
// around parallel regions); reverse offload (opt-in: `reverseOffload`).
//
// Race freedom in generic mode, by construction. Each kernel gets one i32 buffer:
//   [0, 512)      bank 0 of per-thread slots, [512, 1024) bank 1: a parallel region called
//                 with phase p writes only its own slot of bank p and reads only bank 1-p;
//   [1024, 1152)  one 32-word area per team: words 0-15 written by sequential code and only
//                 read in regions, words 16-31 read/written by sequential code (atomics with
//                 used results included) and updated by regions with atomics whose results
//                 are dropped (word 24);
//   [1152, 1160)  cross-team counters, updated only by atomics whose results are dropped.
// Team-shared memory follows the same split (word 0: sequential writes, regions read;
// word 1: region atomics). Output lines are tagged with the hardware thread that printed
// them (`k<K> t<team>.<thread>|`; the sequential part is thread 0), so a comparison can
// allow the interleaving of different threads to change while each thread's own sequence
// (including the reverse-offload calls made for it, which the host callee prints) must not.

import { ICMP_PREDS } from "../ir/ir.js";
import type { Val as BodyVal } from "./bodytext.js";
import { BodyText, INT_OPS } from "./bodytext.js";
import { Rng } from "./rng.js";

export interface GenericOptions {
  /** Emit omp.reverse_offload from the sequential part and from regions (default false:
   *  enable once the runtime implements it). */
  reverseOffload?: boolean;
  /** Kernels per program (default 1-2). */
  kernels?: number;
  /** Nesting depth of branches and loops (default 2). */
  maxDepth?: number;
  /** Statements per straight-line run (default 4). */
  maxStmts?: number;
}

export const BANK = 512;
export const TEAM_BASE = 1024;
export const TEAM_AREA = 32;
export const MAX_TEAMS = 4;
export const COUNTERS = TEAM_BASE + MAX_TEAMS * TEAM_AREA;
export const BUF_LEN = COUNTERS + 8;

type T = "i1" | "i32" | "i64" | "f64" | "ptr";
type Val = BodyVal<T>;

/** Where a body runs: kernel sequential part, a parallel region, a device helper, host code. */
type Ctx = "seq" | "region" | "helper" | "host";

/** One function body under construction: blocks of text plus the values in scope. */
class Body extends BodyText<T> {
  /** Parallel regions may be started here (sequential code of kernels and helpers). */
  canParallel = false;
  /** Names of: the kernel buffer, this team's area, the team-shared pair, team and thread tag values. */
  buf = "%buf";
  tarea = "";
  shared = "";
  team = "";
  tid = "0";
  /** Region bodies: the bank offsets to write / read and the thread count. */
  wofs = "";
  rofs = "";
  nt = "";
  scratch = "";
  /** What an early return returns ("void", "i32"), or null where none may appear. */
  ret: "void" | "i32" | null = null;

  constructor(readonly ctx: Ctx) {
    super();
  }

  /** A helper value kept out of scope (addresses, masks). */
  tmp(type: T, rhs: string): string {
    return this.def(type, rhs, "t", false).name;
  }
}

const ATOMIC_OPS = ["add", "sub", "and", "or", "xor", "min", "max", "umin", "umax", "xchg"] as const;
const SEQ_QUERIES = ["team_num", "num_teams", "thread_num", "num_threads", "hw_thread_id", "hw_num_threads"] as const;

interface Helper {
  name: string;
  /** "pure": i32 math; "query": uses omp.thread_num; "side": stores to the team area
   *  (sequential code only); "par": starts a parallel region (sequential code only). */
  kind: "pure" | "query" | "side" | "par";
  params: T[];
}

class Gen {
  private out: string[] = [];
  private helpers: Helper[] = [];
  private revCallees: string[] = [];
  private regions: string[] = [];
  private depth = 0;
  private k = 0;

  constructor(readonly rng: Rng, readonly opts: GenericOptions) {}

  // ----- operands -------------------------------------------------------------------------

  lit(t: T): string {
    const r = this.rng;
    switch (t) {
      case "i1":
        return r.pick(["true", "false"]);
      case "i32":
        return String(r.pick([0, 1, 2, 3, 7, -1, -5, 100, 2147483647, r.int(-1000, 1000)]));
      case "i64":
        return String(r.pick([0, 1, -1, 42, 4294967296, r.int(-100000, 100000)]));
      case "f64":
        return r.pick(["0.0", "1.0", "-2.5", "0.125", "3.0"]);
      case "ptr":
        throw new Error("generator: no pointer literals");
    }
  }

  val(b: Body, t: T): string {
    const vs = b.scope.filter((v) => v.type === t);
    if (vs.length) return this.rng.pick(vs).name;
    switch (t) {
      case "i1":
        return b.def("i1", `icmp ${this.rng.pick(ICMP_PREDS)} i32 ${this.val(b, "i32")}, ${this.lit("i32")}`).name;
      case "i64":
        return b.def("i64", `sext i32 ${this.val(b, "i32")} to i64`).name;
      case "f64":
        return b.def("f64", `sitofp i32 ${this.val(b, "i32")} to f64`).name;
      case "i32":
        return b.def("i32", `add i32 ${this.lit("i32")}, ${this.lit("i32")}`).name;
      case "ptr":
        throw new Error("generator: pointers are never taken from scope");
    }
  }

  opnd(b: Body, t: T): string {
    return this.rng.chance(0.8) ? this.val(b, t) : this.lit(t);
  }

  /** An i32 in [0, mask] (mask + 1 a power of two), kept out of scope. */
  idx(b: Body, mask: number): string {
    return b.tmp("i32", `and i32 ${this.val(b, "i32")}, ${mask}`);
  }

  /** The address of word `lo + (v & mask)` of this team's area. */
  teamWord(b: Body, lo: number, mask: number): string {
    const i = this.idx(b, mask);
    const j = lo ? b.tmp("i32", `add i32 ${i}, ${lo}`) : i;
    return b.tmp("ptr", `gep i32, ${b.tarea}, ${j}`);
  }

  // ----- statements -------------------------------------------------------------------------

  /** Arithmetic, comparisons, casts: pure code every context may run. */
  pureStmt(b: Body): void {
    const r = this.rng;
    switch (r.int(0, 6)) {
      case 0:
      case 1: {
        const t: T = r.chance(0.8) ? "i32" : "i64";
        b.def(t, `${r.pick(INT_OPS)} ${t} ${this.opnd(b, t)}, ${this.opnd(b, t)}`);
        return;
      }
      case 2: {
        const t: T = r.chance(0.8) ? "i32" : "i64";
        // divisor in [1, 15]: no division by zero, no INT_MIN / -1
        const m = b.tmp(t, `and ${t} ${this.val(b, t)}, 15`);
        const d = b.tmp(t, `or ${t} ${m}, 1`);
        b.def(t, `${r.pick(["sdiv", "udiv", "srem", "urem"])} ${t} ${this.opnd(b, t)}, ${d}`);
        return;
      }
      case 3: {
        const amt = b.tmp("i32", `and i32 ${this.val(b, "i32")}, 31`);
        b.def("i32", `${r.pick(["shl", "lshr", "ashr"])} i32 ${this.opnd(b, "i32")}, ${amt}`);
        return;
      }
      case 4:
        b.def("i1", `icmp ${r.pick(ICMP_PREDS)} i32 ${this.opnd(b, "i32")}, ${this.opnd(b, "i32")}`);
        return;
      case 5:
        b.def("i32", `select i32 ${this.val(b, "i1")}, ${this.opnd(b, "i32")}, ${this.opnd(b, "i32")}`);
        return;
      case 6:
        if (r.chance(0.5)) b.def("i32", `trunc i64 ${this.val(b, "i64")} to i32`);
        else if (r.chance(0.5)) b.def("f64", `fmul f64 ${this.opnd(b, "f64")}, ${this.opnd(b, "f64")}`);
        else b.def("i32", `fptosi f64 ${this.val(b, "f64")} to i32`);
        return;
    }
  }

  /** A tagged print: `k<K> t<team>.<thread>| <kind> <values>`. */
  print(b: Body, what: string): void {
    const n = this.rng.int(1, 2);
    const parts: string[] = [];
    const args: string[] = [];
    for (let i = 0; i < n; i++) {
      const t = this.rng.pick<T>(["i32", "i32", "i64", "f64"]);
      parts.push(t === "i32" ? "%d" : t === "i64" ? "%ld" : "%f");
      args.push(this.val(b, t));
    }
    b.emit(`print "k${this.k} t%d.%d| ${what} ${parts.join(" ")}\\n", ${b.team}, ${b.tid}, ${args.join(", ")}`);
  }

  /** Thread-private scratch memory: every thread keeps its own identical copy. */
  privateStmt(b: Body): void {
    const p = b.tmp("ptr", `gep i32, ${b.scratch}, ${this.idx(b, 7)}`);
    const r = this.rng.int(0, 2);
    if (r === 0) b.emit(`store i32 ${this.opnd(b, "i32")}, local ${p}`);
    else if (r === 1) b.def("i32", `load i32, local ${p}`);
    else b.def("i32", `atomic ${this.rng.pick(ATOMIC_OPS)} i32, local ${p}, ${this.opnd(b, "i32")}`);
  }

  /** One statement of kernel (or helper) sequential code. */
  seqStmt(b: Body): void {
    const r = this.rng;
    switch (r.int(0, 15)) {
      case 0:
      case 1:
      case 2:
        this.pureStmt(b);
        return;
      case 3: // store to this team's area (the region-readable half or the rest)
        b.emit(`store i32 ${this.opnd(b, "i32")}, global ${this.teamWord(b, 0, 31)}`);
        return;
      case 4:
        b.def("i32", `load i32, global ${this.teamWord(b, 0, 31)}`);
        return;
      case 5: {
        // read a slot a parallel region wrote (any bank, this team's range)
        const hw = b.tmp("i32", "omp.hw_num_threads");
        const u = b.tmp("i32", `urem i32 ${this.val(b, "i32")}, ${hw}`);
        const row = b.tmp("i32", `mul i32 ${b.team}, ${hw}`);
        const g = b.tmp("i32", `add i32 ${row}, ${u}`);
        const s = b.tmp("i32", `add i32 ${g}, ${r.pick([0, BANK])}`);
        b.def("i32", `load i32, global ${b.tmp("ptr", `gep i32, ${b.buf}, ${s}`)}`);
        return;
      }
      case 6: // team-shared memory: word 0 written here, read in regions; word 1 updated by regions
        if (r.chance(0.5)) b.emit(`store i32 ${this.opnd(b, "i32")}, shared ${b.shared}`);
        else b.def("i32", `load i32, shared ${b.tmp("ptr", `gep i32, ${b.shared}, ${r.int(0, 1)}`)}`);
        return;
      case 7: {
        const p = this.teamWord(b, 16, 15);
        if (r.chance(0.7)) b.def("i32", `atomic ${r.pick(ATOMIC_OPS)} i32, global ${p}, ${this.opnd(b, "i32")}`);
        else b.def("i32", `cmpxchg i32, global ${p}, ${this.opnd(b, "i32")}, ${this.opnd(b, "i32")}`);
        return;
      }
      case 8: {
        // a cross-team counter: commutative, result dropped
        const c = b.tmp("ptr", `gep i32, ${b.buf}, ${COUNTERS + r.int(0, 7)}`);
        b.tmp("i32", `atomic add i32, global ${c}, ${this.opnd(b, "i32")}`);
        return;
      }
      case 9:
        this.print(b, "seq");
        return;
      case 10:
        b.def("i32", `omp.${r.pick(SEQ_QUERIES)}`);
        return;
      case 11:
        this.privateStmt(b);
        return;
      case 12: {
        // read-only device memory
        const p = b.tmp("ptr", `gep i32, @dg, ${this.idx(b, 7)}`);
        b.def("i32", `load i32, global ${p}`);
        return;
      }
      case 13:
      case 14:
        this.callHelper(b);
        return;
      case 15:
        if (this.opts.reverseOffload) this.reverseOffload(b, this.teamWordIndex(b));
        else this.pureStmt(b);
        return;
    }
  }

  /** The buffer index of a word of the team area (for a reverse-offload map). */
  teamWordIndex(b: Body): string {
    const row = b.tmp("i32", `mul i32 ${b.team}, ${TEAM_AREA}`);
    const base = b.tmp("i32", `add i32 ${row}, ${TEAM_BASE + 16}`);
    return b.tmp("i32", `add i32 ${base}, ${this.idx(b, 7)}`);
  }

  /** Reverse offload of buffer word `index`: the host callee prints the tag and the value. */
  reverseOffload(b: Body, index: string): void {
    const cb = this.rng.pick(this.revCallees);
    const p = b.tmp("ptr", `gep i32, ${b.buf}, ${index}`);
    b.emit(`omp.reverse_offload ${cb}(${p}, ${this.opnd(b, "i32")}, ${b.team}, ${b.tid}) map(tofrom: i32 ${b.buf}[${index}:1])`);
  }

  callHelper(b: Body): void {
    const ok = this.helpers.filter((h) => b.ctx === "seq" || b.ctx === "helper" ? h.kind !== "par" || b.canParallel : h.kind === "pure" || h.kind === "query");
    if (ok.length === 0) return this.pureStmt(b);
    const h = this.rng.pick(ok);
    const args: string[] = [];
    if (h.kind === "side" || h.kind === "par") args.push(b.buf, b.tarea, b.shared, b.team);
    for (const t of h.params) args.push(this.opnd(b, t));
    b.def("i32", `call ${h.name}(${args.join(", ")})`);
  }

  /** `omp.parallel` of one of the current kernel's regions. */
  parallel(b: Body): void {
    const region = this.rng.pick(this.regions);
    b.emit(`omp.parallel ${region}(${b.buf}, ${this.opnd(b, "i32")}, ${this.phase()}, ${b.shared})`);
  }

  private phases: string[] = [];
  /** The innermost time-step loop's parity, or a constant bank. */
  phase(): string {
    return this.phases.length && this.rng.chance(0.7) ? this.phases[this.phases.length - 1]! : String(this.rng.int(0, 1));
  }

  // ----- structured control flow ----------------------------------------------------------

  /** A straight-line run with nested diamonds, loops and (where allowed) parallel regions. */
  run(b: Body, stmt: (b: Body) => void, pRegion = 0): void {
    const n = this.rng.int(1, this.opts.maxStmts ?? 4);
    const maxDepth = this.opts.maxDepth ?? 2;
    for (let i = 0; i < n; i++) {
      const r = this.rng.next();
      if (this.depth < maxDepth && r < 0.12) this.ifElse(b, stmt, pRegion);
      else if (this.depth < maxDepth && r < 0.22) this.loop(b, stmt, pRegion);
      else if (b.canParallel && r < 0.22 + pRegion) this.parallel(b);
      else if ((b.ctx === "seq" || b.ctx === "helper") && b.ret !== null && r < 0.25 + pRegion) this.earlyReturn(b, stmt);
      else if (b.ctx === "region" && this.depth === 0 && r < 0.3) b.emit("omp.barrier");
      else stmt(b);
    }
  }

  /** `cond_br c, ^early, ^cont` where ^early runs a few statements and returns: exits
   *  from the middle of sequential code (and of loops around parallel regions). */
  earlyReturn(b: Body, stmt: (b: Body) => void): void {
    const c = this.val(b, "i1");
    const [early, cont] = [b.label("early"), b.label("cont")];
    b.terminate(`cond_br ${c}, ${early}, ${cont}`);
    const mark = b.scope.length;
    const canPar = b.canParallel;
    b.canParallel = false;
    b.open(early);
    stmt(b);
    b.terminate(b.ret === "void" ? "ret" : `ret ${this.val(b, "i32")}`);
    b.scope.length = mark;
    b.canParallel = canPar;
    b.open(cont);
  }

  /** if/else merging one i32 through the join's parameter. The condition is any i1 in
   *  scope: uniform in sequential code (every input is), divergent in regions. */
  ifElse(b: Body, stmt: (b: Body) => void, pRegion: number): void {
    const c = this.val(b, "i1");
    const [then, els, join] = [b.label("then"), b.label("else"), b.label("join")];
    b.terminate(`cond_br ${c}, ${then}, ${els}`);
    const mark = b.scope.length;
    const canPar = b.canParallel;
    this.depth++;
    for (const arm of [then, els]) {
      b.open(arm);
      this.run(b, stmt, pRegion);
      b.terminate(`br ${join}(${this.opnd(b, "i32")})`);
      b.scope.length = mark;
      b.canParallel = canPar;
    }
    this.depth--;
    const m: Val = { name: b.fresh("m"), type: "i32" };
    b.open(join, [m]);
    b.scope.push(m);
  }

  /** A counted loop (trip count a constant 1-3 or a kernel argument in [1, 3]). In
   *  sequential code about half the loops may hold parallel regions (a time-step loop),
   *  the others only side effects. */
  loop(b: Body, stmt: (b: Body) => void, pRegion: number): void {
    const trips = b.scope.some((v) => v.name === "%n") && this.rng.chance(0.4) ? "%n" : String(this.rng.int(1, 3));
    const init = this.opnd(b, "i32");
    const [head, body, exit] = [b.label("loop"), b.label("body"), b.label("exit")];
    b.terminate(`br ${head}(0, ${init})`);
    const i: Val = { name: b.fresh("i"), type: "i32" };
    const acc: Val = { name: b.fresh("acc"), type: "i32" };
    b.open(head, [i, acc]);
    b.scope.push(i, acc);
    const c = b.tmp("i1", `icmp slt i32 ${i.name}, ${trips}`);
    b.terminate(`cond_br ${c}, ${body}, ${exit}`);
    const headScope = b.scope.length;
    const canPar = b.canParallel;
    const withRegions = canPar && this.rng.chance(0.5);
    b.canParallel = withRegions;
    this.depth++;
    b.open(body);
    if (withRegions) {
      this.phases.push(b.tmp("i32", `and i32 ${i.name}, 1`));
      this.parallel(b);
    }
    this.run(b, stmt, pRegion);
    if (withRegions) this.phases.pop();
    const next = b.tmp("i32", `add i32 ${i.name}, 1`);
    b.terminate(`br ${head}(${next}, ${this.opnd(b, "i32")})`);
    this.depth--;
    b.canParallel = canPar;
    b.scope.length = headScope;
    b.open(exit);
  }

  // ----- functions ---------------------------------------------------------------------------

  private start(ctx: Ctx, params: Val[]): Body {
    const b = new Body(ctx);
    b.open("^entry");
    b.scope.push(...params.filter((p) => p.type !== ("ptr")));
    if (ctx !== "host") b.scratch = b.tmp("ptr", "alloca i32, 8");
    return b;
  }

  private sig(params: Val[]): string {
    return params.map((p) => `${p.name}: ${p.type}`).join(", ");
  }

  private noinline(): string {
    return this.rng.chance(0.4) ? " noinline" : "";
  }

  /** A pure i32 helper, or one using omp.thread_num (cloned for sequential callers). */
  mathHelper(i: number, kind: "pure" | "query"): void {
    const params: Val[] = [{ name: "%p0", type: "i32" }, { name: "%p1", type: "i32" }];
    const b = this.start("helper", params);
    if (kind === "query") b.scope.push(b.def("i32", "omp.thread_num", "q", false), b.def("i32", "omp.num_threads", "q", false));
    this.run(b, (x) => this.pureStmt(x));
    b.terminate(`ret ${this.val(b, "i32")}`);
    const name = `@${kind}${i}`;
    this.out.push(`device ${name}(${this.sig(params)}) -> i32${this.noinline()} {\n${b.text()}\n}\n`);
    this.helpers.push({ name, kind, params: ["i32", "i32"] });
  }

  /** A helper with sequential side effects ("side") or a parallel region too ("par"); only
   *  called from sequential code, with the kernel's buffer, team area, shared pair and team. */
  effectHelper(i: number, kind: "side" | "par"): void {
    const params: Val[] = [
      { name: "%buf", type: "ptr" }, { name: "%tarea", type: "ptr" }, { name: "%sh", type: "ptr" },
      { name: "%team", type: "i32" }, { name: "%p0", type: "i32" },
    ];
    const b = this.start("helper", params);
    b.tarea = "%tarea";
    b.shared = "%sh";
    b.team = "%team";
    b.tid = b.tmp("i32", "omp.thread_num");
    const name = `@${kind}${i}`;
    const saved = this.regions;
    if (kind === "par") {
      this.regions = [this.region(`@${kind}${i}_region`)];
      b.canParallel = true;
    }
    b.ret = this.rng.chance(0.3) ? "i32" : null;
    this.run(b, (x) => this.seqStmt(x), kind === "par" ? 0.1 : 0);
    if (kind === "par") this.parallel(b);
    this.regions = saved;
    b.terminate(`ret ${this.val(b, "i32")}`);
    this.out.push(`device ${name}(${this.sig(params)}) -> i32${this.noinline()} {\n${b.text()}\n}\n`);
    this.helpers.push({ name, kind, params: ["i32"] });
  }

  /** A host function run by reverse offload: prints the calling thread's tag and value,
   *  accumulates into a host global (commutatively) and updates the mapped word. */
  revCallee(i: number): void {
    const name = `@rev${i}`;
    const b = this.start("host", [{ name: "%v", type: "i32" }]);
    b.emit(`print "t%d.%d| rev${i} %d\\n", %team, %tid, %v`);
    b.tmp("i32", `atomic add i32, host @hacc, %v`);
    const old = b.tmp("i32", "load i32, host %slot");
    const x = b.tmp("i32", `${this.rng.pick(["add", "xor", "mul"])} i32 ${old}, %v`);
    b.emit(`store i32 ${x}, host %slot`);
    b.terminate("ret");
    this.out.push(`host ${name}(%slot: ptr, %v: i32, %team: i32, %tid: i32) {\n${b.text()}\n}\n`);
    this.revCallees.push(name);
  }

  /** A parallel region: each thread computes from its inputs and writes its own slot. */
  region(name: string): string {
    const params: Val[] = [{ name: "%buf", type: "ptr" }, { name: "%a", type: "i32" }, { name: "%ph", type: "i32" }, { name: "%sh", type: "ptr" }];
    const b = this.start("region", params);
    b.shared = "%sh";
    b.team = b.def("i32", "omp.team_num", "team").name;
    b.tid = b.def("i32", "omp.thread_num", "tid").name;
    b.nt = b.def("i32", "omp.num_threads", "nt").name;
    const row = b.tmp("i32", `mul i32 ${b.team}, ${b.nt}`);
    const gid = b.tmp("i32", `add i32 ${row}, ${b.tid}`);
    const pb = b.tmp("i32", "and i32 %ph, 1");
    b.wofs = b.tmp("i32", `mul i32 ${pb}, ${BANK}`);
    b.rofs = b.tmp("i32", `sub i32 ${BANK}, ${b.wofs}`);
    const toff = b.tmp("i32", `mul i32 ${b.team}, ${TEAM_AREA}`);
    const tbase = b.tmp("i32", `add i32 ${toff}, ${TEAM_BASE}`);
    b.tarea = b.tmp("ptr", `gep i32, %buf, ${tbase}`);
    this.run(b, (x) => this.regionStmt(x));
    const slot = b.tmp("i32", `add i32 ${b.wofs}, ${gid}`);
    const sp = b.tmp("ptr", `gep i32, %buf, ${slot}`);
    b.emit(`store i32 ${this.val(b, "i32")}, global ${sp}`);
    if (this.opts.reverseOffload && this.rng.chance(0.3)) this.fewThreads(b, () => this.reverseOffload(b, slot));
    b.terminate("ret");
    this.out.push(`device ${name}(${this.sig(params)})${this.noinline()} {\n${b.text()}\n}\n`);
    return name;
  }

  /** Runs `body` on threads 0 and 1 of the region only (keeps output and host calls small). */
  fewThreads(b: Body, body: () => void): void {
    const c = b.tmp("i1", `icmp ult i32 ${b.tid}, ${this.rng.int(1, 2)}`);
    const [yes, join] = [b.label("few"), b.label("fewjoin")];
    b.terminate(`cond_br ${c}, ${yes}, ${join}`);
    b.open(yes);
    const mark = b.scope.length;
    body();
    b.scope.length = mark;
    b.terminate(`br ${join}`);
    b.open(join);
  }

  regionStmt(b: Body): void {
    const r = this.rng;
    switch (r.int(0, 9)) {
      case 0:
      case 1:
      case 2:
        this.pureStmt(b);
        return;
      case 3: {
        // another thread's slot of the bank this region only reads
        const u = b.tmp("i32", `urem i32 ${this.val(b, "i32")}, ${b.nt}`);
        const row = b.tmp("i32", `mul i32 ${b.team}, ${b.nt}`);
        const g = b.tmp("i32", `add i32 ${row}, ${u}`);
        const s = b.tmp("i32", `add i32 ${g}, ${b.rofs}`);
        b.def("i32", `load i32, global ${b.tmp("ptr", `gep i32, %buf, ${s}`)}`);
        return;
      }
      case 4:
        b.def("i32", `load i32, global ${this.teamWord(b, 0, 15)}`);
        return;
      case 5:
        if (r.chance(0.5)) b.def("i32", `load i32, shared %sh`);
        else b.tmp("i32", `atomic add i32, shared ${b.tmp("ptr", "gep i32, %sh, 1")}, ${this.opnd(b, "i32")}`);
        return;
      case 6:
        // only `add`: different operators on one word would not commute across threads
        b.tmp("i32", `atomic add i32, global ${b.tmp("ptr", `gep i32, ${b.tarea}, 24`)}, ${this.opnd(b, "i32")}`);
        return;
      case 7:
        this.fewThreads(b, () => this.print(b, "par"));
        return;
      case 8:
        this.privateStmt(b);
        return;
      case 9:
        this.callHelper(b);
        return;
    }
  }

  /** Kernel k: a sequential part with parallel regions, helpers and side effects. */
  kernel(k: number): void {
    this.k = k;
    const nreg = this.rng.int(1, 2);
    this.regions = Array.from({ length: nreg }, (_, j) => this.region(`@k${k}_r${j}`));
    const params: Val[] = [{ name: "%buf", type: "ptr" }, { name: "%x", type: "i32" }, { name: "%n", type: "i32" }];
    const b = this.start("seq", params);
    b.team = b.def("i32", "omp.team_num", "team").name;
    const toff = b.tmp("i32", `mul i32 ${b.team}, ${TEAM_AREA}`);
    const tbase = b.tmp("i32", `add i32 ${toff}, ${TEAM_BASE}`);
    b.tarea = b.tmp("ptr", `gep i32, %buf, ${tbase}`);
    const alloc = this.rng.chance(0.6);
    b.shared = alloc ? b.tmp("ptr", "omp.alloc_shared 8") : "@sg";
    if (alloc) b.emit(`store i32 ${this.opnd(b, "i32")}, shared ${b.shared}`);
    // About one kernel in ten has no parallel region (SPMD-ized by running thread 0 only).
    b.canParallel = this.rng.chance(0.9);
    b.ret = this.rng.chance(0.3) ? "void" : null;
    this.run(b, (x) => this.seqStmt(x), 0.12);
    if (b.canParallel) this.parallel(b);
    this.run(b, (x) => this.seqStmt(x), 0.12);
    const res = b.tmp("ptr", `gep i32, ${b.tarea}, ${this.rng.int(16, 23)}`);
    b.emit(`store i32 ${this.val(b, "i32")}, global ${res}`);
    if (alloc) b.emit(`omp.free_shared ${b.shared}, 8`);
    b.terminate("ret");
    this.out.push(`kernel @k${k}(${this.sig(params)}) generic {\n${b.text()}\n}\n`);
  }

  main(kernels: number): void {
    const b = this.start("host", []);
    for (let k = 0; k < kernels; k++) {
      const buf = b.tmp("ptr", `alloca i32, ${BUF_LEN}`);
      // seed the team areas so sequential loads see data
      const w = b.tmp("ptr", `gep i32, ${buf}, ${TEAM_BASE + this.rng.int(0, MAX_TEAMS * TEAM_AREA - 1)}`);
      b.emit(`store i32 ${this.rng.int(-99, 99)}, host ${w}`);
      const teams = this.rng.int(2, 3);
      const threads = this.rng.pick([32, 64, 96]);
      b.emit(`omp.target @k${k}(${buf}, ${this.rng.int(-20, 20)}, ${this.rng.int(1, 3)}) teams(${teams}) threads(${threads}) map(tofrom: i32 ${buf}[0:${BUF_LEN}])`);
      this.checksum(b, buf, k);
    }
    const h = b.tmp("i32", "load i32, host @hacc");
    b.emit(`print "host: hacc %d\\n", ${h}`);
    b.terminate("ret 0");
    this.out.push(`host @main() -> i32 {\n${b.text()}\n}\n`);
  }

  /** Prints a position-weighted hash of a kernel buffer (every slot matters, in place). */
  private checksum(b: Body, buf: string, k: number): void {
    const [head, body, exit] = [b.label("sum"), b.label("add"), b.label("done")];
    b.terminate(`br ${head}(0, 0)`);
    const i = b.fresh("i");
    const acc = b.fresh("acc");
    b.open(head, [{ name: i, type: "i32" }, { name: acc, type: "i64" }]);
    const c = b.tmp("i1", `icmp slt i32 ${i}, ${BUF_LEN}`);
    b.terminate(`cond_br ${c}, ${body}, ${exit}`);
    b.open(body);
    const p = b.tmp("ptr", `gep i32, ${buf}, ${i}`);
    const v = b.tmp("i32", `load i32, host ${p}`);
    const w = b.tmp("i64", `sext i32 ${v} to i64`);
    const m = b.tmp("i64", `mul i64 ${acc}, 31`);
    const acc2 = b.tmp("i64", `add i64 ${m}, ${w}`);
    const next = b.tmp("i32", `add i32 ${i}, 1`);
    b.terminate(`br ${head}(${next}, ${acc2})`);
    b.open(exit);
    b.emit(`print "host: kernel ${k} checksum %ld\\n", ${acc}`);
  }

  program(): string {
    const init = Array.from({ length: 8 }, () => this.rng.int(-50, 50)).join(", ");
    this.out.push(`global @dg : global i32 x 8 = [${init}]\nglobal @sg : shared i32 x 4\nglobal @hacc : host i32\n`);
    if (this.opts.reverseOffload) for (let i = 0, n = this.rng.int(1, 2); i < n; i++) this.revCallee(i);
    this.mathHelper(0, "pure");
    if (this.rng.chance(0.7)) this.mathHelper(1, "query");
    if (this.rng.chance(0.7)) this.effectHelper(0, "side");
    if (this.rng.chance(0.5)) this.effectHelper(1, "par");
    const nk = this.opts.kernels ?? this.rng.int(1, 2);
    for (let k = 0; k < nk; k++) this.kernel(k);
    this.main(nk);
    return this.out.join("\n");
  }
}

/** A random generic-kernel program (as text), the same for the same seed and options. */
export function generateGenericProgram(seed: number, opts: GenericOptions = {}): string {
  return new Gen(new Rng(seed), opts).program();
}
