// The ompir IR: modules, globals, functions, blocks, values and instructions.
//
// Design (as Cranelift's entities, data-flow graph and layout):
// - Entities live in per-function arenas (`values`, `insts`, `blocks`) and are named by
//   numeric ids. Block order is the separate `layout` array; instruction order is each
//   block's `insts` array. Removing an instruction or block takes it out of the layout and
//   leaves a dead arena slot, so ids stay stable and analyses keyed by id stay valid.
//   Passes change the layout, instruction order, block parameters and edges only through
//   edit.ts; the construction helpers below are for builders (the resolver, tests).
// - SSA with block parameters instead of phi nodes (as in MLIR and Cranelift).
// - Constants, global addresses and function addresses are values too, so every operand is
//   a ValueId; the printer writes them inline (`add i32 %a, 1`, `store ptr @g, ...`).
// - Instructions are a discriminated union on `kind`. Each member documents semantics,
//   operand and result types, side effects and its printed form. Every switch over
//   `kind` is exhaustive and ends in assertNever.

import type { SrcLoc } from "./loc.js";
import { NO_SRC_LOC } from "./loc.js";
import { noteSymbol } from "./names.js";
import type { OmpQuery } from "./opcodes.js";
import { BINARY_OP_INFO, QUERIES } from "./opcodes.js";
import type { BlockId, FuncId, GlobalId, InstId, RetType, Space, Type, ValueId } from "./types.js";
import { NO_VALUE, assertNever } from "./types.js";

// ---------------------------------------------------------------------------------------
// Values

/** An integer constant is a bigint normalised to its width (signed; i1 is 0n or 1n),
 *  a float constant a number (f32 already rounded), a pointer constant only `null`. */
export type ConstValue = bigint | number | null;

export type ValueDef =
  | { readonly kind: "param"; readonly index: number }
  | { readonly kind: "blockparam"; readonly block: BlockId; readonly index: number }
  | { readonly kind: "inst"; readonly inst: InstId }
  | { readonly kind: "const"; readonly value: ConstValue }
  | { readonly kind: "global"; readonly global: GlobalId } // the address of a global (ptr)
  | { readonly kind: "func"; readonly func: FuncId } // the address of a function (ptr)
  | { readonly kind: "undef" };

export interface ValueData {
  type: Type;
  def: ValueDef;
  /** The name written in the source (without `%`), or null for values a pass created. */
  name: string | null;
}

// ---------------------------------------------------------------------------------------
// Instructions

export type BinaryOp =
  | "add" | "sub" | "mul" | "sdiv" | "udiv" | "srem" | "urem"
  | "and" | "or" | "xor" | "shl" | "lshr" | "ashr"
  | "smin" | "smax" | "umin" | "umax"
  | "fadd" | "fsub" | "fmul" | "fdiv" | "frem" | "fmin" | "fmax";
export const BINARY_OPS: readonly BinaryOp[] = [
  "add", "sub", "mul", "sdiv", "udiv", "srem", "urem", "and", "or", "xor", "shl", "lshr", "ashr",
  "smin", "smax", "umin", "umax", "fadd", "fsub", "fmul", "fdiv", "frem", "fmin", "fmax",
];
export function isFloatBinaryOp(op: BinaryOp): boolean {
  return BINARY_OP_INFO[op].float;
}

export type IcmpPred = "eq" | "ne" | "slt" | "sle" | "sgt" | "sge" | "ult" | "ule" | "ugt" | "uge";
export const ICMP_PREDS: readonly IcmpPred[] = ["eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge"];
/** Ordered predicates are false if an operand is NaN; unordered ones (u*, une) are true. */
export type FcmpPred = "oeq" | "one" | "olt" | "ole" | "ogt" | "oge" | "ueq" | "une" | "ult" | "ule" | "ugt" | "uge" | "ord" | "uno";
export const FCMP_PREDS: readonly FcmpPred[] = ["oeq", "one", "olt", "ole", "ogt", "oge", "ueq", "une", "ult", "ule", "ugt", "uge", "ord", "uno"];

export type CastOp = "trunc" | "zext" | "sext" | "fptrunc" | "fpext" | "fptosi" | "fptoui" | "sitofp" | "uitofp";
export const CAST_OPS: readonly CastOp[] = ["trunc", "zext", "sext", "fptrunc", "fpext", "fptosi", "fptoui", "sitofp", "uitofp"];

export type AtomicOp = "add" | "sub" | "and" | "or" | "xor" | "min" | "max" | "umin" | "umax" | "xchg" | "fadd";
export const ATOMIC_OPS: readonly AtomicOp[] = ["add", "sub", "and", "or", "xor", "min", "max", "umin", "umax", "xchg", "fadd"];

/** Math library functions on floats (`fmath.<fn>`): one operand, or two for FMATH_BINARY. */
export type FMathFn =
  | "sqrt" | "cbrt" | "exp" | "exp2" | "log" | "log2" | "log10"
  | "sin" | "cos" | "tan" | "asin" | "acos" | "atan" | "sinh" | "cosh" | "tanh"
  | "floor" | "ceil" | "trunc" | "round" | "fabs" | "expm1" | "log1p" | "asinh" | "acosh" | "atanh"
  | "pow" | "atan2" | "hypot";
export const FMATH_UNARY: readonly FMathFn[] = [
  "sqrt", "cbrt", "exp", "exp2", "log", "log2", "log10", "sin", "cos", "tan", "asin", "acos", "atan",
  "sinh", "cosh", "tanh", "floor", "ceil", "trunc", "round", "fabs", "expm1", "log1p", "asinh", "acosh", "atanh",
];
export const FMATH_BINARY: readonly FMathFn[] = ["pow", "atan2", "hypot"];
export const FMATH_FNS: readonly FMathFn[] = [...FMATH_UNARY, ...FMATH_BINARY];

/** Thread, team and device queries; each yields an i32. Declared by the opcode table
 *  (opcodes.ts QUERIES: placement, uniformity, values). */
