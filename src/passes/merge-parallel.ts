// merge-parallel: merge adjacent parallel regions of a generic kernel into one, with the
// sequential code between them guarded (LLVM OpenMPOpt's parallel region merging, OMP150).
//
// requires: verified module; after spmdize (only kernels that stay generic gain: each
//   region start costs the state machine's dispatch, the argument passing and two barriers).
// preserves: nothing (adds a function and globals, rewrites kernel blocks).
//
// A run is `omp.parallel @r1(…); S1; omp.parallel @r2(…); S2; …; omp.parallel @rk(…)` in one
// block of a generic kernel's own body (run once by the main thread, at level 0). It becomes
// one `omp.parallel @r1.merged(…)` whose body calls @r1, …, @rk in turn with a barrier after
// each (the implicit end barrier the region had) and runs each Si on thread 0 only, between
// two barriers: the main thread takes part in every region as thread 0, so Si runs on the
// same hardware thread as before, after every thread finished the region before it and
// before any thread starts the region after it.
//
// The sequential code moves from level 0 into a level-1 region, so what it may contain is
// limited to what means the same there:
// - instructions that compute a value and cannot fault (arithmetic other than division by a
//   possibly zero or -1 value, compares, selects, casts other than float-to-integer, math
//   functions, geps, queries) and use no guarded value stay in the kernel, moved before the
//   run: a query keeps its level-0 value there;
// - loads, stores, atomics, print, trap, reverse offload, possibly faulting arithmetic and
//   direct calls to functions that cannot start a parallel region, reach a barrier, run
//   unknown code, allocate shared memory, launch, or read omp.thread_num / omp.num_threads /
//   omp.level / omp.active_level (whose values differ at level 1) are guarded (the queries themselves are
//   hoisted, so only a callee's reading counts);
// - anything else (allocas, whose lifetime would end with the region; barriers; indirect
//   calls; shared allocation) ends the run.
// A guarded value used after its segment is broadcast through a `shared` global: thread 0
// stores it before the segment's closing barrier, the region's later code loads it after,
// and so does the kernel after the merged region (the main thread is thread 0). A region with
// a `threads(n)` operand is never part of a run: its threads and its barriers are not the
// team's, so the merged body's barriers would count the wrong threads; every region of a run
// has the team's threads. A run never crosses blocks, so a region in a loop merges only with
// regions of the same iteration.
//
// Call depth. The merged region is one more activation between the kernel and each region
// and each guarded call, and the simulated call stack is bounded (32768 / warp size
// activations per warp, at least 512: docs/RUNTIME.md, "Memory limits"), so a recursion
// near the bound would run out of stack after merging where the program as written did
// not. A region or guarded call joins a run only when the activations it may stack are
// bounded (no recursion, no indirect call of an unknown callee) and, with the kernel's and
// the merged region's, fit in 512 (MERGE_MAX_DEPTH).
//
// Deferred reverse offloads. A region may return with a `nowait` reverse offload of its
// threads pending. As written its end barrier completes it; merged, the barrier after its
// call does (a barrier completes the team's deferred requests, and barrier-elim keeps one
// that may: its data-flow over mayDeferReverseOffload), so the code after the region sees
// the request done either way. A request whose map names the region's own alloca is a
// dangling access in both forms: the slot ends when the region returns (docs/LANGUAGE.md,
// `alloca`), before either barrier, and the runtime reports it as written and merged alike
// (adversarial/merge-nowait-revoffload-region-frame.oir; the valid form, with a barrier in
// the region before it returns, is ...-region-barrier.oir). Until the sixteenth session such
// a region never joined a run, from when the simulator ended a region's frame after its end
// barrier (thirteenth session).

import type { Function, Inst, InstData, Module } from "../ir/ir.js";
import { addBlock, addConst, addFunction, addGlobal, addValue, appendInst, constValue, createInst, definingInst, forEachInst, forEachOperand, isDeclaration, mapOperands } from "../ir/ir.js";
import { cloneInst, placeInst, replaceInst, replaceUses, retainInsts } from "../ir/edit.js";
import { srcLocString } from "../ir/loc.js";
import { freshSymbol, functionNames } from "../ir/names.js";
import { BINARY_OP_INFO } from "../ir/opcodes.js";
import { remark } from "../ir/remarks.js";
import type { BlockId, FuncId, GlobalId, InstId, Type, ValueId } from "../ir/types.js";
import { NO_VALUE, assertNever } from "../ir/types.js";
import type { ModuleEffects } from "./effects.js";
import { EFFECTS } from "./effects.js";
import type { CallGraph } from "./callgraph.js";
import { CALL_GRAPH } from "./callgraph.js";
import type { PassContext, PassResult } from "./manager.js";

