// A generator of random valid ompir modules, as text, deterministic from a seed.
//
// Programs are built from structured pieces (straight-line code, if/else diamonds that
// merge through block parameters, counted loops), so dominance holds by construction: a
// value is usable only inside the region that defined it, and a join or loop exit sees
// only what dominates it plus the block parameters it receives.
//
// Beyond verifying, the output is meant to RUN (for later differential tests): loops have
// constant trip counts, divisors and shift amounts are masked into safe ranges, memory
// indices are masked into their buffers, each device thread writes only its own slot
// (team * num_threads + thread), barriers sit only where every thread of the team reaches
// them, and trap/unreachable/exit only on branches whose condition is always false.
//
// Knobs live in `Features`; a new profile (e.g. "generic kernels with sequential side
// effects, loops, branches, helpers, shared variables and reverse offload") is a preset
// of them plus, where needed, one more `Stmt` generator.

import type { Type } from "../../src/ir/types.js";

// The PRNG moved to src/tools/rng.ts (shared with `npm run fuzz`); re-exported unchanged.
import { FCMP_PREDS, ICMP_PREDS } from "../../src/ir/ir.js";
import type { Val as BodyVal } from "../../src/tools/bodytext.js";
import { BodyText, INT_OPS } from "../../src/tools/bodytext.js";
import { Rng } from "../../src/tools/rng.js";
export { Rng };

export interface Features {
  loops: boolean;
  branches: boolean;
  floats: boolean;
  calls: boolean;
  indirectCalls: boolean;
  globals: boolean;
  prints: boolean;
  /** trap / unreachable / exit on never-taken paths. */
  deadFaults: boolean;
  barriers: boolean;
  sharedVars: boolean;
  reverseOffload: boolean;
  nowait: boolean;
  dataDirectives: boolean;
  modes: readonly ("generic" | "spmd")[];
}

export interface GenOptions {
  features?: Partial<Features>;
  /** Kernels per module (default 1-2). */
  kernels?: number;
  /** Pure helper functions per side (default 1-2). */
  helpers?: number;
  /** Nesting depth of branches and loops (default 2). */
  maxDepth?: number;
  /** Statements per straight-line region (default 2-5). */
  maxStmts?: number;
}

export const ALL_FEATURES: Features = {
  loops: true, branches: true, floats: true, calls: true, indirectCalls: true, globals: true,
  prints: true, deadFaults: true, barriers: true, sharedVars: true, reverseOffload: true,
  nowait: true, dataDirectives: true, modes: ["generic", "spmd"],
};

/** Elements of each kernel's i32 buffer: [0, PER_THREAD_SLOTS) one per device thread,
 *  then one per team for the sequential part. Powers of two, so indices are masked. */
const THREAD_SLOTS = 256;
const BUF_LEN = 512;
const MAX_TEAMS = 4;
const MAX_THREADS = 64;

type Side = "host" | "device";
type Val = BodyVal<Type>;
interface Helper {
  name: string; // with @
  params: Type[];
  ret: Type;
}

/** One function body under construction: blocks of text plus the values in scope. */
class Body extends BodyText<Type> {
  /** Local scratch memory (an alloca of 8 i32), for loads and stores. */
  scratch: string | null = null;

  /** Inside a parallel region: thread queries and (at depth 0) barriers are allowed. */
  inRegion = false;
  /** Whether `exit` may appear (not in code reverse offload can reach). */
  allowExit = false;

  constructor(readonly side: Side, readonly space: "host" | "local") {
    super();
  }
}

const DIV_OPS = ["sdiv", "udiv", "srem", "urem"] as const;
const SHIFT_OPS = ["shl", "lshr", "ashr"] as const;
const FLOAT_OPS = ["fadd", "fsub", "fmul", "fmin", "fmax"] as const;

class Generator {
  readonly f: Features;
  private out: string[] = [];
  private deviceHelpers: Helper[] = [];
  private hostHelpers: Helper[] = [];
  private deviceGlobals: { name: string; count: number }[] = [];
  private hostGlobals: { name: string; count: number }[] = [];
  private sharedGlobals: { name: string; count: number }[] = [];
  /** Host functions safe as reverse-offload callees: (ptr slot, i32 v), no OpenMP inside. */
  private revCallees: string[] = [];
  private depth = 0;

