// Underlying objects of a pointer: the allocations a pointer value may point into.
//
// requires: nothing beyond a well-formed function (unplaced instructions are ignored).
// preserves: everything (an analysis). Invalidated by any change to the function.
//
// A pointer is traced back through `gep` (its base), `select` (both arms) and block
// parameters (every incoming argument on every edge) to its sources: an `alloca` (per-thread
// storage), a global, a function argument, an `omp.alloc_shared` (team-shared), the null
// constant, or unknown (loaded from memory, returned by a call, an atomic, a cast, undef …).
// Cycles through block parameters are cut by the visited set, so a loop-carried pointer
// `^loop(%p)` → `gep %p, 1` → `br ^loop(%q)` resolves to the objects entering the loop.

import type { Function, Module } from "../ir/ir.js";
import { forEachInst, forEachOperand, successors } from "../ir/ir.js";
import type { BlockId, GlobalId, InstId, Space, ValueId } from "../ir/types.js";
import { functionAnalysis } from "./manager.js";

export type UnderlyingObject =
  | { readonly kind: "alloca"; readonly inst: InstId }
  | { readonly kind: "global"; readonly global: GlobalId }
  | { readonly kind: "argument"; readonly index: number }
  | { readonly kind: "shared"; readonly inst: InstId }
  | { readonly kind: "null" }
  | { readonly kind: "unknown" };

export interface UnderlyingInfo {
  /** The objects `v` may point into, deduplicated and in a fixed order (kind, then id). */
  objects(v: ValueId): readonly UnderlyingObject[];
}

const ORDER = { alloca: 0, global: 1, argument: 2, shared: 3, null: 4, unknown: 5 } as const;

function key(o: UnderlyingObject): string {
  switch (o.kind) {
    case "alloca":
    case "shared":
      return `${o.kind}:${o.inst}`;
    case "global":
      return `global:${o.global}`;
    case "argument":
      return `argument:${o.index}`;
    case "null":
    case "unknown":
      return o.kind;
  }
}

function idOf(o: UnderlyingObject): number {
  switch (o.kind) {
    case "alloca":
    case "shared":
      return o.inst;
    case "global":
      return o.global;
    case "argument":
      return o.index;
    default:
      return 0;
  }
}

/** Incoming arguments of every block parameter, from the terminators in the layout. */
function incomingArgs(f: Function): Map<BlockId, ValueId[][]> {
  const incoming = new Map<BlockId, ValueId[][]>();
  for (const b of f.layout) {
    const insts = f.blocks[b]!.insts;
    if (insts.length === 0) continue;
    for (const e of successors(f.insts[insts[insts.length - 1]!]!)) {
      let list = incoming.get(e.block);
      if (list === undefined) incoming.set(e.block, (list = []));
      list.push(e.args);
    }
  }
  return incoming;
}

