// Natural loops: found from back edges (an edge t → h where h dominates t), one loop per
// header (back edges to the same header are merged), nested by containment.
//
// requires: cfg, dominators.
// preserves: everything (an analysis). Depends only on the CFG (cfgOnly).
//
// A retreating edge (to a block earlier in reverse postorder) whose target does not
// dominate its source enters a cycle with several entries: irreducible control flow. Such
// cycles are not natural loops; the function is flagged `irreducible` and those blocks get
// no loop, so clients that need loops treat them conservatively.
//
// Consumers: print-loops only, for now (an analysis printer: the loops as remarks). No
// transformation uses it yet; it is kept, tested, for loop passes to build on.

import type { Function } from "../ir/ir.js";
import type { BlockId } from "../ir/types.js";
import { CFG, DOMINATORS } from "./analyses.js";
import type { Cfg } from "../ir/cfg.js";
import type { DomTree } from "../ir/dominators.js";
import { functionAnalysis } from "./manager.js";

export interface Loop {
  header: BlockId;
  /** Every block of the loop (header included), in reverse postorder. */
  blocks: BlockId[];
  /** Sources of the back edges, in reverse postorder. */
  latches: BlockId[];
  /** Blocks outside the loop with a predecessor inside, in reverse postorder. */
  exits: BlockId[];
  /** Index of the innermost enclosing loop in `LoopInfo.loops`, or -1. */
  parent: number;
  /** 1 for an outermost loop. */
  depth: number;
}

export interface LoopInfo {
  /** Loops sorted by their header's reverse-postorder position (outer loops first). */
  loops: Loop[];
  /** Index of the innermost loop containing b, or -1. */
  loopOf(b: BlockId): number;
  /** Nesting depth of b (0 outside loops). */
  depth(b: BlockId): number;
  /** True if the CFG has a cycle with more than one entry. */
  irreducible: boolean;
}

export function computeLoops(f: Function, cfg: Cfg, dom: DomTree): LoopInfo {
  const n = f.blocks.length;
  const latchesOf = new Map<BlockId, BlockId[]>();
  let irreducible = false;
  for (const t of cfg.rpo) {
    for (const h of cfg.succs[t]!) {
      if (cfg.rpoIndex[h]! > cfg.rpoIndex[t]!) continue; // forward edge
      if (dom.dominates(h, t)) {
        const ls = latchesOf.get(h) ?? [];
        if (!ls.includes(t)) ls.push(t);
        latchesOf.set(h, ls);
      } else {
        irreducible = true;
      }
    }
  }

  const byRpo = (a: BlockId, b: BlockId) => cfg.rpoIndex[a]! - cfg.rpoIndex[b]!;
  const headers = [...latchesOf.keys()].sort(byRpo);
  const loops: Loop[] = [];
  const member: Uint8Array[] = [];
  for (const h of headers) {
    // The body: everything that reaches a latch backwards without passing the header.
    const inLoop = new Uint8Array(n);
    inLoop[h] = 1;
    const work = [...latchesOf.get(h)!];
    while (work.length > 0) {
      const b = work.pop()!;
      if (inLoop[b]) continue;
      inLoop[b] = 1;
      for (const p of cfg.preds[b]!) if (cfg.rpoIndex[p]! >= 0 && !inLoop[p]) work.push(p);
    }
    const blocks = cfg.rpo.filter((b) => inLoop[b]);
    const exitSet = new Set<BlockId>();
    for (const b of blocks) for (const s of cfg.succs[b]!) if (!inLoop[s]) exitSet.add(s);
    loops.push({ header: h, blocks, latches: [...latchesOf.get(h)!].sort(byRpo), exits: [...exitSet].sort(byRpo), parent: -1, depth: 1 });
    member.push(inLoop);
  }

  // Headers in RPO put outer loops first: the innermost enclosing loop of L is the last
  // earlier loop that contains L's header.
  for (let i = 0; i < loops.length; i++) {
    for (let j = i - 1; j >= 0; j--) {
      if (member[j]![loops[i]!.header]) {
        loops[i]!.parent = j;
        loops[i]!.depth = loops[j]!.depth + 1;
        break;
      }
    }
  }
  const innermost = new Int32Array(n).fill(-1);
  loops.forEach((l, i) => l.blocks.forEach((b) => (innermost[b] = i))); // later = deeper
  return {
    loops,
    loopOf: (b) => innermost[b] ?? -1,
    depth: (b) => (innermost[b]! >= 0 ? loops[innermost[b]!]!.depth : 0),
    irreducible,
  };
}

export const LOOPS = functionAnalysis<LoopInfo>("loops", true, (f, am) => computeLoops(f, am.get(CFG, f), am.get(DOMINATORS, f)));