  constructor(readonly rng: Rng, readonly opts: GenOptions) {
    this.f = { ...ALL_FEATURES, ...opts.features };
  }

  // ----- literals and operands ------------------------------------------------------------

  literal(t: Type): string {
    const r = this.rng;
    switch (t) {
      case "i1":
        return r.pick(["true", "false"]);
      case "i8":
        return String(r.int(-128, 127));
      case "i16":
        return String(r.int(-32768, 32767));
      case "i32":
        return String(r.pick([0, 1, 2, 3, 7, -1, -5, 100, 2147483647, -2147483648, r.int(-1000, 1000)]));
      case "i64":
        return String(r.pick([0, 1, -1, 42, 4294967296, r.int(-100000, 100000)]));
      case "f32":
      case "f64":
        return r.pick(["0.0", "1.0", "-2.5", "0.125", "3.0", "100.0"]);
      case "ptr":
        return "null";
    }
  }

  /** A value in scope of type t, or a literal. */
  operand(b: Body, t: Type, allowLiteral = true): string {
    const vs = b.scope.filter((v) => v.type === t);
    if (vs.length && (!allowLiteral || this.rng.chance(0.8))) return this.rng.pick(vs).name;
    if (!allowLiteral || t === "ptr") return this.value(b, t).name;
    return this.literal(t);
  }

  /** A value (never a literal) of type t, materialised if none is in scope. */
  value(b: Body, t: Type): Val {
    const vs = b.scope.filter((v) => v.type === t);
    if (vs.length) return this.rng.pick(vs);
    switch (t) {
      case "i1":
        return b.def("i1", `icmp ne i32 ${this.literal("i32")}, ${this.literal("i32")}`);
      case "i8":
        return b.def("i8", `trunc i32 ${this.operand(b, "i32", false)} to i8`);
      case "i16":
        return b.def("i16", `trunc i32 ${this.operand(b, "i32", false)} to i16`);
      case "i64":
        return b.def("i64", `sext i32 ${this.operand(b, "i32", false)} to i64`);
      case "f32":
        return b.def("f32", `fadd f32 ${this.literal("f32")}, ${this.literal("f32")}`);
      case "f64":
        return b.def("f64", `sitofp i32 ${this.operand(b, "i32", false)} to f64`);
      case "ptr":
        return b.def("ptr", `gep i32, ${b.scratch}, ${this.index(b, 8)}`);
      case "i32":
        return b.def("i32", `add i32 ${this.literal("i32")}, ${this.literal("i32")}`);
    }
  }

  scalarTypes(): Type[] {
    return this.f.floats ? ["i32", "i32", "i64", "f64", "f32", "i8"] : ["i32", "i32", "i64", "i8"];
  }

  /** An i32 value in [0, n) (n a power of two). */
  index(b: Body, n: number): string {
    const v = this.value(b, "i32").name;
    return b.def("i32", `and i32 ${v}, ${n - 1}`).name;
  }

  // ----- statements ------------------------------------------------------------------------

