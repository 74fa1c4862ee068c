// The opcode table: one home for the facts about each instruction kind that the rest of
// the compiler used to repeat as lists (QBE's ops.h, Cranelift's instruction definitions).
//
// Per kind: the mnemonic, the operand and result rule, whether it ends a block, whether
// the simulator's scheduler must see it (a segment boundary), where it may be placed
// (host, device, both), its memory-effect class and its cost class. Consumers that do
// per-kind work keep exhaustive switches; consumers that only sort kinds into groups read
// the table, and the type guards below narrow `Inst` so that a switch after them stays
// exhaustive without naming the kinds the guard took. Per-kind semantics stay documented
// on the instruction interfaces in ir.ts.
//
// The two kinds whose mnemonic is an operation of its own (`binary`: add, fmul, ...;
// `omp.query`: omp.thread_num, ...) have sub-tables: BINARY_OP_INFO and QUERIES.
//
// A *plain* instruction — printed `mnemonic [T[,]] a, b, …`, each operand's type fixed by a
// rule (`select`, `gep`, `exit`, `omp.barrier`, …) — also has its syntax and type rule here
// (the `form` column): the parser, resolver, printer and verifier handle every plain kind
// from it, so a new one is its interface in ir.ts, its row here and its code generation.

import type { BinaryOp, Inst, InstKind } from "./ir.js";
import type { Type, ValueId } from "./types.js";

/** Where an instruction may appear: host functions, device code (kernels and device
 *  functions), or both. */
export type Placement = "host" | "device" | "any";

/** What an instruction may do besides defining its result (effects.ts refines it per
 *  instruction: spaces, callee summaries, maps). */
export type EffectClass =
  | "none" // pure: may be folded, hoisted or removed when unused
  | "read" | "write" | "atomic" // memory in the instruction's `space`
  | "call" // the callee's effects
  | "print" | "trap" // output; stops the program
  | "sync" // team barrier (omp.parallel also runs its region)
  | "alloc-shared" // team-shared storage
  | "heap" // the device or host heap (malloc/free): the allocator's state, read and written
  | "offload" // reverse offload: a host call and its maps
  | "launch" // kernel launches, data directives, taskwait (host)
  | "warp" // convergent: exchanges values among the lanes of a warp that run it together; no memory effect
  | "clock"; // reads the simulated clock: no memory effect, but a different value per thread and per call

/** Opcode classes that have their own issue cost (the cost model's `issue` keys). */
export type CostClass = "alu" | "mul" | "div" | "falu" | "fdiv" | "cmp" | "cast" | "mem" | "atomic" | "branch" | "call" | "omp" | "shuffle" | "print";
export const COST_CLASSES: readonly CostClass[] = ["alu", "mul", "div", "falu", "fdiv", "cmp", "cast", "mem", "atomic", "branch", "call", "omp", "shuffle", "print"];

/** The result rule: `value` always defines one, `none` never, `callee` iff the callee
 *  (or the stated signature) returns a value. The verifier checks the type per kind. */
export type ResultRule = "value" | "none" | "callee";

/** How a plain instruction's operand is typed (and a literal operand typed): a type, `int`
 *  (i32 or i64: sizes, counts, indices) or `same` (the type written after the mnemonic). */
export type OperandRule = Type | "int" | "same";

/** Field names of instruction I whose values are of type T. */
type FieldsOf<I, T> = { [F in Exclude<keyof I, "result" | "loc">]: I[F] extends T ? F : never }[Exclude<keyof I, "result" | "loc">] & string;

/** A plain instruction's printed form and type rule: `mnemonic [T[,]] a, b, …`. */
export interface PlainForm<I = Record<string, unknown>> {
  /** The field the type written after the mnemonic goes to; null when none is written. */
  readonly type: FieldsOf<I, Type> | null;
  /** A comma follows the written type (`gep f32, %p, %i`; not `select i32 %c, %a, %b`). */
  readonly typeComma: boolean;
  /** The operand fields in printed order: field, type rule, and its name in messages. */
  readonly operands: readonly (readonly [field: FieldsOf<I, ValueId>, rule: OperandRule, role: string])[];
  /** The result's type (`same`: the written type), or null when it defines none. */
  readonly result: Type | "same" | null;
  /** An optional keyword after the mnemonic, kept as a boolean field of the same name
   *  (`omp.alloc_shared uniform %n`); absent when the form has none. */
  readonly flag?: FieldsOf<I, boolean | undefined>;
}

