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
//   storage) and loads through thread-private or divergent pointers; results of calls we
//   cannot see through; parameters, unless the context says they are uniform (kernel
//   parameters are: the host passes one value to the whole launch).
// - An instruction with a divergent operand is divergent.
// - Control dependence: if a block ends in a branch on a divergent condition, every block
//   control-dependent on it (found by walking up the post-dominator tree from each
//   successor to the branch's immediate post-dominator) computes divergent values, and the
//   parameters of the immediate post-dominator (the join) are divergent.
// A call's result is uniform if its arguments are uniform and the callee is a readnone or
// readonly declaration, or a defined function whose returned values are uniform when its
// parameters are (analysed recursively; recursion is divergent); an indirect call's too,
// through a uniform pointer, when every function it may call (a function address, or its
// callee set) is such a callee.
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
import type { BlockId, ValueId } from "../ir/types.js";
import { NO_VALUE, assertNever } from "../ir/types.js";
import { CALL_GRAPH } from "./callgraph.js";
import type { Cfg } from "../ir/cfg.js";
import { computeCfg } from "../ir/cfg.js";
import type { PostDomTree } from "../ir/dominators.js";
import { computePostDominators } from "../ir/dominators.js";
import { functionAnalysis } from "./manager.js";
import type { UnderlyingInfo } from "./underlying.js";
import { allThreadPrivate, computeUnderlying } from "./underlying.js";

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
  /** Callees being analysed (recursion → divergent). */
  active: Set<number>;
}

export function computeUniformity(m: Module, f: Function, opts: UniformityOptions, cfg?: Cfg, pdom?: PostDomTree, ctx?: Ctx): Uniformity {
  const c: Ctx = ctx ?? { m, returnsUniform: new Map(), active: new Set() };
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
  const isDiv = (v: ValueId) => divergent[v] === 1;

  const callReturnsUniform = (callee: number, args: readonly ValueId[]): boolean => {
    const g = m.functions[callee];
    if (g === undefined || g.ret === "void") return true;
    const argsUniform = args.map((a) => !isDiv(a));
    if (isDeclaration(g)) return argsUniform.every((x) => x) && (g.attrs.readnone || g.attrs.readonly);
    const key = `${callee}:${argsUniform.map((x) => (x ? 1 : 0)).join("")}`;
    const memo = c.returnsUniform.get(key);
    if (memo !== undefined) return memo;
    if (c.active.has(callee)) return false;
    c.active.add(callee);
    const u = computeUniformity(m, g, { paramsUniform: argsUniform, inParallelRegion: opts.inParallelRegion }, undefined, undefined, c);
    let result = true;
    for (const b of g.layout) {
      const insts = g.blocks[b]!.insts;
      const t = g.insts[insts[insts.length - 1]!];
      if (t?.kind === "ret" && t.value >= 0 && (!u.isUniform(t.value) || u.isDivergentBlock(b))) result = false;
    }
    c.active.delete(callee);
    c.returnsUniform.set(key, result);
    return result;
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
        return isDiv(inst.ptr) || inst.space === "local" || allThreadPrivate(under.objects(inst.ptr));
      case "atomic":
      case "cmpxchg":
        return true;
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
      case "omp.alloc_shared":
        return isDiv(inst.size);
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

  const markBlockDivergent = (b: BlockId): boolean => {
    if (divBlock[b]) return false;
    divBlock[b] = 1;
    return true;
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
          const stop = pdom.ipdom[b]!;
          for (const s of [inst.then, inst.else]) {
            for (let x: number = s; x >= 0 && x !== stop; x = pdom.ipdom[x]!) markBlockDivergent(x as BlockId);
          }
          if (stop >= 0) for (const p of f.blocks[stop]!.params) divergent[p] = 1;
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