export type { OmpQuery } from "./opcodes.js";
export const OMP_QUERIES = Object.keys(QUERIES) as readonly OmpQuery[];

/**
 * Map kinds of `omp.target`, `omp.reverse_offload` and the data directives. For a target
 * launch, `to` copies host→device on entry, `from` device→host on exit; for reverse offload
 * the directions flip (the device is the "original"). `alloc` allocates without copying;
 * `release`/`delete` only decrement/zero the present-table count on exit; `firstprivate`
 * copies a value to the callee's side and never back.
 */
export type MapKind = "to" | "from" | "tofrom" | "alloc" | "release" | "delete" | "firstprivate" | "attach" | "device_alloc";
export const MAP_KINDS: readonly MapKind[] = ["to", "from", "tofrom", "alloc", "release", "delete", "firstprivate", "attach", "device_alloc"];

/** One map item: `map([always,] <kind>: <elemType> %base[%lo:%len])`, lo and len in elements. */
export interface MapClause {
  kind: MapKind;
  always: boolean;
  elemType: Type;
  base: ValueId;
  lo: ValueId;
  len: ValueId;
  loc: SrcLoc;
}

export interface InstCommon {
  /** The value this instruction defines, or NO_VALUE. */
  result: ValueId;
  loc: SrcLoc;
}

/** Integer or float arithmetic on two operands of `type`; the result has `type`.
 *  Integer division or remainder by zero is a runtime fault. No memory effects.
 *  Example printed form: `%r = add i32 %a, 1` */
export interface BinaryInst extends InstCommon { kind: "binary"; op: BinaryOp; type: Type; lhs: ValueId; rhs: ValueId }
/** Integer (or pointer, eq/ne only) comparison giving i1.
 *  Example printed form: `%c = icmp slt i32 %i, %n` */
export interface IcmpInst extends InstCommon { kind: "icmp"; pred: IcmpPred; type: Type; lhs: ValueId; rhs: ValueId }
/** Float comparison giving i1. Example printed form: `%c = fcmp olt f64 %x, 2.0` */
export interface FcmpInst extends InstCommon { kind: "fcmp"; pred: FcmpPred; type: Type; lhs: ValueId; rhs: ValueId }
/** `cond ? a : b`; cond is i1, a and b have `type`. Example printed form: `%m = select i32 %c, %a, %b` */
export interface SelectInst extends InstCommon { kind: "select"; type: Type; cond: ValueId; a: ValueId; b: ValueId }
/** Conversion between scalar types. Example printed form: `%w = sext i32 %i to i64` */
export interface CastInst extends InstCommon { kind: "cast"; op: CastOp; from: Type; to: Type; value: ValueId }
/** A math library function on a float type (C's <math.h>, as libm computes it): `b` is
 *  NO_VALUE for the one-operand functions. No memory effects.
 *  Example printed form: `%r = fmath.sqrt f64 %x`, `%p = fmath.pow f32 %x, %y` */
export interface FMathInst extends InstCommon { kind: "fmath"; fn: FMathFn; type: Type; a: ValueId; b: ValueId }
/** Allocates `count` elements of `elemType` of per-thread storage (`local` space on the
 *  device, `host` space in host code) for the rest of the function's activation; the
 *  result is a ptr. Zero-initialised. Example printed form: `%p = alloca f32, 4` */
export interface AllocaInst extends InstCommon { kind: "alloca"; elemType: Type; count: ValueId }
/** Reads a `type` from `ptr`, which must point into `space`. Reads memory.
 *  Example printed form: `%v = load f32, global %p` */
export interface LoadInst extends InstCommon { kind: "load"; type: Type; space: Space; ptr: ValueId }
/** Writes `value` to `ptr` in `space`. Writes memory. Example printed form: `store f32 %v, global %p` */
export interface StoreInst extends InstCommon { kind: "store"; type: Type; space: Space; value: ValueId; ptr: ValueId }
/** Pointer offset: `ptr + index * sizeof(elemType)`, index i32 or i64 (signed). No memory effects.
 *  Example printed form: `%q = gep f32, %p, %i` */
export interface GepInst extends InstCommon { kind: "gep"; elemType: Type; ptr: ValueId; index: ValueId }
/** Atomic read-modify-write; returns the old value. Reads and writes memory, synchronises.
 *  Example printed form: `%old = atomic add i32, global %p, 1` */
export interface AtomicInst extends InstCommon { kind: "atomic"; op: AtomicOp; type: Type; space: Space; ptr: ValueId; value: ValueId }
/** Atomic compare-exchange; returns the old value (the store happened iff old == expected).
 *  Example printed form: `%old = cmpxchg i32, shared %p, %expected, %desired` */
export interface CmpXchgInst extends InstCommon { kind: "cmpxchg"; type: Type; space: Space; ptr: ValueId; expected: ValueId; desired: ValueId }
/** Direct call. Effects are the callee's. Example printed form: `%r = call @f(%a, 2)` */
export interface CallInst extends InstCommon { kind: "call"; callee: FuncId; args: ValueId[] }
/** Indirect call through a function pointer with an explicit signature. Unknown effects
 *  unless the analysis can resolve the callee, or a callee set says which functions it may
 *  call (LLVM's `!callees`; a call to any other function faults).
 *  Example printed form: `%r = call_indirect %fp(%a) : (i32) -> i32 callees(@f, @g)` */
export interface CallIndirectInst extends InstCommon {
  kind: "call_indirect"; callee: ValueId; args: ValueId[]; paramTypes: Type[]; ret: RetType;
  /** The functions it may call, without duplicates (absent: any). */
  callees?: FuncId[];
}
/** printf-style output (`%d %u %x %ld %f %g %e %c %p %%`) to the program's stdout, in
 *  simulated-time order. On the device it travels through the device-to-host channel.
 *  Example printed form: `print "t=%d x=%f\n", %t, %x` */
