// Constant evaluation of pure instructions with exact semantics, shared by simplify (and
// any later pass that folds): integers wrap at their width (two's complement), f32 results
// are rounded with Math.fround, and anything whose result the language leaves to the
// runtime — division by zero, signed division overflow, shift amounts ≥ the width, NaN in
// fmin/fmax — is not folded (undefined). Casts are total and fold exactly as LANGUAGE.md
// defines them: int → float rounds the exact integer once (no double rounding through f64),
// float → int truncates and wraps (NaN, ±inf give 0). The runtime must agree bit for bit
// (test/runtime/conversions.test.ts).
//
// Integer constants are bigints normalised as in ir.ts: signed at their width, i1 0n/1n.

import type { BinaryOp, CastOp, ConstValue, FcmpPred, IcmpPred } from "../ir/ir.js";
import type { Type } from "../ir/types.js";
import { assertNever, bitWidth, isIntType } from "../ir/types.js";

/** The canonical representation of integer `x` at type `t`. */
export function normInt(t: Type, x: bigint): bigint {
  const w = bitWidth(t);
  return w === 1 ? BigInt.asUintN(1, x) : BigInt.asIntN(w, x);
}
const toS = (t: Type, x: bigint) => BigInt.asIntN(bitWidth(t), x);
const toU = (t: Type, x: bigint) => BigInt.asUintN(bitWidth(t), x);
const f32 = (t: Type, x: number) => (t === "f32" ? Math.fround(x) : x);

/** The zero of a type (the value of fresh alloca storage). */
export function zeroOf(t: Type): ConstValue {
  if (isIntType(t)) return 0n;
  if (t === "ptr") return null;
  return 0;
}

export function foldBinary(op: BinaryOp, t: Type, a: ConstValue, b: ConstValue): ConstValue | undefined {
  if (typeof a === "bigint" && typeof b === "bigint") {
    const w = BigInt(bitWidth(t));
    switch (op) {
      case "add":
        return normInt(t, a + b);
      case "sub":
        return normInt(t, a - b);
      case "mul":
        return normInt(t, a * b);
      case "sdiv":
      case "srem": {
        const x = toS(t, a);
        const y = toS(t, b);
        if (y === 0n || (y === -1n && x === -(1n << (w - 1n)))) return undefined;
        return normInt(t, op === "sdiv" ? x / y : x % y);
      }
      case "udiv":
      case "urem": {
        const y = toU(t, b);
        if (y === 0n) return undefined;
        return normInt(t, op === "udiv" ? toU(t, a) / y : toU(t, a) % y);
      }
      case "and":
        return normInt(t, a & b);
      case "or":
        return normInt(t, a | b);
      case "xor":
        return normInt(t, a ^ b);
      case "shl":
      case "lshr":
      case "ashr": {
        const s = toU(t, b);
        if (s >= w) return undefined;
        if (op === "shl") return normInt(t, a << s);
        return normInt(t, op === "lshr" ? toU(t, a) >> s : toS(t, a) >> s);
      }
      case "smin":
        return toS(t, a) <= toS(t, b) ? a : b;
      case "smax":
        return toS(t, a) >= toS(t, b) ? a : b;
      case "umin":
        return toU(t, a) <= toU(t, b) ? a : b;
      case "umax":
        return toU(t, a) >= toU(t, b) ? a : b;
      default:
        return undefined; // a float op on integers: ill-typed, leave it to the verifier
    }
  }
  if (typeof a === "number" && typeof b === "number") {
    switch (op) {
      case "fadd":
        return f32(t, a + b);
      case "fsub":
        return f32(t, a - b);
      case "fmul":
        return f32(t, a * b);
      case "fdiv":
        return f32(t, a / b);
      case "frem":
        return f32(t, a % b); // JS % is C fmod
      case "fmin":
        return Number.isNaN(a) || Number.isNaN(b) ? undefined : Math.min(a, b);
      case "fmax":
        return Number.isNaN(a) || Number.isNaN(b) ? undefined : Math.max(a, b);
      default:
        return undefined;
    }
  }
  return undefined;
}

