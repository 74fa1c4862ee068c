// Compiles one function, once per run and warp width, into generated JavaScript.
//
// requires: a verified function (types agree, terminators last); reconvergence blocks
//           (execute.ts reconvergenceBlocks: post-dominators) in `ipdom`.
//
// The unit of execution is a *segment*: a straight-line run of instructions ending at a
// terminator or at a *boundary* instruction that needs the scheduler (the opcode table's
// `scheduler` column: calls, parallel regions, barriers, kernel launches, ...). Each segment becomes one JS function
// `seg(w, fr)` holding a single loop over the warp's active lanes whose body runs all of the
// segment's instructions for that lane, with SSA values in JS locals. Values that live across
// segments sit in per-frame lane slots (Float64Array, BigInt64Array for i64). So a warp
// instruction costs no IR walking, no map lookup and no allocation; i64 uses BigInt.
//
// A segment function returns a code: >= 0 the segment every active lane jumps to; DIVERGE
// when a cond_br split the lanes (w.nx[l] = 0 then / 1 else); RET when the lanes returned;
// BOUNDARY when it stopped at a boundary instruction with its operands staged in
// w.stageF / w.stageB (operand k of lane l at k * W + l).
//
// Lane-fused execution means a lane runs a whole segment before the next lane starts it:
// programs that communicate between lanes of one warp without synchronisation (a data race
// in OpenMP) may observe a different interleaving than lock-step hardware would give.
// Prints are time-stamped per instruction, so output order is still per instruction.
//
// Each function also gets a dispatcher, `run(w, fr, limit, maxSteps)`, which runs segment
// after segment of the top reconvergence entry, charging each exactly as Warp.run would,
// and returns to Warp.run only where it must act (divergence, boundary, return, the rpc,
// a stop). These fast paths change nothing a program or its statistics can see:
// - a segment ending in `br` to pure segments (no memory, no fault, no allocation) has a
//   fused form running them in the same lane loop, used where Warp.run would have gone on
//   from each part to the next without stopping;
// - a loop made of such segments runs lane by lane
//   (Warp.laneMajorLoop): each lane iterates in JS locals, the warp is charged iteration by
//   iteration and its reconvergence stack set as diverge() would have left it;
// - another loop of a simple shape (codegen/iterloop.ts: segments that may also store or
//   divide, splits that meet again inside) runs iteration by iteration in one call
//   (Warp.iterMajorLoop), its lane loops in Warp.run's order (a split's side and the pure
//   segments after the sides meet in one, with the split's block too where nothing in it
//   can fault: pure parts are invisible to other lanes), slots holding a warp-uniform value
//   read once, and the iteration after, segment by segment, up to the scheduler's stop;
// - a memory access through `gep base, i` keeps the decoding of `base` (allocation, space,
//   size) across lanes and checks bounds in integers, falling back to the full check (a
//   4- or 8-byte access whose base's alignment is every lane's skips the alignment test); a
//   second access of a lane body through the same pointer, space and width takes the
//   first one's address (nothing in a cached lane body allocates or frees);
// - an iteration-by-iteration loop reads ahead the lines its loads will touch in the next
//   iterations (emit.ts emitIter): reads only, inside the allocation, a hint to the caches.
//
// Each distinct generated source is evaluated once per process (factory()), so a program
// run again reuses the code V8 has already optimised.
//
// Parts (codegen/): segments.ts splits blocks and allocates slots; emit.ts emits one
// segment function, instruction by instruction, with expr.ts's typed expression emitters
// and prelude.ts's names; iterloop.ts finds the loops emitIter runs; stage.ts records
// where a boundary's operands are staged (SegInfo.stage) for the scheduler. This file
// holds the driver and the shared types.

