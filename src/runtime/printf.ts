// printf-style formatting for the print builtin (see PrintInst in src/ir/ir.ts):
// conversions d i u x X o f F e E g G a A c p %, with flags `-+ 0#`, width,
// precision and length modifiers (h hh l ll z) accepted and ignored (the argument's IR type
// decides its width). Output matches C's for the supported subset.

import type { Type } from "../ir/types.js";

export type PrintArg = number | bigint;

interface Spec {
  flags: string;
  width: number;
  prec: number; // -1 = none
  conv: string;
}

const SPEC = /%([-+ 0#]*)(\d+)?(?:\.(\d*))?(hh|h|ll|l|z|j|t|L)?([diuxXofFeEgGaAcp%])/g;

/** Checks a format against argument count; returns an error message or null. */
export function checkFormat(format: string, nargs: number): string | null {
  let n = 0;
  const stripped = format.replace(SPEC, (m, _f, _w, _p, _l, conv: string) => {
    if (conv !== "%") n++;
    return "";
  });
  if (stripped.includes("%")) return "bad conversion in print format";
  if (n !== nargs) return `print format has ${n} conversions but ${nargs} arguments`;
  return null;
}

export function formatPrint(format: string, types: readonly Type[], args: readonly PrintArg[]): string {
  let i = 0;
  return format.replace(SPEC, (_m, flags: string, w: string | undefined, p: string | undefined, _len, conv: string) => {
    if (conv === "%") return "%";
    const spec: Spec = { flags, width: w ? Number(w) : 0, prec: p === undefined ? -1 : p === "" ? 0 : Number(p), conv };
    const t = types[i]!;
    const v = args[i++]!;
    return pad(spec, convert(spec, t, v));
  });
}

function asBig(t: Type, v: PrintArg, unsigned: boolean): bigint {
  if (typeof v === "bigint") return unsigned ? BigInt.asUintN(64, v) : v;
  if (t === "f32" || t === "f64") return BigInt(Math.trunc(Number.isFinite(v) ? v : 0));
  const bits = t === "i1" ? 1 : t === "i8" ? 8 : t === "i16" ? 16 : t === "ptr" ? 64 : 32;
  const b = BigInt(Math.trunc(v));
  return unsigned ? BigInt.asUintN(bits, b) : bits === 1 ? b : BigInt.asIntN(bits, b);
}

function asNum(v: PrintArg): number {
  return typeof v === "bigint" ? Number(v) : v;
}

function convert(s: Spec, t: Type, v: PrintArg): string {
  switch (s.conv) {
    case "d":
    case "i":
      return intText(s, asBig(t, v, false), 10);
    case "u":
      return intText(s, asBig(t, v, true), 10);
    case "x":
      return intText(s, asBig(t, v, true), 16);
    case "X":
      return intText(s, asBig(t, v, true), 16).toUpperCase();
    case "o":
      return intText(s, asBig(t, v, true), 8);
    case "c":
      return String.fromCharCode(Number(asBig(t, v, true) & 0xffn));
    case "p": {
      const n = asNum(v);
      return n === 0 ? "(nil)" : "0x" + n.toString(16);
    }
    case "f":
    case "F":
      // `#`: the decimal point even without digits after it (`%#.0f` of 2 is `2.`).
      return floatText(s, asNum(v), (x, p) => (s.flags.includes("#") && p === 0 ? fixedText(x, p) + "." : fixedText(x, p)));
    case "e":
    case "E":
      return floatText(s, asNum(v), (x, p) => (s.flags.includes("#") && p === 0 ? expText(x, p).replace("e", ".e") : expText(x, p)));
    case "g":
    case "G":
      return floatText(s, asNum(v), (x, p) => gText(x, p, s.flags.includes("#")));
    case "a":
    case "A":
      return floatText(s, asNum(v), (x) => hexText(x, s.prec, s.flags.includes("#")));
    default:
      return "";
  }
}

function intText(s: Spec, v: bigint, radix: number): string {
  const neg = v < 0n;
  let digits = (neg ? -v : v).toString(radix);
  if (s.prec >= 0) digits = s.prec === 0 && v === 0n ? "" : digits.padStart(s.prec, "0");
  if (s.flags.includes("#") && v !== 0n) digits = (radix === 16 ? "0x" : radix === 8 ? "0" : "") + digits;
  const sign = neg ? "-" : s.flags.includes("+") && radix === 10 ? "+" : s.flags.includes(" ") && radix === 10 ? " " : "";
  return zeroPad(s, sign, digits, s.prec < 0);
}

function floatText(s: Spec, x: number, body: (x: number, prec: number) => string): string {
  const upper = s.conv === s.conv.toUpperCase();
  const neg = x < 0 || Object.is(x, -0);
  const sign = neg ? "-" : s.flags.includes("+") ? "+" : s.flags.includes(" ") ? " " : "";
  const a = Math.abs(x);
  if (!Number.isFinite(a)) {
    const t = Number.isNaN(a) ? "nan" : "inf";
    return zeroPad({ ...s, flags: s.flags.replace("0", "") }, Number.isNaN(a) ? (s.flags.includes("+") ? "+" : "") : sign, upper ? t.toUpperCase() : t, false);
  }
  const t = body(a, s.prec < 0 ? 6 : s.prec);
  return zeroPad(s, sign, upper ? t.toUpperCase() : t, true);
}

/** `%.pf` of a finite x >= 0. JavaScript's toFixed is exact but rounds a tie up, where
 *  glibc rounds it to even (`%.0f` of 2.5 is 2), switches to exponents from 1e21 and takes
 *  at most 100 digits: near a tie and outside its range the exact digits decide. */
function fixedText(x: number, p: number): string {
  if (x < 1e21 && p <= 100 && !nearTie(x * 10 ** p)) return x.toFixed(p);
  const { digits, point } = rounded(exactDigits(x), p, true);
  const int = point > 0 ? digits.slice(0, point) : "0";
  const frac = point >= 0 ? digits.slice(point) : "0".repeat(-point) + digits;
  return p > 0 ? `${int}.${frac.padEnd(p, "0").slice(0, p)}` : int;
}

function expText(x: number, p: number): string {
  let t: string;
  if (x === 0) {
    t = p > 0 ? `0.${"0".repeat(p)}e+0` : "0e+0";
  } else if (p > 100 || nearTie(x * 10 ** (p - Math.floor(Math.log10(x))))) {
    const { digits, point } = rounded(exactDigits(x), p + 1, false);
    t = `${digits[0]}${p > 0 ? "." + digits.slice(1, p + 1) : ""}e${point - 1 < 0 ? "-" : "+"}${Math.abs(point - 1)}`;
  } else {
    t = x.toExponential(p); // "1.50e+0"
  }
  const m = /^(.*)e([+-])(\d+)$/.exec(t)!;
  return `${m[1]}e${m[2]}${m[3]!.padStart(2, "0")}`;
}

/** Whether t (x scaled so that rounding keeps its integer part) may be a tie: its fraction
 *  is about one half (the scaling is inexact, so the exact digits then decide). */
function nearTie(t: number): boolean {
  if (!(t < 2 ** 52)) return true; // no fraction left to see
  const f = t - Math.floor(t);
  return Math.abs(f - 0.5) <= 1e-9 * Math.max(1, t);
}

const BITS = new DataView(new ArrayBuffer(8));

/** A double's biased exponent and 52-bit fraction. */
function fields(x: number): { biased: number; fraction: bigint } {
  BITS.setFloat64(0, x);
  return { biased: (BITS.getUint32(0) >>> 20) & 0x7ff, fraction: BITS.getBigUint64(0) & ((1n << 52n) - 1n) };
}

/** The exact decimal expansion of a finite x >= 0: x = 0.DIGITS × 10^point (no leading
 *  zero but for x = 0). */
function exactDigits(x: number): { digits: string; point: number } {
  if (x === 0) return { digits: "0", point: 1 };
  const { biased, fraction } = fields(x);
  let m = fraction;
  if (biased !== 0) m |= 1n << 52n;
  const e = biased === 0 ? -1074 : biased - 1075; // x = m × 2^e
  if (e >= 0) {
    const d = (m << BigInt(e)).toString();
    return { digits: d, point: d.length };
  }
  const d = (m * 5n ** BigInt(-e)).toString(); // x = d / 10^-e
  const lead = d.length - d.replace(/^0+/, "").length;
  return { digits: d.slice(lead), point: d.length + e - lead };
}

/** `x` rounded to `n` digits after the decimal point (`fixed`) or to `n` significant
 *  digits, ties to even as glibc: the kept digits (at least one) and the new point. */
function rounded(x: { digits: string; point: number }, n: number, fixed: boolean): { digits: string; point: number } {
  let { digits, point } = x;
  let keep = fixed ? point + n : n;
  if (keep < 1) {
    // Nothing kept of the digits: a leading zero to round into.
    digits = "0".repeat(1 - keep) + digits;
    point += 1 - keep;
    keep = 1;
  }
  if (digits.length <= keep) return { digits: digits.padEnd(keep, "0"), point };
  const head = digits.slice(0, keep);
  const next = digits.charCodeAt(keep) - 48;
  const rest = /[1-9]/.test(digits.slice(keep + 1));
  const up = next > 5 || (next === 5 && (rest || (head.charCodeAt(keep - 1) - 48) % 2 === 1));
  if (!up) return { digits: head, point };
  const inc = (BigInt(head) + 1n).toString().padStart(keep, "0");
  // 999 -> 1000: one digit more before the point (a significant-digit count stays n).
  return inc.length > keep ? { digits: fixed ? inc : inc.slice(0, keep), point: point + 1 } : { digits: inc, point };
}

/** `%a` of a finite x >= 0 as glibc writes it: `0x1.8p+0`, trailing zeros dropped without a
 *  precision; with one, rounded to nearest (ties to even) in that many hex digits; a
 *  subnormal as `0x0.…p-1022`. */
function hexText(x: number, prec: number, alt: boolean): string {
  const { biased, fraction } = fields(x);
  let mant = fraction;
  let lead = x === 0 || biased === 0 ? 0n : 1n;
  const exp = x === 0 ? 0 : biased === 0 ? -1022 : biased - 1023;
  let digits = 13;
  if (prec >= 0 && prec < 13) {
    const shift = BigInt((13 - prec) * 4);
    const full = (lead << 52n) | mant;
    const rem = full & ((1n << shift) - 1n);
    const half = 1n << (shift - 1n);
    let q = full >> shift;
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
    lead = q >> BigInt(prec * 4);
    mant = q & ((1n << BigInt(prec * 4)) - 1n);
    digits = prec;
  }
  let frac = digits > 0 ? mant.toString(16).padStart(digits, "0") : "";
  if (prec < 0) frac = frac.replace(/0+$/, "");
  else if (prec > 13) frac += "0".repeat(prec - 13);
  return `0x${lead.toString(16)}${frac.length > 0 || alt ? "." : ""}${frac}p${exp < 0 ? "-" : "+"}${Math.abs(exp)}`;
}

function gText(x: number, p: number, alt: boolean): string {
  const P = p === 0 ? 1 : p;
  if (x === 0) return alt ? (P > 1 ? fixedText(0, P - 1) : "0.") : "0";
  const X = Number(expText(x, P - 1).split("e")[1]);
  let t = P > X && X >= -4 ? fixedText(x, P - 1 - X) : expText(x, P - 1);
  // `#` keeps the decimal point when no digit follows it (`%#.1g` of 2 is `2.`).
  if (alt && !t.includes(".")) t = t.includes("e") ? t.replace("e", ".e") : t + ".";
  if (!alt) {
    const [mant, exp] = t.split("e") as [string, string | undefined];
    const m2 = mant.includes(".") ? mant.replace(/0+$/, "").replace(/\.$/, "") : mant;
    t = exp === undefined ? m2 : `${m2}e${exp}`;
  }
  return t;
}

function zeroPad(s: Spec, sign: string, body: string, zeroOk: boolean): string {
  if (zeroOk && s.flags.includes("0") && !s.flags.includes("-")) {
    const n = s.width - sign.length - body.length;
    if (n > 0) {
      const pre = body.startsWith("0x") ? "0x" : "";
      return sign + pre + "0".repeat(n) + body.slice(pre.length);
    }
  }
  return sign + body;
}

function pad(s: Spec, t: string): string {
  if (t.length >= s.width) return t;
  return s.flags.includes("-") ? t.padEnd(s.width) : t.padStart(s.width);
}