  /** One random instruction (or small group) that defines or uses values. */
  stmt(b: Body): void {
    const r = this.rng;
    const choice = r.int(0, 14);
    const t = r.pick(this.scalarTypes());
    const isInt = t === "i32" || t === "i64" || t === "i8";
    switch (choice) {
      case 0:
      case 1:
        if (isInt) b.def(t, `${r.pick(INT_OPS)} ${t} ${this.operand(b, t)}, ${this.operand(b, t)}`);
        else b.def(t, `${r.pick(FLOAT_OPS)} ${t} ${this.operand(b, t)}, ${this.operand(b, t)}`);
        return;
      case 2: {
        if (!isInt) {
          // fdiv by (x*x + 1) >= 1: never by zero
          const sq = b.def(t, `fmul ${t} ${this.operand(b, t)}, ${this.operand(b, t)}`);
          const d = b.def(t, `fadd ${t} ${sq.name}, 1.0`);
          b.def(t, `${r.pick(["fdiv", "frem"])} ${t} ${this.operand(b, t)}, ${d.name}`);
          return;
        }
        // divisor in [1, 15]: no division by zero, no INT_MIN / -1
        const m = b.def(t, `and ${t} ${this.operand(b, t)}, 15`);
        const d = b.def(t, `or ${t} ${m.name}, 1`);
        b.def(t, `${r.pick(DIV_OPS)} ${t} ${this.operand(b, t)}, ${d.name}`);
        return;
      }
      case 3: {
        const it: Type = r.pick(["i32", "i64"]);
        const amt = b.def(it, `and ${it} ${this.operand(b, it)}, ${it === "i32" ? 31 : 63}`);
        b.def(it, `${r.pick(SHIFT_OPS)} ${it} ${this.operand(b, it)}, ${amt.name}`);
        return;
      }
      case 4:
        if (isInt) b.def("i1", `icmp ${r.pick(ICMP_PREDS)} ${t} ${this.operand(b, t)}, ${this.operand(b, t)}`);
        else b.def("i1", `fcmp ${r.pick(FCMP_PREDS)} ${t} ${this.operand(b, t)}, ${this.operand(b, t)}`);
        return;
      case 5:
        b.def(t, `select ${t} ${this.operand(b, "i1", false)}, ${this.operand(b, t)}, ${this.operand(b, t)}`);
        return;
      case 6:
        this.cast(b);
        return;
      case 7: {
        const idx = this.index(b, 8);
        const p = b.def("ptr", `gep i32, ${b.scratch}, ${idx}`);
        if (r.chance(0.5)) b.emit(`store i32 ${this.operand(b, "i32")}, ${b.space} ${p.name}`);
        else b.def("i32", `load i32, ${b.space} ${p.name}`);
        return;
      }
      case 8:
        this.globalAccess(b);
        return;
      case 9:
      case 10:
        this.call(b);
        return;
      case 11:
        if (this.f.prints) this.print(b);
        return;
      case 12:
        if (this.f.deadFaults) this.deadFault(b);
        else if (b.side === "device") this.query(b);
        return;
      case 13: {
        const p = b.def("ptr", `gep i32, ${b.scratch}, ${this.index(b, 8)}`);
        if (r.chance(0.5)) b.def("i32", `atomic ${r.pick(["add", "sub", "and", "or", "xor", "min", "max", "umin", "umax", "xchg"])} i32, ${b.space} ${p.name}, ${this.operand(b, "i32")}`);
        else b.def("i32", `cmpxchg i32, ${b.space} ${p.name}, ${this.operand(b, "i32")}, ${this.operand(b, "i32")}`);
        return;
      }
      case 14:
        if (b.side === "device") this.query(b);
        return;
    }
  }

  cast(b: Body): void {
    const r = this.rng;
    const options: [Type, string, Type][] = [
      ["i32", "sext", "i64"], ["i32", "zext", "i64"], ["i64", "trunc", "i32"], ["i32", "trunc", "i8"],
      ["i8", "sext", "i32"], ["i8", "zext", "i64"], ["i1", "zext", "i32"],
    ];
    if (this.f.floats) options.push(["i32", "sitofp", "f64"], ["i64", "uitofp", "f32"], ["f32", "fpext", "f64"], ["f64", "fptrunc", "f32"]);
    const [from, op, to] = r.pick(options);
    b.def(to, `${op} ${from} ${this.operand(b, from, false)} to ${to}`);
  }

  globalAccess(b: Body): void {
    if (!this.f.globals) return;
    const gs = b.side === "host" ? this.hostGlobals : this.deviceGlobals;
    if (gs.length === 0) return;
    const g = this.rng.pick(gs);
    const space = b.side === "host" ? "host" : "global";
    const p = b.def("ptr", `gep i32, ${g.name}, ${this.index(b, g.count)}`);
    if (b.side === "host" && this.rng.chance(0.5)) b.emit(`store i32 ${this.operand(b, "i32")}, ${space} ${p.name}`);
    else b.def("i32", `load i32, ${space} ${p.name}`);
  }

