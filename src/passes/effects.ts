// Memory-effect summaries: per instruction and per function, what code may do that others
// can observe — which spaces it reads and writes, whether every write is thread-private,
// whether it may run unknown code, reach a parallel region, issue a reverse offload (and
// leave a `nowait` one pending when it returns), hit a barrier, print, use atomics, trap,
// launch kernels, allocate team-shared memory or run a warp-level (convergent) operation.
//
// requires: callgraph (for the bottom-up order), underlying objects (for private writes).
// preserves: everything (an analysis). Invalidated by any change to any function.
//
// Functions are summarised bottom-up over the call graph's SCCs (callees first); inside an
// SCC every member starts from "no effect" and the members are re-summarised until nothing
// changes (effects only grow, so this terminates).
//
// Two summaries per function: everything it may do (`summary`), and what it may do in the
// caller's sequential context (`sequential`): there an `omp.parallel` counts only as a
// parallel region and a barrier, not as the region's code, which every thread of the team
// runs in generic and SPMD mode alike (spmdize decides on the sequential part only). A function without a body is summarised
// from its declaration attributes (declarationEffects); an unresolved indirect call is
// "anything". `instEffects` is the per-instruction classifier: the opcode table's effect
// class "none" (src/ir/opcodes.ts) is no effect, every other kind has a case here. The
// analysis exposes it with callees resolved through the summaries (`ModuleEffects.inst`),
// which barrier-elim uses to find the memory accesses between barriers;
// verify-uniform-barriers reads the summaries of calls to find barriers. spmdize
// classifies instructions itself (`classify` in spmdize.ts, into guard.ts's InstClass) and
// reads only function summaries here, for its calls.
//
// A write is private when every underlying object of its pointer is an alloca of the writing
// function: no caller can see it. A `local` write through an argument reaches the caller's
// alloca, and one to a `local` global outlives the call (spmdize must know that thread 0
// alone wrote it), so neither is private although both are per-thread memory.
// `localIndirect` says a function may reach `local` memory through a pointer it did not get
// as an argument or make itself (loaded from memory, returned by a call): the caller cannot
// tell from the call's arguments whether that is the main thread's alloca shared with the team.

import type { Attrs, Function, Inst, MapClause, Module } from "../ir/ir.js";
import { constValue, definingInst, forEachOperand, isDeclaration, successors } from "../ir/ir.js";
import { BINARY_OP_INFO, isPure, readsClock } from "../ir/opcodes.js";
import type { BlockId, FuncId, Space, Type, ValueId } from "../ir/types.js";
import { SPACES, assertNever, bitWidth, sizeOf } from "../ir/types.js";
import { normInt } from "./fold.js";
import { CALL_GRAPH } from "./callgraph.js";
import type { AnalysisManager } from "./manager.js";
import { moduleAnalysis } from "./manager.js";
import type { UnderlyingInfo } from "./underlying.js";
import { UNDERLYING, allThreadPrivate, computeUnderlying, objectSpace } from "./underlying.js";

/** A set of memory spaces as a bit mask: bit i is SPACES[i] (host, global, shared, local). */
export type SpaceMask = number;
export const NO_SPACES: SpaceMask = 0;
export const ALL_SPACES: SpaceMask = 0b1111;
/** The spaces device code can address. */
export const DEVICE_SPACES: SpaceMask = 0b1110;

export function spaceBit(s: Space): SpaceMask {
  return 1 << SPACES.indexOf(s);
}
export function hasSpace(mask: SpaceMask, s: Space): boolean {
  return (mask & spaceBit(s)) !== 0;
}
export function spaceList(mask: SpaceMask): Space[] {
  return SPACES.filter((s) => hasSpace(mask, s));
}

