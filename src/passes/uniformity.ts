// Uniformity: which values are the same on every thread of a team that computes them.
//
// requires: cfg, post-dominators; effects (for calls).
// preserves: everything (an analysis). Invalidated by any change to the function.
//
// A forward data-flow over SSA plus control dependence, iterated to a fixed point
// (divergence only grows):
// - Sources of divergence: omp.hw_thread_id; omp.thread_num and omp.num_threads inside
//   parallel-region functions (a nested region runs with one thread, so even num_threads
//   differs between callers); atomic and cmpxchg results; allocas (each thread's own
//   storage) and loads through divergent pointers or thread-private ones (but see below);
//   results of calls we
//   cannot see through; parameters, unless the context says they are uniform (kernel
//   parameters are: the host passes one value to the whole launch); an `omp.alloc_shared`
//   that is not `uniform` (every thread that runs it gets its own block); the address of a
//   `local` global (a copy per thread).
// - An instruction with a divergent operand is divergent.
// - Divergent regions: if a block ends in a branch on a divergent condition, every block
//   a thread can reach from it before the branch's immediate post-dominator (the join) is
//   reached by only some threads and computes divergent values. That is every block
//   forward-reachable from its successors without passing the join, not only the blocks
//   control-dependent on the branch itself: a branch on a uniform condition inside the
//   region still leads only the threads that entered it. A parameter of the join is
//   divergent unless every edge into the join from the branch or its region passes the same
//   value (threads that took different paths then still agree).
// A call's result is uniform if its arguments are uniform and the callee is a readnone or
// readonly declaration, or a defined function whose returned values are uniform when its
// parameters are (analysed recursively; a recursive call is first assumed uniform, and the
// callee analysed again without the assumption when it fails: see callReturnsUniform); an
// indirect call's too,
// through a uniform pointer, when every function it may call (a function address, or its
// callee set) is such a callee.
//
// Private storage with uniform contents: an alloca whose address goes only to accesses
// (ownAllocas: no call, store or block argument sees it), of a uniform count in a uniform
// block, every write to which (store, atomic, cmpxchg) sits in a uniform block at a uniform
// offset with uniform operands. Every thread then applies the same writes in the same
// order to its own zero-initialised copy, so a load (or atomic) at a uniform offset in a
// uniform block reads the same value on every thread, as spmdize's private arrays written
// by code every thread runs do.
//
// This is deliberately conservative (no "uniform inside a divergent region" refinement):
// spmdize may only rely on a value being uniform when it really is.
//
// Consumers: verify-uniform-barriers (uniform-barriers.ts), which checks that spmdize left
// every barrier and parallel region of an SPMD kernel in uniform control flow, and the
// analysis printer print-uniformity. spmdize itself does not ask: it makes control flow
// uniform by construction (guard.ts) rather than relying on this analysis.

import type { Function, Inst, Module } from "../ir/ir.js";
import { forEachOperand, isDeclaration, successors } from "../ir/ir.js";
import { QUERIES, hasNoResult, isPure, readsClock } from "../ir/opcodes.js";
import type { BlockId, InstId, ValueId } from "../ir/types.js";
import { NO_VALUE, assertNever } from "../ir/types.js";
import { CALL_GRAPH } from "./callgraph.js";
import type { Cfg } from "../ir/cfg.js";
import { computeCfg } from "../ir/cfg.js";
import type { PostDomTree } from "../ir/dominators.js";
import { computePostDominators } from "../ir/dominators.js";
import { functionAnalysis } from "./manager.js";
import type { UnderlyingInfo } from "./underlying.js";
import { allThreadPrivate, computeUnderlying, ownAllocas } from "./underlying.js";

export interface UniformityOptions {
  /** Whether each parameter is uniform (one flag for all, or per parameter). */
  paramsUniform: boolean | readonly boolean[];
  /** Whether the function runs as (or inside) a parallel region, where thread_num diverges. */
  inParallelRegion: boolean;
}