import type { Function, Inst, Module } from "../ir/ir.js";
import type { BlockId, InstId } from "../ir/types.js";
import type { FnCtx } from "./codegen/emit.js";
import { emitFused, emitIter, emitLoop, emitSegment, fusible } from "./codegen/emit.js";
import { H } from "./codegen/prelude.js";
import { iterLoop } from "./codegen/iterloop.js";
import { allocateSlots, isBig, segment } from "./codegen/segments.js";
import type { StageLayout } from "./codegen/stage.js";
import type { CostModel } from "./cost.js";
import { heldAllocas } from "./quarantine.js";

export { BOUNDARY, DIVERGE, EXIT, LOOPED, RET } from "./codegen/prelude.js";

/** Per-frame storage: lane slots, return lanes, parallel nesting level. */
export interface FrameRegs {
  F: Float64Array;
  B: BigInt64Array;
  RF: Float64Array;
  RB: BigInt64Array;
  level: number;
}

/** What generated code may touch on a warp. */
export interface WarpRegs {
  act: Uint8Array;
  nx: Uint8Array;
  stageF: Float64Array;
  stageB: BigInt64Array;
  mem: import("./memory.js").Memory;
  lane0: number;
  team: { id: number; size: number; sg: number[] };
  numTeams: number;
  /** Each lane's copy of each `local` global (local index k at k * W + l); 0 until the
   *  lane first references it (Helpers.localGlobal allocates it). */
  lg: Float64Array;
  /** Accounting the dispatcher does per segment, as Warp.run would (simt.ts). */
  nact: number;
  issued: number;
  laneOps: number;
  /** The warp's clock (cycles) at the start of the running segment (omp.wtime reads it). */
  clock: number;
  steps: number;
  ringFull: boolean;
  /** The last segment the dispatcher ran. */
  seg: number;
  /** Per lane, iterations of a lane-major loop (emitLoop). */
  trips: Int32Array;
}

/** A lane-major loop (codegen/emit.ts emitLoop): runs at most K iterations per lane. */
export type LoopFn = (w: WarpRegs, fr: FrameRegs, K: number, limit: number, maxSteps: number) => number;

/** A function's dispatcher (compile.ts dispatcher()). */
export type RunFn = (w: WarpRegs, fr: FrameRegs, limit: number, maxSteps: number) => number;

export interface SegInfo {
  /** How the segment ends. */
  end: "br" | "cond_br" | "ret" | "unreachable" | "boundary";
  /** The instruction that ends it (terminator or boundary). */
  inst: Inst;
  instId: InstId;
  block: BlockId;
  /** Boundary: the segment to continue with; cond_br: unused. */
  cont: number;
  /** cond_br: targets and the reconvergence segment (EXIT for the virtual exit). */
  thenSeg: number;
  elseSeg: number;
  reconv: number;
  /** Boundary: the result slot (for calls), or -1; whether it is an i64 slot. */
  resultSlot: number;
  resultBig: boolean;
  /** Boundary: for each staged operand, whether it is staged in stageB. */
  stagedBig: boolean[];
  /** Boundary: where its operands are staged; null for terminators. */
  stage: StageLayout | null;
  /** Instructions issued and cycles charged per execution. */
  n: number;
  cost: number;
}

/** A loop the dispatcher may run lane by lane (codegen/emit.ts emitLoop) or iteration by
 *  iteration in one call (emitIter). */
export interface LoopInfo {
  /** Its segments in order: the first is where the loop's back edge goes; the last ends
   *  in the cond_br that goes back or exits. */
  parts: number[];
  /** The exit side's segment, and the cond_br's reconvergence segment. */
  exit: number;
  reconv: number;
  /** Instructions per iteration, and each part's cycles. */
  n: number;
  costs: number[];
  /** Cycles per iteration; cycles and instructions of all parts but the last; whether
   *  every part's cycles are a whole number (Warp.loopBoundExact). */
  cost: number;
  innerCost: number;
  innerN: number;
  integral: boolean;
  /** Runs iteration by iteration (emitIter), not lane by lane (emitLoop). */
  iter: boolean;
}

