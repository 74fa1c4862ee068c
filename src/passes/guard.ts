// Guarded regions for SPMD-ization: choose single-entry single-exit regions of sequential code
// whose side effects must happen once, and rewrite each so that only the team's thread 0 runs
// it, followed by a barrier and, for values used later, a broadcast through team-shared memory.
//
// requires: a device function whose instructions are classified (InstClass below), queries
//   already rewritten (thread_num → 0 …); no critical invariants beyond a verified function.
// preserves: nothing (splits blocks, adds blocks, globals and instructions).
//
// How it improves on LLVM's OpenMPOpt (OpenMPOpt.cpp, insertInstructionGuardsHelper), which
// guards each maximal run of side effects inside one block separately, with a barrier and a
// broadcast per run:
// - Regions are SESE regions of the CFG, found by walking the post-dominator chain from a
//   start block (Johnson-Pearson-Pingali style "canonical regions", simplified): a run of
//   side effects, a whole if/else, a whole loop, or several of these in sequence become one
//   region with one barrier, as long as the region contains no barrier, parallel region or
//   instruction that every thread must run, and every edge into it enters at its start.
//   All regions are chosen on one CFG, then rewritten; each is checked single-entry
//   single-exit on the current CFG before and after its rewrite.
// - Pure values computed inside a region and used after it are recomputed after the
//   region (rematerialised) instead of broadcast; only values that depend on the guarded
//   side effects are broadcast.
// - The second barrier after a broadcast is added only when thread 0 could come back and
//   overwrite the broadcast slot before the others read it without meeting another barrier
//   (a helper's return leads back to its entry: it may be called again).
//
// The shape of one guarded region (S = its entry block, E = its exit block):
//
//   pred ─▶ ^guard.check(S's params): cond_br %is_main, S(...), ^guard.barrier
//   S … region blocks … exit edges ─▶ ^guard.end(E's params): store live-outs to slots
//   ^guard.barrier: omp.barrier; load slots; [omp.barrier]; br E(loaded E args)

import {
  appendBlock, cloneInst, createBlock, insertBlockAfter, insertBlockBefore, placeBeforeTerminator, placeInst, redirectAllEdges, redirectEdges,
  removeInstAt, replaceUses, splitBlockWithBranch,
} from "../ir/edit.js";
import type { Function, Inst, InstData, Module, StoreInst } from "../ir/ir.js";
import { addConst, addGlobal, addValue, appendInst, createInst, forEachInst, forEachOperand, mapOperands, successors } from "../ir/ir.js";
import type { SrcLoc } from "../ir/loc.js";
import { freshSymbol } from "../ir/names.js";
import type { BlockId, GlobalId, InstId, Type, ValueId } from "../ir/types.js";
import { NO_VALUE } from "../ir/types.js";
import { computeCfg } from "../ir/cfg.js";
import { namesLocalGlobal } from "./effects.js";
import type { DomTree, PostDomTree } from "../ir/dominators.js";
import { VIRTUAL_EXIT, computeDominators, computePostDominators } from "../ir/dominators.js";

/**
 * How an instruction of the sequential part may be executed in SPMD mode:
 * - "pure": no side effect and no non-private read; every thread may run it, and it may be
 *   recomputed (arithmetic, private loads, readnone calls).
 * - "guard": a side effect that must happen once, or a read of memory others may write;
 *   runs on thread 0 inside a guarded region.
 * - "all": must run on every thread but is not a synchronisation point (allocas and
 *   private stores, which create or update each thread's own copy; amenable calls).
 * - "sync": every thread must reach it together (omp.parallel, omp.barrier, a call to a
 *   function containing them).
 */
export type InstClass = "pure" | "guard" | "all" | "sync";

/**
 * branch: guarded regions behind `cond_br %is_main` (the default shape);
 * naive: one branch region per guarded instruction (the LLVM-like baseline);
 * mask: a region of plain stores runs on every thread, the others' stores redirected to
 *   per-thread dummy slots (`select %is_main, %p, %dummy[tid]`), as the RFC proposes;
 * auto: mask where the estimate says it is cheaper (a region of exactly one store), else branch.
 */