/** The distance in bytes from pointer `rhs` to pointer `lhs` (i64): their offsets' difference
 *  when both point into the same allocation (or both are null); a runtime fault
 *  (`invalid-pointer`) when they point into different ones, which C leaves undefined. C's
 *  pointer subtraction and ordering comparisons of pointers are built from it. Pure but for
 *  that fault, as an integer division. Example printed form: `%d = ptrdiff %end, %p` */
export interface PtrDiffInst extends InstCommon { kind: "ptrdiff"; lhs: ValueId; rhs: ValueId }
/** The bytes from `ptr` to the end of the allocation it points into (i64), as LLVM's
 *  `llvm.objectsize` but evaluated at run time: 0 for null, for a pointer at or past the end,
 *  and for memory already freed. C's `realloc` reads the old block's size with it. Reads
 *  the allocator's bookkeeping (effect class `heap`, no fault). Host and device.
 *  Example printed form: `%n = objectsize %p` */
export interface ObjectSizeInst extends InstCommon { kind: "objectsize"; ptr: ValueId }
export interface PrintInst extends InstCommon { kind: "print"; format: string; args: ValueId[] }
/** Stops the program with a runtime fault carrying `message`.
 *  Example printed form: `trap "index out of range"` */
export interface TrapInst extends InstCommon { kind: "trap"; message: string }
/** Host only: ends the program with exit status `code` (i32), output so far kept.
 *  Example printed form: `exit 3` */
export interface ExitInst extends InstCommon { kind: "exit"; code: ValueId }
/** Device only. Runs device function `region` on every thread of the team, each with its
 *  own omp.thread_num, then an implicit team barrier. In generic mode only the main thread
 *  reaches it and the runtime's state machine wakes the workers; a parallel region nested
 *  in another runs with one thread. `threads` (i32, NO_VALUE when absent; `num_threads(n)`)
 *  caps the region's team at n threads: threads n and above idle until it ends, and its
 *  barriers count only its threads. Example printed form: `omp.parallel @body(%a, %n) threads(%k)` */
export interface OmpParallelInst extends InstCommon { kind: "omp.parallel"; region: FuncId; args: ValueId[]; threads: ValueId }
/** Thread, team and device numbers (i32). Outside parallel regions omp.thread_num is 0 and
 *  omp.num_threads 1; hw_thread_id/hw_num_threads are the thread's index in the team and the
 *  team size in every mode. These are device only; the device queries (device_num,
 *  num_devices, is_initial_device, initial_device) may appear in host code too
 *  (opcodes.ts QUERIES). Example printed form: `%t = omp.thread_num` */
export interface OmpQueryInst extends InstCommon { kind: "omp.query"; query: OmpQuery }
/** Elapsed time in seconds (f64), as OpenMP's `omp_get_wtime()`: the executing thread's
 *  simulated clock at this instruction, divided by the cost model's `clockHz`. Host and
 *  device share one clock, so times compare across them and never decrease along a thread;
 *  threads of a team may read different times. Reads the clock (effect class `clock`): not
 *  pure, not uniform. Host and device. Example printed form: `%t = omp.wtime` */
export interface OmpWtimeInst extends InstCommon { kind: "omp.wtime" }
/** Device only. Warp shuffle down (CUDA's `__shfl_down_sync`, the DeviceRTL's
 *  `__kmpc_shuffle_int32/64`): the lanes of a warp that execute it together exchange `value`
 *  (type `type`, the result's); lane l gets the value of lane l + `delta` (i32). Where that
 *  lane is outside the warp, past the team, or not executing this instruction with l
 *  (another side of a divergent branch, exited), lane l gets its own value: defined for any
 *  active set, never a fault. Convergent (effect class `warp`): no memory effect, but the
 *  result depends on which lanes run it together, so passes never guard, speculate, hoist,
 *  sink or merge it. Example printed form: `%r = omp.shuffle_down i32 %v, %d` */
export interface OmpShuffleDownInst extends InstCommon { kind: "omp.shuffle_down"; type: Type; value: ValueId; delta: ValueId }
/** Device only. Team-wide barrier: every thread of the team must reach it.
 *  Example printed form: `omp.barrier` */
export interface OmpBarrierInst extends InstCommon { kind: "omp.barrier" }
/** Device only. Allocates `size` bytes (i32 or i64) of team-shared storage (a variable the
 *  front end globalized); result ptr into `shared`. `uniform`: run by every thread of the
 *  team alike, which all get the same storage (docs/LANGUAGE.md). Example printed form:
 *  `%p = omp.alloc_shared 64`, `%p = omp.alloc_shared uniform %n` */
export interface OmpAllocSharedInst extends InstCommon { kind: "omp.alloc_shared"; uniform?: boolean; size: ValueId }
/** Device only. Frees storage from omp.alloc_shared (`uniform` with `uniform`). Example
 *  printed form: `omp.free_shared %p, 64` */
export interface OmpFreeSharedInst extends InstCommon { kind: "omp.free_shared"; uniform?: boolean; ptr: ValueId; size: ValueId }
/** Device and host. `malloc`: allocates `size` bytes (i32 or i64, unsigned); on the device
 *  from the launch's device heap, a ptr into `global` visible to every thread and team of the
 *  device; in host code from the host heap, a ptr into `host`. Zeroed, live until omp.free or
 *  the end of the program; null when the heap (or the simulated memory) cannot hold it.
 *  Effect class `heap`: reads and writes the allocator's state. Example printed form:
 *  `%p = omp.malloc %n` */
export interface OmpMallocInst extends InstCommon { kind: "omp.malloc"; size: ValueId }
/** Device and host. `free`: releases storage omp.malloc returned on the same side (the same
 *  device, or the host); a null pointer is a no-op; a pointer omp.malloc did not return (or
 *  an interior one), an already freed one, or one from another device or side is a runtime
 *  fault. Effect class `heap`. Example printed form: `omp.free %p` */