export interface Effects {
  reads: SpaceMask;
  writes: SpaceMask;
  /** Every write goes to thread-private storage (vacuously true without writes). */
  privateWritesOnly: boolean;
  /** May run code whose effects are not described (an unresolved indirect call, a bare declaration). */
  callsUnknown: boolean;
  mayParallel: boolean;
  mayReverseOffload: boolean;
  /** A `nowait` reverse offload that may still be pending when the code returns: the
   *  request completes only at the team's next barrier (a region's implicit ones included)
   *  or at the kernel's end, which is when its `from` copies land (docs/LANGUAGE.md). One a
   *  parallel region issued counts too: a nested region (a team of one) ends without a team
   *  barrier, and a summary does not know the level it runs at. */
  mayDeferReverseOffload: boolean;
  mayBarrier: boolean;
  mayPrint: boolean;
  /** Atomic read-modify-write or compare-exchange (synchronising memory operations). */
  mayAtomic: boolean;
  /** `trap` or `exit`: may end the program. */
  mayTrap: boolean;
  /** Host side: kernel launches, data mapping, taskwait. */
  mayLaunch: boolean;
  /** omp.alloc_shared / omp.free_shared. */
  mayAllocShared: boolean;
  /** A warp-level operation (omp.shuffle_down): no memory effect, but its result depends on
   *  which lanes run it together, so code holding it is never guarded or moved into a region. */
  convergent: boolean;
  /** May access `local` memory through a pointer that is neither derived from an argument
   *  nor its own storage (an alloca, a `local` global by name): one loaded from memory or
   *  returned by a call, which may be the main thread's alloca shared with the team. */
  localIndirect: boolean;
  /** May fault at run time without a trap: a memory access not known to be in bounds, a
   *  division by a possibly zero (or -1) value, reaching `unreachable`, an indirect call, a
   *  call into a recursion (the simulated call stack is bounded), an alloca of unknown or
   *  large size or on a loop, a reference to a large `local` global (out of memory).
   *  Like a trap it ends the run, so output and faults keep their order around barriers. */
  mayFault: boolean;
  /** May run out of simulated memory taking what the code itself allocates: an alloca of
   *  unknown or large size or on a loop, a reference to a large `local` global, a call into
   *  a recursion (the frames). Run on every thread instead of one (spmdize's replication of
   *  a pure call), such code takes its memory once per thread: it may then run out where the
   *  program as written does not, so spmdize guards it. A subset of mayFault's causes. */
  mayExhaust: boolean;
}

export function noEffects(): Effects {
  return {
    reads: NO_SPACES, writes: NO_SPACES, privateWritesOnly: true, callsUnknown: false,
    mayParallel: false, mayReverseOffload: false, mayDeferReverseOffload: false, mayBarrier: false, mayPrint: false,
    mayAtomic: false, mayTrap: false, mayLaunch: false, mayAllocShared: false, convergent: false,
    localIndirect: false, mayFault: false, mayExhaust: false,
  };
}

/** What unknown code may do: everything. */
export function unknownEffects(): Effects {
  return {
    reads: ALL_SPACES, writes: ALL_SPACES, privateWritesOnly: false, callsUnknown: true,
    mayParallel: true, mayReverseOffload: true, mayDeferReverseOffload: true, mayBarrier: true, mayPrint: true,
    mayAtomic: true, mayTrap: true, mayLaunch: true, mayAllocShared: true, convergent: true,
    localIndirect: true, mayFault: true, mayExhaust: true,
  };
}

/** Accumulates `b` into `a` (in place); returns a. */
export function joinEffects(a: Effects, b: Effects): Effects {
  a.reads |= b.reads;
  a.writes |= b.writes;
  a.privateWritesOnly &&= b.privateWritesOnly;
  a.callsUnknown ||= b.callsUnknown;
  a.mayParallel ||= b.mayParallel;
  a.mayReverseOffload ||= b.mayReverseOffload;
  a.mayDeferReverseOffload ||= b.mayDeferReverseOffload;
  a.mayBarrier ||= b.mayBarrier;
  a.mayPrint ||= b.mayPrint;
  a.mayAtomic ||= b.mayAtomic;
  a.mayTrap ||= b.mayTrap;
  a.mayLaunch ||= b.mayLaunch;
  a.mayAllocShared ||= b.mayAllocShared;
  a.convergent ||= b.convergent;
  a.localIndirect ||= b.localIndirect;
  a.mayFault ||= b.mayFault;
  a.mayExhaust ||= b.mayExhaust;
  return a;
}

export function sameEffects(a: Effects, b: Effects): boolean {
  return (Object.keys(a) as (keyof Effects)[]).every((k) => a[k] === b[k]);
}