export type GuardScheme = "branch" | "naive" | "mask" | "auto";

export interface GuardedRegion {
  /** Instructions guarded (original ids, for remarks). */
  guarded: InstId[];
  /** How many blocks the region spans, whether it contains a loop or a branch. */
  blocks: number;
  loop: boolean;
  branches: boolean;
  broadcasts: number;
  rematerialised: number;
  secondBarrier: boolean;
  /** Guarded by masked stores instead of a branch. */
  masked: boolean;
  loc: SrcLoc;
}

/** What guardFunction needs besides the function: the scheme and the entry's thread values. */
export interface GuardOptions {
  scheme: GuardScheme;
  /** `%is_main` (hw_thread_id == 0) and `%tid`, defined at the entry before any region. */
  isMain: ValueId;
  tid: ValueId;
  /** The largest team the function runs with, if known (sizes the mask scheme's dummy slots). */
  teamSize: number | null;
  /** A call that may run this function again before it returns (recursion): it re-enters its regions. */
  reenters?: (inst: Inst) => boolean;
}

export interface GuardResult {
  regions: GuardedRegion[];
  barriers: number;
}

/**
 * Splits every block so that guardable code sits in blocks of its own: a block becomes
 * segments [all/sync runs] [leading pure] [guard … guard] [trailing pure + terminator].
 * With the naive scheme every guarded instruction gets a block of its own (LLVM-like
 * baseline without coalescing across pure instructions).
 */
function segment(f: Function, cls: (id: InstId) => InstClass, scheme: GuardScheme): void {
  for (const b of [...f.layout]) {
    let cur = b;
    for (;;) {
      const insts = f.blocks[cur]!.insts;
      const n = insts.length - 1; // terminator excluded
      const kinds = insts.slice(0, n).map(cls);
      const cut = nextCut(kinds, scheme);
      // A guard span is always split from the terminator, so its block has one successor.
      const guardSpanEndsBlock = cut === n && kinds.includes("guard") && !kinds.some((k) => k === "all" || k === "sync") && kinds[0] === "guard";
      if (cut <= 0 || (cut >= n && !guardSpanEndsBlock)) break;
      cur = splitBlockWithBranch(f, cur, cut);
    }
  }
}

/** Where the first segment of a block with these classes ends (0: do not split). */
function nextCut(kinds: InstClass[], scheme: GuardScheme): number {
  if (kinds.length === 0) return 0;
  const isBarrierish = (k: InstClass) => k === "all" || k === "sync";
  if (isBarrierish(kinds[0]!)) {
    let i = 1;
    while (i < kinds.length && isBarrierish(kinds[i]!)) i++;
    return i;
  }
  // A pure/guard segment: up to the next all/sync instruction.
  let end = 0;
  while (end < kinds.length && !isBarrierish(kinds[end]!)) end++;
  const firstG = kinds.indexOf("guard");
  if (firstG < 0 || firstG >= end) return end; // pure only
  if (firstG > 0) return firstG; // leading pure run on its own
  if (scheme === "naive") return 1;
  let lastG = firstG;
  for (let i = firstG; i < end; i++) if (kinds[i] === "guard") lastG = i;
  return lastG + 1; // the guard span; trailing pure goes with the rest
}

interface Region {
  entry: BlockId;
  exit: BlockId | typeof VIRTUAL_EXIT;
  blocks: BlockId[];
}

/**
 * Guards every "guard" instruction of f. `cls` classifies original instructions (new
 * ones the splitting adds — branches — are pure). `isMain` is an i1 value computed at the
 * function's entry (hw_thread_id == 0), defined before any region.
 */
