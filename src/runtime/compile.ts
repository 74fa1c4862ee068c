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
// Parts (codegen/): segments.ts splits blocks and allocates slots; emit.ts emits one
// segment function, instruction by instruction, with expr.ts's typed expression emitters
// and prelude.ts's names; stage.ts records where a boundary's operands are staged
// (SegInfo.stage) for the scheduler. This file holds the driver and the shared types.

import type { Function, Inst, Module } from "../ir/ir.js";
import type { BlockId, InstId } from "../ir/types.js";
import type { FnCtx } from "./codegen/emit.js";
import { emitSegment } from "./codegen/emit.js";
import { H } from "./codegen/prelude.js";
import { allocateSlots, isBig, segment } from "./codegen/segments.js";
import type { StageLayout } from "./codegen/stage.js";
import type { CostModel } from "./cost.js";

export { BOUNDARY, DIVERGE, EXIT, RET } from "./codegen/prelude.js";

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
  /** The warp's clock (cycles) at the start of the running segment. */
  clock: number;
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
}

export type SegFn = (w: WarpRegs, fr: FrameRegs) => number;

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

export interface CompiledFn {
  fn: Function;
  W: number;
  device: boolean;
  nF: number;
  nB: number;
  params: { slot: number; big: boolean }[];
  retBig: boolean;
  segs: SegFn[];
  info: SegInfo[];
  entry: number;
  /** Frame free list (see simt.ts). */
  pool: unknown[];
  /** The generated source, for debugging (`ompir` never prints it). */
  source: string;
}

/** Runtime helpers the generated code calls on slow or rare paths (see simt.ts). */
export interface Helpers {
  mem(w: WarpRegs, fr: FrameRegs, l: number, cf: CompiledFn, inst: number, p: number, sp: number, bytes: number): unknown;
  /** `off`: the faulting instruction's issue offset within its segment (its cycle is clock + off). */
  fault(w: WarpRegs, fr: FrameRegs, l: number, cf: CompiledFn, inst: number, kind: string, msg: string, off?: number): unknown;
  alloca(w: WarpRegs, fr: FrameRegs, l: number, cf: CompiledFn, inst: number, bytes: number): number;
  allocShared(w: WarpRegs, fr: FrameRegs, l: number, cf: CompiledFn, inst: number, bytes: number): number;
  freeShared(w: WarpRegs, fr: FrameRegs, l: number, cf: CompiledFn, inst: number, p: number, bytes: number): void;
  print(w: WarpRegs, fr: FrameRegs, l: number, cf: CompiledFn, inst: number, timeOffset: number, args: (number | bigint)[]): void;
  /** Allocates lane `l`'s copy of local global number `k` into w.lg (faults out-of-memory at `inst`). */
  localGlobal(w: WarpRegs, fr: FrameRegs, l: number, cf: CompiledFn, inst: number, k: number): void;
  /** Race detection: lane `l` accesses local allocation `id` (reported if another thread owns it). */
  priv(w: WarpRegs, l: number, cf: CompiledFn, inst: number, id: number, kind: number): void;
  /** `omp.target_is_present` (host code): 1 or 0 (Rt.isPresent). */
  isPresent(w: WarpRegs, p: number, device: number): number;
  /** `sitofp` / `uitofp` i64 → f32, rounded once (convert.ts). */
  i64f32(x: bigint): number;
  u64f32(x: bigint): number;
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
 *  function per segment (codegen/emit.ts), evaluated once. */
export function compileFunction(f: Function, env: CompileEnv): CompiledFn {
  const sg = segment(f);
  const slots = allocateSlots(f, sg);
  const cx: FnCtx = { f, env, sg, slots };
  const fns: string[] = [];
  const info: SegInfo[] = [];
  sg.segs.forEach((s, si) => {
    const r = emitSegment(cx, s, si);
    fns.push(r.text);
    info.push(r.info);
  });
  const source = `"use strict";\n${fns.join("\n")}\nreturn [${fns.map((_, i) => `seg${i}`).join(", ")}];`;
  const cf: CompiledFn = {
    fn: f, W: env.W, device: env.device, nF: slots.nF, nB: slots.nB,
    params: f.params.map((p) => ({ slot: slots.slotOf[p]!, big: isBig(f.values[p]!.type) })),
    retBig: f.ret === "i64",
    segs: [], info, entry: f.layout.length ? sg.blockSeg[f.layout[0]!]! : -1, pool: [], source,
  };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  cf.segs = new Function(H, "CF", source)(env.helpers, cf) as SegFn[];
  return cf;
}