export interface OmpFreeInst extends InstCommon { kind: "omp.free"; ptr: ValueId }
/** Device only: `#pragma omp target device(ancestor: 1)`. The calling thread blocks while
 *  host function `callee` runs on the host with `args`; pointer arguments inside mapped
 *  sections are translated to host addresses; maps copy per their kind (device→host before,
 *  host→device after). Example printed form:
 *  `omp.reverse_offload @log(%buf, %n) map(tofrom: f32 %buf[0:%n])` */
export interface OmpReverseOffloadInst extends InstCommon { kind: "omp.reverse_offload"; callee: FuncId; args: ValueId[]; maps: MapClause[]; nowait: boolean }
/** Host only. Launches kernel `kernel` on `teams` × `threads` (NO_VALUE: the run's
 *  defaults), mapping data per `maps`; pointer arguments inside mapped sections are
 *  translated to device addresses. Without `nowait` the host waits for completion.
 *  Example printed form: `omp.target @k(%a, %n) teams(4) threads(128) map(tofrom: f32 %a[0:%n]) nowait` */
export interface OmpTargetInst extends InstCommon { kind: "omp.target"; kernel: FuncId; args: ValueId[]; teams: ValueId; threads: ValueId; device: ValueId; maps: MapClause[]; nowait: boolean }
/** Host only. Waits for every kernel launched with nowait. Example printed form: `omp.taskwait` */
export interface OmpTaskwaitInst extends InstCommon { kind: "omp.taskwait" }
/** Host only. `target enter data`: maps (to/alloc) and raises present-table counts.
 *  Example printed form: `omp.target_enter_data map(to: f32 %a[0:%n])` */
export interface OmpEnterDataInst extends InstCommon { kind: "omp.target_enter_data"; device: ValueId; maps: MapClause[] }
/** Host only. `target exit data`: maps (from/release/delete) and lowers present-table counts.
 *  Example printed form: `omp.target_exit_data map(from: f32 %a[0:%n])` */
export interface OmpExitDataInst extends InstCommon { kind: "omp.target_exit_data"; device: ValueId; maps: MapClause[] }
/** Host only. `target update`: for each section present on the device, `to` copies it
 *  host→device and `from` device→host; absent sections are left alone, counts unchanged.
 *  Effects: reads (to) or writes (from) the host sections.
 *  Example printed form: `omp.target_update map(from: f32 %a[1:%n])` */
export interface OmpUpdateInst extends InstCommon { kind: "omp.target_update"; device: ValueId; maps: MapClause[] }
/** Host only. `omp_target_is_present(ptr, device)` (OpenMP 5.2 section 18.8.4): i32 1 if the
 *  byte at host pointer `ptr` lies in a section present on device `device` (i32), else 0; 1
 *  for the initial device (the host, numbered like `omp.initial_device`); 0 for a null pointer
 *  or a device number outside the run. Reads the present table, which launches and data
 *  directives change (effect class `launch`: kept in place, never removed).
 *  Example printed form: `%b = omp.target_is_present %a, %dev` */
export interface OmpIsPresentInst extends InstCommon { kind: "omp.target_is_present"; ptr: ValueId; device: ValueId }
/** Terminator: jump passing block arguments. Example printed form: `br ^loop(%i, 0.0)` */
export interface BrInst extends InstCommon { kind: "br"; target: BlockId; args: ValueId[] }
/** Terminator: two-way branch on an i1. Example printed form: `cond_br %c, ^then(%x), ^exit` */
export interface CondBrInst extends InstCommon { kind: "cond_br"; cond: ValueId; then: BlockId; thenArgs: ValueId[]; else: BlockId; elseArgs: ValueId[] }
/** Terminator: return (value present iff the function returns non-void).
 *  Example printed form: `ret %x` or `ret` */
export interface RetInst extends InstCommon { kind: "ret"; value: ValueId }
/** Terminator: control never reaches here (a runtime fault if it does).
 *  Example printed form: `unreachable` */
export interface UnreachableInst extends InstCommon { kind: "unreachable" }

export type Inst =
  | BinaryInst | IcmpInst | FcmpInst | SelectInst | CastInst | FMathInst
  | AllocaInst | LoadInst | StoreInst | GepInst | PtrDiffInst | ObjectSizeInst | AtomicInst | CmpXchgInst
  | CallInst | CallIndirectInst | PrintInst | TrapInst | ExitInst
  | OmpParallelInst | OmpQueryInst | OmpWtimeInst | OmpShuffleDownInst | OmpBarrierInst | OmpAllocSharedInst | OmpFreeSharedInst | OmpMallocInst | OmpFreeInst
  | OmpReverseOffloadInst | OmpTargetInst | OmpTaskwaitInst | OmpEnterDataInst | OmpExitDataInst | OmpUpdateInst | OmpIsPresentInst
  | BrInst | CondBrInst | RetInst | UnreachableInst;

export type InstKind = Inst["kind"];

/** An instruction's fields other than `result` and `loc`, as passed to the builder. */
export type InstData = Inst extends infer I ? (I extends Inst ? Omit<I, "result" | "loc"> : never) : never;

export { isTerminator } from "./opcodes.js";

// ---------------------------------------------------------------------------------------
// Blocks, functions, globals, module

export interface Block {
  /** The label written in the source (without `^`), or null for blocks a pass created. */
  name: string | null;
  params: ValueId[];
  /** Instruction order; the last one is the terminator. */
  insts: InstId[];
  loc: SrcLoc;
}

/** `kernel`: an OpenMP target region entry point (device); `device`: a device function
 *  (callable from kernels, or a parallel region body); `host`: host code (main, and the
 *  targets of reverse offload). */
export type FuncKind = "kernel" | "device" | "host";
export type KernelMode = "generic" | "spmd";

