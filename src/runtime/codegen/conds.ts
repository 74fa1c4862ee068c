// Which i1 values the code generator writes as a JavaScript condition at their one use
// instead of a 0/1 number in a local.
//
// requires: the function's slots (segments.ts allocateSlots): a value without a slot is used
//           only in the segment that defines it.
// ensures:  a value is in the set only if it is an `icmp`/`fcmp`, or an i1 `and`/`or`/`xor`
//           whose two operands are both in the set; it has no slot and exactly one use,
//           which is a `cond_br`'s or `select`'s condition or an operand of an i1
//           `and`/`or`/`xor` in the set. Such a value is pure and its operands are locals
//           that do not change before the use, so evaluating it there gives the same answer.
//
// Why: V8 turns `(a < b ? 1 : 0)` into a branch and a 0/1 merge, and `x & y` of two such
// numbers plus a test of the result into more; a condition written out, `a < b && c < d`,
// is one branch per comparison (the 2-D stencil's row test: four comparisons, three ands).

import type { Function } from "../../ir/ir.js";
import { operands } from "../../ir/ir.js";
import type { ValueId } from "../../ir/types.js";
import type { Slots } from "./segments.js";

const memo = new WeakMap<Slots, ReadonlySet<ValueId>>();

/** The values `f` writes as conditions (see the file's contract). */
export function conditionValues(f: Function, slots: Slots): ReadonlySet<ValueId> {
  const known = memo.get(slots);
  if (known !== undefined) return known;
  const uses = new Int32Array(f.values.length);
  // The one user's instruction id, for values used once.
  const user = new Int32Array(f.values.length).fill(-1);
  for (const b of f.layout) {
    for (const id of f.blocks[b]!.insts) {
      for (const v of operands(f.insts[id]!)) {
        uses[v]!++;
        user[v] = id;
      }
    }
  }
  const cand = new Set<ValueId>();
  for (const b of f.layout) {
    for (const id of f.blocks[b]!.insts) {
      const inst = f.insts[id]!;
      const logic = inst.kind === "binary" && inst.type === "i1" && (inst.op === "and" || inst.op === "or" || inst.op === "xor");
      if (!(inst.kind === "icmp" || inst.kind === "fcmp" || logic)) continue;
      const r = inst.result;
      if (slots.slotOf[r] !== -1 || uses[r] !== 1) continue;
      const u = f.insts[user[r]!]!;
      const ok = (u.kind === "cond_br" && u.cond === r) || (u.kind === "select" && u.cond === r) ||
        (u.kind === "binary" && u.type === "i1" && (u.op === "and" || u.op === "or" || u.op === "xor") && u.lhs !== u.rhs);
      if (ok) cand.add(r);
    }
  }
  // Drop a logic op whose operands are not both conditions, and a value whose user was
  // dropped, until nothing changes.
  for (let changed = true; changed;) {
    changed = false;
    for (const r of cand) {
      const d = f.values[r]!.def;
      const inst = d.kind === "inst" ? f.insts[d.inst]! : null;
      let keep = true;
      if (inst !== null && inst.kind === "binary" && !(cand.has(inst.lhs) && cand.has(inst.rhs))) keep = false;
      const u = f.insts[user[r]!]!;
      if (u.kind === "binary" && !cand.has(u.result)) keep = false;
      if (!keep) {
        cand.delete(r);
        changed = true;
      }
    }
  }
  memo.set(slots, cand);
  return cand;
}