const PASS = "merge-parallel";

interface Segment {
  hoist: InstId[];
  guard: InstId[];
}

/** The effect summaries, readsLevelQueries and callDepths, each computed on first use. */
interface CallFacts {
  effects(): ModuleEffects;
  levelQuery(): Uint8Array;
  depth(): Float64Array;
}

/** The most activations a region or guarded call may stack below the merged region: the
 *  smallest simulated call stack (512, at warp size 64) less the kernel's and the merged
 *  region's own. */
export const MERGE_MAX_DEPTH = 510;

interface Run {
  parallels: InstId[];
  /** segments[i] lies between parallels[i] and parallels[i + 1]. */
  segments: Segment[];
}

export function mergeParallel(ctx: PassContext): PassResult {
  const m = ctx.module;
  // What classify and the regions' checks ask about callees, computed when a generic kernel's
  // region or a call after one first asks (most kernels are SPMD by now): always before the
  // first merge, so on the module as the pass found it.
  let eff: ModuleEffects | null = null;
  let levelQuery: Uint8Array | null = null;
  let depth: Float64Array | null = null;
  const facts: CallFacts = {
    effects: () => (eff ??= ctx.analyses.getModule(EFFECTS)),
    levelQuery: () => (levelQuery ??= readsLevelQueries(m)),
    depth: () => (depth ??= callDepths(m, ctx.analyses.getModule(CALL_GRAPH))),
  };
  let merged = 0;
  for (const k of [...m.functions]) {
    if (k.kind !== "kernel" || k.mode !== "generic" || isDeclaration(k)) continue;
    for (const b of [...k.layout]) {
      for (let from = 0; ;) {
        const found = findRun(m, k, b, from, facts);
        if (found === null) break;
        const { run, at } = found;
        if (run === null) {
          from = at + 1;
          continue;
        }
        facts.effects();
        facts.levelQuery();
        facts.depth();
        merge(ctx, k, b, run);
        merged += run.parallels.length - 1;
        from = k.blocks[b]!.insts.indexOf(run.parallels[0]!) + 1;
      }
    }
  }
  ctx.stats.bump(PASS, "parallel regions merged", merged);
  return { changed: merged > 0, preserves: "none" };
}

/** Functions that may read omp.thread_num, omp.num_threads, omp.level or omp.active_level
 *  (each differs between level 0 and level 1), directly or through calls. */
function readsLevelQueries(m: Module): Uint8Array {
  const n = m.functions.length;
  const reads = new Uint8Array(n);
  const callees: FuncId[][] = m.functions.map(() => []);
  for (const f of m.functions) {
    if (isDeclaration(f)) continue;
    forEachInst(f, (inst) => {
      if (inst.kind === "omp.query" && (inst.query === "thread_num" || inst.query === "num_threads" || inst.query === "level" || inst.query === "active_level")) reads[f.id] = 1;
      else if (inst.kind === "call") callees[f.id]!.push(inst.callee);
      else if (inst.kind === "call_indirect") {
        const d = f.values[inst.callee]!.def;
        if (d.kind === "func") callees[f.id]!.push(d.func);
        else reads[f.id] = 1;
      }
    });
  }
  for (let changed = true; changed;) {
    changed = false;
    for (let f = 0; f < n; f++) {
      if (reads[f]) continue;
      if (callees[f]!.some((g) => reads[g])) {
        reads[f] = 1;
        changed = true;
      }
    }
  }
  return reads;
}

/**
 * The most activations a call of each device function may stack, its own included
 * (Infinity when unbounded: recursion, or an indirect call of an unknown callee). Direct
 * calls and nested regions (run on the calling thread) count; a callee set counts its
 * members. Computed over the SCCs callees first; a callee not yet known (an indirect call
 * of a function address, which adds no call-graph edge) counts as unbounded.
 */
