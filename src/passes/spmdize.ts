// spmdize: late SPMD-ization of generic-mode kernels (the 2019 cfe-dev RFC "OpenMP: SPMD-ize
// generic kernels"; LLVM OpenMPOpt's AAKernelInfo, which decides whether a kernel can run in
// SPMD mode, and insertInstructionGuardsHelper, which guards its side effects so that only
// the main thread runs them).
//
// requires: verified module; best after inline, simplify and mem2reg (it sees only what the
//   kernel's own body and its callees' summaries show).
// preserves: nothing (kernels change mode, blocks split, globals and functions are added).
//
// For each generic kernel the sequential part (the code the main thread runs outside
// parallel regions) is classified instruction by instruction (InstClass in guard.ts):
// - blockers make SPMD-ization impossible: an indirect call specialize-indirect left, a call
//   whose body is unknown and not described as safe or that may synchronise (OMP121,
//   suggesting assume("ompx_spmd_amenable")), a thread query no clone can fold
//   (thread-queries.ts), a warp shuffle (directly or in a callee; convergent code is never
//   guarded). Only real blockers get OMP121; code inside parallel regions never
//   is one (every thread runs it in both modes: the effects' `sequential` summaries).
//   Stores, prints, reverse offloads and guardable calls are guarded, not reported.
// - read-only calls no write can race with run on every thread (replicateReadOnlyCalls);
//   allocations left by deglobalize join neighbouring guarded code (attachAllocations).
// - thread queries become what the main thread of a generic kernel sees: thread_num 0,
//   num_threads 1, hw_thread_id 0 — in the kernel and in clones (`@f.seq`) of the helpers
//   it reaches (thread-queries.ts), so that the original helpers stay correct for their
//   other callers. Amenable callees (assume("ompx_spmd_amenable")) run as written.
// - a helper that itself reaches a parallel region or barrier is cloned (`@f.spmd`) and
//   SPMD-ized the same way, instead of giving up because other kernels call it in another
//   mode; a recursive one too (its clone calls the clone; guard.ts knows recursive calls
//   re-enter its regions).
// - reads of memory that is not thread-private are guarded too and their values broadcast,
//   so replicated code only computes from uniform inputs: kernel arguments, constants,
//   team queries, broadcast values and each thread's identical private copies. That makes
//   every branch condition and parallel-region argument outside guards uniform by
//   construction, and removes the write-after-read race that replicating such a load would
//   open (a slow thread reading after thread 0's guarded write).
// - allocas (teamAllocas): in generic mode the sequential part's allocas are the main thread's.
//   One stays per thread (every thread runs it and keeps an identical copy) only while
//   nothing can tell the copies apart: every write to it runs on every thread, its address
//   never reaches other threads or a block parameter (a value a guard could broadcast), and
//   it is small and allocated once. Any other alloca stays one copy, the main thread's: thread 0
//   allocates it inside a guard, its address is broadcast, and every access outside parallel
//   regions is guarded — exactly what generic mode does (docs/LANGUAGE.md, "Allocas shared
//   with the team"). Pointers into per-thread copies are computed on every thread ("all"),
//   never inside a guarded region, so they are never broadcast.
// A kernel that reaches no parallel region and no barrier is run by thread 0 alone (the
// others return at once) and needs no guards, like LLVM's forceSingleThreadPerWorkgroup.

import { appendBlock, cloneFunction as cloneFunctionInto, createBlock, prependBlock, removeInstAt } from "../ir/edit.js";
import type { Function, Inst, Module } from "../ir/ir.js";
import { addBlock, addConst, addValue, appendInst, createInst, forEachInst, forEachOperand, isDeclaration, replaceAllUses, successors } from "../ir/ir.js";
import { isConvergent, isHostOnly, isPure, isTerminator, readsClock } from "../ir/opcodes.js";
import type { SrcLoc } from "../ir/loc.js";
import { srcLine } from "../ir/loc.js";
import { remark } from "../ir/remarks.js";
import type { BlockId, FuncId, InstId, ValueId } from "../ir/types.js";
import { NO_VALUE, assertNever, sizeOf } from "../ir/types.js";
import type { CallGraph } from "./callgraph.js";
import { CALL_GRAPH } from "./callgraph.js";
import type { Effects } from "./effects.js";
import { EFFECTS, declarationEffects, hasSideEffects, namesLocalGlobal, spaceBit } from "./effects.js";
import type { GuardResult, GuardScheme, InstClass } from "./guard.js";
import { emitIsMain, guardFunction } from "./guard.js";
import type { PassContext, PassResult } from "./manager.js";
import type { ThreadQueries } from "./thread-queries.js";
import { AMENABLE, SEQ_QUERY_VALUE, computeThreadQueries, isAmenable } from "./thread-queries.js";
import type { UnderlyingInfo, UnderlyingObject } from "./underlying.js";
import { UNDERLYING } from "./underlying.js";
import { comparesPointers, uniformAllocations } from "./uniform-alloc.js";

const PASS = "spmdize";

interface Blocker {
  loc: SrcLoc;
  message: string;
}

/** What the pass did to one function (kernel or cloned helper). */
interface Outcome {
  guard: GuardResult | null;
  singleThread: boolean;
  naiveRegions: number;
}

interface State {
  ctx: PassContext;
  m: Module;
  effects: { summary(f: FuncId): Effects; sequential(f: FuncId): Effects };
  recursive(f: FuncId): boolean;
  /** Whether a call from original function `from` to original `to` may come back to `from`. */
  sameScc(from: FuncId, to: FuncId): boolean;
  /** The original of each clone made (a clone's calls are classified by the originals'). */
  originals: Map<FuncId, FuncId>;
  scheme: GuardScheme;
  /** Clones made: original id → clone id, per flavour. */
  seqClones: Map<FuncId, FuncId>;
  spmdClones: Map<FuncId, FuncId>;
  /** Which original functions read thread queries (computed before any clone is added). */
  queries: ThreadQueries;
  /** Functions that may use a `local` global, directly or through calls. */
  localGlobalUsers: Set<FuncId>;
  /** Per kernel, the largest constant `threads(N)` of its launches (null: one is unknown). */
  teamSizes?: Map<FuncId, number | null>;
  /** Per original function, the most stack bytes a call of it may hold at once (computed on
   *  first use; see callStackBytes). */
  stackBytes?: Float64Array;
  /** The call graph of the module as the pass found it (before any clone). */
  cg: CallGraph;
  /** Whether device code compares pointers (uniform-alloc.ts), scanned once per run when an
   *  allocation first asks: spmdize's clones and guards compare no pointers. */
  comparesPointers?: boolean;
  cloned: number;
}

