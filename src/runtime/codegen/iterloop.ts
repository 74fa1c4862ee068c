// The loops a warp may run iteration by iteration in one call (emit.ts emitIter).
//
// requires: the function's segments and their SegInfo (compile.ts), device code at a warp
//           width above 1, no race hooks.
//
// Shape: from a start segment S, segments linked by `br`, and `cond_br`s of two kinds: one
// *split*, whose sides run a few segments linked by `br` each (or nothing) and meet again at
// the cond_br's reconvergence segment, where the walk goes on; and the last, *closing* one,
// with one side back to S and the other leaving the loop. Every segment may load, store and
// divide but do nothing else that faults, prints, allocates or needs the scheduler (emit.ts
// fusible). Warp.run runs an iteration as lane loops, one per segment or fused run of pure
// segments, over the active lanes or, on a split's side, the lanes that took it; emitIter
// runs the same lane loops in the same order, so lanes see each other exactly as there.

import type { SegInfo } from "../compile.js";
import type { FnCtx } from "./emit.js";
import { fusible } from "./emit.js";

/** One lane loop: segments run one after another for each lane of `lanes` (the active
 *  ones, or those that took the then or else side of the split ending the group before). */
export interface IterGroup {
  segs: number[];
  lanes: "all" | "then" | "else";
}

export interface IterLoop {
  groups: IterGroup[];
  /** Every segment in the order an iteration that runs them all runs them. */
  order: number[];
}

/** Segments a loop may have at most. */
const MAX_SEGS = 24;

/** The loop starting at segment `S`, or null if it is not of this shape. */
export function iterLoop(cx: FnCtx, info: readonly SegInfo[], S: number): IterLoop | null {
  const { sg } = cx;
  const groups: IterGroup[] = [];
  const order: number[] = [];
  const ok = (si: number): boolean => si >= 0 && !order.includes(si) && order.length < MAX_SEGS && fusible(cx, sg.segs[si]!, true, true, true);
  // Segments from `from` linked by `br` up to `to` (exclusive), grouped: a segment that
  // touches memory or may fault starts a lane loop of its own (it must not run after the
  // next lane's, and its fault must see the clock at its start).
  const run = (from: number, to: number, lanes: IterGroup["lanes"], stopAtCond: boolean): number | null => {
    let cur = from;
    let g: IterGroup | null = null;
    while (cur !== to) {
      if (!ok(cur)) return null;
      const pure = fusible(cx, sg.segs[cur]!);
      if (g === null || !pure) groups.push((g = { segs: [], lanes }));
      g.segs.push(cur);
      order.push(cur);
      const inf = info[cur]!;
      if (inf.end === "cond_br" && stopAtCond) return cur;
      if (inf.end !== "br" || inf.inst.kind !== "br") return null;
      cur = sg.blockSeg[inf.inst.target]!;
      if (cur === S) return null;
    }
    return to;
  };
  let cur = S;
  for (;;) {
    const c = run(cur, -100, "all", true);
    if (c === null) return null;
    const inf = info[c]!;
    const T = inf.thenSeg;
    const E = inf.elseSeg;
    if (T === S || E === S) {
      const X = T === S ? E : T;
      return X === S || order.includes(X) ? null : { groups, order };
    }
    const R = inf.reconv;
    if (R < 0 || order.includes(R) || R === S) return null;
    if (T !== R && run(T, R, "then", false) === null) return null;
    if (E !== R && run(E, R, "else", false) === null) return null;
    cur = R;
  }
}