export interface CompiledFn {
  fn: Function;
  W: number;
  device: boolean;
  nF: number;
  nB: number;
  params: { slot: number; big: boolean }[];
  retBig: boolean;
  /** Runs segments of the frame's top entry (dispatcher()). */
  run: RunFn;
  /** By first segment: the loops that may run lane by lane. */
  loops: (LoopInfo | undefined)[];
  info: SegInfo[];
  entry: number;
  /** Frame free list (see simt.ts). */
  pool: unknown[];
  /** The generated source, for debugging (`ompir` never prints it). */
  source: string;
  /** Per instruction, the issue cycles before it in its segment (as a print there is stamped:
   *  the warp's clock plus this): a fault inside the segment keeps the output up to it. */
  instOff: Int32Array;
  /** By instruction, 1 for an alloca whose address may outlive its activation (its id goes
   *  to the quarantine: quarantine.ts, heldAllocas). */
  held: Uint8Array;
}

/** Runtime helpers the generated code calls on slow or rare paths (see simt.ts). */
export interface Helpers {
  mem(w: WarpRegs, fr: FrameRegs, l: number, cf: CompiledFn, inst: number, p: number, sp: number, bytes: number): unknown;
  /** `off`: the faulting instruction's issue offset within its segment (its cycle is clock + off). */
  fault(w: WarpRegs, fr: FrameRegs, l: number, cf: CompiledFn, inst: number, kind: string, msg: string, off?: number): unknown;
  alloca(w: WarpRegs, fr: FrameRegs, l: number, cf: CompiledFn, inst: number, bytes: number): number;
  allocShared(w: WarpRegs, fr: FrameRegs, l: number, cf: CompiledFn, inst: number, bytes: number): number;
  freeShared(w: WarpRegs, fr: FrameRegs, l: number, cf: CompiledFn, inst: number, p: number, bytes: number): void;
  /** `omp.alloc_shared uniform` / `omp.free_shared uniform`: lane `l`'s replica of the team's stack. */
  allocUniform(w: WarpRegs, fr: FrameRegs, l: number, cf: CompiledFn, inst: number, bytes: number): number;
  freeUniform(w: WarpRegs, fr: FrameRegs, l: number, cf: CompiledFn, inst: number, p: number, bytes: number): void;
  /** omp.malloc: a pointer into the warp's device heap, or 0 when `bytes` do not fit. */
  malloc(w: WarpRegs, fr: FrameRegs, l: number, cf: CompiledFn, inst: number, bytes: number): number;
  /** omp.free (faults at `inst` on a pointer it may not free). */
  free(w: WarpRegs, fr: FrameRegs, l: number, cf: CompiledFn, inst: number, p: number): void;
  print(w: WarpRegs, fr: FrameRegs, l: number, cf: CompiledFn, inst: number, timeOffset: number, args: (number | bigint)[]): void;
  /** Allocates lane `l`'s copy of local global number `k` into w.lg (faults out-of-memory at `inst`). */
  localGlobal(w: WarpRegs, fr: FrameRegs, l: number, cf: CompiledFn, inst: number, k: number): void;
  /** Race detection: lane `l` accesses local allocation `id` (reported if another thread owns it). */
  priv(w: WarpRegs, l: number, cf: CompiledFn, inst: number, id: number, kind: number): void;
  /** `omp.target_is_present` (host code): 1 or 0 (Rt.isPresent). */
  isPresent(w: WarpRegs, p: number, device: number): number;
  /** `sitofp` / `uitofp` i64 → f32, rounded once (convert.ts). */
  i64f32(x: bigint): number;
  /** A hint: touches what the next iterations of a loop will load (simt.ts prefetch). */
  pf(u8: Uint8Array, b: number, z: number, hi: number, span: number, d: number, e: number): void;
  /** The number of bits set in int32 `x` (emitIter: lanes of a closing branch's else side). */
  popcount(x: number): number;
  u64f32(x: bigint): number;
  /** Runs lane-major loop `seg` of `cf` (emitLoop's `fn`) as far as Warp.run would have
   *  gone without stopping; returns the next segment, LOOPED, or -1 if it does not apply. */
  loop(w: WarpRegs, fr: FrameRegs, cf: CompiledFn, seg: number, fn: LoopFn, limit: number, maxSteps: number): number;
  /** Race detection (only called when CompileEnv.races): an access of `bytes` at arena address `a`. */
  race(w: WarpRegs, l: number, cf: CompiledFn, inst: number, a: number, bytes: number, kind: number, space: number): void;
}