export function guardFunction(m: Module, f: Function, cls: (id: InstId) => InstClass, opts: GuardOptions): GuardResult {
  const { scheme, isMain } = opts;
  const classOf = (id: InstId) => (id < clsLimit ? cls(id) : "pure");
  const clsLimit = f.insts.length; // instructions created below are branches or guard plumbing
  segment(f, classOf, scheme);

  const cfg = computeCfg(f);
  const dom = computeDominators(f, cfg);
  const pdom = computePostDominators(f, cfg);
  const kindOfBlock = (b: BlockId): "skel" | "guard" | "neutral" => {
    const insts = f.blocks[b]!.insts;
    let guard = false;
    for (let i = 0; i < insts.length - 1; i++) {
      const k = classOf(insts[i]!);
      if (k === "all" || k === "sync") return "skel";
      if (k === "guard") guard = true;
    }
    return guard ? "guard" : "neutral";
  };
  const kinds = new Map<BlockId, "skel" | "guard" | "neutral">();
  for (const b of cfg.rpo) kinds.set(b, kindOfBlock(b));

  // All regions are chosen on this one CFG, before any rewrite: each is SESE here (checked
  // by growRegion and by construction for naiveRegion), and they are pairwise disjoint.
  const assigned = new Set<BlockId>();
  const regions: Region[] = [];
  for (const s of cfg.rpo) {
    if (assigned.has(s) || kinds.get(s) !== "guard" && !(scheme !== "naive" && startsBranch(f, s))) continue;
    const r = scheme === "naive" ? naiveRegion(f, s, kinds) : growRegion(f, s, kinds, assigned, cfg.preds, dom, pdom);
    if (r === null) continue;
    for (const b of r.blocks) assigned.add(b);
    regions.push(r);
  }

  // Every guarded instruction must be covered; a block whose guard run could not be
  // enclosed (e.g. one that ends in a return inside a loop with a parallel region) gets a
  // region of its own.
  for (const b of cfg.rpo) {
    if (kinds.get(b) === "guard" && !assigned.has(b)) {
      const r = naiveRegion(f, b, kinds);
      if (r === null) throw new Error(`internal error: cannot guard block in @${f.name}`);
      assigned.add(b);
      regions.push(r);
    }
  }

  const out: GuardedRegion[] = [];
  const built: ({ barrierBlock: BlockId; endBlock: BlockId; slots: number } | null)[] = [];
  const dummies = new Map<string, GlobalId>();
  // Rewriting a region sends every outside edge into its entry to its check block, so a
  // region built later whose exit is that entry must leave to the check instead.
  const checkOf = new Map<BlockId, BlockId>();
  for (const r of regions) {
    const guarded: InstId[] = [];
    for (const b of r.blocks) for (const id of f.blocks[b]!.insts) if (id < clsLimit && classOf(id) === "guard") guarded.push(id);
    const loc = f.insts[guarded[0]!]?.loc ?? f.blocks[r.entry]!.loc;
    if (useMask(f, r, guarded, opts)) {
      maskRegion(m, f, r.entry, guarded, opts, dummies);
      built.push(null);
      out.push({ guarded, blocks: 1, loop: false, branches: false, broadcasts: 0, rematerialised: 0, secondBarrier: false, masked: true, loc });
      continue;
    }
    const loop = r.blocks.some((b) => successorsOf(f, b).some((t) => t === r.entry || (r.blocks.includes(t) && dom.dominates(t, b))));
    const branches = r.blocks.some((b) => successorsOf(f, b).length > 1);
    // Plumbing (check, broadcast, barrier) points at the first guarded instruction.
    const target: Region = { ...r, exit: r.exit === VIRTUAL_EXIT ? VIRTUAL_EXIT : checkOf.get(r.exit) ?? r.exit };
    assertSese(f, target, classOf, "before guarding");
    const info = buildRegion(m, f, target, isMain, loc);
    assertGuarded(f, target, info);
    checkOf.set(r.entry, info.checkBlock);
    built.push(info);
    out.push({
      guarded, blocks: r.blocks.length, loop, branches, broadcasts: info.slots, rematerialised: info.remat,
      secondBarrier: false, masked: false, loc,
    });
  }

  // Second barrier: needed if thread 0 can reach the region's end (and overwrite a slot)
  // again from the loads without passing any barrier.
  let barriers = out.length;
  built.forEach((info, i) => {
    if (info === null || info.slots === 0) return;
    if (reachesWithoutBarrier(f, info.barrierBlock, info.endBlock, opts.reenters ?? (() => false))) {
      const insts = f.blocks[info.barrierBlock]!.insts;
      placeBeforeTerminator(f, info.barrierBlock, createInst(f, { kind: "omp.barrier" }, null, f.insts[insts[insts.length - 1]!]!.loc));
      out[i]!.secondBarrier = true;
      barriers++;
    }
  });
  return { regions: out, barriers };
}