export function spmdize(ctx: PassContext): PassResult {
  const m = ctx.module;
  const eff = ctx.analyses.getModule(EFFECTS);
  const cg = ctx.analyses.getModule(CALL_GRAPH);
  const scheme = guardSchemeOption(ctx.options["guard-scheme"] ?? ctx.options.guardScheme);
  const st: State = {
    ctx, m, effects: eff, recursive: (f) => cg.isRecursive(f), scheme,
    sameScc: (a, b) => cg.isRecursive(a) && cg.sccOf(a) === cg.sccOf(b), originals: new Map(),
    seqClones: new Map(), spmdClones: new Map(), queries: computeThreadQueries(m),
    localGlobalUsers: localGlobalUsers(m), cloned: 0, cg,
  };
  // Converted kernels; the clones are appended functions, verified as such.
  const changedFunctions: Function[] = [];
  const kernels = m.functions.filter((f) => f.kind === "kernel" && f.mode === "generic" && !isDeclaration(f));
  for (const k of kernels) {
    const blockers = findBlockers(st, k, new Set());
    if (blockers.length > 0) {
      for (const b of blockers) ctx.remarks.emit(remark("analysis", PASS, "OMP121", k.name, b.loc, b.message));
      ctx.remarks.emit(remark("missed", PASS, "spmdize.not-converted", k.name, k.loc,
        `Kernel @${k.name} stays in generic mode: ${blockers.length} side effect${blockers.length > 1 ? "s" : ""} cannot be guarded`,
        { blockers: blockers.length }));
      ctx.stats.bump(PASS, "kernels left in generic mode");
      continue;
    }
    const clonesBefore = st.cloned;
    const out = transformSequential(st, k);
    k.mode = "spmd";
    k.stateMachine = null; // SPMD kernels have no workers to dispatch
    changedFunctions.push(k);
    ctx.stats.bump(PASS, "kernels converted to SPMD mode");
    ctx.remarks.emit(remark("passed", PASS, "OMP120", k.name, k.loc, "Transformed generic-mode kernel to SPMD-mode."));
    summarise(st, k, out, st.cloned - clonesBefore);
  }
  const changed = changedFunctions.length > 0;
  return { changed, preserves: changed ? "none" : "all", changedFunctions };
}

/** The guard schemes `--guard-scheme` accepts; null with the reason for anything else. */
export function parseGuardScheme(v: string): { scheme: GuardScheme } | { error: string } {
  if (v === "auto" || v === "branch" || v === "naive" || v === "mask") return { scheme: v };
  return { error: `unknown guard scheme '${v}' (expected auto, branch, mask or naive)` };
}

function guardSchemeOption(v: unknown): GuardScheme {
  if (v === undefined) return "auto";
  const r = parseGuardScheme(String(v));
  if ("error" in r) throw new Error(`spmdize: ${r.error}`);
  return r.scheme;
}

// ---------------------------------------------------------------------------------------
// Decision

/** Real blockers in f's sequential code and in the helpers it would have to clone. */
function findBlockers(st: State, f: Function, visiting: Set<FuncId>): Blocker[] {
  const out: Blocker[] = [];
  visiting.add(f.id);
  const under = st.ctx.analyses.get(UNDERLYING, f);
  const localGlobal = (v: ValueId): string | null => {
    if (f.values[v]!.type !== "ptr") return null;
    for (const o of under.objects(v)) if (o.kind === "global" && st.m.globals[o.global]!.space === "local") return st.m.globals[o.global]!.name;
    return null;
  };
  const escapes = (inst: Inst, vs: readonly ValueId[], where: string): void => {
    for (const v of vs) {
      const g = localGlobal(v);
      if (g !== null) out.push({ loc: inst.loc, message: `The address of the local global @${g} ${where}: in generic mode every thread would see the main thread's copy, after SPMD-ization each its own.` });
    }
  };
  forEachInst(f, (inst) => {
    // Each thread's `local` globals are its own: an address that leaves the thread names
    // the main thread's copy in generic mode, which SPMD code cannot reproduce.
    switch (inst.kind) {
      case "omp.parallel": escapes(inst, inst.args, `is passed to the parallel region @${st.m.functions[inst.region]!.name}`); break;
      case "store": escapes(inst, [inst.value], "is stored to memory"); break;
      case "atomic": escapes(inst, [inst.value], "is stored to memory"); break;
      case "cmpxchg": escapes(inst, [inst.expected, inst.desired], "is stored to memory"); break;
      case "call": escapes(inst, inst.args, `is passed to @${st.m.functions[inst.callee]!.name}`); break;
      case "call_indirect": escapes(inst, inst.args, "is passed to an indirect call"); break;
      case "omp.reverse_offload": escapes(inst, inst.args, "is passed to a host function"); break;
      case "ret": if (inst.value !== NO_VALUE) escapes(inst, [inst.value], "is returned"); break;
      default: break;
    }
    // A shuffle's result depends on which lanes run it together; guards never take one.
    if (isConvergent(inst)) {
      out.push({ loc: inst.loc, message: "Value has potential side effects preventing SPMD-mode execution (a warp shuffle outside parallel regions, which is never guarded)." });
      return;
    }
    const c = classifyCall(st, inst);
    if (c === null) {
      if (inst.kind === "call_indirect" && !alwaysFaults(inst)) {
        const what = inst.callees === undefined ? "an indirect call to unknown code" : `an indirect call to one of ${inst.callees.length} functions, more than specialize-indirect turns into direct calls`;
        out.push({ loc: inst.loc, message: `Value has potential side effects preventing SPMD-mode execution (${what}).` });
      }
      return;
    }
    if (c.kind === "blocker") out.push({ loc: inst.loc, message: c.message });
    else if (c.kind === "sync" && inst.kind === "call" && !visiting.has(inst.callee)) {
      for (const b of findBlockers(st, st.m.functions[inst.callee]!, visiting)) out.push(b);
    }
  });
  visiting.delete(f.id);
  return out;
}

type CallClass = { kind: InstClass } | { kind: "blocker"; message: string };

/** An indirect call with an empty callee set: reaching it faults (specialize-indirect's fallback). */
function alwaysFaults(inst: Inst): boolean {
  return inst.kind === "call_indirect" && inst.callees !== undefined && inst.callees.length === 0;
}