export function foldIcmp(pred: IcmpPred, t: Type, a: ConstValue, b: ConstValue): boolean | undefined {
  if (a === null && b === null) {
    if (pred === "eq") return true;
    if (pred === "ne") return false;
    return undefined;
  }
  if (typeof a !== "bigint" || typeof b !== "bigint" || !isIntType(t)) return undefined;
  switch (pred) {
    case "eq":
      return a === b;
    case "ne":
      return a !== b;
    case "slt":
      return toS(t, a) < toS(t, b);
    case "sle":
      return toS(t, a) <= toS(t, b);
    case "sgt":
      return toS(t, a) > toS(t, b);
    case "sge":
      return toS(t, a) >= toS(t, b);
    case "ult":
      return toU(t, a) < toU(t, b);
    case "ule":
      return toU(t, a) <= toU(t, b);
    case "ugt":
      return toU(t, a) > toU(t, b);
    case "uge":
      return toU(t, a) >= toU(t, b);
    default:
      return assertNever(pred);
  }
}

export function foldFcmp(pred: FcmpPred, a: number, b: number): boolean {
  const uno = Number.isNaN(a) || Number.isNaN(b);
  switch (pred) {
    case "oeq":
      return !uno && a === b;
    case "one":
      return !uno && a !== b;
    case "olt":
      return !uno && a < b;
    case "ole":
      return !uno && a <= b;
    case "ogt":
      return !uno && a > b;
    case "oge":
      return !uno && a >= b;
    case "ueq":
      return uno || a === b;
    case "une":
      return uno || a !== b;
    case "ult":
      return uno || a < b;
    case "ule":
      return uno || a <= b;
    case "ugt":
      return uno || a > b;
    case "uge":
      return uno || a >= b;
    case "ord":
      return !uno;
    case "uno":
      return uno;
    default:
      return assertNever(pred);
  }
}

export function foldCast(op: CastOp, from: Type, to: Type, v: ConstValue): ConstValue | undefined {
  switch (op) {
    case "trunc":
      return typeof v === "bigint" ? normInt(to, v) : undefined;
    case "zext":
      return typeof v === "bigint" ? normInt(to, toU(from, v)) : undefined;
    case "sext":
      return typeof v === "bigint" ? normInt(to, toS(from, v)) : undefined;
    case "fptrunc":
    case "fpext":
      return typeof v === "number" ? f32(to, v) : undefined;
    case "fptosi":
    case "fptoui": {
      // LANGUAGE.md: truncate toward zero, wrap to the width; NaN and infinities give 0.
      if (typeof v !== "number") return undefined;
      return Number.isFinite(v) ? normInt(to, BigInt(Math.trunc(v))) : 0n;
    }
    case "sitofp":
    case "uitofp": {
      if (typeof v !== "bigint") return undefined;
      const x = op === "sitofp" ? toS(from, v) : toU(from, v);
      // bigint → f64 is correctly rounded (ECMAScript); → f32 must not go through f64.
      return to === "f32" ? intToF32(x) : Number(x);
    }
    default:
      return assertNever(op);
  }
}

/** The f32 nearest to integer `x`, ties to even: one rounding of the exact value. */
export function intToF32(x: bigint): number {
  const neg = x < 0n;
  const m = neg ? -x : x;
  const n = m.toString(2).length;
  if (n <= 24) return neg ? -Number(m) : Number(m);
  const s = BigInt(n - 24);
  let q = m >> s;
  const r = m - (q << s);
  const half = 1n << (s - 1n);
  if (r > half || (r === half && (q & 1n) === 1n)) q += 1n;
  const f = Number(q) * 2 ** Number(s);
  return neg ? -f : f;
}