export interface Opcode<I = Record<string, unknown>> {
  /** The keyword that starts the printed instruction; null when it is the operation's own
   *  (BINARY_OPS, CAST_OPS, QUERIES). */
  readonly mnemonic: string | null;
  /** The printed operands after the mnemonic (documentation and the checklist's reference). */
  readonly operands: string;
  readonly result: ResultRule;
  readonly terminator: boolean;
  /** Ends a compiled segment: the scheduler runs it (calls, synchronisation, launches). */
  readonly scheduler: boolean;
  readonly placement: Placement;
  readonly effect: EffectClass;
  /** Issue-cost class; null when it depends on the operation (BINARY_OP_INFO). */
  readonly cost: CostClass | null;
  /** The syntax and type rule of a plain instruction; null for the others, which the
   *  parser, resolver, printer and verifier handle kind by kind. */
  readonly form: PlainForm<I> | null;
}

type Flag<X, F extends string> = X extends { readonly [k in F]: true } ? true : false;
// Generic so that the table keeps literal types: the guards below narrow on them.
const op = <const M extends string | null, const R extends ResultRule, const P extends Placement, const E extends EffectClass, const C extends CostClass | null,
  const X extends { terminator?: true; scheduler?: true; form?: PlainForm<never> } = {}>(
  mnemonic: M, operands: string, result: R, placement: P, effect: E, cost: C, more?: X,
) => ({
  mnemonic, operands, result, placement, effect, cost,
  terminator: (more?.terminator ?? false) as Flag<X, "terminator">,
  scheduler: (more?.scheduler ?? false) as Flag<X, "scheduler">,
  form: (more?.form ?? null) as X extends { readonly form: infer F } ? F : null,
});

const TERM = { terminator: true } as const;
const SCHED = { scheduler: true } as const;
/** A plain form: the written type's field (and whether a comma follows it), the operands,
 *  the result type. */
const plain = <const T extends string | null, const O extends readonly (readonly [string, OperandRule, string])[], const R extends Type | "same" | null>(
  type: T, typeComma: boolean, operands: O, result: R,
) => ({ type, typeComma, operands, result });
/** A plain form with a flag keyword. */
const flagged = <const F extends string, const O extends readonly (readonly [string, OperandRule, string])[], const R extends Type | "same" | null>(
  flag: F, operands: O, result: R,
) => ({ type: null, typeComma: false, operands, result, flag });