  call(b: Body): void {
    if (!this.f.calls) return;
    const hs = b.side === "host" ? this.hostHelpers : this.deviceHelpers;
    if (hs.length === 0) return;
    const h = this.rng.pick(hs);
    const args = h.params.map((t) => this.operand(b, t)).join(", ");
    if (this.f.indirectCalls && this.rng.chance(0.3)) {
      const same = hs.filter((x) => x.ret === h.ret && x.params.join() === h.params.join());
      const fp = b.def("ptr", `select ptr ${this.operand(b, "i1", false)}, ${h.name}, ${this.rng.pick(same).name}`);
      b.def(h.ret, `call_indirect ${fp.name}(${args}) : (${h.params.join(", ")}) -> ${h.ret}`);
    } else b.def(h.ret, `call ${h.name}(${args})`);
  }

  print(b: Body): void {
    const parts: string[] = [];
    const args: string[] = [];
    const n = this.rng.int(0, 3);
    for (let i = 0; i < n; i++) {
      const t = this.rng.pick(this.f.floats ? (["i32", "i64", "f64"] as Type[]) : (["i32", "i64"] as Type[]));
      parts.push(t === "i32" ? "%d" : t === "i64" ? "%ld" : "%f");
      args.push(this.value(b, t).name);
    }
    b.emit(`print "${b.side} ${parts.join(" ")}\\n"${args.map((a) => ", " + a).join("")}`);
  }

  /** `cond_br <always false>, ^dead, ^live`: exercises trap/unreachable/exit safely. */
  deadFault(b: Body): void {
    const x = this.value(b, "i32").name;
    const never = b.def("i1", `icmp ne i32 ${x}, ${x}`);
    const dead = b.label("dead");
    const live = b.label("live");
    b.terminate(`cond_br ${never.name}, ${dead}, ${live}`);
    b.open(dead);
    const k = this.rng.pick(b.allowExit ? ["trap", "unreachable", "exit"] : ["trap", "unreachable"]);
    if (k === "trap") b.emit(`trap "impossible"`);
    else if (k === "exit") b.emit(`exit ${this.operand(b, "i32")}`);
    b.terminate("unreachable");
    b.open(live);
  }

  /** Team queries anywhere on the device; thread queries only inside parallel regions,
   *  so sequential code stays uniform across the team in both kernel modes. */
  query(b: Body): void {
    const qs = b.inRegion ? ["thread_num", "num_threads", "team_num", "num_teams", "hw_thread_id", "hw_num_threads"] : ["team_num", "num_teams"];
    b.def("i32", `omp.${this.rng.pick(qs)}`);
  }

  // ----- structured control flow -----------------------------------------------------------

  /** Straight-line statements with nested diamonds and loops; leaves a block open. */
  region(b: Body, topLevel = false): void {
    const n = this.rng.int(1, this.opts.maxStmts ?? 5);
    const maxDepth = this.opts.maxDepth ?? 2;
    for (let i = 0; i < n; i++) {
      const r = this.rng.next();
      if (this.depth < maxDepth && this.f.branches && r < 0.12) this.ifElse(b);
      else if (this.depth < maxDepth && this.f.loops && r < 0.22) this.loop(b);
      else if (topLevel && b.inRegion && this.f.barriers && r < 0.27) b.emit("omp.barrier");
      else this.stmt(b);
    }
  }

  /** if/else merging one value through the join block's parameter. */
  ifElse(b: Body): void {
    const t = this.rng.pick(this.scalarTypes());
    const c = this.operand(b, "i1", false);
    const [then, els, join] = [b.label("then"), b.label("else"), b.label("join")];
    b.terminate(`cond_br ${c}, ${then}, ${els}`);
    const mark = b.scope.length;
    this.depth++;
    for (const arm of [then, els]) {
      b.open(arm);
      this.region(b);
      b.terminate(`br ${join}(${this.operand(b, t)})`);
      b.scope.length = mark;
    }
    this.depth--;
    const m = { name: b.fresh("m"), type: t };
    b.open(join, [m]);
    b.scope.push(m);
  }