/** A number that differs exactly when two Effects differ: the space masks take 4 bits, a flag 1. */
function effectsKey(e: Effects): number {
  return e.reads | (e.writes << 4) | (+e.privateWritesOnly << 8) | (+e.callsUnknown << 9) | (+e.mayParallel << 10) |
    (+e.mayReverseOffload << 11) | (+e.mayBarrier << 12) | (+e.mayPrint << 13) | (+e.mayAtomic << 14) | (+e.mayTrap << 15) |
    (+e.mayLaunch << 16) | (+e.mayAllocShared << 17) | (+e.convergent << 18) | (+e.localIndirect << 19) | (+e.mayFault << 20) | (+e.mayExhaust << 21) |
    (+e.mayDeferReverseOffload << 22);
}
// effectsKey reads every field: a field added to Effects fails to compile here until it is added there.
type EffectsKeyFields = "reads" | "writes" | "privateWritesOnly" | "callsUnknown" | "mayParallel" | "mayReverseOffload" |
  "mayBarrier" | "mayPrint" | "mayAtomic" | "mayTrap" | "mayLaunch" | "mayAllocShared" | "convergent" | "localIndirect" | "mayFault" | "mayExhaust" |
  "mayDeferReverseOffload";
const effectsKeyCoversEffects: [keyof Effects] extends [EffectsKeyFields] ? true : never = true;
void effectsKeyCoversEffects;

/** True if the effects are observable by other code (anything beyond private writes and reads). */
export function hasSideEffects(e: Effects): boolean {
  return (e.writes !== NO_SPACES && !e.privateWritesOnly) || e.callsUnknown || e.mayParallel || e.mayReverseOffload ||
    e.mayBarrier || e.mayPrint || e.mayAtomic || e.mayTrap || e.mayLaunch || e.mayAllocShared || e.convergent;
}

/**
 * A bodiless function's effects, from its attributes:
 * - memory: readnone → none; readonly → reads only; writeonly → writes only;
 *   inaccessiblememonly → no memory the program can see; argmemonly → only through pointer
 *   arguments (spaces unknown, so all); no memory attribute → reads and writes everything.
 * - A declaration with a memory attribute or `assume("omp_no_openmp")` is described;
 *   otherwise it counts as unknown code (`callsUnknown`).
 * - `assume("omp_no_openmp")`: no OpenMP runtime calls — no parallel region, reverse
 *   offload or barrier. `assume("omp_no_parallelism")`: no parallel region. `nosync`: no
 *   barrier and no atomics (and so no parallel region, which ends in a barrier).
 * - print (I/O) counts as a write to inaccessible memory: excluded by readnone, readonly
 *   and argmemonly.
 * - Warp shuffles are IR instructions: only unknown code (no attribute at all) may run one.
 */
export function declarationEffects(attrs: Attrs): Effects {
  const noOpenmp = attrs.assumes.includes("omp_no_openmp");
  const noParallelism = attrs.assumes.includes("omp_no_parallelism");
  const memAttr = attrs.readnone || attrs.readonly || attrs.writeonly || attrs.argmemonly || attrs.inaccessiblememonly;
  const noVisibleMemory = attrs.readnone || attrs.inaccessiblememonly;
  const e = noEffects();
  e.reads = noVisibleMemory || attrs.writeonly ? NO_SPACES : ALL_SPACES;
  e.writes = noVisibleMemory || attrs.readonly ? NO_SPACES : ALL_SPACES;
  e.privateWritesOnly = e.writes === NO_SPACES;
  e.callsUnknown = !(memAttr || noOpenmp);
  e.mayBarrier = !(attrs.nosync || noOpenmp);
  e.mayParallel = !(attrs.nosync || noOpenmp || noParallelism);
  e.mayReverseOffload = !(noOpenmp || attrs.readnone);
  e.mayDeferReverseOffload = e.mayReverseOffload;
  e.mayAtomic = !attrs.nosync && !noVisibleMemory && e.writes !== NO_SPACES;
  e.mayPrint = !(attrs.readnone || attrs.readonly || attrs.argmemonly);
  e.mayTrap = !attrs.readnone;
  e.mayLaunch = !(noOpenmp || attrs.readnone);
  e.mayAllocShared = !(noOpenmp || attrs.readnone);
  e.convergent = e.callsUnknown;
  // argmemonly: local memory only through its pointer arguments, which the caller sees.
  e.localIndirect = !attrs.argmemonly && ((e.reads | e.writes) & spaceBit("local")) !== 0;
  // A device function without a body faults when called (the simulator has none to run).
  e.mayFault = true;
  return e;
}

