// The id quarantine: freed allocation ids held back from reuse, one first-in first-out ring
// per thread, so that an access through a dangling pointer faults (Memory.check) for as long
// as fewer than QUARANTINE_IDS allocations made by the same thread were freed since.
//
// Why per thread and not one ring for the run: `-O` runs code on more threads than the
// program as written (spmdize replicates a generic kernel's pure calls and its allocas on
// every thread), so it multiplies the run's frees by the team size, and a window counted over
// the run would close 64 times sooner (test/filetests/adversarial/quarantine-replicated-
// frees.oir). Thread 0 runs the main thread's code as written and under -O, so its ring sees
// the same frees either way; every other thread's level-0 code (replicated sequential code,
// or an SPMD kernel's own) has a ring of its own, the *replica* class, so that it cannot push
// out the ids the same thread allocated in parallel regions. A team's omp.alloc_shared
// storage has a ring per team, each shared global one of its own (so spmdize's broadcast
// globals cannot push a program's out); the host (and everything without a thread) ring 0.
//
// Each ring holds twice the promised window, so that a pass that moves a free later or adds
// a few (a deglobalized allocation freed at its frame's end instead of at its
// omp.free_shared) cannot turn a promised fault into a reuse.
//
// Only an allocation whose address may outlive it needs the quarantine: an alloca whose
// address is used only to load and store through (heldAllocas) cannot be reached once its
// activation returns, so its id is reused at once and its free counts in no window. That
// keeps most frames (and -O's replicated ones) out of the rings, which would otherwise hold
// 3.3 million ids (past the 2^21 there are) for a kernel of 16 384 threads making 200 calls
// each.
//
// When every id is live or waiting (MAX_IDS, memory.ts), one is taken early: from the
// replica rings first, round robin over threads, the oldest of each; then from the others
// the same way. Replicas are what -O adds, so under -O they go before any id the program as
// written holds. Rings are created on a thread's first allocation and kept for the run,
// keyed by device, kernel, team, thread and class.

import type { Function } from "../ir/ir.js";
import { forEachInst, forEachOperand } from "../ir/ir.js";
import { NO_VALUE } from "../ir/types.js";
import { Fifo } from "./queue.js";

/** Freed ids a thread is promised to be held back (docs/RUNTIME.md, "Memory"). */
export const QUARANTINE_IDS = 1 << 16;

/** The "ring" of an allocation nothing can point to once freed: its id is reused at once. */
export const NO_RING = -1;

/** Ring classes: a thread other than 0 at level 0, or anything else. */
export const Q_REPLICA = 0;
export const Q_OWN = 1;

class Ring {
  /** Its ids, oldest first (most rings hold a few: they start at 2). */
  readonly q = new Fifo<number>(false, 2);
  /** In its class's list of rings that may hold ids. */
  listed = false;
  constructor(readonly cls: number) {}
}

export class Quarantine {
  /** Ring 0: the host's and the program's (maps, globals). */
  private readonly rings: Ring[] = [new Ring(Q_OWN)];
  private readonly keys = new Map<string, number>();
  /** By class, rings that may hold ids (emptied ones are dropped when met). */
  private readonly listed: number[][] = [[], []];
  private readonly cursor = [0, 0];
  /** Ids waiting, over all rings. */
  waiting = 0;
  /** Ids a ring holds: the promised window with slack for passes (a power of two). */
  private readonly cap: number;

  /** `window`: freed ids a thread is promised to be held back (a power of two). */
  constructor(window = QUARANTINE_IDS) {
    if (!(Number.isInteger(Math.log2(window)) && window >= 1)) throw new RangeError(`quarantine window must be a power of two, got ${window}`);
    this.cap = window * 2;
  }

  /** The ring of `key` (created on first use). */
  ring(key: string, cls: number): number {
    let r = this.keys.get(key);
    if (r === undefined) {
      r = this.rings.length;
      this.rings.push(new Ring(cls));
      this.keys.set(key, r);
    }
    return r;
  }

  /** Holds freed `id` back in ring `r`; returns the ring's oldest id when it was full (it
   *  leaves the quarantine), else -1. */
  hold(r: number, id: number): number {
    const g = this.rings[r]!;
    const q = g.q;
    if (q.size === this.cap) return q.shiftPush(id)!;
    q.push(id);
    this.waiting++;
    if (!g.listed) {
      g.listed = true;
      this.listed[g.cls]!.push(r);
    }
    return -1;
  }

  /** A waiting id taken early (no id is free): replicas first, round robin over rings, the
   *  oldest of the ring. -1 if none waits. */
  takeEarly(): number {
    for (let cls = Q_REPLICA; cls <= Q_OWN; cls++) {
      const list = this.listed[cls]!;
      while (list.length > 0) {
        const i = this.cursor[cls]! % list.length;
        const g = this.rings[list[i]!]!;
        if (g.q.size === 0) {
          g.listed = false;
          list[i] = list[list.length - 1]!;
          list.pop();
          continue;
        }
        const id = g.q.shift()!;
        this.waiting--;
        this.cursor[cls] = i + 1;
        return id;
      }
    }
    return -1;
  }
}

/** By instruction, 1 for an alloca whose address may outlive its activation: used other than
 *  as the address of a load, store, atomic, cmpxchg or objectsize or an operand of icmp or
 *  ptrdiff, directly or through geps (passed, returned, stored, selected, sent along an
 *  edge). The others' ids need no quarantine: nothing can point to them once the activation
 *  returns. (underlying.ts's ownAllocas asks the same of a pass, through underlying objects.) */
export function heldAllocas(f: Function): Uint8Array {
  const held = new Uint8Array(f.insts.length);
  // By value, 1 + the alloca whose address it is (itself or through geps), or 0.
  const root = new Int32Array(f.values.length);
  forEachInst(f, (inst, id) => {
    if (inst.kind === "alloca") root[inst.result] = id + 1;
  });
  // A gep may come before the gep it offsets in block order: repeat until nothing changes.
  for (let changed = true; changed;) {
    changed = false;
    forEachInst(f, (inst) => {
      if (inst.kind === "gep" && root[inst.ptr]! !== 0 && root[inst.result] !== root[inst.ptr]) {
        root[inst.result] = root[inst.ptr]!;
        changed = true;
      }
    });
  }
  const mark = (v: number): void => {
    if (v !== NO_VALUE && root[v]! !== 0) held[root[v]! - 1] = 1;
  };
  forEachInst(f, (inst) => {
    switch (inst.kind) {
      case "load":
      case "objectsize":
      case "icmp": // a comparison or a distance keeps no copy of the address
      case "ptrdiff":
        return;
      case "gep":
        return mark(inst.index);
      case "store":
        return mark(inst.value);
      case "atomic":
        return mark(inst.value);
      case "cmpxchg":
        mark(inst.expected);
        return mark(inst.desired);
      default: // any other use, kinds added later included: held, the safe side
        forEachOperand(inst, mark);
    }
  });
  return held;
}