/** How a call in sequential code runs in SPMD mode (null: not a call). */
function classifyCall(st: State, inst: Inst): CallClass | null {
  if (inst.kind !== "call") return null;
  const g = st.m.functions[inst.callee]!;
  if (isAmenable(g)) {
    // Run as written on every thread; a result that may differ per thread cannot replace
    // the generic main thread's.
    if (inst.result !== NO_VALUE && st.queries.readsThreadId(g.id)) {
      return { kind: "blocker", message: `The result of @${g.name}, assumed ${AMENABLE}, may depend on the calling thread (it reads omp.hw_thread_id); in generic mode only the main thread computed it.` };
    }
    if (inst.result !== NO_VALUE && st.queries.namesLocalGlobal(g.id)) {
      return { kind: "blocker", message: `The result of @${g.name}, assumed ${AMENABLE}, may depend on the calling thread (it names a \`local\` global, each thread's own); in generic mode only the main thread computed it.` };
    }
    return { kind: "all" };
  }
  const suggest = `Value has potential side effects preventing SPMD-mode execution. Add \`assume("${AMENABLE}")\` to the called function @${g.name} to override.`;
  if (isDeclaration(g)) {
    const a = g.attrs;
    const e = declarationEffects(a);
    // A guarded call runs on thread 0 only, and a pure one may be too (inside a region): one
    // that may synchronise (a barrier, which in generic mode's sequential part waits for
    // nobody; `readnone` or `readonly` alone does not exclude it) can be neither.
    if (e.callsUnknown || e.mayBarrier || e.mayParallel) {
      const why = e.callsUnknown ? "" : " (it is not described as `nosync` or `assume(\"omp_no_openmp\")`, so it may synchronise)";
      return { kind: "blocker", message: suggest + why };
    }
    return { kind: a.readnone ? "pure" : "guard" };
  }
  // Code inside the parallel regions it starts runs on every thread in both modes: only the
  // sequential part's unknown code blocks.
  if (st.effects.sequential(g.id).callsUnknown) return { kind: "blocker", message: `${suggest} (@${g.name} calls unknown code outside parallel regions)` };
  if (st.effects.sequential(g.id).convergent) return { kind: "blocker", message: `${suggest} (@${g.name} runs a warp shuffle outside parallel regions, which is never guarded)` };
  const s = st.effects.summary(g.id);
  // A recursive helper is cloned like any other (the clone calls itself); guard.ts knows the
  // recursive call re-enters its regions.
  if (s.mayParallel || s.mayBarrier) return { kind: "sync" };
  const unfoldable = st.queries.unfoldable(g.id);
  if (unfoldable !== null) return { kind: "blocker", message: `Thread queries reached through @${g.name} cannot be folded to the main thread's values: ${unfoldable}.` };
  // Reads of `local` memory are per-thread-identical only for the callee's own allocas; a
  // `local` global is each thread's own copy, which the main thread may have written alone.
  // A callee that may take more memory than there is (a large alloca, one on a loop, a
  // recursion), or a frame over REPLICATED_STACK_BYTES, would take it once per thread of
  // every team: the main thread's one call only.
  if (hasSideEffects(s) || s.mayExhaust || !smallStack(st, g.id) || (s.reads & ~spaceBit("local")) !== 0 || st.localGlobalUsers.has(g.id)) return { kind: "guard" };
  return { kind: "pure" };
}

/** The most stack a call replicated on every thread may take on each (CUDA's default
 *  per-thread stack, cudaLimitStackSize): replication takes it once per thread of every
 *  team where generic mode took it once per team, so a larger frame runs guarded. */
export const REPLICATED_STACK_BYTES = 1024;

/** The memory an alloca of `bytes` takes: a block of the next power of two, at least 8
 *  bytes (docs/RUNTIME.md, "Memory limits"); nothing for a count of 0 or less. */
function slotBytes(bytes: number): number {
  return bytes <= 0 ? 0 : Math.max(8, 2 ** Math.ceil(Math.log2(bytes)));
}

/** Whether a call of g holds at most REPLICATED_STACK_BYTES of allocas at any time. */
function smallStack(st: State, g: FuncId): boolean {
  st.stackBytes ??= callStackBytes(st.m, st.cg);
  return st.stackBytes[st.originals.get(g) ?? g]! <= REPLICATED_STACK_BYTES;
}

/**
 * The most bytes of allocas a call of each function may hold at once: its own allocas (each
 * a block of the next power of two, at least 8 bytes, as the simulator allocates them) plus
 * the deepest callee's. Infinity for an alloca of unknown size, a recursion or an indirect
 * call of an unknown callee. An alloca on a loop counts once (mayExhaust guards those).
 * Computed over the SCCs callees first; a callee not yet known counts as unbounded.
 */
function callStackBytes(m: Module, cg: CallGraph): Float64Array {
  const bytes = new Float64Array(m.functions.length).fill(Infinity);
  const done = new Uint8Array(m.functions.length);
  for (const scc of cg.sccs) {
    for (const id of scc) {
      const f = m.functions[id]!;
      done[id] = 1;
      if (f.kind === "host" || cg.isRecursive(id)) continue;
      let own = 0;
      let deepest = 0;
      const via = (g: FuncId) => (deepest = Math.max(deepest, done[g] ? bytes[g]! : Infinity));
      forEachInst(f, (inst) => {
        if (inst.kind === "alloca") {
          const d = f.values[inst.count]!.def;
          const n = d.kind === "const" && typeof d.value === "bigint" ? Number(d.value) * sizeOf(inst.elemType) : Infinity;
          own += slotBytes(n);
        } else if (inst.kind === "call") via(inst.callee);
        else if (inst.kind === "call_indirect") {
          const c = f.values[inst.callee]!.def;
          if (c.kind === "func") via(c.func);
          else if (inst.callees !== undefined) for (const g of inst.callees) via(g);
          else deepest = Infinity;
        }
      });
      bytes[id] = isDeclaration(f) ? 0 : own + deepest;
    }
  }
  return bytes;
}

/** Functions whose code (or a direct callee's, transitively) names a `local` global. */
function localGlobalUsers(m: Module): Set<FuncId> {
  const users = new Set<FuncId>();
  if (!m.globals.some((g) => g.space === "local")) return users; // no walk of the module
  const callers = new Map<FuncId, FuncId[]>();
  for (const f of m.functions) {
    forEachInst(f, (inst) => {
      forEachOperand(inst, (v) => {
        const d = f.values[v]!.def;
        if (d.kind === "global" && m.globals[d.global]!.space === "local") users.add(f.id);
      });
      if (inst.kind === "call") {
        const cs = callers.get(inst.callee);
        if (cs === undefined) callers.set(inst.callee, [f.id]);
        else cs.push(f.id);
      }
    });
  }
  const work = [...users];
  while (work.length > 0) {
    for (const c of callers.get(work.pop()!) ?? []) {
      if (!users.has(c)) {
        users.add(c);
        work.push(c);
      }
    }
  }
  return users;
}

/** What classify needs to know about f's memory: which allocas every thread keeps a copy of. */
interface PrivateMemory {
  /** Every object `v` may point into is an alloca of f each thread has its own copy of. */
  perThread(v: ValueId): boolean;
  /** `v` may point into a per-thread alloca. */
  intoPerThread(v: ValueId): boolean;
  /** The alloca instruction `id` stays per thread. */
  replicated(id: InstId): boolean;
  /** Emits a remark at each alloca kept as one copy (only where guards are built). */
  report(): void;
}