export const OPCODES = {
  "binary": op(null, "<op> T a, b", "value", "any", "none", null),
  "icmp": op("icmp", "<pred> T a, b", "value", "any", "none", "cmp"),
  "fcmp": op("fcmp", "<pred> T a, b", "value", "any", "none", "cmp"),
  "select": op("select", "T c, a, b", "value", "any", "none", "alu", { form: plain("type", false, [["cond", "i1", "condition"], ["a", "same", "operand"], ["b", "same", "operand"]], "same") }),
  "cast": op(null, "<op> T x to U", "value", "any", "none", "cast"),
  "fmath": op(null, "fmath.<fn> T a[, b]", "value", "any", "none", "fdiv"),
  "alloca": op("alloca", "T[, count]", "value", "any", "none", "mem"),
  "load": op("load", "T, space p", "value", "any", "read", "mem"),
  "store": op("store", "T v, space p", "none", "any", "write", "mem"),
  "gep": op("gep", "T, p, i", "value", "any", "none", "alu", { form: plain("elemType", true, [["ptr", "ptr", "base"], ["index", "int", "index"]], "ptr") }),
  // Pure but for its fault on pointers into different allocations (effects.ts pureMayFault).
  "ptrdiff": op("ptrdiff", "a, b", "value", "any", "none", "alu", { form: plain(null, false, [["lhs", "ptr", "operand"], ["rhs", "ptr", "operand"]], "i64") }),
  // Reads the allocator's bookkeeping (a free sets a block's size to 0): not pure.
  "objectsize": op("objectsize", "p", "value", "any", "heap", "alu", { form: plain(null, false, [["ptr", "ptr", "pointer"]], "i64") }),
  "atomic": op("atomic", "<op> T, space p, v", "value", "any", "atomic", "atomic"),
  "cmpxchg": op("cmpxchg", "T, space p, expected, desired", "value", "any", "atomic", "atomic"),
  "call": op("call", "@f(args)", "callee", "any", "call", "call", SCHED),
  "call_indirect": op("call_indirect", "fp(args) : (T...) -> R", "callee", "any", "call", "call", SCHED),
  "print": op("print", "\"format\", args", "none", "any", "print", "print"),
  "trap": op("trap", "\"message\"", "none", "any", "trap", "branch"),
  "exit": op("exit", "code", "none", "host", "trap", "branch", { ...SCHED, form: plain(null, false, [["code", "i32", "code"]], null) }),
  "omp.parallel": op("omp.parallel", "@region(args) [threads(n)]", "none", "device", "sync", "omp", SCHED),
  "omp.query": op(null, "", "value", "device", "none", "omp"),
  "omp.wtime": op("omp.wtime", "", "value", "any", "clock", "omp", { form: plain(null, false, [], "f64") }),
  // A boundary: every active lane's value is staged before any lane reads another's.
  "omp.shuffle_down": op("omp.shuffle_down", "T v, delta", "value", "device", "warp", "shuffle", { ...SCHED, form: plain("type", false, [["value", "same", "value"], ["delta", "i32", "delta"]], "same") }),
  "omp.barrier": op("omp.barrier", "", "none", "device", "sync", "omp", { ...SCHED, form: plain(null, false, [], null) }),
  "omp.alloc_shared": op("omp.alloc_shared", "size", "value", "device", "alloc-shared", "omp", { form: flagged("uniform", [["size", "int", "size"]], "ptr") }),
  "omp.free_shared": op("omp.free_shared", "p, size", "none", "device", "alloc-shared", "omp", { form: flagged("uniform", [["ptr", "ptr", "pointer"], ["size", "int", "size"]], null) }),
  "omp.malloc": op("omp.malloc", "size", "value", "any", "heap", "omp", { form: plain(null, false, [["size", "int", "size"]], "ptr") }),
  "omp.free": op("omp.free", "p", "none", "any", "heap", "omp", { form: plain(null, false, [["ptr", "ptr", "pointer"]], null) }),
  "omp.reverse_offload": op("omp.reverse_offload", "@f(args) map(...)* [nowait]", "none", "device", "offload", "omp", SCHED),
  "omp.target": op("omp.target", "@k(args) [teams(n)] [threads(n)] [device(n)] map(...)* [nowait]", "none", "host", "launch", "omp", SCHED),
  "omp.taskwait": op("omp.taskwait", "", "none", "host", "launch", "omp", { ...SCHED, form: plain(null, false, [], null) }),
  "omp.target_enter_data": op("omp.target_enter_data", "map(...)*", "none", "host", "launch", "omp", SCHED),
  "omp.target_exit_data": op("omp.target_exit_data", "map(...)*", "none", "host", "launch", "omp", SCHED),
  "omp.target_update": op("omp.target_update", "[device(n)] map(...)*", "none", "host", "launch", "omp", SCHED),
  "omp.target_is_present": op("omp.target_is_present", "p, device", "value", "host", "launch", "omp", { form: plain(null, false, [["ptr", "ptr", "pointer"], ["device", "i32", "device"]], "i32") }),
  "br": op("br", "^b(args)", "none", "any", "none", "branch", TERM),
  "cond_br": op("cond_br", "c, ^then(args), ^else(args)", "none", "any", "none", "branch", TERM),
  "ret": op("ret", "[v]", "none", "any", "none", "branch", TERM),
  "unreachable": op("unreachable", "", "none", "any", "none", "branch", { ...TERM, form: plain(null, false, [], null) }),
} as const satisfies { readonly [K in InstKind]: Opcode<Extract<Inst, { kind: K }>> };

// ---------------------------------------------------------------------------------------
// Sub-tables