/**
 * Whether a region is guarded by masked stores: it is one block whose guarded instructions
 * are all plain stores to shared or global memory, and the dummy storage can be sized.
 * `auto` takes it only for a single store: on the critical warp the masked store issues
 * gep + select + store, the branch guard cond_br + store + br plus a divergent warp and a
 * split CFG; for two stores or more the branch guard issues fewer instructions.
 */
function useMask(f: Function, r: Region, guarded: readonly InstId[], opts: GuardOptions): boolean {
  if (opts.scheme !== "mask" && opts.scheme !== "auto") return false;
  if (opts.teamSize === null || r.blocks.length !== 1 || guarded.length === 0) return false;
  if (opts.scheme === "auto" && guarded.length !== 1) return false;
  return guarded.every((id) => {
    const inst = f.insts[id]!;
    return inst.kind === "store" && (inst.space === "shared" || inst.space === "global");
  });
}

/** Every thread runs the block; thread t > 0 stores to its own dummy slot; then a barrier. */
function maskRegion(m: Module, f: Function, block: BlockId, guarded: readonly InstId[], opts: GuardOptions, dummies: Map<string, GlobalId>): void {
  const insts = f.blocks[block]!.insts;
  for (const id of guarded) {
    const st = f.insts[id] as StoreInst;
    const key = `${st.space}.${st.type}`;
    let g = dummies.get(key);
    if (g === undefined) {
      g = addGlobal(m, freshSymbol(m, `${f.name}.dummy.${st.space}.${st.type}`), st.space, st.type, opts.teamSize!, null, st.loc);
      dummies.set(key, g);
    }
    const base = addValue(f, "ptr", { kind: "global", global: g });
    const slot = createInst(f, { kind: "gep", elemType: st.type, ptr: base, index: opts.tid }, "ptr", st.loc);
    const ptr = createInst(f, { kind: "select", type: "ptr", cond: opts.isMain, a: st.ptr, b: f.insts[slot]!.result }, "ptr", st.loc);
    placeInst(f, block, [slot, ptr], insts.indexOf(id));
    st.ptr = f.insts[ptr]!.result;
  }
  const last = f.insts[guarded[guarded.length - 1]!]!.loc;
  placeBeforeTerminator(f, block, createInst(f, { kind: "omp.barrier" }, null, last));
}

function successorsOf(f: Function, b: BlockId): BlockId[] {
  const insts = f.blocks[b]!.insts;
  return successors(f.insts[insts[insts.length - 1]!]!).map((s) => s.block);
}

function startsBranch(f: Function, b: BlockId): boolean {
  const insts = f.blocks[b]!.insts;
  return f.insts[insts[insts.length - 1]!]!.kind === "cond_br";
}

/** Blocks reachable from s without passing through `stop` (s included). */
function reach(f: Function, s: BlockId, stop: number): BlockId[] {
  const seen = new Set<BlockId>([s]);
  const order: BlockId[] = [s];
  for (let i = 0; i < order.length; i++) {
    for (const t of successorsOf(f, order[i]!)) {
      if (t === stop || seen.has(t)) continue;
      seen.add(t);
      order.push(t);
    }
  }
  return order;
}

/**
 * Whether every block of a region that ends at the function's end reaches a `ret` inside
 * it. A path that cannot (a loop without exit, a trap's `unreachable`) makes the virtual
 * exit the reconvergence point of the check's branch (RUNTIME.md, "SIMT"), so thread 0,
 * still diverged from its warp, would wait alone at the closing barrier: deadlock. (A real
 * exit post-dominates the region, so every block reaches it.)
 */