/** The class of one instruction of a function being SPMD-ized (queries already rewritten). */
function classify(st: State, f: Function, inst: Inst, id: InstId, mem: PrivateMemory): InstClass {
  const c = classifyInst(st, f, inst, id, mem);
  // A `local` global's address is each thread's own copy's (and naming it allocates that
  // copy): replicated, a thread would compare thread 0's broadcast pointer with its own, or
  // take a copy the main thread alone took. Thread 0 computes it; the value is broadcast.
  return c === "pure" && namesLocalGlobal(st.m, f, inst) ? "guard" : c;
}


function classifyInst(st: State, f: Function, inst: Inst, id: InstId, mem: PrivateMemory): InstClass {
  if (inst.kind === "gep" || inst.kind === "select") {
    // Pointers into per-thread copies are computed by every thread, never broadcast.
    return inst.result !== NO_VALUE && mem.intoPerThread(inst.result) ? "all" : "pure";
  }
  if (inst.kind === "alloca") {
    // The main thread's one copy is allocated once, by thread 0, and its address broadcast.
    return mem.replicated(id) ? "all" : "guard";
  }
  if (isPure(inst)) return "pure"; // the opcode table's effect class "none"
  // The main thread's reading, broadcast: replicated, each thread would read its own clock.
  if (readsClock(inst)) return "guard";
  if (isHostOnly(inst)) throw new Error(`internal error: ${inst.kind} in device code of @${f.name}`);
  switch (inst.kind) {
    case "load":
      return mem.perThread(inst.ptr) ? "pure" : "guard";
    case "store":
    case "atomic":
    case "cmpxchg":
      return mem.perThread(inst.ptr) ? "all" : "guard";
    case "call": {
      const c = classifyCall(st, inst)!;
      if (c.kind === "blocker") throw new Error(`internal error: blocker in @${f.name} after the decision`);
      // A callee that touches memory through a pointer argument reaches memory that is not
      // per thread (teamAllocas keeps no per-thread alloca passed to such a call): thread 0 only.
      if (c.kind === "pure" && touchesMemory(st, inst.callee) && inst.args.some((a) => f.values[a]!.type === "ptr")) return "guard";
      return c.kind;
    }
    case "print":
    case "trap":
    case "omp.reverse_offload":
    case "omp.alloc_shared":
    case "omp.free_shared":
    case "omp.malloc": // once, by thread 0; its pointer broadcast
    case "omp.free":
    case "objectsize": // the main thread's reading of the allocator, in order with its frees
      return "guard";
    case "omp.parallel":
    case "omp.barrier":
      return "sync";
    case "omp.shuffle_down":
      throw new Error(`internal error: a warp shuffle in the sequential part of @${f.name} after the decision`);
    case "call_indirect":
      // Only the fallback that always faults gets here (any other is a blocker).
      if (alwaysFaults(inst)) return "guard";
      throw new Error(`internal error: ${inst.kind} in the sequential part of @${f.name} after the decision`);
    default:
      return assertNever(inst);
  }
}

// ---------------------------------------------------------------------------------------
// Read-only calls on every thread

/**
 * Whether a call to g only reads memory every thread sees alike and has no other effect: a
 * body whose summary has no visible write, output, trap, synchronisation or unknown code,
 * that reads no `local` memory (it could be thread 0's one-copy alloca, which barrier-elim
 * treats as private) and no `local` global (each thread's own). A declaration stays
 * guarded: calling one always faults in the simulator, and on every thread the first warp
 * there would report it, maybe not as thread 0 (docs/SPMDIZE.md).
 */
function readOnlyCallee(st: State, g: FuncId): boolean {
  const fn = st.m.functions[g]!;
  if (isDeclaration(fn) || isAmenable(fn) || st.localGlobalUsers.has(g)) return false;
  const s = st.effects.summary(g);
  return (s.writes === 0 || s.privateWritesOnly) && (s.reads & spaceBit("local")) === 0 && !s.callsUnknown && !s.mayParallel && !s.convergent &&
    !s.mayBarrier && !s.mayReverseOffload && !s.mayPrint && !s.mayAtomic && !s.mayTrap && !s.mayLaunch && !s.mayAllocShared && !s.mayExhaust && smallStack(st, g);
}

/** Whether an instruction of the sequential part may write memory other threads can read. */
function writesShared(st: State, inst: Inst, c: InstClass): boolean {
  switch (inst.kind) {
    case "store":
    case "atomic":
    case "cmpxchg":
      return c !== "all"; // "all" stores go to each thread's own copy
    case "call": {
      const fn = st.m.functions[inst.callee]!;
      const e = isDeclaration(fn) ? declarationEffects(fn.attrs) : st.effects.summary(inst.callee);
      return (e.writes !== 0 && !e.privateWritesOnly) || e.callsUnknown || e.mayAtomic || e.mayAllocShared || e.mayReverseOffload || e.mayLaunch;
    }
    case "omp.reverse_offload":
    case "omp.alloc_shared":
    case "omp.free_shared":
    case "omp.malloc":
    case "omp.free":
      return true;
    default:
      return false;
  }
}

/**
 * A guarded call to a read-only callee runs on every thread instead (class "all", no guard,
 * no broadcast) when no write another thread could see may happen while any thread runs it:
 * between the barriers around it (a barrier or parallel region start, on every path back
 * and forth), no guarded write follows it, and no write that every thread runs (an amenable
 * call) precedes or follows it. Guarded writes before it are no danger: their region ends
 * in a barrier, which barrier-elim keeps (the call reads shared or global memory after it).
 * Its arguments are uniform: sequential code outside guards computes only uniform values
 * (docs/SPMDIZE.md), and a per-thread alloca passed to a memory-touching call is one copy.
 * In a helper's clone the window reaches past its entry and returns into unknown callers:
 * there the call stays guarded. LLVM runs every read-only call on every thread unchecked.
 */
