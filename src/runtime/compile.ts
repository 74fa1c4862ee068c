// Compiles one function, once per run and warp width, into generated JavaScript.
//
// requires: a verified function (types agree, terminators last); `ipdom` from
//           computePostDominators for reconvergence.
//
// The unit of execution is a *segment*: a straight-line run of instructions ending at a
// terminator or at a *boundary* instruction that needs the scheduler (calls, parallel
// regions, barriers, kernel launches, ...). Each segment becomes one JS function
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

import type { FMathFn, Function, Inst, Module } from "../ir/ir.js";
import { operands } from "../ir/ir.js";
import type { BlockId, InstId, Type, ValueId } from "../ir/types.js";
import { NO_VALUE, assertNever } from "../ir/types.js";
import type { CostModel } from "./cost.js";
import { deviceInstCost } from "./cost.js";
import { SP_GLOBAL, SP_HOST, SP_LOCAL, SP_SHARED, spaceCode } from "./memory.js";
import { ACCESS_ATOMIC, ACCESS_READ, ACCESS_WRITE } from "./races.js";

export const DIVERGE = -2;
export const RET = -3;
export const BOUNDARY = -4;
/** The virtual exit as a reconvergence point. */
export const EXIT = -1;

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
  fault(w: WarpRegs, fr: FrameRegs, l: number, cf: CompiledFn, inst: number, kind: string, msg: string): unknown;
  alloca(w: WarpRegs, fr: FrameRegs, l: number, cf: CompiledFn, inst: number, bytes: number): number;
  allocShared(w: WarpRegs, fr: FrameRegs, l: number, cf: CompiledFn, inst: number, bytes: number): number;
  freeShared(w: WarpRegs, fr: FrameRegs, l: number, cf: CompiledFn, inst: number, p: number, bytes: number): void;
  print(w: WarpRegs, fr: FrameRegs, l: number, cf: CompiledFn, inst: number, timeOffset: number, args: (number | bigint)[]): void;
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
  /** Address of each function (for function pointers). */
  funcPtr: number[];
  /** ipdom by block (-1 virtual exit, -2 unreachable). */
  ipdom: Int32Array;
  helpers: Helpers;
  /** Emit race-detector hooks on shared and global accesses (`--detect-races`). */
  races?: boolean;
}

const isBig = (t: Type): boolean => t === "i64";
const SIZE: Record<Type, number> = { i1: 1, i8: 1, i16: 2, i32: 4, i64: 8, f32: 4, f64: 8, ptr: 8 };

function isBoundary(inst: Inst): boolean {
  switch (inst.kind) {
    case "call":
    case "call_indirect":
    case "omp.parallel":
    case "omp.barrier":
    case "omp.target":
    case "omp.taskwait":
    case "omp.target_enter_data":
    case "omp.target_exit_data":
    case "omp.reverse_offload":
    case "exit":
      return true;
    default:
      return false;
  }
}

function numLit(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (Object.is(x, -0)) return "-0";
  return x < 0 ? `(${x})` : String(x);
}