function callDepths(m: Module, cg: CallGraph): Float64Array {
  const depth = new Float64Array(m.functions.length).fill(Infinity);
  const done = new Uint8Array(m.functions.length);
  for (const scc of cg.sccs) {
    for (const id of scc) {
      const f = m.functions[id]!;
      done[id] = 1;
      if (f.kind === "host" || cg.isRecursive(id)) continue;
      if (isDeclaration(f)) {
        depth[id] = 1;
        continue;
      }
      let d = 1;
      const via = (g: FuncId) => (d = Math.max(d, done[g] ? 1 + depth[g]! : Infinity));
      forEachInst(f, (inst) => {
        if (inst.kind === "call") via(inst.callee);
        else if (inst.kind === "omp.parallel") via(inst.region);
        else if (inst.kind === "call_indirect") {
          const c = f.values[inst.callee]!.def;
          if (c.kind === "func") via(c.func);
          else if (inst.callees !== undefined) for (const g of inst.callees) via(g);
          else d = Infinity;
        }
      });
      depth[id] = d;
    }
  }
  return depth;
}

/** Whether a call of g may stack more than MERGE_MAX_DEPTH activations (a function added
 *  after the depths were computed counts as unbounded). */
function deep(facts: CallFacts, g: FuncId): boolean {
  return !(facts.depth()[g]! <= MERGE_MAX_DEPTH);
}

type Class = "hoist" | "guard" | "stop";

function classify(m: Module, k: Function, inst: Inst, guarded: Set<ValueId>, facts: CallFacts): Class {
  let usesGuarded = false;
  forEachOperand(inst, (v) => {
    if (guarded.has(v)) usesGuarded = true;
  });
  const pure = usesGuarded ? "guard" : "hoist";
  switch (inst.kind) {
    case "binary": {
      if (!BINARY_OP_INFO[inst.op].divides) return pure;
      const d = constValue(k, inst.rhs);
      return typeof d === "bigint" && d !== 0n && d !== -1n ? pure : "guard";
    }
    case "cast":
      return inst.op === "fptosi" || inst.op === "fptoui" ? "guard" : pure;
    case "ptrdiff": // faults on pointers into different allocations
      return "guard";
    case "icmp":
    case "fcmp":
    case "select":
    case "fmath":
    case "gep":
    case "omp.query":
      return pure;
    case "objectsize":
    case "load":
    case "store":
    case "atomic":
    case "cmpxchg":
    case "print":
    case "trap":
    case "omp.reverse_offload":
      return "guard";
    case "call": {
      if (m.functions[inst.callee] === undefined || facts.levelQuery()[inst.callee] || deep(facts, inst.callee)) return "stop";
      const e = facts.effects().summary(inst.callee);
      const bad = e.mayParallel || e.mayBarrier || e.callsUnknown || e.mayAllocShared || e.mayLaunch || e.convergent;
      return bad ? "stop" : "guard";
    }
    case "alloca":
    case "call_indirect":
    case "exit":
    case "omp.parallel":
    case "omp.barrier":
    case "omp.alloc_shared":
    case "omp.free_shared":
    case "omp.malloc": // a result to broadcast, or a fault to keep in place: not merged over
    case "omp.free":
    case "omp.target":
    case "omp.taskwait":
    case "omp.target_enter_data":
    case "omp.target_exit_data":
    case "omp.target_update":
    case "omp.target_is_present":
    case "omp.wtime":
    case "omp.shuffle_down": // the main thread's alone in generic mode: a guard would keep it so, but guards never take one
    case "br":
    case "cond_br":
    case "ret":
    case "unreachable":
      return "stop";
    default:
      return assertNever(inst);
  }
}

/**
 * The next omp.parallel in block b at or after `from` (its index `at`), and the run it
 * starts if it has at least two regions (else run is null); null when there is none.
 */