function replicateReadOnlyCalls(st: State, f: Function, cls: InstClass[]): void {
  const kernel = f.kind === "kernel";
  const stops = (inst: Inst) => inst.kind === "omp.barrier" || inst.kind === "omp.parallel";
  const preds = new Map<BlockId, BlockId[]>();
  for (const b of f.layout) for (const s of succBlocks(f, b)) (preds.get(s) ?? preds.set(s, []).get(s)!).push(b);
  const entry = f.layout[0]!;
  // Scans from (b, i) in one direction until a barrier; false if a forbidden write is met.
  const quiet = (b0: BlockId, i0: number, dir: 1 | -1, forbidden: (inst: Inst, c: InstClass) => boolean): boolean => {
    const seen = new Set<BlockId>();
    const work: [BlockId, number][] = [[b0, i0 + dir]];
    while (work.length > 0) {
      const [b, start] = work.pop()!;
      const insts = f.blocks[b]!.insts;
      let stopped = false;
      for (let i = start; i >= 0 && i < insts.length; i += dir) {
        const inst = f.insts[insts[i]!]!;
        if (stops(inst)) {
          stopped = true;
          break;
        }
        if (forbidden(inst, cls[insts[i]!] ?? "pure")) return false;
      }
      if (stopped) continue;
      const next = dir === 1 ? succBlocks(f, b) : (preds.get(b) ?? []);
      // A helper's window goes on in its caller, which this pass cannot see.
      if (!kernel && (dir === 1 ? next.length === 0 && f.insts[insts[insts.length - 1]!]!.kind === "ret" : b === entry)) return false;
      for (const n of next) {
        if (seen.has(n)) continue;
        seen.add(n);
        work.push([n, dir === 1 ? 0 : f.blocks[n]!.insts.length - 1]);
      }
    }
    return true;
  };
  const everyThreadWrites = (inst: Inst, c: InstClass) => c !== "guard" && writesShared(st, inst, c);
  const anyWrite = (inst: Inst, c: InstClass) => writesShared(st, inst, c);
  for (const b of f.layout) {
    f.blocks[b]!.insts.forEach((id, i) => {
      const inst = f.insts[id]!;
      if (cls[id] !== "guard" || inst.kind !== "call" || !readOnlyCallee(st, inst.callee)) return;
      if (!quiet(b, i, 1, anyWrite) || !quiet(b, i, -1, everyThreadWrites)) return;
      cls[id] = "all";
      st.ctx.remarks.emit(remark("analysis", PASS, "spmdize.readonly-call", f.name, inst.loc,
        `Read-only call to @${st.m.functions[inst.callee]!.name} runs on every thread, unguarded: no write other threads can see may happen between the barriers around it`));
      st.ctx.stats.bump(PASS, "read-only calls run by every thread");
    });
  }
}

// ---------------------------------------------------------------------------------------
// Allocations next to other guarded code

/**
 * An `omp.alloc_shared` or `omp.free_shared` left in the sequential part (OMP112) moves next
 * to the nearest other guarded instruction, so that it runs inside that region instead of a
 * region (check, barrier, broadcast) of its own. It moves over code that runs the same number
 * of times (within a block, and across an unconditional `br` into a block with no other
 * predecessor): pure instructions and every-thread instructions that are not calls (allocas,
 * per-thread stores), none of which allocates, frees or touches team-shared memory. It never
 * moves over a use of its result (an allocation) or a definition of its operands, so the
 * program allocates and frees the same storage in the same order; only code that cannot see
 * the storage runs earlier or later relative to it. Prefers the region before it.
 */
function attachAllocations(st: State, f: Function, cls: InstClass[]): void {
  const blockOf = new Map<InstId, BlockId>();
  const preds = new Map<BlockId, BlockId[]>();
  for (const b of f.layout) {
    for (const id of f.blocks[b]!.insts) blockOf.set(id, b);
    for (const s of succBlocks(f, b)) (preds.get(s) ?? preds.set(s, []).get(s)!).push(b);
  }
  const isAlloc = (inst: Inst) => inst.kind === "omp.alloc_shared" || inst.kind === "omp.free_shared";
  const candidates: InstId[] = [];
  forEachInst(f, (inst, id) => {
    if (isAlloc(inst) && cls[id] === "guard") candidates.push(id);
  });
  for (const x of candidates) {
    const inst = f.insts[x]!;
    const ops = new Set<ValueId>();
    forEachOperand(inst, (v) => ops.add(v));
    // May x move over instruction `id`? Not if it is guarded, synchronises, calls, or is tied to x.
    const skippable = (id: InstId, dir: 1 | -1): boolean => {
      const other = f.insts[id]!;
      const c = cls[id] ?? "pure";
      if (c === "guard" || c === "sync" || other.kind === "call" || other.kind === "call_indirect" || isTerminator(other) || isAlloc(other)) return false;
      if (dir === -1 && other.result !== NO_VALUE && ops.has(other.result)) return false; // defines an operand of x
      let uses = false;
      forEachOperand(other, (v) => (uses ||= v === inst.result && inst.result !== NO_VALUE));
      return !(dir === 1 && uses); // an allocation's result is used there
    };
    // The place next to the nearest guarded instruction in direction dir, or null.
    const find = (dir: 1 | -1): { block: BlockId; index: number; next: InstId } | null => {
      let b = blockOf.get(x)!;
      let i = f.blocks[b]!.insts.indexOf(x) + dir;
      for (let steps = 0; steps < f.layout.length; steps++) {
        const insts = f.blocks[b]!.insts;
        for (; i >= 0 && i < insts.length; i += dir) {
          const id = insts[i]!;
          const other = f.insts[id]!;
          if (cls[id] === "guard" && !isAlloc(other) && !isTerminator(other)) return { block: b, index: dir === -1 ? i + 1 : i, next: id };
          if (!skippable(id, dir)) return null;
        }
        // Continue into a control-equivalent neighbour: one `br` edge, one predecessor.
        if (dir === 1) {
          const t = f.insts[insts[insts.length - 1]!]!;
          if (t.kind !== "br" || t.target === b || (preds.get(t.target) ?? []).length !== 1) return null;
          if (t.args.some((a) => a === inst.result)) return null;
          b = t.target;
          i = 0;
        } else {
          const ps = preds.get(b) ?? [];
          const p = ps[0];
          if (ps.length !== 1 || p === undefined || p === b || f.insts[f.blocks[p]!.insts.at(-1)!]!.kind !== "br") return null;
          if (f.blocks[b]!.params.some((v) => ops.has(v))) return null;
          b = p;
          i = f.blocks[p]!.insts.length - 2; // before its terminator
        }
      }
      return null;
    };
    const to = find(-1) ?? find(1);
    if (to === null) continue;
    const from = blockOf.get(x)!;
    const insts = f.blocks[from]!.insts;
    const at = insts.indexOf(x);
    if (to.block === from && (to.index === at || to.index === at + 1)) continue; // already next to it
    insts.splice(at, 1);
    const index = to.block === from && at < to.index ? to.index - 1 : to.index;
    f.blocks[to.block]!.insts.splice(index, 0, x);
    blockOf.set(x, to.block);
    st.ctx.remarks.emit(remark("analysis", PASS, "spmdize.alloc-moved", f.name, inst.loc,
      `${inst.kind} moved next to the guarded ${f.insts[to.next]!.kind} at line ${srcLine(f.insts[to.next]!.loc)}: it runs in that region, not in one of its own`));
    st.ctx.stats.bump(PASS, "allocations moved into a neighbouring guarded region");
  }
}

// ---------------------------------------------------------------------------------------
// Allocas: per thread or the main thread's one copy