  /** A counted loop (1-4 trips) carrying an induction variable and an accumulator. */
  loop(b: Body): void {
    const t = this.rng.pick(this.scalarTypes());
    const init = this.operand(b, t);
    const [head, body, exit] = [b.label("loop"), b.label("body"), b.label("exit")];
    b.terminate(`br ${head}(0, ${init})`);
    const i: Val = { name: b.fresh("i"), type: "i32" };
    const acc: Val = { name: b.fresh("acc"), type: t };
    b.open(head, [i, acc]);
    b.scope.push(i, acc);
    const c = b.def("i1", `icmp slt i32 ${i.name}, ${this.rng.int(1, 4)}`);
    b.terminate(`cond_br ${c.name}, ${body}, ${exit}`);
    const headScope = b.scope.length; // the header dominates the exit
    this.depth++;
    b.open(body);
    this.region(b);
    const next = b.def("i32", `add i32 ${i.name}, 1`);
    b.terminate(`br ${head}(${next.name}, ${this.operand(b, t)})`);
    this.depth--;
    b.scope.length = headScope;
    b.open(exit);
  }

  // ----- functions -------------------------------------------------------------------------

  private startBody(side: Side, params: Val[]): Body {
    const b = new Body(side, side === "host" ? "host" : "local");
    b.open("^entry");
    b.scope.push(...params);
    b.scratch = b.def("ptr", "alloca i32, 8", "scratch").name;
    return b;
  }

  /** Only attributes that are true of any generated function (others would be lies the
   *  passes may act on). */
  private attrs(): string {
    return this.rng.chance(0.2) ? " noinline" : "";
  }

  /** A helper computing a scalar from scalars; calls only earlier helpers (no recursion). */
  helper(side: Side, index: number): void {
    const params: Val[] = Array.from({ length: this.rng.int(1, 3) }, (_, i) => ({ name: `%a${i}`, type: this.rng.pick(this.scalarTypes()) }));
    const ret = this.rng.pick(this.scalarTypes());
    const name = `@${side === "host" ? "hh" : "dh"}${index}`;
    const b = this.startBody(side, params);
    this.region(b, true);
    b.terminate(`ret ${this.operand(b, ret)}`);
    const sig = params.map((p) => `${p.name}: ${p.type}`).join(", ");
    this.out.push(`${side} ${name}(${sig}) -> ${ret}${this.attrs()} {\n${b.text()}\n}\n`);
    (side === "host" ? this.hostHelpers : this.deviceHelpers).push({ name, params: params.map((p) => p.type), ret });
  }

  /** A host function run by reverse offload: writes an i32 through the translated slot. */
  revCallee(index: number): void {
    const name = `@hcb${index}`;
    const b = this.startBody("host", [{ name: "%v", type: "i32" }]);
    this.region(b);
    b.emit(`store i32 ${this.operand(b, "i32")}, host %slot`);
    b.terminate("ret");
    this.out.push(`host ${name}(%slot: ptr, %v: i32) {\n${b.text()}\n}\n`);
    this.revCallees.push(name);
  }