export interface InstEffectsEnv {
  /** The summary of a callee with a body (bottom-up); undefined → treated as unknown code. */
  summary?: (f: FuncId) => Effects | undefined;
  /** Sequential context: an omp.parallel is a parallel region and a barrier, its code left out. */
  sequential?: boolean;
  /** Underlying objects of f's pointers (for private writes and map spaces). */
  underlying?: UnderlyingInfo;
  /** f's allocas on a cycle of its CFG (allocasInCycles): each run takes a fresh slot for
   *  the rest of the activation, so a loop of small ones may still run out of memory. */
  loopAllocas?: ReadonlySet<Inst>;
}

/** The allocas of f in a block that can reach itself (a loop may run it without bound). */
export function allocasInCycles(f: Function): ReadonlySet<Inst> {
  const out = new Set<Inst>();
  for (const b of f.layout) {
    const allocas = f.blocks[b]!.insts.map((id) => f.insts[id]!).filter((i) => i.kind === "alloca");
    if (allocas.length === 0) continue;
    // Does b reach itself?
    const seen = new Set<BlockId>();
    const work = [b];
    let cyclic = false;
    while (work.length > 0 && !cyclic) {
      const x = work.pop()!;
      const insts = f.blocks[x]!.insts;
      for (const e of successors(f.insts[insts[insts.length - 1]!]!)) {
        if (e.block === b) cyclic = true;
        else if (!seen.has(e.block)) {
          seen.add(e.block);
          work.push(e.block);
        }
      }
    }
    if (cyclic) for (const a of allocas) out.add(a);
  }
  return out;
}

function calleeEffects(m: Module, callee: FuncId, env: InstEffectsEnv): Effects {
  const g = m.functions[callee];
  if (g === undefined) return unknownEffects();
  if (isDeclaration(g)) return declarationEffects(g.attrs);
  const s = env.summary?.(callee);
  return s ? { ...s } : unknownEffects();
}

/** Spaces a pointer may point into: from its objects when all are known, else `fallback`. */
function pointerSpaces(m: Module, f: Function, ptr: ValueId, fallback: SpaceMask, env: InstEffectsEnv): SpaceMask {
  if (env.underlying === undefined) return fallback;
  let mask = NO_SPACES;
  for (const o of env.underlying.objects(ptr)) {
    if (o.kind === "null") continue;
    const s = objectSpace(m, f, o);
    if (s === null) return fallback;
    mask |= spaceBit(s);
  }
  return mask === NO_SPACES ? fallback : mask;
}

function isPrivateWrite(ptr: ValueId, env: InstEffectsEnv): boolean {
  return env.underlying !== undefined && allThreadPrivate(env.underlying.objects(ptr));
}

/** Whether `ptr` may come from somewhere other than an argument, an alloca or a `local`
 *  global of f (see Effects.localIndirect). */
function fromMemory(m: Module, ptr: ValueId, env: InstEffectsEnv): boolean {
  if (env.underlying === undefined) return true;
  for (const o of env.underlying.objects(ptr)) {
    if (o.kind === "alloca" || o.kind === "argument" || o.kind === "null") continue;
    if (o.kind === "global" && m.globals[o.global]?.space === "local") continue;
    return true;
  }
  return false;
}

/** A callee's effects at a call site: its local accesses through the call's pointer
 *  arguments are indirect for the caller when an argument may come from memory. */
function atCallSite(m: Module, f: Function, callee: Effects, args: readonly ValueId[], env: InstEffectsEnv): Effects {
  if (!callee.localIndirect && ((callee.reads | callee.writes) & spaceBit("local")) !== 0) {
    callee.localIndirect = args.some((a) => f.values[a]?.type === "ptr" && fromMemory(m, a, env));
  }
  return callee;
}

/**
 * Effects of map clauses on the issuing side's memory `side(mc)`: `to`, `tofrom`,
 * `firstprivate` and `attach` read it (copied to the other side first; attach reads the
 * pointers), `from` and `tofrom` write it
 * (copied back afterwards). For a launch the issuing side is the host; for a reverse
 * offload it is the device.
 */
