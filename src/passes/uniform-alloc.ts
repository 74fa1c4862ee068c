// Team-uniform allocations for spmdize: an `omp.alloc_shared` deglobalize left in a
// sequential part (OMP112), whose allocation or free would otherwise need a guarded region of
// its own (check, barrier, broadcast of the pointer), becomes `omp.alloc_shared uniform` with
// `omp.free_shared uniform` frees: every thread runs them and gets the same storage, each
// thread keeping its own replica of the team's allocation stack (docs/LANGUAGE.md). No
// communication: outside guards the sequential part's control flow and values are uniform,
// so every replica sees the same allocations in the same order with the same sizes.
//
// requires: the classes of spmdize's decision for a function every thread runs (not a
//   kernel run by thread 0 alone); called before attachAllocations.
// preserves: the CFG; sets `uniform` on the instructions it converts and their class to "all".
//
// Converted only when nothing can tell the replicas from the one allocation the main thread
// made, checked per allocation and all its frees together (a free without `uniform` of a
// uniform block would leave the replicas apart):
// - the pointer only addresses memory (loads, stores, atomics, cmpxchg, through `gep`s), is
//   passed to parallel regions that only do the same with it, and is freed by `free_shared`
//   of the allocation's own result and size value (such a free cannot fault): never stored, returned, passed to a call, mixed by a
//   `select` or a block argument, so no copy of it outlives what the function shows;
// - no device code compares pointers (icmp, ptrdiff) or asks a block's size (objectsize):
//   when a freed block's address is reused, or when a uniform block goes, would show, and
//   the first thread to reach a uniform allocation runs it at another time than thread 0
//   would (`%p` in a print shows addresses too, but -O never kept those: every thread's
//   per-thread allocas take addresses);
// - no use of it can run after a free (along any path, until the allocation runs again):
//   the storage goes when the last thread frees it, so a thread 0 guarded access after its
//   own free would not fault where the main thread's did;
// - no member sits with guarded code on both sides within reach of one region (an `all`
//   instruction there would split that region in two), and at least one member has no
//   guarded code next to it at all (else attachAllocations puts them into regions for free).
// Reuse: in hardware the n-th allocation of every replica lands at the same offset, so a
// thread that frees and allocates again may get the bytes another thread still uses through
// the earlier block. Other threads touch team-shared memory in the sequential part only in
// parallel regions (which thread 0 enters only after its guarded code) and in every-thread
// calls, and thread 0 only in guarded regions, each closed by a barrier that barrier-elim
// keeps while a later access may race; so no access to a block overlaps one to a later
// block of the same offset (test/filetests/spmdize/gaps/uniform-alloc.oir).

import type { Function, Inst } from "../ir/ir.js";
import type { Module } from "../ir/ir.js";
import { computeCfg } from "../ir/cfg.js";
import { constValue, forEachInst, isDeclaration, successorBlocks, terminatorOf, userLists } from "../ir/ir.js";
import { isTerminator } from "../ir/opcodes.js";
import type { BlockId, InstId, ValueId } from "../ir/types.js";
import type { InstClass } from "./guard.js";

export interface UniformAlloc {
  alloc: InstId;
  frees: InstId[];
}

/** Converts the allocations that qualify (above); returns them. `comparesPtrs` answers
 *  comparesPointers(m), which the caller computes once: a scan of the module per function
 *  made spmdize quadratic in the kernels. */
export function uniformAllocations(m: Module, f: Function, cls: InstClass[], comparesPtrs: () => boolean): UniformAlloc[] {
  // Most functions have nothing to convert: answer before building any map.
  let candidates = false;
  forEachInst(f, (inst, x) => (candidates ||= inst.kind === "omp.alloc_shared" && inst.uniform !== true && cls[x] === "guard"));
  if (!candidates || comparesPtrs()) return [];
  const blockOf = new Map<InstId, BlockId>();
  for (const b of f.layout) for (const id of f.blocks[b]!.insts) blockOf.set(id, b);
  const preds = computeCfg(f).preds;
  const users = userLists(f);
  const out: UniformAlloc[] = [];
  // Until nothing changes: a converted member no longer counts as guarded code next to another's.
  for (let before = -1; before !== out.length;) {
    before = out.length;
    convertRound(m, f, cls, users, blockOf, preds, out);
  }
  return out;
}

function convertRound(m: Module, f: Function, cls: InstClass[], users: Map<ValueId, InstId[]>, blockOf: Map<InstId, BlockId>,
  preds: readonly BlockId[][], out: UniformAlloc[]): void {
  forEachInst(f, (inst, x) => {
    if (inst.kind !== "omp.alloc_shared" || inst.uniform === true || cls[x] !== "guard" || !blockOf.has(x)) return;
    const frees = onlyAddresses(m, f, inst.result, inst.size, users);
    if (frees === null || usedAfterFree(f, x, frees, users, inst.result, blockOf)) return;
    const members = [x, ...frees];
    const near = (id: InstId, dir: 1 | -1, shallow: boolean) => nearGuard(f, cls, id, dir, shallow, !shallow, blockOf, preds);
    if (members.some((id) => near(id, -1, false) !== "none" && near(id, 1, false) !== "none")) return;
    if (!members.some((id) => near(id, -1, true) !== "guard" && near(id, 1, true) !== "guard")) return;
    inst.uniform = true;
    cls[x] = "all";
    for (const id of frees) {
      (f.insts[id] as Extract<Inst, { kind: "omp.free_shared" }>).uniform = true;
      cls[id] = "all";
    }
    out.push({ alloc: x, frees });
  });
}