  /** The parallel region of kernel k: each thread computes and stores its own slot. */
  parallelRegion(k: number, shared: boolean): string {
    const name = `@k${k}_region`;
    const params: Val[] = [{ name: "%buf", type: "ptr" }, { name: "%x", type: "i32" }];
    if (shared) params.push({ name: "%sh", type: "ptr" });
    const b = this.startBody("device", params.filter((p) => p.type !== "ptr"));
    b.inRegion = true;
    const tid = b.def("i32", "omp.thread_num", "tid");
    const nt = b.def("i32", "omp.num_threads", "nt");
    const team = b.def("i32", "omp.team_num", "team");
    const row = b.def("i32", `mul i32 ${team.name}, ${nt.name}`);
    const g = b.def("i32", `add i32 ${row.name}, ${tid.name}`);
    const gid = b.def("i32", `and i32 ${g.name}, ${THREAD_SLOTS - 1}`, "gid");
    this.region(b, true);
    if (shared) b.def("i32", `atomic add i32, shared %sh, ${this.operand(b, "i32")}`);
    if (this.f.globals && this.sharedGlobals.length && this.rng.chance(0.5)) {
      b.def("i32", `atomic add i32, shared ${this.rng.pick(this.sharedGlobals).name}, 1`);
    }
    const slot = b.def("ptr", `gep i32, %buf, ${gid.name}`, "slot");
    b.emit(`store i32 ${this.operand(b, "i32")}, global ${slot.name}`);
    if (this.f.reverseOffload && this.revCallees.length && this.rng.chance(0.4)) {
      b.emit(`omp.reverse_offload ${this.rng.pick(this.revCallees)}(${slot.name}, ${this.operand(b, "i32")}) map(tofrom: i32 %buf[${gid.name}:1])`);
    }
    b.terminate("ret");
    const sig = params.map((p) => `${p.name}: ${p.type}`).join(", ");
    this.out.push(`device ${name}(${sig})${this.attrs()} {\n${b.text()}\n}\n`);
    return name;
  }

  /** Kernel k: sequential code, one or two parallel regions, a per-team result slot. */
  kernel(k: number): void {
    const shared = this.f.sharedVars && this.rng.chance(0.4);
    const region = this.parallelRegion(k, shared);
    const mode = this.rng.pick(this.f.modes);
    const b = this.startBody("device", [{ name: "%x", type: "i32" }]);
    const team = b.def("i32", "omp.team_num", "team");
    this.region(b, true);
    let sh = "";
    if (shared) {
      sh = b.def("ptr", "omp.alloc_shared 4", "sh").name;
      b.emit(`store i32 ${this.operand(b, "i32")}, shared ${sh}`);
    }
    const regionArgs = () => ["%buf", this.operand(b, "i32"), ...(shared ? [sh] : [])].join(", ");
    b.emit(`omp.parallel ${region}(${regionArgs()})`);
    this.region(b);
    if (this.rng.chance(0.3)) b.emit(`omp.parallel ${region}(${regionArgs()})`);
    const idx = b.def("i32", `add i32 ${team.name}, ${THREAD_SLOTS}`, "tslot");
    const slot = b.def("ptr", `gep i32, %buf, ${idx.name}`);
    const result = shared ? b.def("i32", `load i32, shared ${sh}`).name : this.operand(b, "i32");
    b.emit(`store i32 ${result}, global ${slot.name}`);
    if (shared) b.emit(`omp.free_shared ${sh}, 4`);
    if (this.f.reverseOffload && this.revCallees.length && this.rng.chance(0.3)) {
      b.emit(`omp.reverse_offload ${this.rng.pick(this.revCallees)}(${slot.name}, ${this.operand(b, "i32")}) map(tofrom: i32 %buf[${idx.name}:1])`);
    }
    b.terminate("ret");
    this.out.push(`kernel @k${k}(%buf: ptr, %x: i32) ${mode} {\n${b.text()}\n}\n`);
  }

  main(kernels: number): void {
    const b = this.startBody("host", []);
    b.allowExit = true;
    const bufs = Array.from({ length: kernels }, (_, k) => b.def("ptr", `alloca i32, ${BUF_LEN}`, `buf${k}_`).name);
    // Buffers are not operands for random code: keep them out of scope.
    b.scope = b.scope.filter((v) => !bufs.includes(v.name));
    this.region(b, true);
    const useData = this.f.dataDirectives && this.rng.chance(0.4);
    let anyNowait = false;
    for (let k = 0; k < kernels; k++) {
      const map = `map(tofrom: i32 ${bufs[k]}[0:${BUF_LEN}])`;
      if (useData) b.emit(`omp.target_enter_data map(to: i32 ${bufs[k]}[0:${BUF_LEN}])`);
      const threads = this.rng.pick([32, 64].filter((h) => h <= MAX_THREADS));
      const teams = this.rng.int(1, Math.min(MAX_TEAMS, THREAD_SLOTS / threads));
      const nowait = this.f.nowait && this.rng.chance(0.3);
      anyNowait ||= nowait;
      b.emit(`omp.target @k${k}(${bufs[k]}, ${this.operand(b, "i32")}) teams(${teams}) threads(${threads}) ${map}${nowait ? " nowait" : ""}`);
    }
    if (anyNowait) b.emit("omp.taskwait");
    for (let k = 0; k < kernels; k++) {
      if (useData) b.emit(`omp.target_exit_data map(from: i32 ${bufs[k]}[0:${BUF_LEN}])`);
      this.checksum(b, bufs[k]!, k);
    }
    b.terminate("ret 0");
    this.out.push(`host @main() -> i32 {\n${b.text()}\n}\n`);
  }