function allReturn(f: Function, blocks: readonly BlockId[], inside: ReadonlySet<BlockId>, preds: readonly BlockId[][]): boolean {
  const work = blocks.filter((b) => {
    const insts = f.blocks[b]!.insts;
    return f.insts[insts[insts.length - 1]!]!.kind === "ret";
  });
  const ok = new Set(work);
  while (work.length > 0) {
    for (const p of preds[work.pop()!]!) {
      if (inside.has(p) && !ok.has(p)) {
        ok.add(p);
        work.push(p);
      }
    }
  }
  return ok.size === inside.size;
}

/**
 * The largest SESE region starting at s along the post-dominator chain that holds no
 * skeleton block; trailing extensions that add no guarded code are dropped. A candidate
 * that ends at the function's end must return on every path (allReturn).
 *
 * reach(s, e) is closed under successors up to e, so every edge leaving it goes to e. It is
 * single-entry only if no block but s has a predecessor outside it: s dominating the blocks
 * is not enough, since a loop back edge from beyond e may enter past s (past the check).
 * Such a candidate is skipped, not final: a larger one may take in the whole loop.
 */
function growRegion(
  f: Function, s: BlockId, kinds: Map<BlockId, string>, assigned: Set<BlockId>, preds: readonly BlockId[][],
  dom: DomTree, pdom: PostDomTree,
): Region | null {
  let best: Region | null = null;
  let e = pdom.ipdom[s]!;
  for (;;) {
    const blocks = reach(f, s, e);
    const ok = blocks.every((b) => kinds.get(b) !== "skel" && !assigned.has(b) && dom.dominates(s, b));
    if (!ok) break;
    const inside = new Set(blocks);
    const singleEntry = blocks.every((b) => b === s || preds[b]!.every((p) => inside.has(p)));
    const grew = blocks.some((b) => kinds.get(b) === "guard" && !best?.blocks.includes(b));
    if (grew && singleEntry && (e >= 0 || allReturn(f, blocks, inside, preds))) best = { entry: s, exit: e < 0 ? VIRTUAL_EXIT : (e as BlockId), blocks };
    if (e < 0) break;
    e = pdom.ipdom[e]!;
  }
  return best;
}

/**
 * A region of just block b (its guard run). segment() ends every guard block with a `br`,
 * so its one successor is the exit: not the post-dominator, which in a CFG without exits
 * may be the virtual exit for a loop latch.
 */
function naiveRegion(f: Function, b: BlockId, kinds: Map<BlockId, string>): Region | null {
  if (kinds.get(b) !== "guard") return null;
  const insts = f.blocks[b]!.insts;
  const t = f.insts[insts[insts.length - 1]!]!;
  if (t.kind === "ret") return { entry: b, exit: VIRTUAL_EXIT, blocks: [b] };
  if (t.kind !== "br" || t.target === b) return null;
  return { entry: b, exit: t.target, blocks: [b] };
}

/**
 * Internal check that r is a SESE region of f's current CFG, guardable as a whole: the
 * entry is not the function's entry, no block synchronises or must run on every thread,
 * every edge from outside enters at the entry, every edge from inside stays or goes to the
 * exit (none when the exit is the function's end, where only `ret`s leave), and no block
 * returns when the exit is a block.
 */
function assertSese(f: Function, r: Region, cls: (id: InstId) => InstClass, when: string): void {
  const fail = (why: string): never => {
    throw new Error(`internal error: guarded region at ^${f.blocks[r.entry]!.name ?? r.entry} of @${f.name} is not single-entry single-exit ${when}: ${why}`);
  };
  const inside = new Set(r.blocks);
  if (r.entry === f.layout[0]) fail("it starts at the function's entry");
  if (!inside.has(r.entry)) fail("the entry is not in the region");
  if (r.exit !== VIRTUAL_EXIT && inside.has(r.exit)) fail("the exit is in the region");
  for (const b of f.layout) {
    const insts = f.blocks[b]!.insts;
    const term = f.insts[insts[insts.length - 1]!]!;
    const succ = successors(term).map((x) => x.block);
    if (inside.has(b)) {
      for (let i = 0; i < insts.length - 1; i++) {
        const k = cls(insts[i]!);
        if (k === "sync" || k === "all") fail(`block ^${f.blocks[b]!.name ?? b} holds code every thread must run`);
      }
      if (term.kind === "ret" && r.exit !== VIRTUAL_EXIT) fail(`block ^${f.blocks[b]!.name ?? b} returns but the exit is a block`);
      for (const t of succ) if (!inside.has(t) && t !== r.exit) fail(`an edge leaves from ^${f.blocks[b]!.name ?? b} to ^${f.blocks[t]!.name ?? t}, not to the exit`);
    } else {
      for (const t of succ) if (inside.has(t) && t !== r.entry) fail(`an edge from ^${f.blocks[b]!.name ?? b} enters at ^${f.blocks[t]!.name ?? t}, past the check`);
    }
  }
}