export interface CompileEnv {
  module: Module;
  W: number;
  device: boolean;
  costs: CostModel;
  /** Address of each global (NaN for shared globals: per team, read from w.team.sg). */
  globalPtr: number[];
  /** For each global, its index among the `local` globals (per lane, read from w.lg), or -1. */
  localIndex: number[];
  /** Address of each function (for function pointers). */
  funcPtr: number[];
  /** Reconvergence block of each block's cond_br (its ipdom; -1 virtual exit, -2
   *  unreachable); execute.ts's reconvergenceBlocks. */
  ipdom: Int32Array;
  helpers: Helpers;
  /** Emit race-detector hooks on shared and global accesses (`--detect-races`). */
  races?: boolean;
  /** `requires unified_shared_memory`: `host` and `global` accesses reach either space. */
  unified?: boolean;
}

/** Compiles `f` for warp width env.W: segments and slots (codegen/segments.ts), one JS
 *  function per segment (codegen/emit.ts) and the function's dispatcher (dispatcher()),
 *  evaluated once. */
export function compileFunction(f: Function, env: CompileEnv): CompiledFn {
  const sg = segment(f);
  const slots = allocateSlots(f, sg);
  const cx: FnCtx = { f, env, sg, slots, instOff: new Int32Array(f.insts.length) };
  const fns: string[] = [];
  const info: SegInfo[] = [];
  sg.segs.forEach((s, si) => {
    const r = emitSegment(cx, s, si);
    fns.push(r.text);
    info.push(r.info);
  });
  // A segment ending in `br` to a pure segment also gets a fused form (emitFused), which
  // goes on through further `br`s to pure segments, up to FUSE_MAX parts.
  const chains: number[][] = [];
  sg.segs.forEach((s, si) => {
    if (s.insts.some((id) => f.insts[id]!.kind === "print")) return;
    const chain = [si];
    for (let k = si; chain.length < FUSE_MAX;) {
      const inst = info[k]!.inst;
      if (info[k]!.end !== "br" || inst.kind !== "br") break;
      const x = sg.blockSeg[inst.target]!;
      if (chain.includes(x) || !fusible(cx, sg.segs[x]!)) break;
      chain.push(x);
      k = x;
    }
    if (chain.length < 2) return;
    chains[si] = chain;
    fns.push(emitFused(cx, chain));
  });
  // A chain that is a whole pure loop (its first segment pure too, or only loading, its last
  // closing the loop with a cond_br back to the first) also runs lane by lane (emitLoop);
  // another loop of the shape iterloop.ts describes, iteration by iteration in one call
  // (emitIter).
  const loops: (LoopInfo | undefined)[] = [];
  if (env.W > 1) {
    sg.segs.forEach((s, si) => {
      let chain = chains[si] ?? [si];
      const h = info[chain[chain.length - 1]!]!;
      // Loads only where no race hook would see their order (the rest of the chain is pure).
      const pureLoop = h.end === "cond_br" && fusible(cx, s, !env.races) && (h.thenSeg === si) !== (h.elseSeg === si);
      const loads = s.insts.some((id) => f.insts[id]!.kind === "load");
      // A pure loop runs lane by lane: each lane iterates with its values in registers, as
      // far as its own trip count (Mandelbrot: lanes leave at different iterations; 2.4x
      // fewer instructions than iteration by iteration, and faster). One that loads runs
      // iteration by iteration where iterLoop takes it: the lanes' loads of one iteration
      // are neighbours (a GPU's coalesced access), where lane by lane each lane walks its
      // own stride through memory (matmul's column of B: a new line, every fourth a new
      // page, per load): 11% more instructions, but about a quarter less time
      // (docs/RUNTIME.md, "Tenth session: sim7"). One that loads and iterLoop declines (its
      // exit side back inside the chain: a loop nobody leaves) runs segment by segment.
      const it = (pureLoop && !loads) || env.races || !env.device ? null : iterLoop(cx, info, si);
      const lane = pureLoop && !loads && it === null;
      if (!lane && it === null) return;
      if (it !== null) chain = it.order;
      const iter = it !== null;
      const last = info[chain[chain.length - 1]!]!;
      const back = last.thenSeg === si ? 0 : 1;
      const exit = back === 0 ? last.elseSeg : last.thenSeg;
      const costs = chain.map((k) => info[k]!.cost);
      const ns = chain.map((k) => info[k]!.n);
      const sum = (a: number[]): number => a.reduce((x, y) => x + y, 0);
      loops[si] = {
        parts: chain, exit, reconv: last.reconv, n: sum(ns), costs, cost: sum(costs),
        innerCost: sum(costs.slice(0, -1)), innerN: sum(ns.slice(0, -1)), integral: costs.every((c) => Number.isInteger(c)), iter,
      };
      fns.push(it !== null ? emitIter(cx, it) : emitLoop(cx, chain));
    });
  }
  fns.push(dispatcher(info, chains, loops));
  const source = `"use strict";\n${fns.join("\n")}\nreturn run;`;
  const cf: CompiledFn = {
    fn: f, W: env.W, device: env.device, nF: slots.nF, nB: slots.nB,
    params: f.params.map((p) => ({ slot: slots.slotOf[p]!, big: isBig(f.values[p]!.type) })),
    retBig: f.ret === "i64",
    run: noRun, loops, info, entry: f.layout.length ? sg.blockSeg[f.layout[0]!]! : -1, pool: framePool(), source, instOff: cx.instOff, held: heldAllocas(f),
  };
  cf.run = factory(source)(env.helpers, cf);
  lastRun.set(source, cf.run);
  return cf;
}