/** What the analyses may assume about a function, mostly useful on bodiless declarations. */
export interface Attrs {
  readnone: boolean;
  readonly: boolean;
  writeonly: boolean;
  argmemonly: boolean;
  inaccessiblememonly: boolean;
  nosync: boolean;
  noinline: boolean;
  /** OpenMP assumptions: "omp_no_openmp", "omp_no_parallelism", "ompx_spmd_amenable". */
  assumes: string[];
  /** Declared host cost in cycles (for host functions without a body, or to override). */
  cost: number | null;
}

export const FLAG_ATTRS = ["readnone", "readonly", "writeonly", "argmemonly", "inaccessiblememonly", "nosync", "noinline"] as const;
export type FlagAttr = (typeof FLAG_ATTRS)[number];
export const KNOWN_ASSUMPTIONS: readonly string[] = ["omp_no_openmp", "omp_no_parallelism", "ompx_spmd_amenable"];

export function emptyAttrs(): Attrs {
  return {
    readnone: false, readonly: false, writeonly: false, argmemonly: false,
    inaccessiblememonly: false, nosync: false, noinline: false, assumes: [], cost: null,
  };
}

/** The attributes of every function written without any: one frozen object, not one per
 *  function (attributes are set when a function is made and never changed in place). */
export const NO_ATTRS: Attrs = Object.freeze({ ...emptyAttrs(), assumes: Object.freeze([]) as unknown as string[] });

export interface Function {
  id: FuncId;
  name: string; // without `@`
  kind: FuncKind;
  /** Kernels only; null otherwise. */
  mode: KernelMode | null;
  /** Generic kernels only: how the workers dispatch parallel regions; null is the runtime's
   *  generic state machine (printed `state_machine(...)`, set by custom-state-machine). */
  stateMachine: StateMachineSpec | null;
  params: ValueId[];
  ret: RetType;
  attrs: Attrs;
  values: ValueData[];
  insts: Inst[];
  blocks: Block[];
  /** Block order; layout[0] is the entry block. Empty for a declaration. */
  layout: BlockId[];
  loc: SrcLoc;
}

/**
 * A generic kernel's own state machine (LLVM OpenMPOpt's custom state machine): the workers
 * compare the published region with each of `regions` in order and call the match directly;
 * an unlisted region goes through an indirect call when `fallback` is set and is a fault
 * otherwise. No regions and no fallback (`state_machine(none)`): the workers exit at once.
 */
export interface StateMachineSpec {
  regions: FuncId[];
  fallback: boolean;
}

export interface Global {
  id: GlobalId;
  name: string; // without `@`
  space: Space;
  type: Type;
  count: number;
  /** Element values (ConstValue per element), or null for all zeros. */
  init: ConstValue[] | null;
  loc: SrcLoc;
}

export interface Module {
  /** The file name diagnostics use ("<stdin>" for standard input). */
  file: string;
  /** The text the module was parsed from, for diagnostics' source lines ("" if built). */
  source: string;
  globals: Global[];
  functions: Function[];
  /** The module's `requires` clauses (OpenMP 5.2 section 8.2), in REQUIRES_CLAUSES order,
   *  each once. Absent means none. */
  requires?: RequiresClause[];
}

/** Clauses of the module-level `requires` declaration. */
export const REQUIRES_CLAUSES = ["reverse_offload", "unified_address", "unified_shared_memory"] as const;
export type RequiresClause = (typeof REQUIRES_CLAUSES)[number];

/** Whether the module declares `requires <c>`. */
export function requiresOf(m: Module, c: RequiresClause): boolean {
  return m.requires?.includes(c) ?? false;
}

/** Adds `requires <c>` to the module (kept sorted, each once). */
export function addRequires(m: Module, c: RequiresClause): void {
  const r = m.requires ?? [];
  if (!r.includes(c)) r.push(c);
  r.sort((a, b) => REQUIRES_CLAUSES.indexOf(a) - REQUIRES_CLAUSES.indexOf(b));
  m.requires = r;
}

// ---------------------------------------------------------------------------------------
// Construction

export function newModule(file = "<module>", source = ""): Module {
  return { file, source, globals: [], functions: [] };
}

export function addGlobal(m: Module, name: string, space: Space, type: Type, count = 1, init: ConstValue[] | null = null, loc: SrcLoc = NO_SRC_LOC): GlobalId {
  const id = m.globals.length as GlobalId;
  m.globals.push({ id, name, space, type, count, init, loc });
  noteSymbol(m, name);
  return id;
}

export function addFunction(
  m: Module, name: string, kind: FuncKind, paramTypes: readonly Type[], ret: RetType,
  opts: { mode?: KernelMode; attrs?: Attrs; paramNames?: readonly (string | null)[]; loc?: SrcLoc } = {},
): Function {
  const f: Function = {
    id: m.functions.length as FuncId, name, kind,
    mode: kind === "kernel" ? (opts.mode ?? "generic") : null, stateMachine: null,
    params: [], ret, attrs: opts.attrs ?? NO_ATTRS,
    values: [], insts: [], blocks: [], layout: [], loc: opts.loc ?? NO_SRC_LOC,
  };
  paramTypes.forEach((t, index) => f.params.push(addValue(f, t, { kind: "param", index }, opts.paramNames?.[index] ?? null)));
  m.functions.push(f);
  noteSymbol(m, name);
  return f;
}

export function addValue(f: Function, type: Type, def: ValueDef, name: string | null = null): ValueId {
  const id = f.values.length as ValueId;
  f.values.push({ type, def: sharedDef(def), name });
  return id;
}

// Definitions are immutable (a pass replaces a value's definition, never edits it), so
// equal ones can be one object: by id, the same few thousand serve every function of a
// module, where an object per value was a tenth of the IR's memory. Frozen, so an edit
// in place fails loudly. Constants keep their own (their values are unbounded).
const INST_DEFS: ValueDef[] = [];
const PARAM_DEFS: ValueDef[] = [];
const BLOCKPARAM_DEFS: ValueDef[][] = [];
const GLOBAL_DEFS: ValueDef[] = [];
const FUNC_DEFS: ValueDef[] = [];
const UNDEF_DEF: ValueDef = Object.freeze({ kind: "undef" });