/** After buildRegion: only the check enters the region, and only its end block is left to. */
function assertGuarded(f: Function, r: Region, info: { checkBlock: BlockId; endBlock: BlockId }): void {
  const inside = new Set(r.blocks);
  for (const b of f.layout) {
    const insts = f.blocks[b]!.insts;
    for (const { block: t } of successors(f.insts[insts[insts.length - 1]!]!)) {
      const bad = inside.has(b) ? !inside.has(t) && t !== info.endBlock : inside.has(t) && b !== info.checkBlock;
      if (bad) throw new Error(`internal error: guarded region at ^${f.blocks[r.entry]!.name ?? r.entry} of @${f.name}: edge ^${f.blocks[b]!.name ?? b} -> ^${f.blocks[t]!.name ?? t} bypasses its check or end`);
    }
  }
}

/** Pure instructions that may be recomputed outside the region. */
function isRematerialisable(inst: Inst): boolean {
  switch (inst.kind) {
    case "binary":
      // Division by zero faults: recomputing is still exact (thread 0 would have faulted first).
      return true;
    case "icmp":
    case "fcmp":
    case "select":
    case "cast":
    case "gep":
      return true;
    default:
      return false;
  }
}

/** The block a region leaves to: its exit, or for a region that runs to the function's end a
 *  fresh `^guard.exit` that returns, to which the region's returns now branch. */
function exitBlockOf(f: Function, r: Region, loc: SrcLoc): BlockId {
  if (r.exit !== VIRTUAL_EXIT) return r.exit;
  const exit = createBlock(f, "guard.exit", f.ret === "void" ? [] : [f.ret], loc);
  appendBlock(f, exit);
  appendInst(f, exit, { kind: "ret", value: f.ret === "void" ? NO_VALUE : f.blocks[exit]!.params[0]! }, null, loc);
  for (const b of r.blocks) {
    const insts = f.blocks[b]!.insts;
    const t = f.insts[insts[insts.length - 1]!]!;
    if (t.kind === "ret") {
      removeInstAt(f, b, insts.length - 1);
      appendInst(f, b, { kind: "br", target: exit, args: t.value === NO_VALUE ? [] : [t.value] }, null, t.loc);
    }
  }
  return exit;
}

/** Values defined in the region, and those of them used outside it (in first-use order). */
function liveOutsOf(f: Function, r: Region, inRegion: ReadonlySet<BlockId>): { definedIn: Set<ValueId>; liveOut: ValueId[] } {
  const definedIn = new Set<ValueId>();
  for (const b of r.blocks) {
    for (const p of f.blocks[b]!.params) definedIn.add(p);
    for (const id of f.blocks[b]!.insts) if (f.insts[id]!.result !== NO_VALUE) definedIn.add(f.insts[id]!.result);
  }
  const liveOut: ValueId[] = [];
  const seenOut = new Set<ValueId>();
  forEachInst(f, (inst, _id, b) => {
    if (inRegion.has(b)) return;
    forEachOperand(inst, (v) => {
      if (definedIn.has(v) && !seenOut.has(v)) {
        seenOut.add(v);
        liveOut.push(v);
      }
    });
  });
  return { definedIn, liveOut };
}