function mapEffects(e: Effects, maps: readonly MapClause[], side: (mc: MapClause) => SpaceMask): void {
  for (const mc of maps) {
    if (mc.kind === "to" || mc.kind === "tofrom" || mc.kind === "firstprivate" || mc.kind === "attach") e.reads |= side(mc);
    if (mc.kind === "from" || mc.kind === "tofrom") {
      e.writes |= side(mc);
      e.privateWritesOnly = false;
    }
  }
}

/** Bytes of an alloca slot of constant size taken as always fitting in the simulated
 *  memory (its out-of-memory fault is left out of mayFault; larger or unknown sizes are in). */
export const SMALL_ALLOCA_BYTES = 65536n;

/** An alloca that may not fit in the simulated memory: unknown or large size (a negative
 *  count faults too, but takes nothing). */
export function allocaMayExhaust(f: Function, inst: Inst): boolean {
  if (inst.kind !== "alloca") return false;
  const n = intConst(f, inst.count);
  return n === null || n * BigInt(sizeOf(inst.elemType)) > SMALL_ALLOCA_BYTES;
}

/** A pure instruction that may still fault: `unreachable`, an integer division or
 *  remainder whose divisor is not a constant that cannot fault, a `ptrdiff` of two values
 *  (pointers into different allocations), or an alloca whose count may be negative or its
 *  slot too large for the memory (out of memory). */
export function pureMayFault(f: Function, inst: Inst): boolean {
  if (inst.kind === "unreachable") return true;
  if (inst.kind === "ptrdiff") return inst.lhs !== inst.rhs;
  if (inst.kind === "alloca") {
    const n = intConst(f, inst.count);
    return allocaMayExhaust(f, inst) || (n !== null && n < 0n);
  }
  if (inst.kind !== "binary" || !BINARY_OP_INFO[inst.op].divides) return false;
  const signed = inst.op === "sdiv" || inst.op === "srem";
  const d = intConst(f, inst.rhs);
  if (d === null) {
    // `x | C` (C a non-zero constant) is not zero, and not -1 when x and C are not negative.
    const o = definingInst(f, inst.rhs);
    if (o?.kind !== "binary" || o.op !== "or") return true;
    const c = intConst(f, o.rhs);
    if (c === null || c === 0n) return true;
    if (!signed) return false;
    const r = indexRange(f, o.lhs);
    return !(c > 0n && r !== null && r[0] >= 0n);
  }
  if (d === 0n) return true;
  // x / -1 overflows for the minimum signed value
  return signed && bitWidth(inst.type) > 1 && normInt(inst.type, -1n) === d;
}

/** The value of an integer constant, null for anything else. */
function intConst(f: Function, v: ValueId): bigint | null {
  const c = constValue(f, v);
  return typeof c === "bigint" ? c : null;
}

/** The range [lo, hi] of an integer index, when a constant or `and` / `urem` by a
 *  non-negative constant bounds it; null otherwise. */
function indexRange(f: Function, v: ValueId): [bigint, bigint] | null {
  const c = intConst(f, v);
  if (c !== null) return [c, c];
  const b = definingInst(f, v);
  if (b?.kind !== "binary") return null;
  if (b.op === "and") {
    const m = intConst(f, b.rhs) ?? intConst(f, b.lhs);
    return m !== null && m >= 0n ? [0n, m] : null;
  }
  if (b.op === "urem") {
    const m = intConst(f, b.rhs);
    return m !== null && m > 0n ? [0n, m - 1n] : null;
  }
  return null;
}

/** Whether an access of `type` in `space` at `ptr` may fault: unless `ptr` is an alloca of f
 *  (in `local` space) or a global of that space, of constant size, or a `gep` of one by an
 *  index of known range, and the access lies within it. */
function accessMayFault(m: Module, f: Function, ptr: ValueId, type: Type, space: Space): boolean {
  let lo = 0n;
  let hi = 0n;
  let base = ptr;
  const g = definingInst(f, ptr);
  if (g?.kind === "gep") {
    const r = indexRange(f, g.index);
    if (r === null) return true;
    const el = BigInt(sizeOf(g.elemType));
    [lo, hi] = [r[0] * el, r[1] * el];
    base = g.ptr;
  }
  const d = f.values[base]!.def;
  let size: bigint;
  if (d.kind === "global") {
    const gl = m.globals[d.global];
    if (gl === undefined || gl.space !== space) return true;
    size = BigInt(sizeOf(gl.type) * gl.count);
  } else {
    const a = definingInst(f, base);
    if (a?.kind !== "alloca" || space !== (f.kind === "host" ? "host" : "local")) return true;
    const n = intConst(f, a.count);
    if (n === null) return true;
    size = BigInt(sizeOf(a.elemType)) * n;
  }
  return lo < 0n || hi + BigInt(sizeOf(type)) > size;
}