/** The shared object equal to `def` (see above); `def` itself for a constant. */
export function sharedDef(def: ValueDef): ValueDef {
  switch (def.kind) {
    case "inst":
      return (INST_DEFS[def.inst] ??= Object.freeze({ kind: "inst", inst: def.inst }));
    case "param":
      return (PARAM_DEFS[def.index] ??= Object.freeze({ kind: "param", index: def.index }));
    case "blockparam":
      return ((BLOCKPARAM_DEFS[def.block] ??= [])[def.index] ??= Object.freeze({ kind: "blockparam", block: def.block, index: def.index }));
    case "global":
      return (GLOBAL_DEFS[def.global] ??= Object.freeze({ kind: "global", global: def.global }));
    case "func":
      return (FUNC_DEFS[def.func] ??= Object.freeze({ kind: "func", func: def.func }));
    case "undef":
      return UNDEF_DEF;
    case "const":
      return def;
    default:
      return assertNever(def);
  }
}

/** A constant value. Constants are not interned: each use may have its own. */
export function addConst(f: Function, type: Type, value: ConstValue): ValueId {
  return addValue(f, type, { kind: "const", value });
}

export function addBlock(f: Function, name: string | null, paramTypes: readonly Type[] = [], loc: SrcLoc = NO_SRC_LOC, paramNames?: readonly (string | null)[]): BlockId {
  const id = f.blocks.length as BlockId;
  const block: Block = { name, params: [], insts: [], loc };
  f.blocks.push(block);
  paramTypes.forEach((t, index) => block.params.push(addValue(f, t, { kind: "blockparam", block: id, index }, paramNames?.[index] ?? null)));
  f.layout.push(id);
  return id;
}

/**
 * Copies f's arrays (the arenas, the layout, the parameters, each block's parameters and
 * instructions) to exact length. V8 gives an array grown by push room for half its length
 * plus 16 more elements and never takes it back: for the many small per-block arrays that
 * room is most of their memory. The resolver calls it on each function it builds and the
 * pass pipeline after each pass that changed the module; no one may hold the old arrays.
 */
export function compactFunction(f: Function): void {
  f.values = f.values.slice();
  f.insts = f.insts.slice();
  f.blocks = f.blocks.slice();
  f.layout = f.layout.slice();
  f.params = f.params.slice();
  for (const b of f.blocks) {
    b.insts = b.insts.length === 0 ? NO_BLOCK_INSTS : b.insts.slice();
    b.params = b.params.length === 0 ? NO_BLOCK_PARAMS : b.params.slice();
  }
  // Instructions the layout no longer holds (removed, inlined, replaced) share one
  // tombstone: ids stay stable, and nothing reaches them from the layout.
  const placed = new Uint8Array(f.insts.length);
  for (const b of f.layout) for (const id of f.blocks[b]!.insts) placed[id] = 1;
  for (let id = 0; id < f.insts.length; id++) if (placed[id] === 0) f.insts[id] = REMOVED_INST;
}

/** What compactFunction leaves in the arena slot of an instruction no block holds. */
export const REMOVED_INST: Inst = Object.freeze({ kind: "unreachable", result: NO_VALUE, loc: NO_SRC_LOC });

/** The instructions of every compacted block that has none (blocks out of the layout). */
export const NO_BLOCK_INSTS: InstId[] = Object.freeze([]) as unknown as InstId[];

/** The parameters of every compacted block that has none: most blocks, and an empty array
 *  is 32 bytes. Frozen, so code that adds a parameter replaces it (edit.ts addBlockParam). */
export const NO_BLOCK_PARAMS: ValueId[] = Object.freeze([]) as unknown as ValueId[];

/**
 * Creates an instruction (not yet placed in a block). `resultType` non-null gives it a
 * result value. Use appendInst/insertInst to place it.
 */
export function createInst(f: Function, data: InstData, resultType: Type | null, loc: SrcLoc = NO_SRC_LOC, name: string | null = null): InstId {
  const id = f.insts.length as InstId;
  const inst = { ...data, result: NO_VALUE, loc } as Inst;
  f.insts.push(inst);
  if (resultType !== null) inst.result = addValue(f, resultType, { kind: "inst", inst: id }, name);
  return id;
}

export function appendInst(f: Function, block: BlockId, data: InstData, resultType: Type | null = null, loc: SrcLoc = NO_SRC_LOC, name: string | null = null): InstId {
  const id = createInst(f, data, resultType, loc, name);
  f.blocks[block]!.insts.push(id);
  return id;
}

export function insertInst(f: Function, block: BlockId, index: number, data: InstData, resultType: Type | null = null, loc: SrcLoc = NO_SRC_LOC, name: string | null = null): InstId {
  const id = createInst(f, data, resultType, loc, name);
  f.blocks[block]!.insts.splice(index, 0, id);
  return id;
}

// ---------------------------------------------------------------------------------------
// Operands and successors: the one place that knows where each kind keeps its values.

function mapMaps(maps: MapClause[], fn: (v: ValueId) => ValueId): void {
  for (const m of maps) {
    m.base = fn(m.base);
    m.lo = fn(m.lo);
    m.len = fn(m.len);
  }
}

/**
 * Rewrites every value operand of `inst` in place with `fn` (block arguments included),
 * visiting them in printed order. `forEachOperand` and `operands` are built on it.
 */