/** Largest alloca (bytes) every thread may keep a copy of, and the most a function's
 *  per-thread copies take in all; larger ones, and those past the total, stay one copy. */
export const PER_THREAD_ALLOCA_LIMIT = 1024;

/** Whether a call to `g` may read or write memory (its body's or its declaration's summary). */
function touchesMemory(st: State, g: FuncId): boolean {
  const fn = st.m.functions[g]!;
  const e = isDeclaration(fn) ? declarationEffects(fn.attrs) : st.effects.summary(g);
  return e.reads !== 0 || e.writes !== 0 || e.callsUnknown;
}

/** True if block b lies on a cycle of f's CFG (reducible or not). */
function inCycle(f: Function, b: BlockId): boolean {
  const seen = new Set<BlockId>();
  const work = succBlocks(f, b);
  while (work.length > 0) {
    const x = work.pop()!;
    if (x === b) return true;
    if (seen.has(x)) continue;
    seen.add(x);
    work.push(...succBlocks(f, x));
  }
  return false;
}

function succBlocks(f: Function, b: BlockId): BlockId[] {
  const insts = f.blocks[b]!.insts;
  return successors(f.insts[insts[insts.length - 1]!]!).map((e) => e.block);
}

/**
 * Decides, for each alloca of f, whether every thread keeps its own copy in SPMD mode or the
 * main thread's copy stays the only one (shared with the team, as in generic mode). A copy per
 * thread is right only if the copies stay equal and private: the alloca is small (and so are
 * the function's per-thread copies together), of constant size and outside loops; every write to it runs on every thread (a plain store, atomic or
 * cmpxchg of f, or a call marked ompx_spmd_amenable); its address reaches no other thread
 * (parallel region, memory, host, return value, a call that may keep or write it), no block
 * parameter (which a guard could broadcast) and no pointer that may point elsewhere too.
 * Each alloca kept single gets a remark saying why.
 */
function teamAllocas(st: State, f: Function, under: UnderlyingInfo): PrivateMemory {
  const allocas = new Map<InstId, string | null>(); // alloca → why it stays single (null: per thread)
  const blockOf = new Map<InstId, BlockId>();
  const sizes = new Map<InstId, number>(); // constant sizes only
  const recursive = f.kind !== "kernel" && st.recursive(st.originals.get(f.id) ?? f.id);
  forEachInst(f, (inst, id, b) => {
    if (inst.kind !== "alloca") return;
    blockOf.set(id, b);
    const n = f.values[inst.count]!.def;
    const bytes = n.kind === "const" && typeof n.value === "bigint" ? Number(n.value) * sizeOf(inst.elemType) : null;
    if (bytes !== null) sizes.set(id, bytes);
    allocas.set(id,
      bytes === null ? "its size is not a constant"
      : bytes > PER_THREAD_ALLOCA_LIMIT ? `it is larger than ${PER_THREAD_ALLOCA_LIMIT} bytes (${bytes})`
      : inCycle(f, b) ? "it is allocated again in each iteration of a loop"
      : recursive ? "its function is recursive (each activation's copy on every thread would pile up)"
      : null);
  });
  if (allocas.size === 0) return { perThread: () => false, intoPerThread: () => false, replicated: () => false, report: () => {} };

  const allocasOf = (v: ValueId): InstId[] => {
    if (f.values[v]?.type !== "ptr") return [];
    return under.objects(v).filter((o): o is Extract<UnderlyingObject, { kind: "alloca" }> => o.kind === "alloca").map((o) => o.inst);
  };
  const single = (v: ValueId, why: string): void => {
    for (const a of allocasOf(v)) if (allocas.get(a) === null) allocas.set(a, why);
  };
  const fname = (g: FuncId) => `@${st.m.functions[g]!.name}`;

  // Uses that let the address out of f's per-thread view, or write it on thread 0 only.
  forEachInst(f, (inst) => {
    switch (inst.kind) {
      case "store":
        single(inst.value, "its address is stored to memory (other threads may load it)");
        if (namesLocalGlobal(st.m, f, inst)) single(inst.ptr, "a `local` global's address (each thread's own) is stored to it");
        return;
      case "atomic":
        single(inst.value, "its address is stored to memory (other threads may load it)");
        if (namesLocalGlobal(st.m, f, inst)) single(inst.ptr, "a `local` global's address (each thread's own) is stored to it");
        return;
      case "cmpxchg":
        single(inst.expected, "its address is stored to memory (other threads may load it)");
        single(inst.desired, "its address is stored to memory (other threads may load it)");
        if (namesLocalGlobal(st.m, f, inst)) single(inst.ptr, "a `local` global's address (each thread's own) is stored to it");
        return;
      case "call": {
        const g = st.m.functions[inst.callee]!;
        if (g.attrs.assumes.includes(AMENABLE)) return; // safe on every thread with its own copy
        const keeps = touchesMemory(st, inst.callee) || g.ret === "ptr";
        if (keeps) for (const a of inst.args) single(a, `its address is passed to ${fname(inst.callee)}, which may access it or keep it`);
        return;
      }
      case "call_indirect":
        for (const a of inst.args) single(a, "its address is passed to an indirect call");
        return;
      case "omp.parallel":
        for (const a of inst.args) single(a, `its address is passed to the parallel region ${fname(inst.region)}`);
        return;
      case "omp.reverse_offload":
        for (const a of inst.args) single(a, `its address is passed to the host function ${fname(inst.callee)}`);
        for (const mc of inst.maps) {
          if (mc.kind === "from" || mc.kind === "tofrom") single(mc.base, `the reverse offload to ${fname(inst.callee)} writes it (map ${mc.kind})`);
        }
        return;
      case "ret":
        if (inst.value !== NO_VALUE) single(inst.value, "its address is returned");
        return;
      default:
        return;
    }
  });
  for (const b of f.layout) {
    for (const p of f.blocks[b]!.params) single(p, "its address flows through a block parameter");
  }
  // The copies live together (kernel allocas for the whole launch): past the budget in all,
  // the later ones stay single, so every thread takes at most PER_THREAD_ALLOCA_LIMIT.
  let taken = 0;
  for (const [id, why] of allocas) {
    if (why !== null) continue;
    taken += slotBytes(sizes.get(id)!);
    if (taken > PER_THREAD_ALLOCA_LIMIT) allocas.set(id, `the function's per-thread copies would take more than ${PER_THREAD_ALLOCA_LIMIT} bytes on each thread`);
  }
  // A pointer that may point into a per-thread copy or elsewhere: the access cannot be both.
  const ptrs: ValueId[] = [];
  forEachInst(f, (inst) => {
    if ((inst.kind === "gep" || inst.kind === "select") && inst.result !== NO_VALUE) ptrs.push(inst.result);
  });
  for (let changed = true; changed;) {
    changed = false;
    for (const v of ptrs) {
      const objs = under.objects(v);
      const mixed = objs.some((o) => o.kind !== "null" && (o.kind !== "alloca" || allocas.get(o.inst) !== null));
      if (mixed && allocasOf(v).some((a) => allocas.get(a) === null)) {
        single(v, "a pointer may point into it or into other memory");
        changed = true;
      }
    }
  }

  const report = () => {
    for (const [id, why] of allocas) {
      if (why === null) continue;
      st.ctx.remarks.emit(remark("analysis", PASS, "spmdize.team-alloca", f.name, f.insts[id]!.loc,
        `Alloca stays one copy, the main thread's, shared with the team (thread 0 allocates it; every access outside parallel regions is guarded): ${why}`));
      st.ctx.stats.bump(PASS, "allocas kept as one team-shared copy");
    }
  };
  const perThreadObj = (o: UnderlyingObject) => o.kind === "alloca" && allocas.get(o.inst) === null;
  return {
    // A null pointer faults on any thread; it does not make the access shared.
    perThread: (v) => {
      const objs = under.objects(v);
      return objs.some(perThreadObj) && objs.every((o) => o.kind === "null" || perThreadObj(o));
    },
    intoPerThread: (v) => f.values[v]?.type === "ptr" && under.objects(v).some(perThreadObj),
    replicated: (id) => allocas.get(id) === null,
    report,
  };
}