/** Whether inst names a `local` global of more than SMALL_ALLOCA_BYTES: a thread's copy is
 *  allocated at its first reference, which may run out of memory there (docs/RUNTIME.md). */
export function refsLargeLocalGlobal(m: Module, f: Function, inst: Inst): boolean {
  let large = false;
  forEachOperand(inst, (v) => {
    const d = f.values[v]?.def;
    if (d?.kind !== "global") return;
    const g = m.globals[d.global];
    if (g !== undefined && g.space === "local" && BigInt(sizeOf(g.type)) * BigInt(g.count) > SMALL_ALLOCA_BYTES) large = true;
  });
  return large;
}

/** Whether an operand of inst is a `local` global (its address differs per thread). */
export function namesLocalGlobal(m: Module, f: Function, inst: Inst): boolean {
  let named = false;
  forEachOperand(inst, (v) => {
    const d = f.values[v]?.def;
    if (d?.kind === "global" && m.globals[d.global]?.space === "local") named = true;
  });
  return named;
}

/** The effects of one instruction of `f`. */
export function instEffects(m: Module, f: Function, inst: Inst, env: InstEffectsEnv = {}): Effects {
  const e = instEffectsOf(m, f, inst, env);
  if (refsLargeLocalGlobal(m, f, inst)) e.mayFault = e.mayExhaust = true;
  return e;
}

function instEffectsOf(m: Module, f: Function, inst: Inst, env: InstEffectsEnv): Effects {
  const e = noEffects();
  if (isPure(inst)) {
    // the opcode table's effect class "none"
    e.mayExhaust = allocaMayExhaust(f, inst) || env.loopAllocas?.has(inst) === true;
    e.mayFault = e.mayExhaust || pureMayFault(f, inst);
    return e;
  }
  if (readsClock(inst)) return e; // reading the clock touches no memory and orders nothing
  switch (inst.kind) {
    case "load":
      e.reads = spaceBit(inst.space);
      e.localIndirect = inst.space === "local" && fromMemory(m, inst.ptr, env);
      e.mayFault = accessMayFault(m, f, inst.ptr, inst.type, inst.space);
      return e;
    case "store":
      e.writes = spaceBit(inst.space);
      e.privateWritesOnly = isPrivateWrite(inst.ptr, env);
      e.localIndirect = inst.space === "local" && fromMemory(m, inst.ptr, env);
      e.mayFault = accessMayFault(m, f, inst.ptr, inst.type, inst.space);
      return e;
    case "atomic":
    case "cmpxchg":
      e.reads = e.writes = spaceBit(inst.space);
      e.privateWritesOnly = isPrivateWrite(inst.ptr, env);
      e.mayAtomic = true;
      e.localIndirect = inst.space === "local" && fromMemory(m, inst.ptr, env);
      e.mayFault = accessMayFault(m, f, inst.ptr, inst.type, inst.space);
      return e;
    case "call":
      return atCallSite(m, f, calleeEffects(m, inst.callee, env), inst.args, env);
    case "call_indirect": {
      const d = f.values[inst.callee]?.def;
      if (d?.kind === "func") return atCallSite(m, f, calleeEffects(m, d.func, env), inst.args, env);
      if (inst.callees === undefined) return unknownEffects();
      // A declared callee set: one of them runs, or the call faults.
      e.mayTrap = true;
      e.mayFault = true;
      for (const g of inst.callees) joinEffects(e, calleeEffects(m, g, env));
      return atCallSite(m, f, e, inst.args, env);
    }
    case "print":
      e.mayPrint = true;
      return e;
    case "trap":
    case "exit":
      e.mayTrap = true;
      return e;
    case "omp.parallel": {
      const r = env.sequential ? noEffects() : atCallSite(m, f, calleeEffects(m, inst.region, env), inst.args, env);
      r.mayParallel = true;
      r.mayBarrier = true;
      return r;
    }
    case "omp.barrier":
      e.mayBarrier = true;
      return e;
    case "omp.alloc_shared":
    case "omp.free_shared":
      e.mayAllocShared = true;
      return e;
    case "objectsize":
      // The allocator's bookkeeping of any space (free changes it); no fault.
      e.reads = ALL_SPACES;
      e.privateWritesOnly = true;
      return e;
    case "omp.malloc":
    case "omp.free":
      // The allocator's state is global memory updated atomically (host memory for the host's
      // heap); free faults on a bad pointer.
      e.reads = e.writes = f.kind === "host" ? spaceBit("host") | spaceBit("global") : spaceBit("global");
      e.privateWritesOnly = false;
      e.mayAtomic = true;
      e.mayTrap = e.mayFault = inst.kind === "omp.free";
      return e;
    case "omp.shuffle_down":
      e.convergent = true;
      return e;
    case "omp.reverse_offload": {
      const host = calleeEffects(m, inst.callee, env);
      e.mayReverseOffload = true;
      e.mayDeferReverseOffload = inst.nowait;
      e.mayPrint = host.mayPrint;
      e.mayTrap = host.mayTrap;
      e.mayFault = true; // the host function's accesses, the maps
      const dev = (mc: MapClause) => pointerSpaces(m, f, mc.base, DEVICE_SPACES, env);
      mapEffects(e, inst.maps, dev);
      e.localIndirect = inst.maps.some((mc) => (dev(mc) & spaceBit("local")) !== 0 && fromMemory(m, mc.base, env));
      return e;
    }
    case "omp.target": {
      const k = calleeEffects(m, inst.kernel, env);
      e.mayLaunch = true;
      e.mayPrint = k.mayPrint;
      e.mayTrap = k.mayTrap;
      e.mayFault = true; // the kernel's faults, the maps
      e.callsUnknown = k.callsUnknown;
      const hostSide = (mc: MapClause) => pointerSpaces(m, f, mc.base, spaceBit("host"), env);
      mapEffects(e, inst.maps, hostSide);
      return e;
    }
    case "omp.taskwait":
    case "omp.target_is_present": // reads the present table that launches change
      e.mayLaunch = true;
      return e;
    case "omp.target_enter_data":
    case "omp.target_exit_data":
    case "omp.target_update": {
      e.mayLaunch = true;
      const hostSide = (mc: MapClause) => pointerSpaces(m, f, mc.base, spaceBit("host"), env);
      mapEffects(e, inst.maps, hostSide);
      return e;
    }
    default:
      return assertNever(inst);
  }
}