function findRun(m: Module, k: Function, b: BlockId, from: number, facts: CallFacts): { run: Run | null; at: number } | null {
  const insts = k.blocks[b]!.insts;
  let at = from;
  while (at < insts.length && k.insts[insts[at]!]!.kind !== "omp.parallel") at++;
  if (at >= insts.length) return null;
  const shallow = (p: Extract<Inst, { kind: "omp.parallel" }>) =>
    p.threads === NO_VALUE && !deep(facts, p.region);
  if (!shallow(k.insts[insts[at]!] as Extract<Inst, { kind: "omp.parallel" }>)) return { run: null, at };
  const run: Run = { parallels: [insts[at]!], segments: [] };
  const guarded = new Set<ValueId>();
  let seg: Segment = { hoist: [], guard: [] };
  let segGuarded: ValueId[] = [];
  for (let i = at + 1; i < insts.length; i++) {
    const id = insts[i]!;
    const inst = k.insts[id]!;
    if (inst.kind === "omp.parallel") {
      if (!shallow(inst)) break;
      run.parallels.push(id);
      run.segments.push(seg);
      seg = { hoist: [], guard: [] };
      segGuarded = [];
      continue;
    }
    const c = classify(m, k, inst, guarded, facts);
    if (c === "stop") break;
    seg[c].push(id);
    if (c === "guard" && inst.result !== NO_VALUE) {
      guarded.add(inst.result);
      segGuarded.push(inst.result);
    }
  }
  // The open segment after the last region is not part of the run.
  if (run.parallels.length < 2) return { run: null, at };
  const escapes = escapingValues(k, run);
  for (const v of escapes) if (k.values[v]!.type === "i1") return { run: null, at }; // no i1 globals to broadcast through
  return { run, at };
}

/** Guarded values used anywhere but by the guarded instructions of their own segment. */
function escapingValues(k: Function, run: Run): Set<ValueId> {
  const segOf = new Map<ValueId, number>();
  const instSeg = new Map<InstId, number>();
  run.segments.forEach((s, i) => {
    for (const id of s.guard) {
      instSeg.set(id, i);
      const r = k.insts[id]!.result;
      if (r !== NO_VALUE) segOf.set(r, i);
    }
  });
  const out = new Set<ValueId>();
  forEachInst(k, (inst, id) => {
    forEachOperand(inst, (v) => {
      const s = segOf.get(v);
      if (s !== undefined && instSeg.get(id) !== s) out.add(v);
    });
  });
  return out;
}