  /** Prints the sum of a kernel buffer (so a run's output reflects every slot). */
  private checksum(b: Body, buf: string, k: number): void {
    const [head, body, exit] = [b.label("sum"), b.label("add"), b.label("done")];
    b.terminate(`br ${head}(0, 0)`);
    const i: Val = { name: b.fresh("i"), type: "i32" };
    const acc: Val = { name: b.fresh("acc"), type: "i64" };
    b.open(head, [i, acc]);
    const c = b.fresh();
    b.emit(`${c} = icmp slt i32 ${i.name}, ${BUF_LEN}`);
    b.terminate(`cond_br ${c}, ${body}, ${exit}`);
    b.open(body);
    const p = b.fresh();
    const v = b.fresh();
    const w = b.fresh();
    const acc2 = b.fresh();
    const next = b.fresh();
    b.emit(`${p} = gep i32, ${buf}, ${i.name}`);
    b.emit(`${v} = load i32, host ${p}`);
    b.emit(`${w} = sext i32 ${v} to i64`);
    b.emit(`${acc2} = add i64 ${acc.name}, ${w}`);
    b.emit(`${next} = add i32 ${i.name}, 1`);
    b.terminate(`br ${head}(${next}, ${acc2})`);
    b.open(exit);
    b.emit(`print "kernel ${k} checksum %ld\\n", ${acc.name}`);
  }

  globals(): void {
    if (!this.f.globals) return;
    const init = (n: number) => Array.from({ length: this.rng.int(0, n) }, () => this.rng.int(-50, 50)).join(", ");
    for (let i = 0, n = this.rng.int(0, 2); i < n; i++) {
      const count = this.rng.pick([1, 2, 4, 8]);
      this.deviceGlobals.push({ name: `@dg${i}`, count });
      this.out.push(`global @dg${i} : global i32 x ${count} = [${init(count)}]\n`);
    }
    for (let i = 0, n = this.rng.int(0, 2); i < n; i++) {
      const count = this.rng.pick([1, 4]);
      this.hostGlobals.push({ name: `@hg${i}`, count });
      this.out.push(this.rng.chance(0.5) ? `global @hg${i} : host i32 x ${count}\n` : `global @hg${i} : host i32 x ${count} = [${init(count)}]\n`);
    }
    if (this.rng.chance(0.3)) {
      this.sharedGlobals.push({ name: "@sg0", count: 4 });
      this.out.push("global @sg0 : shared i32 x 4\n");
    }
  }

  module(): string {
    this.globals();
    const nh = this.opts.helpers ?? this.rng.int(1, 2);
    for (let i = 0; i < nh; i++) this.helper("device", i);
    for (let i = 0; i < nh; i++) this.helper("host", i);
    if (this.f.reverseOffload) for (let i = 0, n = this.rng.int(1, 2); i < n; i++) this.revCallee(i);
    const nk = this.opts.kernels ?? this.rng.int(1, 2);
    for (let k = 0; k < nk; k++) this.kernel(k);
    this.main(nk);
    // Last, so that adding it moved no location of the programs generated before it existed.
    if (this.out.some((t) => t.includes("omp.reverse_offload"))) this.out.push("requires reverse_offload\n");
    return this.out.join("\n");
  }
}

/** A random valid module (as text), the same for the same seed and options. */
export function generateModule(seed: number, opts: GenOptions = {}): string {
  return new Generator(new Rng(seed), opts).module();
}