export interface Uniformity {
  isUniform(v: ValueId): boolean;
  /** True if b ends in a cond_br whose condition is divergent. */
  isDivergentBranch(b: BlockId): boolean;
  /** True if b is control-dependent on a divergent branch (only some threads run it). */
  isDivergentBlock(b: BlockId): boolean;
}

/**
 * The default context of a function: kernels have uniform parameters and run outside any
 * parallel region; a function used as an omp.parallel region has uniform parameters (the
 * main thread's values are passed to every thread) and runs inside one; any other function
 * gets divergent parameters and is assumed to run inside a region.
 */
export function defaultUniformityOptions(m: Module, f: Function, isRegion: boolean): UniformityOptions {
  if (f.kind === "kernel") return { paramsUniform: true, inParallelRegion: false };
  if (isRegion) return { paramsUniform: true, inParallelRegion: true };
  return { paramsUniform: false, inParallelRegion: true };
}

interface Ctx {
  m: Module;
  /** Memo of "returns a uniform value given these uniform params" per callee and mask. */
  returnsUniform: Map<string, boolean>;
  /** Callee-and-mask keys being analysed, with what a recursive call to one is assumed to return. */
  active: Map<string, boolean>;
  /** Keys whose assumption some recursive call used. */
  assumed: Set<string>;
}

