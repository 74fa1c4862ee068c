// Segmentation and slot allocation of the code generator (compile.ts header).
//
// A segment is a straight-line run of a block's instructions ending at a terminator or at
// an instruction that needs the scheduler (the opcode table's `scheduler` column). A value
// gets a per-frame lane slot when it must outlive its segment's JS locals: parameters,
// block parameters, scheduler results, and values used in another segment.

import { computeCfg } from "../../ir/cfg.js";
import type { Function } from "../../ir/ir.js";
import { operands } from "../../ir/ir.js";
import { needsScheduler } from "../../ir/opcodes.js";
import type { BlockId, InstId, Type, ValueId } from "../../ir/types.js";
import { NO_VALUE } from "../../ir/types.js";

export const isBig = (t: Type): boolean => t === "i64";

export interface Seg {
  block: BlockId;
  insts: InstId[];
}

export interface Segmentation {
  segs: Seg[];
  /** The first segment of each block (-1: not in the layout, or unreachable). */
  blockSeg: Int32Array;
  segOfInst: Int32Array;
}

/** Splits each reachable block after every instruction that needs the scheduler. Blocks
 *  the entry cannot reach get no code: they never run, and SSA dominance does not hold in
 *  them (a value may be used before its definition there), which generated JS rejects. */
export function segment(f: Function): Segmentation {
  const segs: Seg[] = [];
  const blockSeg = new Int32Array(f.blocks.length).fill(-1);
  const segOfInst = new Int32Array(f.insts.length).fill(-1);
  const cfg = computeCfg(f);
  for (const b of f.layout) {
    if (cfg.rpoIndex[b]! < 0) continue;
    blockSeg[b] = segs.length;
    let cur: Seg = { block: b, insts: [] };
    for (const id of f.blocks[b]!.insts) {
      cur.insts.push(id);
      segOfInst[id] = segs.length;
      if (needsScheduler(f.insts[id]!)) {
        segs.push(cur);
        cur = { block: b, insts: [] };
      }
    }
    if (cur.insts.length) segs.push(cur);
  }
  return { segs, blockSeg, segOfInst };
}

export interface Slots {
  /** Each value's slot in its bank (F for numbers, B for i64), or -1 (a JS local only). */
  slotOf: Int32Array;
  nF: number;
  nB: number;
}

export function allocateSlots(f: Function, sg: Segmentation): Slots {
  const vals = f.values;
  const slotOf = new Int32Array(vals.length).fill(-1);
  let nF = 0;
  let nB = 0;
  const giveSlot = (v: ValueId): void => {
    if (slotOf[v] !== -1) return;
    slotOf[v] = isBig(vals[v]!.type) ? nB++ : nF++;
  };
  for (const p of f.params) giveSlot(p);
  for (const b of f.layout) for (const p of f.blocks[b]!.params) giveSlot(p);
  sg.segs.forEach((s, si) => {
    for (const id of s.insts) {
      const inst = f.insts[id]!;
      if (needsScheduler(inst) && inst.result !== NO_VALUE) giveSlot(inst.result);
      for (const v of operands(inst)) {
        const d = vals[v]!.def;
        if (d.kind === "inst" && sg.segOfInst[d.inst] !== si) giveSlot(v);
      }
    }
  });
  return { slotOf, nF, nB };
}
