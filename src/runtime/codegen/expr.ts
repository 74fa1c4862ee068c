// Expression emitters of the code generator: JavaScript text for one operation on lane
// values already in JS expressions. Typed by the IR's operation unions and exhaustive, so
// a new operation fails to compile here rather than at run time.
//
// Representation (compile.ts header): i1/i8/i32 and f32/f64/ptr are JS numbers (integers
// kept signed and normalised to their width), i64 a BigInt; f32 is rounded with
// Math.fround after each operation.

import type { AtomicOp, BinaryOp, CastOp, FMathFn, FcmpPred, IcmpPred } from "../../ir/ir.js";
import type { Type } from "../../ir/types.js";
import { assertNever } from "../../ir/types.js";
import { H } from "./prelude.js";

export function numLit(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (Object.is(x, -0)) return "-0";
  return x < 0 ? `(${x})` : String(x);
}

/** Normalises an integer result to its width. */
export const norm = (t: Type, e: string): string => (t === "i1" ? `((${e}) & 1)` : t === "i8" ? `((${e}) << 24 >> 24)` : t === "i16" ? `((${e}) << 16 >> 16)` : t === "i32" ? `((${e}) | 0)` : e);
/** The signed value; i1 true is -1 when signed: `0 - x` rather than `-x`, so that false is +0, not -0. */
export const sv = (t: Type, e: string): string => (t === "i1" ? `(0 - (${e}))` : e);
/** The unsigned value. */
export const uv = (t: Type, e: string): string => (t === "i1" ? e : t === "i8" ? `((${e}) & 255)` : t === "i16" ? `((${e}) & 65535)` : t === "i32" ? `((${e}) >>> 0)` : t === "i64" ? `BigInt.asUintN(64, ${e})` : e);
export const fr32 = (t: Type, e: string): string => (t === "f32" ? `Math.fround(${e})` : e);
const I64 = (e: string): string => `BigInt.asIntN(64, ${e})`;

/** A load of `t` from byte address `a` of the arena views. */
export function loadExpr(t: Type, a: string): string {
  switch (t) {
    case "i1": return `U8[${a}]`;
    case "i8": return `I8[${a}]`;
    case "i16": return `DV.getInt16(${a}, true)`;
    case "i32": return `((${a} & 3) === 0 ? ${alignedLoad(t, a)} : DV.getInt32(${a}, true))`;
    case "f32": return `((${a} & 3) === 0 ? ${alignedLoad(t, a)} : DV.getFloat32(${a}, true))`;
    case "f64": case "ptr": return `((${a} & 7) === 0 ? ${alignedLoad(t, a)} : DV.getFloat64(${a}, true))`;
    case "i64": return `((${a} & 7) === 0 ? ${alignedLoad(t, a)} : DV.getBigInt64(${a}, true))`;
    default: return assertNever(t);
  }
}

/** The types whose loads and stores test the address's alignment (loadExpr, storeStmt). */
export const ALIGNED: ReadonlySet<Type> = new Set<Type>(["i32", "f32", "f64", "ptr", "i64"]);

/** loadExpr at an address known aligned to the type's size (a type of ALIGNED): the
 *  typed-array element, also the target of alignedStore. */
export function alignedLoad(t: Type, a: string): string {
  switch (t) {
    case "i32": return `I32[${a} >> 2]`;
    case "f32": return `F32[${a} >> 2]`;
    case "f64": case "ptr": return `F64[${a} >> 3]`;
    case "i64": return `B64[${a} >> 3]`;
    case "i1": case "i8": case "i16": throw new Error(`internal error: no aligned fast path for ${t}`);
    default: return assertNever(t);
  }
}

/** storeStmt at an address known aligned to the type's size (a type of ALIGNED). */
export function alignedStore(t: Type, a: string, v: string): string {
  return `${alignedLoad(t, a)} = ${v};`;
}