export interface BinaryOpInfo {
  readonly float: boolean;
  /** Integer division or remainder: faults on a zero divisor. */
  readonly divides: boolean;
  readonly cost: CostClass;
}
const int = (cost: CostClass = "alu", divides = false): BinaryOpInfo => ({ float: false, divides, cost });
const flt = (cost: CostClass = "falu"): BinaryOpInfo => ({ float: true, divides: false, cost });
export const BINARY_OP_INFO: { readonly [O in BinaryOp]: BinaryOpInfo } = {
  add: int(), sub: int(), mul: int("mul"), sdiv: int("div", true), udiv: int("div", true), srem: int("div", true), urem: int("div", true),
  and: int(), or: int(), xor: int(), shl: int(), lshr: int(), ashr: int(),
  smin: int(), smax: int(), umin: int(), umax: int(),
  fadd: flt(), fsub: flt(), fmul: flt(), fdiv: flt("fdiv"), frem: flt("fdiv"), fmin: flt(), fmax: flt(),
};

/**
 * Which threads see the same value of a query (uniformity.ts): `thread` differs per thread
 * everywhere, `parallel` per thread inside a parallel region only (0 / 1 outside), `launch`
 * is the same for every thread of a launch.
 */
export type QueryUniformity = "thread" | "parallel" | "launch";

export interface QueryInfo {
  readonly placement: Placement;
  readonly uniformity: QueryUniformity;
  /** What the generic main thread sees outside parallel regions, where that differs from
   *  another thread's value (spmdize folds it); null if every thread sees the same. */
  readonly mainThreadValue: bigint | null;
  /** The value everywhere on the device and in host code, when it is a constant of the
   *  machine (the device queries); simplify folds it, the code generator emits it. */
  readonly deviceValue: number | null;
  readonly hostValue: number | null;
}

const dq = (uniformity: QueryUniformity, mainThreadValue: bigint | null = null): QueryInfo =>
  ({ placement: "device", uniformity, mainThreadValue, deviceValue: null, hostValue: null });
const aq = (deviceValue: number | null, hostValue: number | null): QueryInfo => ({ placement: "any", uniformity: "launch", mainThreadValue: null, deviceValue, hostValue });

/** omp.query's operations (the OmpQuery union is their names); the mnemonic is
 *  `omp.<name>`. Each yields an i32. */
export const QUERIES = {
  thread_num: dq("parallel", 0n),
  num_threads: dq("parallel", 1n),
  team_num: dq("launch"),
  num_teams: dq("launch"),
  hw_thread_id: dq("thread", 0n),
  hw_num_threads: dq("launch"),
  // The machine's (--warp-size): a constant of the run, not of the module.
  warp_size: dq("launch"),
  // OpenMP's omp_get_level: the parallel regions enclosing the thread (0 outside, 1 in one,
  // 2 in a nested one, …). Threads that run an instruction together are at the same level,
  // and the sequential part is level 0 in both modes.
  level: dq("launch"),
  // OpenMP's omp_get_active_level (section 18.2.20): the enclosing parallel regions of more
  // than one thread. Nested regions have one thread, so it is 1 in a level-1 region of more
  // than one thread and in the regions nested in it, else 0 (0 outside regions). Per team:
  // a region's threads(n) may differ between teams.
  active_level: dq("parallel"),
  // OpenMP 5.2 section 18.7: the host is the initial device, numbered omp_get_num_devices().
  // How many devices there are is the run's (--devices), and which one a kernel runs on its
  // launch's: only is_initial_device is a constant.
  device_num: aq(null, null),
  num_devices: aq(null, null),
  is_initial_device: aq(0, 1),
  initial_device: aq(null, null),
} as const satisfies Record<string, QueryInfo>;

export type OmpQuery = keyof typeof QUERIES;

// ---------------------------------------------------------------------------------------
// Queries on instructions

/** The instruction's mnemonic as printed (`add`, `sext`, `omp.thread_num`, `atomic add`). */
export function mnemonicOf(inst: Inst): string {
  switch (inst.kind) {
    case "binary":
    case "cast":
      return inst.op;
    case "omp.query":
      return `omp.${inst.query}`;
    case "fmath":
      return `fmath.${inst.fn}`;
    case "atomic":
      return `atomic ${inst.op}`;
    default:
      return OPCODES[inst.kind].mnemonic;
  }
}

