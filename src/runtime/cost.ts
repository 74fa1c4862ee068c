// The cost model: virtual cycles charged by the simulator (docs/COST_MODEL.md).
//
// Every number here is a default that `--cost-model FILE.json` (RunOptions.costModel) may
// override field by field; nested objects merge key by key. Costs are static per
// instruction, so the compiler sums them per straight-line segment once.

import type { Inst } from "../ir/ir.js";
import type { Space } from "../ir/types.js";
import type { CostClass } from "../ir/opcodes.js";
import { COST_CLASSES, OPCODES, costClassOf } from "../ir/opcodes.js";

/** Opcode classes that have their own issue cost (declared in the opcode table). */
export type OpClass = CostClass;
export const OP_CLASSES: readonly OpClass[] = COST_CLASSES;

export interface CostModel {
  /** Issue cost of one warp instruction, by opcode class. */
  issue: Record<OpClass, number>;
  /** Extra latency of a load/store/atomic, by memory space. */
  latency: Record<Space, number>;
  /** A team barrier: added after the last thread arrives. */
  barrier: number;
  /** Generic mode: the main thread publishes a parallel region and wakes the workers. */
  dispatch: number;
  /** The part of `dispatch` that is the indirect call of the region (a custom state machine calls directly). */
  indirectCall: number;
  /** A custom state machine: one compare-and-branch of its cascade over the known regions. */
  smCompare: number;
  /** Generic mode: per argument passed to a parallel region through team-shared memory. */
  argPass: number;
  /** Host side of a kernel launch (omp.target) before the device starts. */
  launch: number;
  /** Device side: from the last team finishing to the host seeing the kernel complete. */
  kernelEnd: number;
  /** Host: cycles per executed host instruction. */
  host: number;
  /** Map clause: fixed cost per copied section, plus per byte. */
  mapFixed: number;
  mapPerByte: number;
  /** A warp runs at most this many cycles before the scheduler lets others catch up. */
  quantum: number;
  /** Cycles per simulated second: `omp.wtime` (omp_get_wtime) is the clock divided by it. */
  clockHz: number;
  /** Reverse offload (docs/REVERSE_OFFLOAD.md). */
  revOffload: RevOffloadCosts;
  /** Generic mode: the workers' side of the state machine (0 in the `ideal` machine). */
  stateMachine: StateMachineCosts;
  /** omp.alloc_shared / omp.free_shared: the runtime's shared-memory stack allocator, on top
   *  of the instruction's issue cost (0 in the `ideal` machine). */
  allocShared: number;
  freeShared: number;
  /** omp.malloc / omp.free: the device heap allocator (malloc/free in device code), on top
   *  of the instruction's issue cost. */
  malloc: number;
  free: number;
}

/** What a generic-mode worker pays to leave the state machine for a parallel region, as in
 *  LLVM's DeviceRTL state machine; statemachine.ts charges it (workerStartCost). */
export interface StateMachineCosts {
  /** The workers' barrier that the main thread's publication opens. */
  wake: number;
  /** One team-shared load: the work function, then each argument. */
  load: number;
  /** The indirect call of the work function. */
  call: number;
}

export interface RevOffloadCosts {
  /** Device: reserve a slot, write the payload, publish the flag (per warp instruction). */
  send: number;
  /** Device→host: from the flag store until the host can see it (also device prints). */
  toHost: number;
  /** Host→device: from the completion signal (after the result copies) until the lane sees it. */
  toDevice: number;
  /** The host polls the mailbox every `poll` cycles while idle. */
  poll: number;
  /** Host: copy one payload out of the mailbox and free its slot (async drain). */
  drain: number;
  /** Host: look up the function and set up the call, per request. */
  call: number;
  /** Host: reverse-map copy of one section: fixed, plus per byte. */
  copyFixed: number;
  copyPerByte: number;
  /** Host: creating a pool worker thread. */
  spawn: number;
  /** `--mailbox-fault=writeback-delay`: plain stores become visible this long after the flag. */
  writeback: number;
}