// ---------------------------------------------------------------------------------------
// Transformation

/**
 * Turns f's body, which generic mode runs on the main thread only, into code every thread
 * of the team runs: queries fixed, helpers cloned, side effects guarded.
 */
function transformSequential(st: State, f: Function): Outcome {
  rewriteQueries(st, f);
  const under = st.ctx.analyses.get(UNDERLYING, f);
  st.ctx.analyses.invalidate("none", f);
  const mem = teamAllocas(st, f, under);
  const cls: InstClass[] = [];
  let syncs = 0;
  let guards = 0;
  forEachInst(f, (inst, id) => {
    cls[id] = classify(st, f, inst, id, mem);
  });
  replicateReadOnlyCalls(st, f, cls);
  forEachInst(f, (_inst, id) => {
    if (cls[id] === "sync") syncs++;
  });
  // Thread 0 alone runs a kernel without synchronisation: nothing to make uniform there.
  if (syncs > 0 || f.kind !== "kernel") {
    for (const u of uniformAllocations(st.m, f, cls, () => (st.comparesPointers ??= comparesPointers(st.m)))) {
      st.ctx.remarks.emit(remark("analysis", PASS, "spmdize.alloc-uniform", f.name, f.insts[u.alloc]!.loc,
        `Every thread runs this allocation and its ${u.frees.length === 1 ? "free" : `${u.frees.length} frees`} (uniform): each gets the same team-shared storage, with no guarded region`));
      st.ctx.stats.bump(PASS, "allocations made uniform");
    }
  }
  attachAllocations(st, f, cls);
  forEachInst(f, (_inst, id) => {
    if (cls[id] === "guard") guards++;
  });
  // After classifying: the clones are new functions the effect summaries do not cover.
  retargetCalls(st, f);
  if (syncs === 0 && f.kind === "kernel") {
    singleThread(f);
    return { guard: null, singleThread: true, naiveRegions: 0 };
  }
  mem.report();
  const { tid, isMain } = emitIsMainBlock(f);
  const teamSize = f.kind === "kernel" ? (st.teamSizes ??= largestTeams(st.m)).get(f.id) ?? null : null;
  const orig = (g: FuncId) => st.originals.get(g) ?? g;
  const reenters = (inst: Inst) => inst.kind === "call" && st.sameScc(orig(f.id), orig(inst.callee));
  const guard = guardFunction(st.m, f, (id: InstId) => cls[id] ?? "pure", { scheme: st.scheme, isMain, tid, teamSize, reenters });
  return { guard, singleThread: false, naiveRegions: guards };
}

/**
 * Per kernel, the most threads any of its launches asks for, when every launch says so with
 * a constant `threads(N)`; null otherwise (the run's default applies, unknown here).
 */
function largestTeams(m: Module): Map<FuncId, number | null> {
  // One scan of the host code for every kernel: per kernel, a scan would be quadratic in a
  // module of many kernels.
  const sizes = new Map<FuncId, number | null>();
  for (const h of m.functions) {
    if (h.kind !== "host") continue;
    forEachInst(h, (inst) => {
      if (inst.kind !== "omp.target") return;
      const d = inst.threads === NO_VALUE ? undefined : h.values[inst.threads]!.def;
      const known = d?.kind === "const" && typeof d.value === "bigint" ? Number(d.value) : null;
      const prev = sizes.get(inst.kernel);
      if (prev === null) return; // some launch's team size is unknown
      sizes.set(inst.kernel, known === null ? null : Math.max(prev ?? 0, known));
    });
  }
  return sizes;
}

/** A new entry block computing `%tid` and `%is_main`, so no region ever contains their definitions. */
function emitIsMainBlock(f: Function): { tid: ValueId; isMain: ValueId } {
  const old = f.layout[0]!;
  const entry = createBlock(f, "spmd.entry", [], f.blocks[old]!.loc);
  prependBlock(f, entry);
  appendInst(f, entry, { kind: "br", target: old, args: [] }, null, f.blocks[old]!.loc);
  return emitIsMain(f);
}

/** Threads other than 0 return at once; thread 0 runs the body as the main thread did. */
function singleThread(f: Function): void {
  const old = f.layout[0]!;
  const loc = f.blocks[old]!.loc;
  const entry = createBlock(f, "spmd.entry", [], loc);
  const exit = createBlock(f, "spmd.exit", [], loc);
  prependBlock(f, entry);
  appendBlock(f, exit);
  appendInst(f, exit, { kind: "ret", value: NO_VALUE }, null, loc);
  const { isMain } = emitIsMain(f); // at the top of layout[0], the new entry
  appendInst(f, entry, { kind: "cond_br", cond: isMain, then: old, thenArgs: [], else: exit, elseArgs: [] }, null, loc);
}

/** thread_num → 0, num_threads → 1, hw_thread_id → 0: what the generic main thread sees. */
function rewriteQueries(st: State, f: Function): void {
  for (const b of f.layout) {
    const insts = f.blocks[b]!.insts;
    for (let i = 0; i < insts.length; i++) {
      const inst = f.insts[insts[i]!]!;
      if (inst.kind !== "omp.query" || !(inst.query in SEQ_QUERY_VALUE)) continue;
      const c = addConst(f, "i32", SEQ_QUERY_VALUE[inst.query as keyof typeof SEQ_QUERY_VALUE]);
      replaceAllUses(f, inst.result, c);
      removeInstAt(f, b, i--);
      st.ctx.stats.bump(PASS, "thread queries folded");
    }
  }
}

