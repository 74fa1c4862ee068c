// mem2reg: promotes per-thread allocas to SSA values carried in block parameters.
//
// requires: cfg, dominators, dominance frontiers (from the analysis cache).
// preserves: cfg (blocks and edges stay; only parameters, arguments and instructions change).
// invalidates: every non-CFG analysis, if it changed something.
//
// An alloca is promotable when its count is the constant 1 and its address does not escape:
// every use is the pointer operand of a load or store of the alloca's element type in the
// alloca's own space (`local` on the device, `host` in host code). Anything else — a gep,
// passing it to a call, storing the address, an atomic — keeps it in memory, with a
// "missed" remark saying which use escaped.
//
// Classic SSA construction (Cytron et al. 1991): a block parameter is placed at the
// iterated dominance frontier of the blocks that define the slot, then a walk of the
// dominator tree renames loads to the reaching definition and appends it to the branch
// arguments. The alloca itself is a definition: allocas are zero-initialised, and one
// executed again (in a loop) is a fresh zeroed slot, so its position counts as "store 0".
// Before any definition the slot does not exist yet; such reads get zero too (any value is
// a correct refinement). Unused parameters this creates are removed by `simplify`.

import { addBlockParam, addEdgeArgs, retainInsts } from "../ir/edit.js";
import type { Function, Inst } from "../ir/ir.js";
import { addConst, forEachInst, isDeclaration, mapOperands, successors } from "../ir/ir.js";
import { remark } from "../ir/remarks.js";
import type { BlockId, InstId, Space, Type, ValueId } from "../ir/types.js";
import { CFG, DOMINATORS, FRONTIERS } from "./analyses.js";
import { zeroOf } from "./fold.js";
import type { PassContext, PassResult } from "./manager.js";

interface Slot {
  alloca: InstId;
  ptr: ValueId;
  type: Type;
  /** Blocks holding the alloca or a store to it. */
  defBlocks: BlockId[];
}

function allocaSpace(f: Function): Space {
  return f.kind === "host" ? "host" : "local";
}

/** Why an alloca cannot be promoted, or null if it can. */
function escapeReason(f: Function, use: Inst, ptr: ValueId, type: Type): string | null {
  const space = allocaSpace(f);
  if (use.kind === "load" && use.ptr === ptr) {
    if (use.type !== type) return `loaded as ${use.type}`;
    return use.space === space ? null : `loaded from ${use.space} space`;
  }
  if (use.kind === "store" && use.value === ptr) return "address stored to memory";
  if (use.kind === "store" && use.ptr === ptr) {
    if (use.type !== type) return `stored as ${use.type}`;
    return use.space === space ? null : `stored to ${use.space} space`;
  }
  return `address used by ${use.kind}`;
}

export function mem2reg(ctx: PassContext): PassResult {
  let promoted = 0;
  let changedAny = false;
  for (const f of ctx.module.functions) {
    if (isDeclaration(f)) continue;
    const n = promoteFunction(ctx, f);
    if (n > 0) {
      promoted += n;
      changedAny = true;
      ctx.analyses.invalidate("cfg", f);
    }
  }
  ctx.stats.bump(ctx.pass, "allocas promoted", promoted);
  return { changed: changedAny, preserves: changedAny ? "cfg" : "all" };
}