export const DEFAULT_COST_MODEL: CostModel = {
  issue: { alu: 1, mul: 2, div: 20, falu: 2, fdiv: 16, cmp: 1, cast: 1, mem: 2, atomic: 4, branch: 1, call: 8, omp: 2, shuffle: 4, print: 40 },
  latency: { host: 4, global: 200, shared: 20, local: 4 },
  barrier: 20,
  dispatch: 100,
  indirectCall: 40,
  smCompare: 2,
  argPass: 10,
  launch: 2000,
  kernelEnd: 200,
  host: 1,
  mapFixed: 500,
  mapPerByte: 0.25,
  quantum: 20000,
  clockHz: 1e9,
  revOffload: {
    send: 40, toHost: 600, toDevice: 600, poll: 1000, drain: 50, call: 200,
    copyFixed: 300, copyPerByte: 0.25, spawn: 5000, writeback: 5000,
  },
  stateMachine: { wake: 0, load: 0, call: 0 },
  allocShared: 0,
  freeShared: 0,
  malloc: 500,
  free: 300,
};

/** Cycles from the main thread's publication until a worker runs the first instruction of a
 *  region with `nargs` arguments: the wake-up barrier, the loads of the work function and its
 *  arguments from team-shared memory, then the call (`indirect`: through the loaded pointer,
 *  as LLVM's generic state machine; a custom machine that compares against the known regions
 *  calls directly and charges its comparisons itself). */
export function workerStartCost(cm: CostModel, nargs: number, indirect: boolean): number {
  const sm = cm.stateMachine;
  // A direct call never costs more than the indirect one (the ideal machine charges neither).
  return sm.wake + sm.load * (1 + nargs) + (indirect ? sm.call : Math.min(sm.call, cm.issue.call));
}

/** `base` (default: the defaults) with `over` merged on top; throws an Error naming a bad field. */
export function mergeCostModel(over: unknown, from: CostModel = DEFAULT_COST_MODEL): CostModel {
  const out: CostModel = structuredClone(from);
  if (over === undefined || over === null) return out;
  if (typeof over !== "object" || Array.isArray(over)) throw new Error("cost model must be a JSON object");
  const base = out as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(over as Record<string, unknown>)) {
    if (!(k in base)) throw new Error(`unknown cost model field '${k}'`);
    const cur = base[k];
    if (typeof cur === "number") {
      base[k] = checkNumber(k, v);
    } else {
      if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error(`cost model field '${k}' must be an object`);
      const sub = cur as Record<string, number>;
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) {
        if (!(k2 in sub)) throw new Error(`unknown cost model field '${k}.${k2}'`);
        sub[k2] = checkNumber(`${k}.${k2}`, v2);
      }
    }
  }
  if (out.indirectCall > out.dispatch) throw new Error("cost model field 'indirectCall' must be at most 'dispatch', which includes it");
  if (out.quantum < 1) throw new Error("cost model field 'quantum' must be at least 1");
  if (out.clockHz <= 0) throw new Error("cost model field 'clockHz' must be positive");
  return out;
}

function checkNumber(name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new Error(`cost model field '${name}' must be a non-negative number`);
  return v;
}

/** The opcode class of an instruction (for its issue cost): the opcode table's. */
export function opClass(inst: Inst): OpClass {
  return costClassOf(inst);
}

/** Cycles a warp spends on one instruction on the device: issue + memory latency. */
export function deviceInstCost(cm: CostModel, inst: Inst): number {
  let c = cm.issue[opClass(inst)];
  if (inst.kind === "omp.alloc_shared") c += cm.allocShared;
  else if (inst.kind === "omp.free_shared") c += cm.freeShared;
  else if (inst.kind === "omp.malloc") c += cm.malloc;
  else if (inst.kind === "omp.free") c += cm.free;
  const e = OPCODES[inst.kind].effect;
  if ((e === "read" || e === "write" || e === "atomic") && "space" in inst) c += cm.latency[inst.space];
  return c;
}
