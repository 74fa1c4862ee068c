// Pointer variables that point into two memory spaces (device code).
//
// The IR states the space of every access, and the front end learns where a pointer variable
// points from its assignments in lowering order (lower.ts, Var.ps). That is exact on straight
// code, but a variable assigned on one path only (`p = mine; if (c) p = team;`), or assigned
// in a loop after a use (`for (…) { use(p); p = team; }`), reaches a use with a space other
// than the one the use was lowered with: the access would be the `wrong memory space` fault
// at run time where gcc runs the program. ompir has no generic address space (docs/C.md), so
// such a use is a located "not supported" error instead.
//
// Requires: the function's blocks are terminated and unreachable ones dropped (FB.finish).
// Checks, per pointer variable whose address is used only to load and store it: the spaces
// of the stores that reach each load (forward dataflow over the CFG, a bit per space) against
// the space the load was lowered with.

import type { Function as IrFunction } from "../../ir/ir.js";
import { computeCfg } from "../../ir/cfg.js";
import { forEachOperand } from "../../ir/ir.js";
import type { BlockId, InstId, Space, ValueId } from "../../ir/types.js";
import { SPACES } from "../../ir/types.js";

/** A store of a pointer into the variable: `ps` where the stored pointer points (undefined:
 *  not known, which says nothing). */
export interface PtrStore<N> {
  inst: InstId;
  ps: Space | undefined;
  node: N;
}
/** A load of the variable, lowered as a pointer into `ps`. */
export interface PtrLoad<N> {
  inst: InstId;
  ps: Space;
  node: N;
}
export interface PtrVarUses<N> {
  name: string;
  stores: PtrStore<N>[];
  loads: PtrLoad<N>[];
}

/** A load that a store into another space reaches. */
export interface SpaceConflict<N> {
  name: string;
  load: PtrLoad<N>;
  store: PtrStore<N>;
}

const bit = (s: Space): number => 1 << SPACES.indexOf(s);

/** A conflict (the first variable of `vars` with one; its first load in block layout order
 *  that a store into another space reaches), or null. */
export function findSpaceConflict<N>(f: IrFunction, vars: ReadonlyMap<ValueId, PtrVarUses<N>>): SpaceConflict<N> | null {
  const candidates: [ValueId, PtrVarUses<N>][] = [];
  for (const [addr, u] of vars) {
    const seen = new Set<Space>();
    for (const s of u.stores) if (s.ps !== undefined) seen.add(s.ps);
    for (const l of u.loads) seen.add(l.ps);
    if (seen.size >= 2) candidates.push([addr, u]);
  }
  if (candidates.length === 0) return null;

  const cfg = computeCfg(f);
  // Any use of the address but as a load's or store's pointer: other stores may reach it.
  const direct = new Map<ValueId, number>();
  for (const [addr] of candidates) direct.set(addr, 0);
  for (const b of f.layout) {
    for (const id of f.blocks[b]!.insts) {
      const inst = f.insts[id]!;
      forEachOperand(inst, (v) => {
        if (!direct.has(v)) return;
        const ok = (inst.kind === "load" && inst.ptr === v) || (inst.kind === "store" && inst.ptr === v && inst.value !== v);
        if (!ok) direct.set(v, -1);
      });
    }
  }

  for (const [addr, u] of candidates) {
    if (direct.get(addr) === -1) continue;
    // Keyed by instruction: only those still in the layout's blocks are ever looked up.
    const storeAt = new Map<InstId, PtrStore<N>>(u.stores.map((s) => [s.inst, s]));
    const loadAt = new Map<InstId, PtrLoad<N>>(u.loads.map((l) => [l.inst, l]));
    // Per space, the first store of it met (for the message); OUT sets as space bits.
    const witness = new Map<number, PtrStore<N>>();
    for (const s of u.stores) if (s.ps !== undefined && !witness.has(bit(s.ps))) witness.set(bit(s.ps), s);
    const transfer = (b: BlockId, state: number, check: boolean): number | SpaceConflict<N> => {
      for (const id of f.blocks[b]!.insts) {
        const s = storeAt.get(id);
        if (s !== undefined) {
          state = s.ps === undefined ? 0 : bit(s.ps);
          continue;
        }
        const l = check ? loadAt.get(id) : undefined;
        if (l === undefined) continue;
        const other = state & ~bit(l.ps);
        if (other !== 0) return { name: u.name, load: l, store: witness.get(other & -other)! };
      }
      return state;
    };
    // OUT of each block as space bits; reverse postorder (finish() left only reachable blocks).
    const out = new Int32Array(f.blocks.length);
    const inOf = (b: BlockId): number => {
      let s = 0;
      for (const p of cfg.preds[b]!) s |= out[p]!;
      return s;
    };
    for (let changed = true; changed; ) {
      changed = false;
      for (const b of cfg.rpo) {
        const o = transfer(b, inOf(b), false) as number;
        if (o !== out[b]) (out[b] = o), (changed = true);
      }
    }
    // Reported in layout (source) order.
    for (const b of f.layout) {
      const r = transfer(b, inOf(b), true);
      if (typeof r !== "number") return r;
    }
  }
  return null;
}