export interface ModuleEffects {
  /** The function's summary: its body's effects, or its declaration's. */
  summary(f: FuncId): Effects;
  /**
   * What a call to f may do outside the parallel regions it starts: the summary without the
   * regions' code (their start and end remain: parallel, barrier).
   */
  sequential(f: FuncId): Effects;
  /** One instruction's effects, with callees resolved through the summaries. */
  inst(f: Function, inst: Inst): Effects;
  /**
   * The effects of `f`'s instructions, one after another: the underlying objects of `f` are
   * traced once for the returned classifier and not kept in the analysis cache (a pass that
   * walks every kernel need not hold them all).
   */
  instsOf(f: Function): (inst: Inst) => Effects;
}

export function computeEffects(m: Module, am: AnalysisManager): ModuleEffects {
  const cg = am.getModule(CALL_GRAPH);
  const summaries: (Effects | undefined)[] = new Array(m.functions.length);
  const seqSummaries: (Effects | undefined)[] = new Array(m.functions.length);
  const envOf = (f: Function): InstEffectsEnv => ({ summary: (g) => summaries[g], underlying: am.get(UNDERLYING, f) });
  // Summaries trace each function's pointers once and drop them: caching them for every
  // function of the module would hold them all until the next invalidation.
  const transientEnv = (f: Function): InstEffectsEnv => ({ summary: (g) => summaries[g], underlying: computeUnderlying(f), loopAllocas: allocasInCycles(f) });
  const seqEnvOf = (f: Function): InstEffectsEnv => ({ summary: (g) => seqSummaries[g], underlying: computeUnderlying(f), sequential: true, loopAllocas: allocasInCycles(f) });

  const summarise = (f: Function, env: InstEffectsEnv): Effects => {
    if (isDeclaration(f)) return declarationEffects(f.attrs);
    const acc = noEffects();
    for (const b of f.layout) {
      const insts = f.blocks[b]!.insts;
      for (let i = 0; i < insts.length; i++) {
        const inst = f.insts[insts[i]!]!;
        // No effect (instEffects' first two cases), and most instructions: no object for them.
        if (isPure(inst) || readsClock(inst)) {
          if (!acc.mayExhaust && (allocaMayExhaust(f, inst) || env.loopAllocas?.has(inst) === true || refsLargeLocalGlobal(m, f, inst))) acc.mayFault = acc.mayExhaust = true;
          if (!acc.mayFault && pureMayFault(f, inst)) acc.mayFault = true;
          continue;
        }
        joinEffects(acc, instEffects(m, f, inst, env));
      }
    }
    return acc;
  };

  // The sequential summary of a region's caller never needs the region's summary, so the two
  // fixpoints are independent.
  for (const [table, envFor] of [[summaries, transientEnv], [seqSummaries, seqEnvOf]] as const) {
    for (const scc of cg.sccs) {
      if (scc.length === 1 && !cg.isRecursive(scc[0]!)) {
        // Reads only its callees' final summaries: one pass is the fixpoint.
        const f = m.functions[scc[0]!]!;
        table[f.id] = summarise(f, envFor(f));
        continue;
      }
      // A call into a recursion may run out of simulated call stack (an out-of-memory fault
      // at the call, docs/RUNTIME.md): barrier-elim keeps the barrier ordering it.
      for (const id of scc) table[id] = isDeclaration(m.functions[id]!) ? declarationEffects(m.functions[id]!.attrs) : { ...noEffects(), mayFault: true, mayExhaust: true };
      let changed = true;
      while (changed) {
        changed = false;
        for (const id of scc) {
          const f = m.functions[id]!;
          const next = joinEffects(summarise(f, envFor(f)), table[id]!);
          if (!sameEffects(next, table[id]!)) {
            table[id] = next;
            changed = true;
          }
        }
      }
    }
  }
  // Most functions share one of a few summaries: keep one frozen object per distinct value
  // (the cache holds two per function for a whole run of passes otherwise).
  const distinct = new Map<number, Effects>();
  const share = (e: Effects | undefined): Effects | undefined => {
    if (e === undefined) return undefined;
    const key = effectsKey(e);
    let shared = distinct.get(key);
    if (shared === undefined) {
      shared = Object.freeze(e);
      distinct.set(key, shared);
    }
    return shared;
  };
  for (let i = 0; i < summaries.length; i++) {
    summaries[i] = share(summaries[i]);
    seqSummaries[i] = share(seqSummaries[i]);
  }
  return {
    summary: (f) => summaries[f] ?? unknownEffects(),
    sequential: (f) => seqSummaries[f] ?? unknownEffects(),
    inst: (f, inst) => instEffects(m, f, inst, envOf(f)),
    instsOf: (f) => {
      const env = transientEnv(f);
      return (inst) => instEffects(m, f, inst, env);
    },
  };
}