export function mapOperands(inst: Inst, fn: (v: ValueId) => ValueId): void {
  switch (inst.kind) {
    case "binary":
    case "icmp":
    case "fcmp":
      inst.lhs = fn(inst.lhs);
      inst.rhs = fn(inst.rhs);
      return;
    case "select":
      inst.cond = fn(inst.cond);
      inst.a = fn(inst.a);
      inst.b = fn(inst.b);
      return;
    case "cast":
      inst.value = fn(inst.value);
      return;
    case "fmath":
      inst.a = fn(inst.a);
      if (inst.b !== NO_VALUE) inst.b = fn(inst.b);
      return;
    case "alloca":
      inst.count = fn(inst.count);
      return;
    case "load":
      inst.ptr = fn(inst.ptr);
      return;
    case "store":
      inst.value = fn(inst.value);
      inst.ptr = fn(inst.ptr);
      return;
    case "gep":
      inst.ptr = fn(inst.ptr);
      inst.index = fn(inst.index);
      return;
    case "ptrdiff":
      inst.lhs = fn(inst.lhs);
      inst.rhs = fn(inst.rhs);
      return;
    case "objectsize":
      inst.ptr = fn(inst.ptr);
      return;
    case "atomic":
      inst.ptr = fn(inst.ptr);
      inst.value = fn(inst.value);
      return;
    case "cmpxchg":
      inst.ptr = fn(inst.ptr);
      inst.expected = fn(inst.expected);
      inst.desired = fn(inst.desired);
      return;
    case "call":
    case "print":
      mapInPlace(inst.args, fn);
      return;
    case "omp.parallel":
      mapInPlace(inst.args, fn);
      if (inst.threads !== NO_VALUE) inst.threads = fn(inst.threads);
      return;
    case "call_indirect":
      inst.callee = fn(inst.callee);
      mapInPlace(inst.args, fn);
      return;
    case "exit":
      inst.code = fn(inst.code);
      return;
    case "omp.alloc_shared":
      inst.size = fn(inst.size);
      return;
    case "omp.free_shared":
      inst.ptr = fn(inst.ptr);
      inst.size = fn(inst.size);
      return;
    case "omp.malloc":
      inst.size = fn(inst.size);
      return;
    case "omp.free":
      inst.ptr = fn(inst.ptr);
      return;
    case "omp.target_is_present":
      inst.ptr = fn(inst.ptr);
      inst.device = fn(inst.device);
      return;
    case "omp.shuffle_down":
      inst.value = fn(inst.value);
      inst.delta = fn(inst.delta);
      return;
    case "omp.reverse_offload":
      mapInPlace(inst.args, fn);
      mapMaps(inst.maps, fn);
      return;
    case "omp.target":
      mapInPlace(inst.args, fn);
      if (inst.teams !== NO_VALUE) inst.teams = fn(inst.teams);
      if (inst.threads !== NO_VALUE) inst.threads = fn(inst.threads);
      if (inst.device !== NO_VALUE) inst.device = fn(inst.device);
      mapMaps(inst.maps, fn);
      return;
    case "omp.target_enter_data":
    case "omp.target_exit_data":
    case "omp.target_update":
      if (inst.device !== NO_VALUE) inst.device = fn(inst.device);
      mapMaps(inst.maps, fn);
      return;
    case "br":
      mapInPlace(inst.args, fn);
      return;
    case "cond_br":
      inst.cond = fn(inst.cond);
      mapInPlace(inst.thenArgs, fn);
      mapInPlace(inst.elseArgs, fn);
      return;
    case "ret":
      if (inst.value !== NO_VALUE) inst.value = fn(inst.value);
      return;
    case "trap":
    case "omp.query":
    case "omp.wtime":
    case "omp.barrier":
    case "omp.taskwait":
    case "unreachable":
      return;
    default:
      return assertNever(inst);
  }
}

function mapInPlace(a: ValueId[], fn: (v: ValueId) => ValueId): void {
  for (let i = 0; i < a.length; i++) a[i] = fn(a[i]!);
}

function eachOf(a: readonly ValueId[], fn: (v: ValueId) => void): void {
  for (let i = 0; i < a.length; i++) fn(a[i]!);
}

function eachMap(maps: readonly MapClause[], fn: (v: ValueId) => void): void {
  for (let i = 0; i < maps.length; i++) {
    const m = maps[i]!;
    fn(m.base);
    fn(m.lo);
    fn(m.len);
  }
}

/**
 * Calls `fn` on every value operand of `inst` in mapOperands' order, reading only (a
 * switch of its own: no closure per call, no stores; it runs per instruction in every pass).
 */
export function forEachOperand(inst: Inst, fn: (v: ValueId) => void): void {
  switch (inst.kind) {
    case "binary":
    case "icmp":
    case "fcmp":
      fn(inst.lhs);
      fn(inst.rhs);
      return;
    case "select":
      fn(inst.cond);
      fn(inst.a);
      fn(inst.b);
      return;
    case "cast":
      fn(inst.value);
      return;
    case "fmath":
      fn(inst.a);
      if (inst.b !== NO_VALUE) fn(inst.b);
      return;
    case "alloca":
      fn(inst.count);
      return;
    case "load":
      fn(inst.ptr);
      return;
    case "store":
      fn(inst.value);
      fn(inst.ptr);
      return;
    case "gep":
      fn(inst.ptr);
      fn(inst.index);
      return;
    case "ptrdiff":
      fn(inst.lhs);
      fn(inst.rhs);
      return;
    case "objectsize":
      fn(inst.ptr);
      return;
    case "atomic":
      fn(inst.ptr);
      fn(inst.value);
      return;
    case "cmpxchg":
      fn(inst.ptr);
      fn(inst.expected);
      fn(inst.desired);
      return;
    case "call":
    case "print":
      eachOf(inst.args, fn);
      return;
    case "omp.parallel":
      eachOf(inst.args, fn);
      if (inst.threads !== NO_VALUE) fn(inst.threads);
      return;
    case "call_indirect":
      fn(inst.callee);
      eachOf(inst.args, fn);
      return;
    case "exit":
      fn(inst.code);
      return;
    case "omp.alloc_shared":
      fn(inst.size);
      return;
    case "omp.free_shared":
      fn(inst.ptr);
      fn(inst.size);
      return;
    case "omp.malloc":
      fn(inst.size);
      return;
    case "omp.free":
      fn(inst.ptr);
      return;
    case "omp.target_is_present":
      fn(inst.ptr);
      fn(inst.device);
      return;
    case "omp.shuffle_down":
      fn(inst.value);
      fn(inst.delta);
      return;
    case "omp.reverse_offload":
      eachOf(inst.args, fn);
      eachMap(inst.maps, fn);
      return;
    case "omp.target":
      eachOf(inst.args, fn);
      if (inst.teams !== NO_VALUE) fn(inst.teams);
      if (inst.threads !== NO_VALUE) fn(inst.threads);
      if (inst.device !== NO_VALUE) fn(inst.device);
      eachMap(inst.maps, fn);
      return;
    case "omp.target_enter_data":
    case "omp.target_exit_data":
    case "omp.target_update":
      if (inst.device !== NO_VALUE) fn(inst.device);
      eachMap(inst.maps, fn);
      return;
    case "br":
      eachOf(inst.args, fn);
      return;
    case "cond_br":
      fn(inst.cond);
      eachOf(inst.thenArgs, fn);
      eachOf(inst.elseArgs, fn);
      return;
    case "ret":
      if (inst.value !== NO_VALUE) fn(inst.value);
      return;
    case "trap":
    case "omp.query":
    case "omp.wtime":
    case "omp.barrier":
    case "omp.taskwait":
    case "unreachable":
      return;
    default:
      return assertNever(inst);
  }
}