function buildRegion(m: Module, f: Function, r: Region, isMain: ValueId, loc: SrcLoc): { checkBlock: BlockId; barrierBlock: BlockId; endBlock: BlockId; slots: number; remat: number } {
  const inRegion = new Set(r.blocks);
  const exit = exitBlockOf(f, r, loc);
  const { definedIn, liveOut } = liveOutsOf(f, r, inRegion);

  // Blocks: check (replaces the region's entry for outside predecessors), end, barrier.
  const entryParams = f.blocks[r.entry]!.params.map((p) => f.values[p]!.type);
  const check = createBlock(f, "guard.check", entryParams, loc);
  const exitParamTypes = f.blocks[exit]!.params.map((p) => f.values[p]!.type);
  const end = createBlock(f, "guard.end", exitParamTypes, loc);
  const barrier = createBlock(f, "guard.barrier", [], loc);
  insertBlockBefore(f, check, r.entry);
  insertBlockAfter(f, [end, barrier], r.blocks[r.blocks.length - 1]!);

  // Outside edges into the entry go to the check block (the function entry is handled by the caller).
  redirectAllEdges(f, r.entry, check, (b) => !inRegion.has(b) && b !== check);
  appendInst(f, check, {
    kind: "cond_br", cond: isMain, then: r.entry, thenArgs: [...f.blocks[check]!.params], else: barrier, elseArgs: [],
  }, null, loc);

  // Exit edges go to the end block. An exit argument that every exit edge passes the same
  // way, from outside the region (a constant, a uniform value), needs no broadcast.
  const incoming: ValueId[][] = f.blocks[exit]!.params.map(() => []);
  for (const b of r.blocks) {
    const insts = f.blocks[b]!.insts;
    const t = f.insts[insts[insts.length - 1]!]!;
    for (const s of successors(t)) if (s.block === exit) s.args.forEach((a, k) => incoming[k]!.push(a));
    redirectEdges(f, b, exit, end);
  }
  const passThrough = incoming.map((args) =>
    args.length > 0 && args.every((a) => a === args[0]) && !definedIn.has(args[0]!) ? args[0]! : null);

  // Broadcast slots: the exit block's arguments, then live-out values that cannot be recomputed.
  const endParams = f.blocks[end]!.params;
  const slotOf = (t: Type) => addGlobal(m, freshSymbol(m, `${f.name}.bcast.${m.globals.length}`), "shared", t, 1, null, loc);
  const broadcast: { value: ValueId; type: Type }[] = endParams
    .filter((_p, k) => passThrough[k] === null)
    .map((p) => ({ value: p, type: f.values[p]!.type }));
  const remat = new Map<ValueId, Inst>();
  const canRemat = (v: ValueId, depth = 0): boolean => {
    if (!definedIn.has(v)) return true;
    const d = f.values[v]!.def;
    if (d.kind !== "inst" || depth > 16) return false;
    const inst = f.insts[d.inst]!;
    // A `local` global's address is each thread's own copy's: recomputed, it would not be
    // the value thread 0 computed (and would allocate every thread's copy).
    if (!isRematerialisable(inst) || namesLocalGlobal(m, f, inst)) return false;
    let ok = true;
    mapOperands(inst, (o) => ((ok &&= canRemat(o, depth + 1)), o));
    return ok;
  };
  for (const v of liveOut) {
    if (canRemat(v)) remat.set(v, f.insts[(f.values[v]!.def as { inst: InstId }).inst]!);
    else broadcast.push({ value: v, type: f.values[v]!.type });
  }

  const loaded = new Map<ValueId, ValueId>();
  appendInst(f, barrier, { kind: "omp.barrier" }, null, loc);
  for (const { value, type } of broadcast) {
    const g = slotOf(type);
    const gv = addValue(f, "ptr", { kind: "global", global: g });
    appendInst(f, end, { kind: "store", type, space: "shared", value, ptr: gv }, null, loc);
    const ld = appendInst(f, barrier, { kind: "load", type, space: "shared", ptr: gv }, type, loc);
    loaded.set(value, f.insts[ld]!.result);
  }
  appendInst(f, end, { kind: "br", target: barrier, args: [] }, null, loc);

  // Recompute pure live-outs after the loads (operands first).
  const rematerialised = new Map<ValueId, ValueId>();
  const materialise = (v: ValueId): ValueId => {
    if (loaded.has(v)) return loaded.get(v)!;
    if (!definedIn.has(v)) return v;
    const done = rematerialised.get(v);
    if (done !== undefined) return done;
    const orig = f.insts[(f.values[v]!.def as { inst: InstId }).inst]!;
    const copy = cloneInst(orig);
    mapOperands(copy, materialise);
    const { result: _r, loc: l, ...data } = copy;
    const id = appendInst(f, barrier, data as InstData, f.values[v]!.type, l, f.values[v]!.name);
    rematerialised.set(v, f.insts[id]!.result);
    return f.insts[id]!.result;
  };
  for (const v of remat.keys()) materialise(v);
  const exitArgs = endParams.map((p, k) => passThrough[k] ?? loaded.get(p)!);
  appendInst(f, barrier, { kind: "br", target: exit, args: exitArgs }, null, loc);

  // Outside uses of region values now read the broadcast (or recomputed) copies.
  const replacement = (v: ValueId) => loaded.get(v) ?? rematerialised.get(v) ?? v;
  const plumbing = new Set<BlockId>([check, end, barrier]);
  replaceUses(f, (v) => (definedIn.has(v) ? replacement(v) : v), (b) => !inRegion.has(b) && !plumbing.has(b));
  return { checkBlock: check, barrierBlock: barrier, endBlock: end, slots: broadcast.length, remat: rematerialised.size };
}