export const EFFECTS = moduleAnalysis<ModuleEffects>("effects", (m, am) => computeEffects(m, am));

/** e.g. `reads(global) writes(local) private-writes parallel barrier`; `none` if empty. */
export function formatEffects(e: Effects): string {
  const parts: string[] = [];
  if (e.reads) parts.push(`reads(${spaceList(e.reads).join(",")})`);
  if (e.writes) parts.push(`writes(${spaceList(e.writes).join(",")})`);
  if (e.writes && e.privateWritesOnly) parts.push("private-writes");
  if (e.callsUnknown) parts.push("calls-unknown");
  if (e.mayParallel) parts.push("parallel");
  if (e.mayReverseOffload) parts.push("reverse-offload");
  if (e.mayDeferReverseOffload && !e.callsUnknown) parts.push("nowait-reverse-offload");
  if (e.mayBarrier) parts.push("barrier");
  if (e.mayPrint) parts.push("print");
  if (e.mayAtomic) parts.push("atomic");
  if (e.mayTrap) parts.push("trap");
  if (e.mayLaunch) parts.push("launch");
  if (e.mayAllocShared) parts.push("alloc-shared");
  if (e.convergent) parts.push("convergent");
  if (e.localIndirect && !e.callsUnknown) parts.push("local-indirect");
  // mayFault is not printed: nearly every function that touches memory may fault.
  return parts.length ? parts.join(" ") : "none";
}