export function storeStmt(t: Type, a: string, v: string): string {
  switch (t) {
    case "i1": return `U8[${a}] = ${v};`;
    case "i8": return `I8[${a}] = ${v};`;
    case "i16": return `DV.setInt16(${a}, ${v}, true);`;
    case "i32": return `if ((${a} & 3) === 0) ${alignedStore(t, a, v)} else DV.setInt32(${a}, ${v}, true);`;
    case "f32": return `if ((${a} & 3) === 0) ${alignedStore(t, a, v)} else DV.setFloat32(${a}, ${v}, true);`;
    case "f64": case "ptr": return `if ((${a} & 7) === 0) ${alignedStore(t, a, v)} else DV.setFloat64(${a}, ${v}, true);`;
    case "i64": return `if ((${a} & 7) === 0) ${alignedStore(t, a, v)} else DV.setBigInt64(${a}, ${v}, true);`;
    default: return assertNever(t);
  }
}

/** C's <math.h> on JavaScript numbers (round: half away from zero, as C). */
export function fmathExpr(fn: FMathFn, a: string, b: string): string {
  switch (fn) {
    case "fabs": return `Math.abs(${a})`;
    case "exp2": return `Math.pow(2, ${a})`;
    case "round": return `((x) => (x < 0 ? -Math.round(-x) : Math.round(x)))(${a})`;
    case "pow": case "atan2": case "hypot": return `Math.${fn}(${a}, ${b})`;
    default: return `Math.${fn}(${a})`;
  }
}

function badOp(op: string, t: Type, I: number): never {
  throw new Error(`internal error: cannot compile ${op} on ${t} (inst ${I})`);
}

/** `a op b` on `t` (the verifier has matched float ops with float types). */
export function binaryExpr(I: number, op: BinaryOp, t: Type, a: string, b: string): string {
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
      case "fadd": case "fsub": case "fmul": case "fdiv": case "frem": case "fmin": case "fmax":
        return badOp(op, t, I);
      default: return assertNever(op);
    }
  }
  if (t === "f32" || t === "f64") {
    switch (op) {
      case "fadd": return fr32(t, `${a} + ${b}`);
      case "fsub": return fr32(t, `${a} - ${b}`);
      case "fmul": return fr32(t, `${a} * ${b}`);
      case "fdiv": return fr32(t, `${a} / ${b}`);
      case "frem": return fr32(t, `${a} % ${b}`);
      case "fmin": return `Math.min(${a}, ${b})`;
      case "fmax": return `Math.max(${a}, ${b})`;
      case "add": case "sub": case "mul": case "sdiv": case "udiv": case "srem": case "urem": case "and": case "or": case "xor":
      case "shl": case "lshr": case "ashr": case "smin": case "smax": case "umin": case "umax":
        return badOp(op, t, I);
      default: return assertNever(op);
    }
  }
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
    case "fadd": case "fsub": case "fmul": case "fdiv": case "frem": case "fmin": case "fmax":
      return badOp(op, t, I);
    default: return assertNever(op);
  }
}

/** A JS boolean expression. */
export function icmpExpr(pred: IcmpPred, t: Type, a: string, b: string): string {
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
    default: return assertNever(pred);
  }
}

/** A JS boolean expression; ordered predicates are false on NaN, unordered ones true. */
export function fcmpExpr(pred: FcmpPred, a: string, b: string): string {
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
    default: return assertNever(pred);
  }
}

export function castExpr(op: CastOp, from: Type, to: Type, x: string): string {
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
      if (from === "i64") return to === "f32" ? `${H}.i64f32(${x})` : `Number(${x})`;
      return fr32(to, sv(from, x));
    case "uitofp":
      if (from === "i64") return to === "f32" ? `${H}.u64f32(${x})` : `Number(${uv(from, x)})`;
      return fr32(to, uv(from, x));
    default:
      return assertNever(op);
  }
}

/** The value an atomic read-modify-write stores, from the old value `o` and operand `v`. */
export function atomicNewExpr(op: AtomicOp, t: Type, o: string, v: string): string {
  switch (op) {
    case "xchg": return v;
    case "fadd": return fr32(t, `${o} + ${v}`);
    case "add": case "sub": case "and": case "or": case "xor": case "umin": case "umax":
      return binaryExpr(-1, op, t, o, v);
    case "min": return binaryExpr(-1, "smin", t, o, v);
    case "max": return binaryExpr(-1, "smax", t, o, v);
    default: return assertNever(op);
  }
}