type Factory = (h: Helpers, cf: CompiledFn) => RunFn;

/** Evaluated sources, most recently used last (factory()). */
const factories = new Map<string, Factory>();
const FACTORIES_MAX = 512;

/** The JS function that makes a compiled function's segment functions from its generated
 *  source, evaluated once per distinct source: a program run again (a benchmark, a test
 *  under several options) gets the closures of the same function, whose type feedback and
 *  optimised code V8 keeps, instead of warming up new ones. The source is everything the
 *  code depends on (the runtime state comes in as H and CF), so sharing it is invisible. */
function factory(source: string): Factory {
  let fn = factories.get(source);
  if (fn !== undefined) factories.delete(source);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  else fn = new Function(H, "CF", source) as Factory;
  factories.set(source, fn);
  if (factories.size > FACTORIES_MAX) {
    const old = factories.keys().next().value!;
    factories.delete(old);
    lastRun.delete(old);
  }
  return fn;
}

/** The closures last made from each evaluated source. V8 keeps a function's optimised code
 *  for the closures made after it only weakly, while a closure still uses it: a run's
 *  closures die with the run, and a collection before the next run's would drop the code,
 *  which every run would then warm up and optimise again. Holding the last ones keeps it
 *  (they hold their CompiledFn, not the run's memory). */
const lastRun = new Map<string, RunFn>();

/** Forgets every evaluated source (factory()): the next compilation of each function
 *  starts cold, as in a fresh process (bench/compute.js measures the cold cost with it). */