/**
 * True if `to` is reachable from the successors of `from` without entering a block that
 * synchronises the team. A function other than a kernel may be called again (in a caller's
 * loop, or at another call site) with no barrier in between, so its returns lead back to
 * its entry; a kernel's return ends the thread's part of the launch. A recursive call leads
 * to the entry too (the inner activation runs the regions again), and a return also leads
 * to the code after each recursive call (the outer activation goes on there).
 */
function reachesWithoutBarrier(f: Function, from: BlockId, to: BlockId, reenters: (inst: Inst) => boolean): boolean {
  const entry = f.layout[0]!;
  const after: [BlockId, number][] = []; // the code after each recursive call
  for (const b of f.layout) f.blocks[b]!.insts.forEach((id, i) => reenters(f.insts[id]!) && after.push([b, i + 1]));
  const seen = new Set<string>();
  const work: [BlockId, number][] = successorsOf(f, from).map((b) => [b, 0]);
  while (work.length) {
    const [b, start] = work.pop()!;
    if (b === to && start === 0) return true;
    const key = `${b}:${start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const insts = f.blocks[b]!.insts;
    let stopped = false;
    for (let i = start; i < insts.length; i++) {
      const inst = f.insts[insts[i]!]!;
      if (inst.kind === "omp.barrier" || inst.kind === "omp.parallel") {
        stopped = true;
        break;
      }
      if (reenters(inst)) work.push([entry, 0]);
      if (inst.kind === "ret" && f.kind !== "kernel") work.push([entry, 0], ...after);
    }
    if (!stopped) for (const s of successorsOf(f, b)) work.push([s, 0]);
  }
  return false;
}

/** `%tid = omp.hw_thread_id; %is_main = icmp eq i32 %tid, 0` at the top of the entry block. */
export function emitIsMain(f: Function): { tid: ValueId; isMain: ValueId } {
  const entry = f.layout[0]!;
  const loc = f.blocks[entry]!.loc;
  const tid = createInst(f, { kind: "omp.query", query: "hw_thread_id" }, "i32", loc, "tid");
  const zero = addConst(f, "i32", 0n);
  const cmp = createInst(f, { kind: "icmp", pred: "eq", type: "i32", lhs: f.insts[tid]!.result, rhs: zero }, "i1", loc, "is_main");
  placeInst(f, entry, [tid, cmp], 0);
  return { tid: f.insts[tid]!.result, isMain: f.insts[cmp]!.result };
}