export function placementOf(inst: Inst): Placement {
  return inst.kind === "omp.query" ? QUERIES[inst.query].placement : OPCODES[inst.kind].placement;
}

export function costClassOf(inst: Inst): CostClass {
  return inst.kind === "binary" ? BINARY_OP_INFO[inst.op].cost : OPCODES[inst.kind].cost;
}

export function isTerminator(inst: Inst): boolean {
  // The table's `terminator` column, spelled out: called per instruction by the verifier
  // and most passes, where a keyed lookup by kind costs more than four compares.
  const k = inst.kind;
  return k === "br" || k === "cond_br" || k === "ret" || k === "unreachable";
}

// Kinds grouped by a table column, at the type level, so that guards narrow `Inst`.
type KindsWhere<P extends keyof Opcode, V> = { [K in InstKind]: (typeof OPCODES)[K][P] extends V ? K : never }[InstKind];
export type SchedulerKind = KindsWhere<"scheduler", true>;
export type SchedulerInst = Extract<Inst, { kind: SchedulerKind }>;
export type PureKind = KindsWhere<"effect", "none">;
export type PureInst = Extract<Inst, { kind: PureKind }>;
export type NoResultKind = KindsWhere<"result", "none">;
export type NoResultInst = Extract<Inst, { kind: NoResultKind }>;
export type HostOnlyKind = KindsWhere<"placement", "host">;
export type HostOnlyInst = Extract<Inst, { kind: HostOnlyKind }>;
export type ClockKind = KindsWhere<"effect", "clock">;
export type WarpKind = KindsWhere<"effect", "warp">;
export type WarpInst = Extract<Inst, { kind: WarpKind }>;
export type ClockInst = Extract<Inst, { kind: ClockKind }>;
export type PlainKind = { [K in InstKind]: (typeof OPCODES)[K]["form"] extends null ? never : K }[InstKind];
export type PlainInst = Extract<Inst, { kind: PlainKind }>;

/** Ends a compiled segment: the scheduler (host.ts, device.ts, the reverse-offload
 *  engine) runs it with its operands staged. */
export function needsScheduler(inst: Inst): inst is SchedulerInst {
  return OPCODES[inst.kind].scheduler;
}

/** No effect besides its result (and terminators' control flow). */
export function isPure(inst: Inst): inst is PureInst {
  return OPCODES[inst.kind].effect === "none";
}

/** Only allowed in host functions (every operation of the kind). */
export function isHostOnly(inst: Inst): inst is HostOnlyInst {
  return OPCODES[inst.kind].placement === "host";
}

/** Never defines a value. */
export function hasNoResult(inst: Inst): inst is NoResultInst {
  return OPCODES[inst.kind].result === "none";
}

/** Reads the simulated clock (effect class `clock`): no memory effect, but its value differs
 *  per thread and per execution, so it is neither movable nor uniform. */
export function readsClock(inst: Inst): inst is ClockInst {
  return OPCODES[inst.kind].effect === "clock";
}

/** Convergent (effect class `warp`): its result depends on which lanes of the warp run it
 *  together, so it is never guarded, speculated, moved across control flow or merged. */
export function isConvergent(inst: Inst): inst is WarpInst {
  return OPCODES[inst.kind].effect === "warp";
}

/** The plain form of `kind`, or null (see PlainForm). */
export function plainForm(kind: InstKind): PlainForm | null {
  return OPCODES[kind].form as PlainForm | null;
}

/** Printed, parsed, resolved and type-checked from its `form` (PlainForm). */
export function isPlainKind(kind: InstKind): kind is PlainKind {
  return OPCODES[kind].form !== null;
}
export function isPlain(inst: Inst): inst is PlainInst {
  return OPCODES[inst.kind].form !== null;
}

/** A plain instruction's operand or written-type field, by name (PlainForm). */
export function plainField<V extends ValueId | Type>(inst: PlainInst, field: string): V {
  return (inst as unknown as Record<string, V>)[field]!;
}