export function compileFunction(f: Function, env: CompileEnv): CompiledFn {
  const { W, device } = env;
  const vals = f.values;
  // 1. Segments: split each block after every boundary instruction.
  interface Seg { block: BlockId; insts: InstId[] }
  const segs: Seg[] = [];
  const blockSeg = new Int32Array(f.blocks.length).fill(-1);
  const segOfInst = new Int32Array(f.insts.length).fill(-1);
  for (const b of f.layout) {
    blockSeg[b] = segs.length;
    let cur: Seg = { block: b, insts: [] };
    for (const id of f.blocks[b]!.insts) {
      cur.insts.push(id);
      segOfInst[id] = segs.length;
      if (isBoundary(f.insts[id]!)) {
        segs.push(cur);
        cur = { block: b, insts: [] };
      }
    }
    if (cur.insts.length) segs.push(cur);
  }
  // 2. Slots: params, block params, boundary results, and values used outside their segment.
  const slotOf = new Int32Array(vals.length).fill(-1);
  let nF = 0;
  let nB = 0;
  const giveSlot = (v: ValueId): void => {
    if (slotOf[v] !== -1) return;
    slotOf[v] = isBig(vals[v]!.type) ? nB++ : nF++;
  };
  for (const p of f.params) giveSlot(p);
  for (const b of f.layout) for (const p of f.blocks[b]!.params) giveSlot(p);
  segs.forEach((s, si) => {
    for (const id of s.insts) {
      const inst = f.insts[id]!;
      if (isBoundary(inst) && inst.result !== NO_VALUE) giveSlot(inst.result);
      for (const v of operands(inst)) {
        const d = vals[v]!.def;
        if (d.kind === "inst" && segOfInst[d.inst] !== si) giveSlot(v);
      }
    }
  });
  const slotExpr = (v: ValueId): string => (isBig(vals[v]!.type) ? `B[${slotOf[v]! * W} + l]` : `F[${slotOf[v]! * W} + l]`);

  // 3. Code.
  const ex = (v: ValueId): string => {
    const d = vals[v]!.def;
    const t = vals[v]!.type;
    switch (d.kind) {
      case "const": {
        const c = d.value;
        if (c === null) return "0";
        if (typeof c === "bigint") return t === "i64" ? `(${c}n)` : numLit(Number(c));
        return numLit(c);
      }
      case "global": {
        const p = env.globalPtr[d.global]!;
        return Number.isNaN(p) ? `SG[${d.global}]` : String(p);
      }
      case "func":
        return String(env.funcPtr[d.func]!);
      case "undef":
        return t === "i64" ? "0n" : "0";
      default:
        return `v${v}`;
    }
  };
  const norm = (t: Type, e: string): string => (t === "i1" ? `((${e}) & 1)` : t === "i8" ? `((${e}) << 24 >> 24)` : t === "i16" ? `((${e}) << 16 >> 16)` : t === "i32" ? `((${e}) | 0)` : e);
  const sv = (t: Type, e: string): string => (t === "i1" ? `(-(${e}))` : e);
  const uv = (t: Type, e: string): string => (t === "i1" ? e : t === "i8" ? `((${e}) & 255)` : t === "i16" ? `((${e}) & 65535)` : t === "i32" ? `((${e}) >>> 0)` : t === "i64" ? `BigInt.asUintN(64, ${e})` : e);
  const fr32 = (t: Type, e: string): string => (t === "f32" ? `Math.fround(${e})` : e);
  const I64 = (e: string): string => `BigInt.asIntN(64, ${e})`;
  /** C's <math.h> on JavaScript numbers (round: half away from zero, as C). */
  const fmath = (fn: FMathFn, a: string, b: string): string => {
    switch (fn) {
      case "fabs": return `Math.abs(${a})`;
      case "exp2": return `Math.pow(2, ${a})`;
      case "round": return `((x) => (x < 0 ? -Math.round(-x) : Math.round(x)))(${a})`;
      case "pow": case "atan2": case "hypot": return `Math.${fn}(${a}, ${b})`;
      default: return `Math.${fn}(${a})`;
    }
  };

  const info: SegInfo[] = [];
  const fns: string[] = [];
  const H = "H";
  const fault = (I: number, kind: string, msg: string): string => `throw ${H}.fault(w, fr, l, CF, ${I}, ${JSON.stringify(kind)}, ${JSON.stringify(msg)});`;
  const refresh = "SP = M.space; SZ = M.size; BA = M.base; U8 = M.u8; I8 = M.i8; I32 = M.i32; F32 = M.f32; F64 = M.f64; B64 = M.b64; DV = M.dv;";
  const allowedSpace = (sp: number): boolean => (device ? sp === SP_GLOBAL || sp === SP_SHARED || sp === SP_LOCAL : sp === SP_HOST);

  const raceHook = (I: number, sp: number, n: number, kind: number): string =>
    env.races && device && (sp === SP_GLOBAL || sp === SP_SHARED) ? `${H}.race(w, l, CF, ${I}, a${I}, ${n}, ${kind}, ${sp});` : "";
  let memUsed = false;
  const addr = (I: number, ptr: string, sp: number, n: number): string =>
    (memUsed = true) && `const p${I} = ${ptr}; const d${I} = (p${I} * 2.3283064365386963e-10) | 0; const o${I} = p${I} - d${I} * 4294967296;` +
    ` if (SP[d${I}] !== ${sp} || o${I} + ${n} > SZ[d${I}]) throw ${H}.mem(w, fr, l, CF, ${I}, p${I}, ${sp}, ${n}); const a${I} = BA[d${I}] + o${I};`;
  const loadExpr = (t: Type, a: string): string => {
    switch (t) {
      case "i1": return `U8[${a}]`;
      case "i8": return `I8[${a}]`;
      case "i16": return `DV.getInt16(${a}, true)`;
      case "i32": return `((${a} & 3) === 0 ? I32[${a} >> 2] : DV.getInt32(${a}, true))`;
      case "f32": return `((${a} & 3) === 0 ? F32[${a} >> 2] : DV.getFloat32(${a}, true))`;
      case "f64": case "ptr": return `((${a} & 7) === 0 ? F64[${a} >> 3] : DV.getFloat64(${a}, true))`;
      case "i64": return `((${a} & 7) === 0 ? B64[${a} >> 3] : DV.getBigInt64(${a}, true))`;
      default: return assertNever(t);
    }
  };
  const storeStmt = (t: Type, a: string, v: string): string => {
    switch (t) {
      case "i1": return `U8[${a}] = ${v};`;
      case "i8": return `I8[${a}] = ${v};`;
      case "i16": return `DV.setInt16(${a}, ${v}, true);`;
      case "i32": return `if ((${a} & 3) === 0) I32[${a} >> 2] = ${v}; else DV.setInt32(${a}, ${v}, true);`;
      case "f32": return `if ((${a} & 3) === 0) F32[${a} >> 2] = ${v}; else DV.setFloat32(${a}, ${v}, true);`;
      case "f64": case "ptr": return `if ((${a} & 7) === 0) F64[${a} >> 3] = ${v}; else DV.setFloat64(${a}, ${v}, true);`;
      case "i64": return `if ((${a} & 7) === 0) B64[${a} >> 3] = ${v}; else DV.setBigInt64(${a}, ${v}, true);`;
      default: return assertNever(t);
    }
  };

  const binary = (I: number, op: string, t: Type, a: string, b: string): string => {
    if (t === "i64") {
      switch (op) {
        case "add": return I64(`${a} + ${b}`);
        case "sub": return I64(`${a} - ${b}`);
        case "mul": return I64(`${a} * ${b}`);
        case "sdiv": return I64(`${a} / ${b}`);
        case "udiv": return I64(`${uv(t, a)} / ${uv(t, b)}`);
        case "srem": return `(${a} % ${b})`;
        case "urem": return I64(`${uv(t, a)} % ${uv(t, b)}`);
        case "and": return `(${a} & ${b})`;
        case "or": return `(${a} | ${b})`;
        case "xor": return `(${a} ^ ${b})`;
        case "shl": return I64(`${a} << (${b} & 63n)`);
        case "lshr": return I64(`${uv(t, a)} >> (${b} & 63n)`);
        case "ashr": return `(${a} >> (${b} & 63n))`;
        case "smin": return `(${a} < ${b} ? ${a} : ${b})`;
        case "smax": return `(${a} > ${b} ? ${a} : ${b})`;
        case "umin": return `(${uv(t, a)} < ${uv(t, b)} ? ${a} : ${b})`;
        case "umax": return `(${uv(t, a)} > ${uv(t, b)} ? ${a} : ${b})`;
        default: break;
      }
    } else if (t === "f32" || t === "f64") {
      switch (op) {
        case "fadd": return fr32(t, `${a} + ${b}`);
        case "fsub": return fr32(t, `${a} - ${b}`);
        case "fmul": return fr32(t, `${a} * ${b}`);
        case "fdiv": return fr32(t, `${a} / ${b}`);
        case "frem": return fr32(t, `${a} % ${b}`);
        case "fmin": return `Math.min(${a}, ${b})`;
        case "fmax": return `Math.max(${a}, ${b})`;
        default: break;
      }
    } else {
      switch (op) {
        case "add": return norm(t, `${a} + ${b}`);
        case "sub": return norm(t, `${a} - ${b}`);
        case "mul": return norm(t, `Math.imul(${a}, ${b})`);
        case "sdiv": return norm(t, `${sv(t, a)} / ${sv(t, b)}`);
        case "udiv": return norm(t, `${uv(t, a)} / ${uv(t, b)}`);
        case "srem": return norm(t, `${sv(t, a)} % ${sv(t, b)}`);
        case "urem": return norm(t, `${uv(t, a)} % ${uv(t, b)}`);
        case "and": return `(${a} & ${b})`;
        case "or": return `(${a} | ${b})`;
        case "xor": return `(${a} ^ ${b})`;
        case "shl": return norm(t, `${a} << (${b} & 31)`);
        case "lshr": return norm(t, `${uv(t, a)} >>> (${b} & 31)`);
        case "ashr": return norm(t, `${sv(t, a)} >> (${b} & 31)`);
        case "smin": return `(${sv(t, a)} < ${sv(t, b)} ? ${a} : ${b})`;
        case "smax": return `(${sv(t, a)} > ${sv(t, b)} ? ${a} : ${b})`;
        case "umin": return `(${uv(t, a)} < ${uv(t, b)} ? ${a} : ${b})`;
        case "umax": return `(${uv(t, a)} > ${uv(t, b)} ? ${a} : ${b})`;
        default: break;
      }
    }
    throw new Error(`internal error: cannot compile ${op} on ${t} (inst ${I})`);
  };
  const isDiv = (op: string): boolean => op === "sdiv" || op === "udiv" || op === "srem" || op === "urem";

  const icmp = (pred: string, t: Type, a: string, b: string): string => {
    const S = (x: string) => sv(t, x);
    const U = (x: string) => (t === "ptr" ? x : uv(t, x));
    switch (pred) {
      case "eq": return `${a} === ${b}`;
      case "ne": return `${a} !== ${b}`;
      case "slt": return `${S(a)} < ${S(b)}`;
      case "sle": return `${S(a)} <= ${S(b)}`;
      case "sgt": return `${S(a)} > ${S(b)}`;
      case "sge": return `${S(a)} >= ${S(b)}`;
      case "ult": return `${U(a)} < ${U(b)}`;
      case "ule": return `${U(a)} <= ${U(b)}`;
      case "ugt": return `${U(a)} > ${U(b)}`;
      case "uge": return `${U(a)} >= ${U(b)}`;
      default: throw new Error(`internal error: icmp ${pred}`);
    }
  };
  const fcmp = (pred: string, a: string, b: string): string => {
    switch (pred) {
      case "oeq": return `${a} === ${b}`;
      case "one": return `(${a} < ${b} || ${a} > ${b})`;
      case "olt": return `${a} < ${b}`;
      case "ole": return `${a} <= ${b}`;
      case "ogt": return `${a} > ${b}`;
      case "oge": return `${a} >= ${b}`;
      case "ueq": return `!(${a} < ${b} || ${a} > ${b})`;
      case "une": return `${a} !== ${b}`;
      case "ult": return `!(${a} >= ${b})`;
      case "ule": return `!(${a} > ${b})`;
      case "ugt": return `!(${a} <= ${b})`;
      case "uge": return `!(${a} < ${b})`;
      case "ord": return `(${a} === ${a} && ${b} === ${b})`;
      case "uno": return `(${a} !== ${a} || ${b} !== ${b})`;
      default: throw new Error(`internal error: fcmp ${pred}`);
    }
  };
  const cast = (op: string, from: Type, to: Type, x: string): string => {
    switch (op) {
      case "trunc":
        if (from === "i64") return to === "i64" ? x : norm(to, `Number(BigInt.asIntN(32, ${x}))`);
        return norm(to, x);
      case "zext":
        if (to === "i64") return from === "i64" ? x : `BigInt(${uv(from, x)})`;
        return norm(to, uv(from, x));
      case "sext":
        if (to === "i64") return from === "i64" ? x : `BigInt(${sv(from, x)})`;
        return norm(to, sv(from, x));
      case "fptrunc":
        return fr32(to, x);
      case "fpext":
        return x;
      case "fptosi":
      case "fptoui":
        if (to === "i64") return `(Number.isFinite(${x}) ? BigInt.asIntN(64, BigInt(Math.trunc(${x}))) : 0n)`;
        return norm(to, `Number.isFinite(${x}) ? Math.trunc(${x}) % 4294967296 : 0`);
      case "sitofp":
        return fr32(to, from === "i64" ? `Number(${x})` : sv(from, x));
      case "uitofp":
        return fr32(to, from === "i64" ? `Number(${uv(from, x)})` : uv(from, x));
      default:
        throw new Error(`internal error: cast ${op}`);
    }
  };
  const atomicNew = (op: string, t: Type, o: string, v: string): string => {
    if (op === "xchg") return v;
    if (op === "fadd") return fr32(t, `${o} + ${v}`);
    const m: Record<string, string> = { add: "add", sub: "sub", and: "and", or: "or", xor: "xor", min: "smin", max: "smax", umin: "umin", umax: "umax" };
    return binary(-1, m[op]!, t, o, v);
  };

  const blockParamWrites = (target: BlockId, args: ValueId[]): string =>
    args.map((a, i) => `${slotExpr(f.blocks[target]!.params[i]!)} = ${ex(a)};`).join(" ");

  segs.forEach((s, si) => {
    memUsed = false;
    const used = new Set<number>(); // slot values read in this segment and defined elsewhere
    const definedHere = new Set<number>();
    const body: string[] = [];
    let cost = 0;
    const flags = { query: false, stage: false, sg: false, nx: false };
    let endInfo: SegInfo | null = null;
    let tail = "";
    const use = (v: ValueId): string => {
      const d = vals[v]!.def;
      if (d.kind === "global" && Number.isNaN(env.globalPtr[d.global]!)) flags.sg = true;
      if ((d.kind === "inst" && !definedHere.has(v)) || d.kind === "param" || d.kind === "blockparam") used.add(v);
      return ex(v);
    };
    const def = (inst: Inst, e: string): void => {
      const r = inst.result;
      body.push(`const v${r} = ${e};`);
      definedHere.add(r);
      if (slotOf[r] !== -1) body.push(`${slotExpr(r)} = v${r};`);
    };
    for (const id of s.insts) {
      const inst = f.insts[id]!;
      const I = id as number;
      const c = device ? deviceInstCost(env.costs, inst) : env.costs.host;
      const startCost = cost;
      cost += c;
      if (isBoundary(inst)) {
        const ops = operands(inst);
        const stagedBig = ops.map((v) => isBig(vals[v]!.type));
        ops.forEach((v, k) => {
          const e = use(v);
          body.push(stagedBig[k] ? `SB[${k * W} + l] = ${e};` : `S[${k * W} + l] = ${e};`);
        });
        flags.stage = true;
        endInfo = {
          end: "boundary", inst, instId: id, block: s.block, cont: si + 1, thenSeg: -1, elseSeg: -1, reconv: -1,
          resultSlot: inst.result === NO_VALUE ? -1 : slotOf[inst.result]!, resultBig: inst.result !== NO_VALUE && isBig(vals[inst.result]!.type),
          stagedBig, n: 0, cost: 0,
        };
        tail = `return ${BOUNDARY};`;
        continue;
      }
      switch (inst.kind) {
        case "binary": {
          const a = use(inst.lhs);
          const b = use(inst.rhs);
          if (isDiv(inst.op)) {
            body.push(`if (${b} === ${inst.type === "i64" ? "0n" : "0"}) ${fault(I, "div-by-zero", "integer division by zero")}`);
          }
          def(inst, binary(I, inst.op, inst.type, a, b));
          break;
        }
        case "icmp":
          def(inst, `(${icmp(inst.pred, inst.type, use(inst.lhs), use(inst.rhs))} ? 1 : 0)`);
          break;
        case "fcmp":
          def(inst, `(${fcmp(inst.pred, use(inst.lhs), use(inst.rhs))} ? 1 : 0)`);
          break;
        case "select":
          def(inst, `(${use(inst.cond)} ? ${use(inst.a)} : ${use(inst.b)})`);
          break;
        case "cast":
          def(inst, cast(inst.op, inst.from, inst.to, use(inst.value)));
          break;
        case "fmath":
          def(inst, fr32(inst.type, fmath(inst.fn, use(inst.a), inst.b === NO_VALUE ? "" : use(inst.b))));
          break;
        case "alloca": {
          const cnt = use(inst.count);
          const n = vals[inst.count]!.type === "i64" ? `Number(${cnt})` : cnt;
          def(inst, `${H}.alloca(w, fr, l, CF, ${I}, (${n}) * ${SIZE[inst.elemType]})`);
          body.push(refresh);
          break;
        }
        case "load": {
          const sp = spaceCode(inst.space);
          const ptr = use(inst.ptr);
          if (!allowedSpace(sp)) {
            body.push(fault(I, "wrong-space", `${device ? "device" : "host"} code cannot access ${inst.space} memory`));
            def(inst, isBig(inst.type) ? "0n" : "0");
            break;
          }
          body.push(addr(I, ptr, sp, SIZE[inst.type]));
          body.push(raceHook(I, sp, SIZE[inst.type], ACCESS_READ));
          def(inst, loadExpr(inst.type, `a${I}`));
          break;
        }
        case "store": {
          const sp = spaceCode(inst.space);
          const v = use(inst.value);
          const ptr = use(inst.ptr);
          if (!allowedSpace(sp)) {
            body.push(fault(I, "wrong-space", `${device ? "device" : "host"} code cannot access ${inst.space} memory`));
            break;
          }
          body.push(addr(I, ptr, sp, SIZE[inst.type]));
          body.push(raceHook(I, sp, SIZE[inst.type], ACCESS_WRITE));
          body.push(storeStmt(inst.type, `a${I}`, v));
          break;
        }
        case "gep": {
          const p = use(inst.ptr);
          const ix = use(inst.index);
          const n = vals[inst.index]!.type === "i64" ? `Number(${ix})` : ix;
          def(inst, `${p} + (${n}) * ${SIZE[inst.elemType]}`);
          break;
        }
        case "atomic":
        case "cmpxchg": {
          const sp = spaceCode(inst.space);
          const ptr = use(inst.ptr);
          const t = inst.type;
          const v = inst.kind === "atomic" ? use(inst.value) : use(inst.desired);
          const e = inst.kind === "cmpxchg" ? use(inst.expected) : "";
          if (!allowedSpace(sp)) {
            body.push(fault(I, "wrong-space", `${device ? "device" : "host"} code cannot access ${inst.space} memory`));
            def(inst, isBig(t) ? "0n" : "0");
            break;
          }
          body.push(addr(I, ptr, sp, SIZE[t]));
          body.push(raceHook(I, sp, SIZE[t], ACCESS_ATOMIC));
          body.push(`const q${I} = ${loadExpr(t, `a${I}`)};`);
          if (inst.kind === "atomic") body.push(storeStmt(t, `a${I}`, atomicNew(inst.op, t, `q${I}`, v)));
          else body.push(`if (q${I} === ${e}) { ${storeStmt(t, `a${I}`, v)} }`);
          def(inst, `q${I}`);
          break;
        }
        case "print": {
          const args = inst.args.map((a) => use(a));
          body.push(`${H}.print(w, fr, l, CF, ${I}, ${startCost}, [${args.join(", ")}]);`);
          break;
        }
        case "trap":
          body.push(fault(I, "trap", inst.message));
          break;
        case "omp.query": {
          flags.query = true;
          const q = inst.query;
          const e = q === "thread_num" ? "(LV1 ? HW0 + l : 0)" : q === "num_threads" ? "(LV1 ? TS : 1)" : q === "team_num" ? "TM"
            : q === "num_teams" ? "NTM" : q === "hw_thread_id" ? "(HW0 + l)" : q === "hw_num_threads" ? "TS" : assertNever(q);
          def(inst, e);
          break;
        }
        case "omp.alloc_shared": {
          const sz = use(inst.size);
          const n = vals[inst.size]!.type === "i64" ? `Number(${sz})` : sz;
          if (!device) body.push(fault(I, "unsupported", "omp.alloc_shared in host code"));
          def(inst, `${H}.allocShared(w, fr, l, CF, ${I}, ${n})`);
          body.push(refresh);
          break;
        }
        case "omp.free_shared": {
          const p = use(inst.ptr);
          const sz = use(inst.size);
          const n = vals[inst.size]!.type === "i64" ? `Number(${sz})` : sz;
          body.push(`${H}.freeShared(w, fr, l, CF, ${I}, ${p}, ${n});`);
          break;
        }
        case "br":
          body.push(blockParamWrites(inst.target, inst.args.map((a) => (use(a), a))));
          tail = `return ${blockSeg[inst.target]};`;
          endInfo = mkInfo("br", inst, id, s.block);
          break;
        case "cond_br": {
          const c = use(inst.cond);
          inst.thenArgs.forEach(use);
          inst.elseArgs.forEach(use);
          const T = blockSeg[inst.then]!;
          const E = blockSeg[inst.else]!;
          const ip = env.ipdom[s.block]!;
          const info = mkInfo("cond_br", inst, id, s.block);
          info.thenSeg = T;
          info.elseSeg = E;
          info.reconv = ip >= 0 ? blockSeg[ip]! : EXIT;
          endInfo = info;
          if (W === 1) {
            body.push(`if (${c}) { ${blockParamWrites(inst.then, inst.thenArgs)} return ${T}; } else { ${blockParamWrites(inst.else, inst.elseArgs)} return ${E}; }`);
          } else {
            flags.nx = true;
            body.push(`if (${c}) { nt++; NX[l] = 0; ${blockParamWrites(inst.then, inst.thenArgs)} } else { ne++; NX[l] = 1; ${blockParamWrites(inst.else, inst.elseArgs)} }`);
            tail = `if (ne === 0) return ${T}; if (nt === 0) return ${E}; return ${DIVERGE};`;
          }
          break;
        }
        case "ret":
          if (inst.value !== NO_VALUE) {
            const v = use(inst.value);
            body.push(isBig(vals[inst.value]!.type) ? `fr.RB[l] = ${v};` : `fr.RF[l] = ${v};`);
          }
          tail = `return ${RET};`;
          endInfo = mkInfo("ret", inst, id, s.block);
          break;
        case "unreachable":
          body.push(fault(I, "unreachable", "reached 'unreachable'"));
          tail = `return ${RET};`;
          endInfo = mkInfo("unreachable", inst, id, s.block);
          break;
        case "call":
        case "call_indirect":
        case "omp.parallel":
        case "omp.barrier":
        case "omp.target":
        case "omp.taskwait":
        case "omp.target_enter_data":
        case "omp.target_exit_data":
        case "omp.reverse_offload":
        case "exit":
          throw new Error("internal error: boundary handled above");
        default:
          assertNever(inst);
      }
    }
    if (endInfo === null) throw new Error(`internal error: segment ${si} of @${f.name} has no end`);
    const ei: SegInfo = endInfo;
    ei.n = s.insts.length;
    ei.cost = cost;
    info.push(ei);
    const loads = [...used].sort((a, b) => a - b).map((v) => `const v${v} = ${slotExpr(v as ValueId)};`);
    const pre = ["const F = fr.F, B = fr.B, act = w.act, M = w.mem;"];
    if (memUsed || body.some((b) => b.includes(refresh))) {
      pre.push("let SP = M.space, SZ = M.size, BA = M.base, U8 = M.u8, I8 = M.i8, I32 = M.i32, F32 = M.f32, F64 = M.f64, B64 = M.b64, DV = M.dv;");
    }
    if (flags.query) pre.push("const LV1 = fr.level === 1, HW0 = w.lane0, TS = w.team.size, TM = w.team.id, NTM = w.numTeams;");
    if (flags.sg) pre.push("const SG = w.team.sg;");
    if (flags.stage) pre.push("const S = w.stageF, SB = w.stageB;");
    if (flags.nx) pre.push("const NX = w.nx; let nt = 0, ne = 0;");
    const inner = [...loads, ...body].join("\n    ");
    const loop = W === 1 ? `{ const l = 0;\n    ${inner}\n  }` : `for (let l = 0; l < ${W}; l++) {\n    if (act[l] === 0) continue;\n    ${inner}\n  }`;
    fns.push(`function seg${si}(w, fr) {\n  ${pre.join("\n  ")}\n  ${loop}\n  ${tail}\n}`);
  });

  function mkInfo(end: SegInfo["end"], inst: Inst, id: InstId, block: BlockId): SegInfo {
    return { end, inst, instId: id, block, cont: -1, thenSeg: -1, elseSeg: -1, reconv: -1, resultSlot: -1, resultBig: false, stagedBig: [], n: 0, cost: 0 };
  }

  const source = `"use strict";\n${fns.join("\n")}\nreturn [${fns.map((_, i) => `seg${i}`).join(", ")}];`;
  const cf: CompiledFn = {
    fn: f, W, device, nF, nB,
    params: f.params.map((p) => ({ slot: slotOf[p]!, big: isBig(vals[p]!.type) })),
    retBig: f.ret === "i64",
    segs: [], info, entry: f.layout.length ? blockSeg[f.layout[0]!]! : -1, pool: [], source,
  };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  cf.segs = new Function("H", "CF", source)(env.helpers, cf) as SegFn[];
  return cf;
}