/**
 * Points f's calls at clones: `.spmd` for helpers that synchronise, `.seq` for helpers using
 * thread queries. Amenable callees ("all") are called as written.
 */
function retargetCalls(st: State, f: Function): void {
  forEachInst(f, (inst) => {
    if (inst.kind !== "call") return;
    const c = classifyCall(st, inst)!;
    if (c.kind === "sync") inst.callee = spmdClone(st, inst.callee);
    else if ((c.kind === "pure" || c.kind === "guard") && st.queries.folds(inst.callee)) inst.callee = seqClone(st, inst.callee);
  });
}

function cloneFunction(st: State, id: FuncId, suffix: string): Function {
  const copy = cloneFunctionInto(st.m, id, `${st.m.functions[id]!.name}.${suffix}`);
  st.originals.set(copy.id, st.originals.get(id) ?? id);
  st.cloned++;
  st.ctx.stats.bump(PASS, "helpers cloned");
  return copy;
}

function seqClone(st: State, id: FuncId): FuncId {
  const done = st.seqClones.get(id);
  if (done !== undefined) return done;
  const copy = cloneFunction(st, id, "seq");
  st.seqClones.set(id, copy.id);
  rewriteQueries(st, copy);
  // Direct calls and indirect calls through a function address; other indirect calls reach
  // no function that folds (else the helper is unfoldable, a blocker).
  forEachInst(copy, (inst) => {
    if (inst.kind === "call" && st.queries.folds(inst.callee)) inst.callee = seqClone(st, inst.callee);
    if (inst.kind !== "call_indirect") return;
    const d = copy.values[inst.callee]!.def;
    if (d.kind === "func" && st.queries.folds(d.func)) {
      const clone = seqClone(st, d.func);
      inst.callee = addValue(copy, "ptr", { kind: "func", func: clone });
      // The set must name the function now called, or the call would fault.
      if (inst.callees !== undefined) inst.callees = inst.callees.map((g) => (g === d.func ? clone : g));
    }
  });
  st.ctx.remarks.emit(remark("analysis", PASS, "spmdize.clone", copy.name, st.m.functions[id]!.loc,
    `Cloned @${st.m.functions[id]!.name} as @${copy.name} for code run by the main thread only (thread queries folded to the main thread's values)`));
  return copy.id;
}

function spmdClone(st: State, id: FuncId): FuncId {
  const done = st.spmdClones.get(id);
  if (done !== undefined) return done;
  const copy = cloneFunction(st, id, "spmd");
  st.spmdClones.set(id, copy.id);
  const out = transformSequential(st, copy);
  st.ctx.remarks.emit(remark("analysis", PASS, "spmdize.clone", copy.name, st.m.functions[id]!.loc,
    `Cloned @${st.m.functions[id]!.name} as @${copy.name}, SPMD-ized for callers in SPMD mode (the original stays for generic callers): ${describe(out)}`));
  reportRegions(st, copy, out);
  return copy.id;
}

// ---------------------------------------------------------------------------------------
// Remarks

const WHY: Partial<Record<Inst["kind"], string>> = {
  store: "writes memory other threads can see",
  atomic: "updates memory other threads can see",
  cmpxchg: "updates memory other threads can see",
  load: "reads memory a guarded write or parallel region may change (value broadcast if needed)",
  print: "prints",
  trap: "stops the program",
  "omp.reverse_offload": "calls the host",
  "omp.alloc_shared": "allocates team-shared memory once",
  alloca: "allocates the main thread's copy, shared with the team",
  "omp.free_shared": "frees team-shared memory once",
  "omp.malloc": "allocates from the device heap once",
  "omp.free": "frees device heap memory once",
  call: "calls a function with side effects",
  call_indirect: "calls through a pointer none of its callee set matched (faults)",
};

function reportRegions(st: State, f: Function, out: Outcome): void {
  for (const r of out.guard?.regions ?? []) {
    const counts = new Map<string, number>();
    for (const id of r.guarded) {
      const k = f.insts[id]!.kind;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const kinds = [...counts.keys()].sort();
    const what = kinds.map((k) => `${counts.get(k)} ${k}`).join(", ");
    const why = kinds.map((k) => WHY[k as Inst["kind"]] ?? k).join("; ");
    const shape = r.loop ? "a whole loop" : r.branches ? "across branches" : "straight-line code";
    const bc = r.broadcasts ? `, ${r.broadcasts} value${r.broadcasts > 1 ? "s" : ""} broadcast${r.secondBarrier ? " (second barrier: the region is re-entered without one)" : ""}` : "";
    const rm = r.rematerialised ? `, ${r.rematerialised} recomputed after it` : "";
    const head = r.masked
      ? "Masked stores: every thread runs them, only thread 0's reach memory (the others write per-thread dummy slots)"
      : `Guarded region (${shape}) runs on thread 0 only`;
    st.ctx.remarks.emit(remark("analysis", PASS, "spmdize.guard", f.name, r.loc,
      `${head}: ${what} (${why})${bc}${rm}`,
      { instructions: r.guarded.length, blocks: r.blocks, broadcasts: r.broadcasts, loop: r.loop }));
    st.ctx.stats.bump(PASS, "guarded regions");
    st.ctx.stats.bump(PASS, "values broadcast", r.broadcasts);
  }
}

function describe(out: Outcome): string {
  if (out.singleThread) return "no parallel region: only thread 0 runs the body";
  const g = out.guard!;
  if (g.regions.length === 0) return "the sequential part has no side effect to guard";
  const bc = g.regions.reduce((n, r) => n + r.broadcasts, 0);
  return `${g.regions.length} guarded region${g.regions.length === 1 ? "" : "s"} (one per side effect: ${out.naiveRegions}), ${g.barriers} barrier${g.barriers === 1 ? "" : "s"} added, ${bc} value${bc === 1 ? "" : "s"} broadcast`;
}

function summarise(st: State, k: Function, out: Outcome, cloned: number): void {
  reportRegions(st, k, out);
  const cl = cloned ? `, ${cloned} helper${cloned > 1 ? "s" : ""} cloned` : "";
  st.ctx.remarks.emit(remark("analysis", PASS, "spmdize.summary", k.name, k.loc,
    `SPMD-ized @${k.name}: ${describe(out)}${cl}`,
    {
      regions: out.guard?.regions.length ?? 0, naiveRegions: out.naiveRegions, barriers: out.guard?.barriers ?? 0,
      singleThread: out.singleThread, cloned,
    }));
  if (out.singleThread) st.ctx.stats.bump(PASS, "kernels run by one thread per team");
  st.ctx.stats.bump(PASS, "barriers added", out.guard?.barriers ?? 0);
}