/** Whether device code compares pointers (icmp, or ptrdiff, whose fault tells allocations
 *  apart) or asks a block's size (objectsize, 0 once freed): whether a freed block's address
 *  is reused, or when a uniform block goes, shows there, and a uniform allocation runs at
 *  another time than thread 0's. */
export function comparesPointers(m: Module): boolean {
  let found = false;
  for (const g of m.functions) {
    if (g.kind === "host" || found) continue;
    forEachInst(g, (inst) => (found ||= (inst.kind === "icmp" && g.values[inst.lhs]!.type === "ptr") || inst.kind === "ptrdiff" || inst.kind === "objectsize"));
  }
  return found;
}

/**
 * The frees of allocation result `p` when every use of p (and of `gep`s of it) addresses
 * memory, frees p itself with the allocation's own size value (such a free cannot fault, so
 * barrier-elim need not order it), or passes it to a parallel region that only addresses
 * memory with it; null otherwise.
 */
function onlyAddresses(m: Module, f: Function, p: ValueId, size: ValueId, users: Map<ValueId, InstId[]>): InstId[] | null {
  const frees: InstId[] = [];
  const work = [p];
  const seen = new Set<ValueId>(work);
  while (work.length > 0) {
    const v = work.pop()!;
    for (const id of users.get(v) ?? []) {
      const u = f.insts[id]!;
      switch (u.kind) {
        case "gep":
          if (u.ptr !== v || u.index === v) return null;
          if (!seen.has(u.result)) work.push(u.result), seen.add(u.result);
          break;
        case "load":
          break;
        case "store":
        case "atomic":
          if (u.ptr !== v || u.value === v) return null;
          break;
        case "cmpxchg":
          if (u.ptr !== v || u.expected === v || u.desired === v) return null;
          break;
        case "omp.free_shared":
          if (v !== p || u.ptr !== v || !sameSize(f, u.size, size)) return null;
          frees.push(id);
          break;
        case "omp.parallel": {
          const r = m.functions[u.region]!;
          if (isDeclaration(r)) return null;
          for (let i = 0; i < u.args.length; i++) {
            if (u.args[i] === v && !regionOnlyAddresses(r, r.params[i]!)) return null;
          }
          break;
        }
        default:
          return null;
      }
    }
  }
  return frees;
}

/** Whether `free` (an `omp.free_shared uniform`) frees the block of the `omp.alloc_shared
 *  uniform` that defines its pointer, with that allocation's size, and is the pointer's only
 *  free, off any cycle that does not run the allocation again: then it cannot fault (the
 *  pointer and size are its own thread's, the block not yet freed). */
export function freesOwnUniformBlock(f: Function, free: Extract<Inst, { kind: "omp.free_shared" }>): boolean {
  const d = f.values[free.ptr]?.def;
  const a = d?.kind === "inst" ? f.insts[d.inst] : undefined;
  if (!(free.uniform === true && a?.kind === "omp.alloc_shared" && a.uniform === true && sameSize(f, free.size, a.size))) return false;
  let frees = 0;
  let at: BlockId | null = null;
  let allocAt: BlockId | null = null;
  for (const b of f.layout) {
    for (const id of f.blocks[b]!.insts) {
      const i = f.insts[id]!;
      if (i === a) allocAt = b;
      if (i.kind === "omp.free_shared" && i.ptr === free.ptr) frees++;
      if (i === free) at = b;
    }
  }
  if (frees !== 1 || at === null || allocAt === null) return false;
  // Does the free's block reach itself without passing the allocation's block?
  const seen = new Set<BlockId>();
  const work = [at];
  while (work.length > 0) {
    const t = terminatorOf(f, work.pop()!);
    for (const s of t === undefined ? [] : successorBlocks(t)) {
      if (s === at) return false;
      if (s !== allocAt && !seen.has(s)) {
        seen.add(s);
        work.push(s);
      }
    }
  }
  return true;
}

/** The same value, or equal integer constants (of the same type). */
function sameSize(f: Function, a: ValueId, b: ValueId): boolean {
  if (a === b) return true;
  const x = constValue(f, a);
  const y = constValue(f, b);
  return x !== undefined && x === y && f.values[a]!.type === f.values[b]!.type;
}

