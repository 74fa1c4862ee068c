// Control-flow graph of one function: successors, predecessors and reverse postorder.
//
// requires: every branch target is a block in the layout (the verifier's block checks);
//           edges to other blocks are ignored, so a bad function never crashes this.
// preserves: everything (an analysis). Invalidated by any pass that edits terminators or the layout.
//
// Conventions (the runtime, dominators and mem2reg rely on them):
// - `succs[b]` has one entry per terminator edge, in terminator order (then before else),
//   so `succs[b][i]` is `successors(term)[i].block`; `cond_br %c, ^x, ^x` lists ^x twice.
// - `preds[b]` lists each distinct predecessor once, in layout order, unreachable
//   predecessors included (a block that only an unreachable block jumps to is still a target).
// - `rpo` is the reverse postorder of the blocks reachable from the entry, from a DFS that
//   visits successors in terminator order, so it is deterministic. Blocks out of the layout
//   (removed) have empty succs/preds and rpoIndex -1.

import type { Function } from "./ir.js";
import { successorBlocks, terminatorOf } from "./ir.js";
import type { BlockId } from "./types.js";

export interface Cfg {
  succs: BlockId[][];
  preds: BlockId[][];
  rpo: BlockId[];
  /** Position of each block in `rpo`; -1 for blocks not reachable from the entry. */
  rpoIndex: Int32Array;
}

export function computeCfg(f: Function): Cfg {
  const n = f.blocks.length;
  const inLayout = new Uint8Array(n);
  for (const b of f.layout) inLayout[b] = 1;
  // Plain loops: Array.from({ length }) is several times slower, and this runs per function
  // after every pass (the verifier). Every list ends exactly as long as its contents: one
  // grown by push keeps room for 16 more, which cached CFGs of every function would hold.
  const succs: BlockId[][] = new Array(n);
  // Predecessors in two sweeps, counting then filling, so each list is allocated once at its
  // length. Layout order makes each list sorted by visit; a block's repeated edge to the same
  // successor (`cond_br %c, ^x, ^x`) counts once: dedupe against the last predecessor.
  const count = new Int32Array(n);
  const last = new Int32Array(n).fill(-1);
  for (const b of f.layout) {
    const term = terminatorOf(f, b);
    const ss = term === undefined ? [] : successorBlocks(term);
    let valid = true;
    for (let i = 0; i < ss.length; i++) if (!(ss[i]! >= 0 && ss[i]! < n && inLayout[ss[i]!] === 1)) valid = false;
    const list = valid ? ss : ss.filter((s) => s >= 0 && s < n && inLayout[s] === 1);
    succs[b] = list;
    for (let i = 0; i < list.length; i++) {
      const s = list[i]!;
      if (last[s] !== b) (last[s] = b), count[s]++;
    }
  }
  const preds: BlockId[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    if (succs[i] === undefined) succs[i] = [];
    preds[i] = count[i] === 0 ? [] : new Array<BlockId>(count[i]!);
  }
  last.fill(-1);
  const fill = new Int32Array(n);
  for (const b of f.layout) {
    const list = succs[b]!;
    for (let i = 0; i < list.length; i++) {
      const s = list[i]!;
      if (last[s] !== b) (last[s] = b), (preds[s]![fill[s]!++] = b);
    }
  }

  const rpoIndex = new Int32Array(n).fill(-1);
  let rpo: BlockId[] = [];
  if (f.layout.length > 0) {
    // Iterative DFS (deep CFGs must not overflow the JS stack); postorder, then reversed.
    const visited = new Uint8Array(n);
    const post: BlockId[] = [];
    // The stack as two parallel arrays (block, next successor to visit).
    const stackB: BlockId[] = [];
    const stackNext: number[] = [];
    const entry = f.layout[0]!;
    visited[entry] = 1;
    stackB.push(entry);
    stackNext.push(0);
    while (stackB.length > 0) {
      const top = stackB.length - 1;
      const tb = stackB[top]!;
      const ss = succs[tb]!;
      const next = stackNext[top]!;
      if (next < ss.length) {
        stackNext[top] = next + 1;
        const s = ss[next]!;
        if (!visited[s]) {
          visited[s] = 1;
          stackB.push(s);
          stackNext.push(0);
        }
      } else {
        post.push(tb);
        stackB.pop();
        stackNext.pop();
      }
    }
    rpo = new Array<BlockId>(post.length); // exactly as long: the cached CFGs keep it
    for (let i = 0; i < post.length; i++) {
      const b = post[post.length - 1 - i]!;
      rpoIndex[b] = i;
      rpo[i] = b;
    }
  }
  return { succs, preds, rpo, rpoIndex };
}

/** True if `b` is reachable from the entry block. */
export function isReachable(cfg: Cfg, b: BlockId): boolean {
  return cfg.rpoIndex[b]! >= 0;
}