export function operands(inst: Inst): ValueId[] {
  const out: ValueId[] = [];
  forEachOperand(inst, (v) => out.push(v));
  return out;
}

/** Successor edges of a terminator, in order (then before else); [] for others. */
export function successors(inst: Inst): { block: BlockId; args: ValueId[] }[] {
  switch (inst.kind) {
    case "br":
      return [{ block: inst.target, args: inst.args }];
    case "cond_br":
      return [{ block: inst.then, args: inst.thenArgs }, { block: inst.else, args: inst.elseArgs }];
    default:
      return [];
  }
}

/** The successor blocks of a terminator, in successors() order, as a new array of exactly
 *  that length (no edge objects: the CFG builds one per block after every pass). The two
 *  branches are spelled out; any other kind asks successors(), which stays the one place
 *  that knows every terminator's edges. */
export function successorBlocks(inst: Inst): BlockId[] {
  if (inst.kind === "br") return [inst.target];
  if (inst.kind === "cond_br") return [inst.then, inst.else];
  return successors(inst).map((e) => e.block);
}

/** Rewrites the successor blocks of a terminator in place. */
export function mapSuccessors(inst: Inst, fn: (b: BlockId) => BlockId): void {
  if (inst.kind === "br") inst.target = fn(inst.target);
  else if (inst.kind === "cond_br") {
    inst.then = fn(inst.then);
    inst.else = fn(inst.else);
  }
}

/** The function's callees named directly by an instruction (call, parallel region, reverse
 *  offload, kernel launch); indirect calls are not included. */
export function directCallee(inst: Inst): FuncId | null {
  switch (inst.kind) {
    case "call":
      return inst.callee;
    case "omp.parallel":
      return inst.region;
    case "omp.reverse_offload":
      return inst.callee;
    case "omp.target":
      return inst.kernel;
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------
// Queries and edits

export function isDeclaration(f: Function): boolean {
  return f.layout.length === 0;
}

export function entryBlock(f: Function): BlockId {
  return f.layout[0]!;
}

export function terminatorOf(f: Function, b: BlockId): Inst | undefined {
  const insts = f.blocks[b]!.insts;
  return insts.length ? f.insts[insts[insts.length - 1]!] : undefined;
}

export function paramTypes(f: Function): Type[] {
  return f.params.map((p) => f.values[p]!.type);
}

export function valueType(f: Function, v: ValueId): Type {
  return f.values[v]!.type;
}

export function constValue(f: Function, v: ValueId): ConstValue | undefined {
  const d = f.values[v]!.def;
  return d.kind === "const" ? d.value : undefined;
}

/** The instruction defining `v`, if any. */
export function definingInst(f: Function, v: ValueId): Inst | undefined {
  const d = f.values[v]!.def;
  return d.kind === "inst" ? f.insts[d.inst] : undefined;
}

/** Calls fn for every instruction in layout order. */
export function forEachInst(f: Function, fn: (inst: Inst, id: InstId, block: BlockId, index: number) => void): void {
  for (const b of f.layout) {
    const insts = f.blocks[b]!.insts;
    for (let i = 0; i < insts.length; i++) fn(f.insts[insts[i]!]!, insts[i]!, b, i);
  }
}

/** The placed instructions using each value, in layout order (a value used twice by one
 *  instruction lists it twice). */
export function userLists(f: Function): Map<ValueId, InstId[]> {
  const users = new Map<ValueId, InstId[]>();
  forEachInst(f, (inst, id) => forEachOperand(inst, (v) => void (users.get(v) ?? users.set(v, []).get(v)!).push(id)));
  return users;
}

/** Replaces every use of `from` with `to` in the function's placed instructions. */
export function replaceAllUses(f: Function, from: ValueId, to: ValueId): void {
  forEachInst(f, (inst) => mapOperands(inst, (v) => (v === from ? to : v)));
}

/** Takes a block out of the layout (its arena slot stays). */
export function removeBlock(f: Function, b: BlockId): void {
  const i = f.layout.indexOf(b);
  if (i >= 0) f.layout.splice(i, 1);
  f.blocks[b]!.insts = [];
}

export function findFunction(m: Module, name: string): Function | undefined {
  return m.functions.find((f) => f.name === name);
}

export function findGlobal(m: Module, name: string): Global | undefined {
  return m.globals.find((g) => g.name === name);
}

/** A deep copy (values, instructions and locations are not shared). */
export function cloneModule(m: Module): Module {
  return structuredClone(m);
}