/** Whether parameter `p` of region `r` (and its `gep`s) only address memory. */
export function regionOnlyAddresses(r: Function, p: ValueId): boolean {
  const users = userLists(r);
  const work = [p];
  const seen = new Set<ValueId>(work);
  while (work.length > 0) {
    const v = work.pop()!;
    for (const id of users.get(v) ?? []) {
      const u = r.insts[id]!;
      if (u.kind === "gep" && u.ptr === v && u.index !== v) {
        if (!seen.has(u.result)) work.push(u.result), seen.add(u.result);
      } else if (u.kind === "load") continue;
      else if ((u.kind === "store" || u.kind === "atomic") && u.ptr === v && u.value !== v) continue;
      else if (u.kind === "cmpxchg" && u.ptr === v && u.expected !== v && u.desired !== v) continue;
      else return false;
    }
  }
  return true;
}

/** Whether some use of the allocation's pointers can run after one of its frees, before
 *  the allocation runs again. */
function usedAfterFree(f: Function, x: InstId, frees: InstId[], users: Map<ValueId, InstId[]>, p: ValueId,
  blockOf: Map<InstId, BlockId>): boolean {
  const uses = new Set<InstId>();
  const work = [p];
  const seen = new Set<ValueId>(work);
  while (work.length > 0) {
    const v = work.pop()!;
    for (const id of users.get(v) ?? []) {
      uses.add(id);
      const u = f.insts[id]!;
      if (u.kind === "gep" && !seen.has(u.result)) work.push(u.result), seen.add(u.result);
    }
  }
  for (const fr of frees) {
    const b0 = blockOf.get(fr)!;
    const start = f.blocks[b0]!.insts.indexOf(fr) + 1;
    const visited = new Set<BlockId>();
    const todo: [BlockId, number][] = [[b0, start]];
    while (todo.length > 0) {
      const [b, i0] = todo.pop()!;
      const insts = f.blocks[b]!.insts;
      let stop = false;
      for (let i = i0; i < insts.length; i++) {
        const id = insts[i]!;
        if (id === x) {
          stop = true;
          break;
        }
        if (uses.has(id)) return true;
      }
      if (stop) continue;
      for (const s of succBlocks(f, b)) {
        if (visited.has(s)) continue;
        visited.add(s);
        todo.push([s, 0]);
      }
    }
  }
  return false;
}

/**
 * What lies next to instruction `id` in direction `dir`: "guard" (a guarded instruction),
 * "none" (a synchronisation, an every-thread instruction, the function's entry or a return:
 * no region spans it), or "unknown". Skips pure instructions, and with `overAll` also
 * every-thread ones that are not calls. Shallow (`deep` false, as attachAllocations moves):
 * within a block and across an unconditional `br` into a block with no other predecessor,
 * "unknown" at any other edge. Deep: along every path (a guarded region may span branches
 * and joins), skipping other allocations and frees still guarded (they may become uniform).
 */
function nearGuard(f: Function, cls: InstClass[], id: InstId, dir: 1 | -1, overAll: boolean, deep: boolean,
  blockOf: Map<InstId, BlockId>, preds: readonly BlockId[][]): "guard" | "none" | "unknown" {
  const b0 = blockOf.get(id)!;
  const seen = new Set<BlockId>();
  let budget = 64;
  const scan = (b: BlockId, i: number): "guard" | "none" | "unknown" => {
    if (--budget < 0) return "unknown";
    const insts = f.blocks[b]!.insts;
    for (; i >= 0 && i < insts.length; i += dir) {
      const other = f.insts[insts[i]!]!;
      const c = cls[insts[i]!] ?? "pure";
      if (isTerminator(other)) break;
      if (deep && c === "guard" && (other.kind === "omp.alloc_shared" || other.kind === "omp.free_shared")) continue;
      if (c === "guard") return "guard";
      if (c === "sync") return "none";
      if (c === "all" && (!overAll || other.kind === "call" || other.kind === "call_indirect")) return "none";
    }
    let next: BlockId[];
    if (dir === 1) {
      const t = f.insts[insts[insts.length - 1]!]!;
      if (t.kind === "ret" || t.kind === "unreachable") return "none";
      next = succBlocks(f, b);
      if (!deep && (t.kind !== "br" || t.target === b || preds[t.target]!.length !== 1)) return "unknown";
    } else {
      next = preds[b]!;
      if (next.length === 0) return b === f.layout[0] ? "none" : "unknown";
      if (!deep && (next.length !== 1 || next[0] === b || f.insts[f.blocks[next[0]!]!.insts.at(-1)!]!.kind !== "br")) return "unknown";
    }
    let r: "guard" | "none" | "unknown" = "none";
    for (const n of next) {
      if (seen.has(n)) continue;
      seen.add(n);
      const x = scan(n, dir === 1 ? 0 : f.blocks[n]!.insts.length - 1);
      if (x === "guard") return "guard";
      if (x === "unknown") r = "unknown";
    }
    return r;
  };
  return scan(b0, f.blocks[b0]!.insts.indexOf(id) + dir);
}

function succBlocks(f: Function, b: BlockId): BlockId[] {
  const t = terminatorOf(f, b);
  return t === undefined ? [] : successorBlocks(t);
}