function promoteFunction(ctx: PassContext, f: Function): number {
  // Candidates, then disqualify by uses.
  const slotOf = new Map<ValueId, Slot>();
  const rejected = new Map<ValueId, { reason: string; inst: Inst }>();
  forEachInst(f, (inst, id, b) => {
    if (inst.kind !== "alloca") return;
    const count = f.values[inst.count]!.def;
    if (count.kind !== "const" || count.value !== 1n) return;
    slotOf.set(inst.result, { alloca: id, ptr: inst.result, type: inst.elemType, defBlocks: [b] });
  });
  if (slotOf.size === 0) return 0;
  forEachInst(f, (inst, _id, b) => {
    mapOperands(inst, (v) => {
      const slot = slotOf.get(v);
      if (slot !== undefined && !rejected.has(v)) {
        const why = escapeReason(f, inst, v, slot.type);
        if (why !== null) rejected.set(v, { reason: why, inst });
        else if (inst.kind === "store") slot.defBlocks.push(b);
      }
      return v;
    });
  });
  const fn = `@${f.name}`;
  for (const [v, r] of [...rejected].sort((a, b) => a[0] - b[0])) {
    const alloca = f.insts[slotOf.get(v)!.alloca]!;
    const name = f.values[v]!.name;
    ctx.remarks.emit(remark("missed", ctx.pass, "mem2reg.escapes", fn, alloca.loc, `alloca${name ? " %" + name : ""} not promoted: ${r.reason}`, { reason: r.reason }));
    slotOf.delete(v);
  }
  const slots = [...slotOf.values()].sort((a, b) => a.alloca - b.alloca);
  if (slots.length === 0) return 0;

  const cfg = ctx.analyses.get(CFG, f);
  const dom = ctx.analyses.get(DOMINATORS, f);
  const df = ctx.analyses.get(FRONTIERS, f);
  const index = new Map<ValueId, number>(slots.map((s, i) => [s.ptr, i]));

  // Parameter placement at the iterated dominance frontier; phiOf[block] = (slot → param index).
  const phiOf = new Map<BlockId, Map<number, number>>();
  slots.forEach((s, si) => {
    const placed = new Set<BlockId>();
    const work = s.defBlocks.filter((b) => cfg.rpoIndex[b]! >= 0);
    const queued = new Set(work);
    while (work.length > 0) {
      const b = work.pop()!;
      for (const y of df[b] ?? []) {
        if (placed.has(y)) continue;
        placed.add(y);
        let m = phiOf.get(y);
        if (m === undefined) phiOf.set(y, (m = new Map()));
        m.set(si, f.blocks[y]!.params.length);
        addBlockParam(f, y, s.type, f.values[s.ptr]!.name); // arguments follow in the renaming walk
        if (!queued.has(y)) (queued.add(y), work.push(y));
      }
    }
  });

  // Rename along the dominator tree (iteratively: deep trees must not overflow the stack).
  const repl = new Map<ValueId, ValueId>();
  const resolve = (v: ValueId): ValueId => repl.get(v) ?? v;
  const zero = (si: number) => addConst(f, slots[si]!.type, zeroOf(slots[si]!.type));
  const removed = new Set<InstId>();
  const entry = cfg.rpo[0]!;
  const initial = slots.map((_, si) => zero(si));
  const stack: { b: BlockId; cur: ValueId[] }[] = [{ b: entry, cur: initial }];
  while (stack.length > 0) {
    const { b, cur: incoming } = stack.pop()!;
    const cur = [...incoming];
    const block = f.blocks[b]!;
    for (const [si, pi] of phiOf.get(b) ?? []) cur[si] = block.params[pi]!;
    for (const id of block.insts) {
      const inst = f.insts[id]!;
      if (repl.size) mapOperands(inst, resolve);
      if (inst.kind === "alloca" && index.has(inst.result)) {
        cur[index.get(inst.result)!] = zero(index.get(inst.result)!);
        removed.add(id);
      } else if (inst.kind === "load" && index.has(inst.ptr)) {
        repl.set(inst.result, cur[index.get(inst.ptr)!]!);
        removed.add(id);
      } else if (inst.kind === "store" && index.has(inst.ptr)) {
        cur[index.get(inst.ptr)!] = inst.value;
        removed.add(id);
      }
      successors(inst).forEach((e, k) => {
        const phis = phiOf.get(e.block);
        if (phis === undefined) return;
        // Parameters were appended in slot order per block; push arguments in param order.
        const byParam = [...phis].sort((x, y) => x[1] - y[1]);
        addEdgeArgs(f, b, k, byParam.map(([si]) => cur[si]!));
      });
    }
    const kids = dom.children(b);
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ b: kids[i]!, cur });
  }

  // Unreachable blocks are not in the dominator tree: their loads read zero, stores vanish.
  for (const b of f.layout) {
    if (cfg.rpoIndex[b]! >= 0) continue;
    for (const id of f.blocks[b]!.insts) {
      const inst = f.insts[id]!;
      if ((inst.kind === "load" || inst.kind === "store") && index.has(inst.ptr)) {
        if (inst.kind === "load") repl.set(inst.result, zero(index.get(inst.ptr)!));
        removed.add(id);
      }
      successors(inst).forEach((e, k) => {
        const phis = phiOf.get(e.block);
        if (phis) addEdgeArgs(f, b, k, [...phis].sort((x, y) => x[1] - y[1]).map(([si]) => zero(si)));
      });
    }
  }
  // Loads replaced by other loads' values: chase, then rewrite every use once.
  const chase = (v: ValueId): ValueId => {
    let r = v;
    for (let next = repl.get(r); next !== undefined; next = repl.get(r)) r = next;
    return r;
  };
  for (const b of f.layout) {
    retainInsts(f, b, (id) => !removed.has(id));
    for (const id of f.blocks[b]!.insts) mapOperands(f.insts[id]!, chase);
  }
  for (const s of slots) {
    const name = f.values[s.ptr]!.name;
    ctx.remarks.emit(remark("passed", ctx.pass, "mem2reg.promoted", `@${f.name}`, f.insts[s.alloca]!.loc, `promoted alloca${name ? " %" + name : ""} to SSA values`, {}));
  }
  return slots.length;
}
