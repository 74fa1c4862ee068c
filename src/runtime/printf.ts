// printf-style formatting for the print builtin (see PrintInst in src/ir/ir.ts):
// conversions d i u x X o f F e E g G c p %, with flags `-+ 0#`, width,
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

const SPEC = /%([-+ 0#]*)(\d+)?(?:\.(\d*))?(hh|h|ll|l|z|j|t|L)?([diuxXofFeEgGcp%])/g;

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
      return floatText(s, asNum(v), (x, p) => x.toFixed(p));
    case "e":
    case "E":
      return floatText(s, asNum(v), expText);
    case "g":
    case "G":
      return floatText(s, asNum(v), (x, p) => gText(x, p, s.flags.includes("#")));
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

function expText(x: number, p: number): string {
  const t = x.toExponential(p); // "1.50e+0"
  const m = /^(.*)e([+-])(\d+)$/.exec(t)!;
  return `${m[1]}e${m[2]}${m[3]!.padStart(2, "0")}`;
}

function gText(x: number, p: number, alt: boolean): string {
  const P = p === 0 ? 1 : p;
  if (x === 0) return alt ? (0).toFixed(P - 1) : "0";
  const X = Number(expText(x, P - 1).split("e")[1]);
  let t = P > X && X >= -4 ? x.toFixed(P - 1 - X) : expText(x, P - 1);
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
