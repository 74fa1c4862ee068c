// Dominator tree, post-dominator tree and dominance frontiers of one function.
//
// requires: cfg (computeCfg of the same, unchanged function).
// preserves: everything (an analysis). Invalidated with the cfg.
//
// Algorithm: K. D. Cooper, T. J. Harvey, K. Kennedy, "A Simple, Fast Dominance Algorithm",
// Software Practice & Experience 4:1-10, 2001 — the iterative data-flow solution over
// reverse-postorder numbers, with the two-finger `intersect`. Frontiers use the same
// paper's Figure 5 (walk up from each predecessor to the block's idom).
//
// Conventions:
// - Only blocks reachable from the entry are in the trees. Like LLVM, `dominates(a, b)` is
//   true when b is unreachable (any claim about unreachable code holds vacuously) and false
//   when a is unreachable and a !== b.
// - Post-dominators are computed on the reversed CFG rooted at a virtual exit whose
//   predecessors are the blocks without successors (ret, unreachable). Blocks that cannot
//   reach such a block (infinite loops) would have no post-dominator; as LLVM does, we
//   repeatedly give the unreached block last in reverse postorder (a loop latch: all its
//   edges retreat) a virtual edge to the exit, until every reachable block reaches it.
//   So every reachable block has an ipdom: a block, or -1 for the virtual exit. The runtime
//   asks for the first unreached block instead (a loop header), where SIMT lanes reconverge.
// - Query answers are O(1) through pre/post DFS numbers of the tree.

import type { Function } from "./ir.js";
import type { BlockId } from "./types.js";
import type { Cfg } from "./cfg.js";

export interface DomTree {
  /** Immediate dominator by BlockId; -1 for the entry and unreachable blocks. */
  idom: Int32Array;
  /** Reflexive. True if b is unreachable; false if only a is. */
  dominates(a: BlockId, b: BlockId): boolean;
  /** Dominator-tree children in reverse postorder. */
  children(b: BlockId): readonly BlockId[];
}

export interface PostDomTree {
  /** Immediate post-dominator by BlockId; -1 = the virtual exit; -2 = not computed (unreachable block). */
  ipdom: Int32Array;
  /** Reflexive; false when either block is unreachable (unless a === b). */
  postDominates(a: BlockId, b: BlockId): boolean;
}

/** The virtual exit in `ipdom`. */
export const VIRTUAL_EXIT = -1;
/** `ipdom` of a block not reachable from the entry. */
export const NOT_COMPUTED = -2;

/**
 * CHK over a graph given by a root, an order (RPO, root first), the position of each node
 * in it (-1 = absent) and each node's predecessors. Returns idom per node, root → root,
 * absent nodes → -1.
 */
function chk(nodes: number, order: readonly number[], index: Int32Array, preds: (b: number) => readonly number[]): Int32Array {
  const doms = new Int32Array(nodes).fill(-1);
  if (order.length === 0) return doms;
  const root = order[0]!;
  doms[root] = root;
  const intersect = (a: number, b: number): number => {
    while (a !== b) {
      while (index[a]! > index[b]!) a = doms[a]!;
      while (index[b]! > index[a]!) b = doms[b]!;
    }
    return a;
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = 1; i < order.length; i++) {
      const b = order[i]!;
      let nd = -1;
      for (const p of preds(b)) {
        if (index[p]! < 0 || doms[p] === -1) continue; // absent or not yet processed
        nd = nd === -1 ? p : intersect(p, nd);
      }
      if (doms[b] !== nd) {
        doms[b] = nd;
        changed = true;
      }
    }
  }
  return doms;
}

/** Pre/post DFS numbers of a tree given as children lists, from `root` (iterative). */
function numberTree(nodes: number, root: number, kids: readonly (readonly number[])[]): { pre: Int32Array; post: Int32Array } {
  const pre = new Int32Array(nodes).fill(-1);
  const post = new Int32Array(nodes).fill(-1);
  let clock = 0;
  const stack: { n: number; next: number }[] = [{ n: root, next: 0 }];
  pre[root] = clock++;
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const ks = kids[top.n]!;
    if (top.next < ks.length) {
      const k = ks[top.next++]!;
      pre[k] = clock++;
      stack.push({ n: k, next: 0 });
    } else {
      post[top.n] = clock++;
      stack.pop();
    }
  }
  return { pre, post };
}

export function computeDominators(f: Function, cfg: Cfg): DomTree {
  const n = f.blocks.length;
  const doms = chk(n, cfg.rpo, cfg.rpoIndex, (b) => cfg.preds[b]!);
  const idom = new Int32Array(n).fill(-1);
  const kids: BlockId[][] = Array.from({ length: n }, () => []);
  for (let i = 1; i < cfg.rpo.length; i++) {
    const b = cfg.rpo[i]!;
    idom[b] = doms[b]!;
    kids[doms[b]!]!.push(b);
  }
  if (cfg.rpo.length === 0) return { idom, dominates: (a, b) => a === b, children: () => [] };
  const { pre, post } = numberTree(n, cfg.rpo[0]!, kids);
  return {
    idom,
    dominates(a: BlockId, b: BlockId): boolean {
      if (a === b || pre[b]! < 0) return true;
      if (pre[a]! < 0) return false;
      return pre[a]! <= pre[b]! && post[b]! <= post[a]!;
    },
    children: (b: BlockId) => kids[b] ?? [],
  };
}