export function computeUniformity(m: Module, f: Function, opts: UniformityOptions, cfg?: Cfg, pdom?: PostDomTree, ctx?: Ctx): Uniformity {
  const c: Ctx = ctx ?? { m, returnsUniform: new Map(), active: new Map(), assumed: new Set() };
  cfg ??= computeCfg(f);
  pdom ??= computePostDominators(f, cfg);
  const under: UnderlyingInfo = computeUnderlying(f);
  const nv = f.values.length;
  const divergent = new Uint8Array(nv);
  const divBlock = new Uint8Array(f.blocks.length);
  const divBranch = new Uint8Array(f.blocks.length);

  f.params.forEach((p, i) => {
    const u = typeof opts.paramsUniform === "boolean" ? opts.paramsUniform : (opts.paramsUniform[i] ?? false);
    if (!u) divergent[p] = 1;
  });
  // A `local` global is one copy per thread: its address differs between threads.
  f.values.forEach((v, id) => {
    if (v.def.kind === "global" && m.globals[v.def.global]?.space === "local") divergent[id] = 1;
  });
  const isDiv = (v: ValueId) => divergent[v] === 1;

  const callReturnsUniform = (callee: number, args: readonly ValueId[]): boolean => {
    const g = m.functions[callee];
    if (g === undefined || g.ret === "void") return true;
    const argsUniform = args.map((a) => !isDiv(a));
    if (isDeclaration(g)) return argsUniform.every((x) => x) && (g.attrs.readnone || g.attrs.readonly);
    const key = `${callee}:${argsUniform.map((x) => (x ? 1 : 0)).join("")}`;
    const memo = c.returnsUniform.get(key);
    if (memo !== undefined) return memo;
    // A recursive call returns what the callee returns: assume uniform, and check. A value
    // returned at recursion depth d is built from calls that return deeper (finitely many,
    // or none return), so an assumption the callee's body confirms holds by induction. One
    // the body refutes is dropped, with every memo made while it stood, and the callee
    // analysed again assuming divergent.
    const assumption = c.active.get(key);
    if (assumption !== undefined) {
      c.assumed.add(key);
      return assumption;
    }
    const memoMark = c.returnsUniform.size;
    for (let assume = true; ; assume = false) {
      c.active.set(key, assume);
      c.assumed.delete(key);
      const u = computeUniformity(m, g, { paramsUniform: argsUniform, inParallelRegion: opts.inParallelRegion }, undefined, undefined, c);
      let result = true;
      for (const b of g.layout) {
        const insts = g.blocks[b]!.insts;
        const t = g.insts[insts[insts.length - 1]!];
        if (t?.kind === "ret" && t.value >= 0 && (!u.isUniform(t.value) || u.isDivergentBlock(b))) result = false;
      }
      c.active.delete(key);
      if (result || !assume || !c.assumed.has(key)) {
        c.returnsUniform.set(key, result);
        return result;
      }
      // Refuted: forget the memos computed under the assumption (Map keeps insertion order).
      let i = 0;
      for (const k of [...c.returnsUniform.keys()]) if (i++ >= memoMark) c.returnsUniform.delete(k);
    }
  };

  // Own allocas whose contents are (still) the same on every thread; cleared, never set,
  // as divergence grows.
  const own = ownAllocas(f, under);
  const sameContents = new Set<InstId>(own);
  /** Whether ptr is a gep chain with uniform indices from one alloca (the same offset in every thread's copy). */
  const uniformOffset = (ptr: ValueId): boolean => {
    for (let v = ptr; ; ) {
      const d = f.values[v]!.def;
      if (d.kind !== "inst") return false;
      const inst = f.insts[d.inst]!;
      if (inst.kind === "alloca") return true;
      if (inst.kind !== "gep" || isDiv(inst.index)) return false;
      v = inst.ptr;
    }
  };
  /** Whether every thread reads the same bytes through ptr: its own copy of a same-contents alloca, at a uniform offset. */
  const samePrivate = (ptr: ValueId): boolean => {
    const objs = under.objects(ptr);
    return objs.length > 0 && objs.every((o) => o.kind === "alloca" && sameContents.has(o.inst)) && uniformOffset(ptr);
  };
  /** A write in block b through ptr of the given operands: the objects' contents may now differ between threads. */
  const write = (b: BlockId, ptr: ValueId, operands: readonly ValueId[]): boolean => {
    if (!(divBlock[b] === 1 || !uniformOffset(ptr) || operands.some(isDiv))) return false;
    let changed = false;
    for (const o of under.objects(ptr)) if (o.kind === "alloca" && sameContents.delete(o.inst)) changed = true;
    return changed;
  };

  const anyOperand = (inst: Inst, p: (v: ValueId) => boolean): boolean => {
    let r = false;
    forEachOperand(inst, (v) => {
      r ||= p(v);
    });
    return r;
  };

  /** Whether the instruction's result is divergent on its own (ignoring control dependence). */
  const instDivergent = (inst: Inst): boolean => {
    if (hasNoResult(inst)) return false;
    if (inst.kind === "alloca") return true; // a per-thread address
    if (inst.kind === "omp.query") {
      const u = QUERIES[inst.query].uniformity;
      return u === "thread" || (u === "parallel" && opts.inParallelRegion);
    }
    // Any other pure instruction (the opcode table) is a function of its operands.
    if (isPure(inst)) return anyOperand(inst, isDiv);
    if (readsClock(inst)) return true; // each warp's own clock
    switch (inst.kind) {
      case "load":
        if (samePrivate(inst.ptr)) return false;
        return isDiv(inst.ptr) || inst.space === "local" || allThreadPrivate(under.objects(inst.ptr));
      case "atomic": // the old contents (a divergent operand makes write() clear them)
      case "cmpxchg":
        return !samePrivate(inst.ptr);
      case "call":
        return !callReturnsUniform(inst.callee, inst.args);
      case "call_indirect": {
        // One callee for the whole team when the pointer is uniform: a known function, or
        // one of a callee set (the runtime faults on any other).
        if (isDiv(inst.callee)) return true;
        const d = f.values[inst.callee]!.def;
        const set = d.kind === "func" ? [d.func] : inst.callees ?? [];
        return set.length === 0 || !set.every((g) => callReturnsUniform(g, inst.args));
      }
      case "omp.alloc_shared": // each thread that runs a plain one gets a block of its own
        return inst.uniform !== true || isDiv(inst.size);
      case "omp.shuffle_down": // another thread's value: uniform when every thread's is the same
        return isDiv(inst.value);
      case "objectsize": // a function of the pointer while its block lives
        return isDiv(inst.ptr);
      case "omp.malloc": // a fresh allocation per call
      case "omp.target_is_present": // host only
        return true;
      default:
        return assertNever(inst);
    }
  };

  /** Marks the blocks between divergent branch `b` and its join `stop` (-1: none), and the join's parameters the paths disagree on. */
  const divergentRegion = (b: BlockId, stop: number): void => {
    const inRegion = new Uint8Array(f.blocks.length);
    const work: BlockId[] = [];
    const joinArgs: ValueId[][] = stop >= 0 ? f.blocks[stop]!.params.map(() => []) : [];
    const visit = (from: BlockId): void => {
      const insts = f.blocks[from]!.insts;
      for (const e of successors(f.insts[insts[insts.length - 1]!]!)) {
        if (cfg.rpoIndex[e.block]! < 0) continue; // not in the CFG given (e.g. barrier-elim's, without doomed blocks)
        if (e.block === stop) e.args.forEach((a, i) => joinArgs[i]?.push(a));
        else if (!inRegion[e.block]) {
          inRegion[e.block] = 1;
          divBlock[e.block] = 1;
          work.push(e.block);
        }
      }
    };
    visit(b);
    while (work.length > 0) visit(work.pop()!);
    if (stop < 0) return;
    f.blocks[stop]!.params.forEach((p, i) => {
      if (joinArgs[i]!.some((a) => a !== joinArgs[i]![0])) divergent[p] = 1;
    });
  };

  let changed = true;
  while (changed) {
    changed = false;
    for (const b of cfg.rpo) {
      const block = f.blocks[b]!;
      if (divBlock[b]) {
        for (const p of block.params) if (!divergent[p]) divergent[p] = 1, (changed = true);
      }
      for (const id of block.insts) {
        const inst = f.insts[id]!;
        if (inst.kind === "store" || inst.kind === "atomic") changed = write(b, inst.ptr, [inst.value]) || changed;
        else if (inst.kind === "cmpxchg") changed = write(b, inst.ptr, [inst.expected, inst.desired]) || changed;
        if (inst.kind === "alloca" && sameContents.has(id) && (divBlock[b] === 1 || isDiv(inst.count))) {
          sameContents.delete(id);
          changed = true;
        }
        if (inst.result >= 0 && !divergent[inst.result] && (divBlock[b] || instDivergent(inst))) {
          divergent[inst.result] = 1;
          changed = true;
        }
        for (const e of successors(inst)) {
          // A divergent argument makes the target's parameter divergent.
          const params = f.blocks[e.block]!.params;
          e.args.forEach((a, i) => {
            const p = params[i];
            if (p !== undefined && isDiv(a) && !divergent[p]) {
              divergent[p] = 1;
              changed = true;
            }
          });
        }
        if (inst.kind === "cond_br" && isDiv(inst.cond) && !divBranch[b]) {
          divBranch[b] = 1;
          changed = true;
          divergentRegion(b, pdom.ipdom[b]!);
        }
      }
    }
  }

  return {
    isUniform: (v) => !divergent[v],
    isDivergentBranch: (b) => divBranch[b] === 1,
    isDivergentBlock: (b) => divBlock[b] === 1,
  };
}

/** Per function, with the default context (see defaultUniformityOptions). */
export const UNIFORMITY = functionAnalysis<Uniformity>("uniformity", false, (f, am) => {
  const m = am.module;
  const cg = am.getModule(CALL_GRAPH);
  const isRegion = cg.sites.some((s) => s.callee === f.id && s.kind === "parallel");
  return computeUniformity(m, f, defaultUniformityOptions(m, f, isRegion));
});