export function computeUnderlying(f: Function): UnderlyingInfo {
  const memo = new Map<ValueId, readonly UnderlyingObject[]>();
  let incoming: Map<BlockId, ValueId[][]> | null = null;

  const trace = (start: ValueId): readonly UnderlyingObject[] => {
    const found = new Map<string, UnderlyingObject>();
    const seen = new Set<ValueId>();
    const work = [start];
    const add = (o: UnderlyingObject) => found.set(key(o), o);
    while (work.length > 0) {
      const v = work.pop()!;
      if (seen.has(v)) continue;
      seen.add(v);
      const cached = v !== start ? memo.get(v) : undefined;
      if (cached) {
        cached.forEach(add);
        continue;
      }
      const data = f.values[v];
      if (data === undefined) {
        add({ kind: "unknown" });
        continue;
      }
      const d = data.def;
      switch (d.kind) {
        case "param":
          add({ kind: "argument", index: d.index });
          break;
        case "global":
          add({ kind: "global", global: d.global });
          break;
        case "const":
          add(d.value === null ? { kind: "null" } : { kind: "unknown" });
          break;
        case "func":
        case "undef":
          add({ kind: "unknown" });
          break;
        case "blockparam": {
          incoming ??= incomingArgs(f);
          const edges = incoming.get(d.block) ?? [];
          if (edges.length === 0) add({ kind: "unknown" });
          for (const args of edges) {
            const a = args[d.index];
            if (a === undefined) add({ kind: "unknown" });
            else work.push(a);
          }
          break;
        }
        case "inst": {
          const inst = f.insts[d.inst]!;
          if (inst.kind === "alloca") add({ kind: "alloca", inst: d.inst });
          else if (inst.kind === "omp.alloc_shared") add({ kind: "shared", inst: d.inst });
          else if (inst.kind === "gep") work.push(inst.ptr);
          else if (inst.kind === "select") work.push(inst.a, inst.b);
          else add({ kind: "unknown" });
          break;
        }
      }
    }
    return [...found.values()].sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || idOf(a) - idOf(b));
  };

  return {
    objects(v: ValueId): readonly UnderlyingObject[] {
      let r = memo.get(v);
      if (r === undefined) {
        r = trace(v);
        memo.set(v, r);
      }
      return r;
    },
  };
}

export const UNDERLYING = functionAnalysis<UnderlyingInfo>("underlying-objects", false, (f) => computeUnderlying(f));

/**
 * The memory space an object lives in, if known: allocas are `local` on the device and
 * `host` in host code; shared allocations `shared`; globals their declared space.
 */
export function objectSpace(m: Module, f: Function, o: UnderlyingObject): Space | null {
  switch (o.kind) {
    case "alloca":
      return f.kind === "host" ? "host" : "local";
    case "shared":
      return "shared";
    case "global":
      return m.globals[o.global]?.space ?? null;
    default:
      return null;
  }
}

/** True if every object is an alloca of this function (storage private to the thread). */
export function allThreadPrivate(objs: readonly UnderlyingObject[]): boolean {
  return objs.length > 0 && objs.every((o) => o.kind === "alloca");
}

/** Allocas of f whose address (through gep) is only the address operand of loads, stores,
 *  atomics and compares: storage no other thread sees. An address through a select or a
 *  block argument counts as escaped, conservatively. */
export function ownAllocas(f: Function, under: UnderlyingInfo): Set<InstId> {
  const escaped = new Set<InstId>();
  const escape = (v: ValueId): void => {
    for (const o of under.objects(v)) if (o.kind === "alloca") escaped.add(o.inst);
  };
  forEachInst(f, (inst) => {
    switch (inst.kind) {
      case "load":
      case "icmp":
        break;
      case "store":
      case "atomic":
        escape(inst.value);
        break;
      case "cmpxchg":
        escape(inst.expected);
        escape(inst.desired);
        break;
      case "gep":
        escape(inst.index); // the result derives from inst.ptr: the underlying objects follow it
        break;
      case "select":
        escape(inst.a);
        escape(inst.b);
        break;
      case "br":
      case "cond_br":
        for (const e of successors(inst)) e.args.forEach(escape);
        break;
      default:
        forEachOperand(inst, escape);
    }
  });
  const own = new Set<InstId>();
  forEachInst(f, (inst, id) => {
    if (inst.kind === "alloca" && !escaped.has(id)) own.add(id);
  });
  return own;
}

export function formatObject(m: Module, f: Function, o: UnderlyingObject): string {
  switch (o.kind) {
    case "alloca":
    case "shared": {
      const r = f.insts[o.inst]!.result;
      const name = f.values[r]?.name;
      return `${o.kind} ${name ? "%" + name : "#" + o.inst}`;
    }
    case "global":
      return `global @${m.globals[o.global]?.name ?? o.global}`;
    case "argument": {
      const name = f.values[f.params[o.index]!]?.name;
      return `argument ${name ? "%" + name : "#" + o.index}`;
    }
    case "null":
    case "unknown":
      return o.kind;
  }
}