export interface PostDomOptions {
  /** Which block of a region that cannot reach an exit gets the virtual edge: the last
   *  unreached in RPO (a latch; default, as LLVM) or the first (the loop's header, which
   *  every path around the loop meets: what SIMT reconvergence needs). */
  infiniteLoopRoot?: "latch" | "header";
}

export function computePostDominators(f: Function, cfg: Cfg, opts: PostDomOptions = {}): PostDomTree {
  const n = f.blocks.length;
  const exit = n; // the virtual exit's node number
  const reachable = (b: number): boolean => b < n && cfg.rpoIndex[b]! >= 0;

  // Blocks with a (real or virtual) edge to the exit, in a deterministic order.
  const toExit: BlockId[] = cfg.rpo.filter((b) => cfg.succs[b]!.length === 0);
  const reaches = new Uint8Array(n);
  const markFrom = (start: BlockId): void => {
    if (reaches[start]) return;
    const work = [start];
    reaches[start] = 1;
    while (work.length > 0) {
      const b = work.pop()!;
      for (const p of cfg.preds[b]!) {
        if (reachable(p) && !reaches[p]) {
          reaches[p] = 1;
          work.push(p);
        }
      }
    }
  };
  for (const b of toExit) markFrom(b);
  const header = opts.infiniteLoopRoot === "header";
  for (let k = 0; k < cfg.rpo.length; k++) {
    // Scanning down (up) the RPO finds each time the unreached block last (first) in RPO.
    const b = cfg.rpo[header ? k : cfg.rpo.length - 1 - k]!;
    if (reaches[b]) continue;
    toExit.push(b);
    markFrom(b);
  }
  const linked = new Uint8Array(n);
  for (const b of toExit) linked[b] = 1;

  // Reverse postorder of the reversed CFG from the exit.
  const rsuccs = (x: number): readonly number[] => (x === exit ? toExit : cfg.preds[x]!.filter(reachable));
  const index = new Int32Array(n + 1).fill(-1);
  const order: number[] = [];
  {
    const visited = new Uint8Array(n + 1);
    const postorder: number[] = [];
    const stack: { x: number; ss: readonly number[]; next: number }[] = [{ x: exit, ss: rsuccs(exit), next: 0 }];
    visited[exit] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next < top.ss.length) {
        const s = top.ss[top.next++]!;
        if (!visited[s]) {
          visited[s] = 1;
          stack.push({ x: s, ss: rsuccs(s), next: 0 });
        }
      } else {
        postorder.push(top.x);
        stack.pop();
      }
    }
    for (let i = postorder.length - 1; i >= 0; i--) {
      index[postorder[i]!] = order.length;
      order.push(postorder[i]!);
    }
  }

  const rpreds = (x: number): readonly number[] => (linked[x] ? [...cfg.succs[x]!, exit] : cfg.succs[x]!);
  const pdoms = chk(n + 1, order, index, rpreds);
  const ipdom = new Int32Array(n).fill(NOT_COMPUTED);
  const kids: number[][] = Array.from({ length: n + 1 }, () => []);
  for (let i = 1; i < order.length; i++) {
    const b = order[i]!;
    const d = pdoms[b]!;
    ipdom[b] = d === exit ? VIRTUAL_EXIT : d;
    kids[d]!.push(b);
  }
  const { pre, post } = numberTree(n + 1, exit, kids);
  return {
    ipdom,
    postDominates(a: BlockId, b: BlockId): boolean {
      if (a === b) return true;
      if (ipdom[a] === NOT_COMPUTED || ipdom[b] === NOT_COMPUTED) return false;
      return pre[a]! <= pre[b]! && post[b]! <= post[a]!;
    },
  };
}

/**
 * Dominance frontier of every block (by BlockId), each sorted by reverse postorder;
 * [] for unreachable blocks. Includes the loop-header case where a block is in its own frontier.
 */
export function dominanceFrontiers(f: Function, cfg: Cfg, dom: DomTree): BlockId[][] {
  const n = f.blocks.length;
  const df: BlockId[][] = Array.from({ length: n }, () => []);
  // Last block each frontier received, to skip repeats from the same join point.
  const lastAdded = new Int32Array(n).fill(-1);
  for (const b of cfg.rpo) {
    const stop = dom.idom[b]!;
    for (const p of cfg.preds[b]!) {
      if (cfg.rpoIndex[p]! < 0) continue;
      let runner: number = p;
      while (runner !== stop && runner !== -1) {
        if (lastAdded[runner] !== b) {
          lastAdded[runner] = b;
          df[runner]!.push(b);
        }
        runner = dom.idom[runner]!;
      }
    }
  }
  // Joins are visited in RPO, so each list is already sorted by reverse postorder.
  return df;
}