function merge(ctx: PassContext, k: Function, b: BlockId, run: Run): void {
  const m = ctx.module;
  const escapes = escapingValues(k, run);
  const guardedInsts = new Set(run.segments.flatMap((s) => s.guard));
  const guardedVals = new Set<ValueId>();
  for (const id of guardedInsts) if (k.insts[id]!.result !== NO_VALUE) guardedVals.add(k.insts[id]!.result);

  // The merged region's parameters: every kernel value its body reads, except constants and
  // addresses, which it rebuilds.
  const external: ValueId[] = [];
  const seen = new Set<ValueId>();
  const isInline = (v: ValueId) => {
    const d = k.values[v]!.def.kind;
    return d === "const" || d === "global" || d === "func" || d === "undef";
  };
  const need = (v: ValueId) => {
    if (seen.has(v) || guardedVals.has(v) || isInline(v)) return;
    seen.add(v);
    external.push(v);
  };
  run.parallels.forEach((id, i) => {
    const p = k.insts[id]!;
    if (p.kind === "omp.parallel") p.args.forEach(need);
    if (i < run.segments.length) for (const g of run.segments[i]!.guard) forEachOperand(k.insts[g]!, need);
  });

  const first = k.insts[run.parallels[0]!]!;
  if (first.kind !== "omp.parallel") return;
  const firstName = m.functions[first.region]!.name;
  const g = addFunction(m, freshSymbol(m, `${firstName}.merged`), "device", external.map((v) => k.values[v]!.type), "void", {
    loc: first.loc,
    paramNames: external.map((v) => k.values[v]!.name),
  });
  const names = functionNames(g);
  const map = new Map<ValueId, ValueId>();
  external.forEach((v, i) => map.set(v, g.params[i]!));
  const mapVal = (v: ValueId): ValueId => {
    const known = map.get(v);
    if (known !== undefined) return known;
    const d = k.values[v]!;
    const nv = addValue(g, d.type, d.def, null);
    map.set(v, nv);
    return nv;
  };
  const slots = new Map<ValueId, GlobalId>();
  for (const v of escapes) {
    const loc = definingInst(k, v)?.loc ?? first.loc;
    slots.set(v, addGlobal(m, freshSymbol(m, `${k.values[v]!.name ?? "v"}.merged`), "shared", k.values[v]!.type, 1, null, loc));
  }
  const slotAddr = (f: Function, gid: GlobalId) => addValue(f, "ptr", { kind: "global", global: gid });

  let cur = addBlock(g, names.block("entry"));
  run.parallels.forEach((id, i) => {
    const p = k.insts[id]!;
    if (p.kind !== "omp.parallel") return;
    appendInst(g, cur, { kind: "call", callee: p.region, args: p.args.map(mapVal) }, null, p.loc);
    if (i === run.segments.length) return;
    appendInst(g, cur, { kind: "omp.barrier" }, null, p.loc);
    const seg = run.segments[i]!;
    if (seg.guard.length === 0) return;
    const loc = k.insts[seg.guard[0]!]!.loc;
    const tid = appendInst(g, cur, { kind: "omp.query", query: "thread_num" }, "i32", loc, names.value("tid"));
    const isMain = appendInst(g, cur, { kind: "icmp", pred: "eq", type: "i32", lhs: g.insts[tid]!.result, rhs: addConst(g, "i32", 0n) }, "i1", loc, names.value("is.main"));
    const seq = addBlock(g, names.block("seq"));
    const join = addBlock(g, names.block("join"));
    appendInst(g, cur, { kind: "cond_br", cond: g.insts[isMain]!.result, then: seq, thenArgs: [], else: join, elseArgs: [] }, null, loc);
    const later: ValueId[] = [];
    for (const gid of seg.guard) {
      const copy = cloneInst(k.insts[gid]!);
      mapOperands(copy, mapVal);
      const r = copy.result;
      const nid = createInst(g, copy as unknown as InstData, r === NO_VALUE ? null : k.values[r]!.type, copy.loc, r === NO_VALUE ? null : names.value(k.values[r]!.name));
      placeInst(g, seq, nid);
      if (r === NO_VALUE) continue;
      map.set(r, g.insts[nid]!.result);
      const slot = slots.get(r);
      if (slot === undefined) continue;
      appendInst(g, seq, { kind: "store", type: k.values[r]!.type, space: "shared", value: g.insts[nid]!.result, ptr: slotAddr(g, slot) }, null, copy.loc);
      later.push(r);
    }
    appendInst(g, seq, { kind: "br", target: join, args: [] }, null, loc);
    appendInst(g, join, { kind: "omp.barrier" }, null, loc);
    for (const r of later) {
      const ld = appendInst(g, join, { kind: "load", type: k.values[r]!.type, space: "shared", ptr: slotAddr(g, slots.get(r)!) }, k.values[r]!.type, loc, names.value(k.values[r]!.name));
      map.set(r, g.insts[ld]!.result);
    }
    cur = join;
  });
  appendInst(g, cur, { kind: "ret", value: NO_VALUE }, null, first.loc);

  // The kernel: hoisted code before the run, one region, the broadcast values after it.
  const hoisted = run.segments.flatMap((s) => s.hoist);
  const gone = new Set<InstId>([...run.parallels.slice(1), ...guardedInsts, ...hoisted]);
  retainInsts(k, b, (id) => !gone.has(id));
  const at = k.blocks[b]!.insts.indexOf(run.parallels[0]!);
  placeInst(k, b, hoisted, at);
  replaceInst(k, run.parallels[0]!, { kind: "omp.parallel", region: g.id, args: external, threads: NO_VALUE });
  const knames = functionNames(k);
  const loads: InstId[] = [];
  const rewire = new Map<ValueId, ValueId>();
  for (const [v, slot] of slots) {
    const t: Type = k.values[v]!.type;
    const ld = createInst(k, { kind: "load", type: t, space: "shared", ptr: slotAddr(k, slot) }, t, first.loc, knames.value(k.values[v]!.name));
    loads.push(ld);
    rewire.set(v, k.insts[ld]!.result);
  }
  placeInst(k, b, loads, at + hoisted.length + 1);
  if (rewire.size > 0) replaceUses(k, (v) => rewire.get(v) ?? v);

  const others = run.parallels.slice(1).map((id) => {
    return srcLocString(m.file, k.insts[id]!.loc);
  });
  ctx.remarks.emit(remark("passed", PASS, "OMP150", k.name, first.loc, `Parallel region merged with parallel region${others.length > 1 ? "s" : ""} at ${others.join(", ")}.`, {
    merged: `@${g.name}`,
    regions: run.parallels.length,
  }));
}