export function clearCompiledSources(): void {
  factories.clear();
  lastRun.clear();
}

/** Parts of a fused segment at most (emitFused). */
const FUSE_MAX = 4;

/** An empty frame free list whose elements are objects from the start: an empty `[]` holds
 *  small integers until its first push, so Warp.newFrame's `pop` met an array of another map
 *  whenever the literal's allocation site forgot the transition (a full collection: newFrame
 *  and startKernel deoptimized in the sixth warm run of bench (d)'s launches). */
function framePool(): unknown[] {
  const a: unknown[] = [null];
  a.pop();
  return a;
}

const noRun: RunFn = () => {
  throw new Error("internal error: function not compiled");
};

/** `run(w, fr, limit, maxSteps)`: runs the top reconvergence entry's segments from its pc,
 *  charging each as Warp.run would, and goes on by itself while the next segment is a plain
 *  continuation: a segment number other than the entry's rpc, with the warp under its step
 *  limit and its clock under `limit` and no print waiting for ring space. Otherwise it
 *  returns the last segment's code, with that segment's number in w.seg, for Warp.run to
 *  act on. Costs are added one segment at a time, in the same order, so the clock is the
 *  same float. A fused segment (emitFused) runs only where the warp would have gone on
 *  from the first part to the second without returning. */
function dispatcher(info: SegInfo[], chains: readonly (number[] | undefined)[], loops: readonly (LoopInfo | undefined)[]): string {
  const charge = (i: number): string => {
    const { n, cost } = info[i]!;
    return `w.issued += ${n}; w.laneOps += ${n} * nact; w.clock += ${cost}; w.steps += ${n};`;
  };
  const cases = info.map((_, i) => {
    const plain = `code = seg${i}(w, fr); ${charge(i)} w.seg = ${i};`;
    const chain = chains[i];
    // A lane-major loop first (Helpers.loop: -1 where it does not apply).
    const lp = loops[i];
    // (An iteration-by-iteration loop sets w.seg itself: it may stop inside an iteration.)
    const loop = lp === undefined ? "" : lp.iter ? `code = ${H}.loop(w, fr, CF, ${i}, seg${i}I, limit, maxSteps); if (code !== -1) break; `
      : `code = ${H}.loop(w, fr, CF, ${i}, seg${i}L, limit, maxSteps); if (code !== -1) { w.seg = ${lp.parts[lp.parts.length - 1]!}; break; } `;
    if (chain === undefined) return `case ${i}: ${loop}${plain} break;`;
    // Warp.run would go on from part k to part k + 1: not the rpc, clock and steps below
    // their limits after the parts so far (costs added in the same order: the same floats).
    const conds: string[] = [];
    let clock = "w.clock";
    let steps = 0;
    for (let k = 0; k + 1 < chain.length; k++) {
      clock += ` + ${info[chain[k]!]!.cost}`;
      steps += info[chain[k]!]!.n;
      conds.push(`rpc !== ${chain[k + 1]!}`, `${clock} < limit`);
    }
    conds.push(`w.steps + ${steps} <= maxSteps`);
    return `case ${i}: ${loop}if (${conds.join(" && ")}) { code = seg${i}f(w, fr); ${chain.map(charge).join(" ")} w.seg = ${chain[chain.length - 1]!}; }` +
      ` else { ${plain} } break;`;
  });
  return `function run(w, fr, limit, maxSteps) {
  const pc = fr.pc, sp = fr.sp, rpc = fr.rpc[sp], nact = w.nact;
  let s = pc[sp], code = 0;
  for (;;) {
    switch (s) {
      ${cases.join("\n      ")}
      default: throw new Error("internal error: no segment " + s);
    }
    if (code < 0 || code === rpc || w.steps > maxSteps || w.ringFull || w.clock >= limit) return code;
    pc[sp] = code;
    s = code;
  }
}`;
}
