// Binary operators and comparisons: the runtime (host interpreter and device simulator) and
// constant folding (src/passes/fold.ts) agree bit for bit on edge operands — every binary op,
// icmp and fcmp predicate × every type it takes × all pairs of edge values (0, ±1, min, max,
// min+1, max-1, the width's bits, shift amounts at and around the width; -0.0, ±inf, NaN,
// the smallest subnormal, the largest finite, values that round differently in f32). Where
// fold declines (division by zero, INT_MIN / -1, shifts ≥ the width, NaN in fmin/fmax) the
// case is not compared: the pass leaves the instruction to the runtime. NaN results compare
// equal whatever their payload.
//
// Each (op, type) is one host function and one single-thread kernel: they load both operands
// from a table (so nothing is folded), apply the op and print the result's bits.

import { describe, expect, test } from "@jest/globals";
import type { BinaryOp, ConstValue, FcmpPred, IcmpPred } from "../../src/ir/ir.js";
import { BINARY_OPS, FCMP_PREDS, ICMP_PREDS, isFloatBinaryOp } from "../../src/ir/ir.js";
import type { Type } from "../../src/ir/types.js";
import { bitWidth } from "../../src/ir/types.js";
import { foldBinary, foldFcmp, foldIcmp, normInt } from "../../src/passes/fold.js";
import { run } from "./util.js";

const INTS: Type[] = ["i1", "i8", "i16", "i32", "i64"];
const FLOATS: Type[] = ["f32", "f64"];

function intEdges(t: Type): bigint[] {
  const w = BigInt(bitWidth(t));
  const min = -(1n << (w - 1n));
  const max = (1n << (w - 1n)) - 1n;
  const v = [0n, 1n, -1n, 2n, 3n, -2n, 7n, min, max, min + 1n, max - 1n, w - 1n, w, w + 1n, 2n * w, 31n, 32n, 33n, 63n, 64n, 0x55n, -0x56n];
  const seen = new Set<bigint>();
  return v.map((x) => normInt(t, x)).filter((x) => (seen.has(x) ? false : (seen.add(x), true)));
}

function floatEdges(t: Type): number[] {
  const v = [
    0, -0, 1, -1, 0.5, -1.5, 2.5, 3, 1e10, -7.25, NaN, Infinity, -Infinity, 5e-324, -5e-324, Number.MAX_VALUE,
    1.401298464324817e-45, 3.4028234663852886e38, 1 + 2 ** -24, 1 + 2 ** -52, 0.1, 1e-30, 2 ** 60,
  ];
  const seen = new Set<string>();
  return v
    .map((x) => (t === "f32" ? Math.fround(x) : x))
    .filter((x) => {
      const k = Object.is(x, -0) ? "-0" : String(x);
      return seen.has(k) ? false : (seen.add(k), true);
    });
}

/** Bits of a value of type t as an unsigned bigint (the bytes a store writes, zero-extended). */
function bits(t: Type, x: ConstValue): bigint {
  const dv = new DataView(new ArrayBuffer(8));
  if (t === "f64") {
    dv.setFloat64(0, x as number, true);
    return dv.getBigUint64(0, true);
  }
  if (t === "f32") {
    dv.setFloat32(0, x as number, true);
    return BigInt(dv.getUint32(0, true));
  }
  return BigInt.asUintN(t === "i1" ? 8 : bitWidth(t), x as bigint);
}

function isNaNBits(t: Type, b: bigint): boolean {
  if (t === "f64") return ((b >> 52n) & 0x7ffn) === 0x7ffn && (b & ((1n << 52n) - 1n)) !== 0n;
  if (t === "f32") return ((b >> 23n) & 0xffn) === 0xffn && (b & ((1n << 23n) - 1n)) !== 0n;
  return false;
}

type Op = { kind: "bin"; op: BinaryOp } | { kind: "icmp"; op: IcmpPred } | { kind: "fcmp"; op: FcmpPred };
interface Combo { op: Op; t: Type; pairs: [ConstValue, ConstValue][] }

function pairs<T>(v: T[]): [T, T][] {
  const out: [T, T][] = [];
  for (const a of v) for (const b of v) out.push([a, b]);
  return out;
}
const edges = (t: Type): ConstValue[] => (FLOATS.includes(t) ? floatEdges(t) : intEdges(t));

const combos: Combo[] = [];
for (const op of BINARY_OPS) {
  // A division by zero faults at run time (the table leaves it out: the run must go on).
  const div = op === "sdiv" || op === "udiv" || op === "srem" || op === "urem";
  for (const t of isFloatBinaryOp(op) ? FLOATS : INTS) combos.push({ op: { kind: "bin", op }, t, pairs: pairs(edges(t)).filter(([, b]) => !div || b !== 0n) });
}
for (const op of ICMP_PREDS) for (const t of INTS) combos.push({ op: { kind: "icmp", op }, t, pairs: pairs(edges(t)) });
for (const op of FCMP_PREDS) for (const t of FLOATS) combos.push({ op: { kind: "fcmp", op }, t, pairs: pairs(edges(t)) });

/** What fold says, as the stored result's type and value; undefined when it declines. */
function folded(c: Combo, a: ConstValue, b: ConstValue): { t: Type; v: ConstValue } | undefined {
  switch (c.op.kind) {
    case "bin": {
      const v = foldBinary(c.op.op, c.t, a, b);
      return v === undefined ? undefined : { t: c.t, v };
    }
    case "icmp": {
      const v = foldIcmp(c.op.op, c.t, a, b);
      return v === undefined ? undefined : { t: "i1", v: v ? 1n : 0n };
    }
    case "fcmp":
      return { t: "i1", v: foldFcmp(c.op.op, a as number, b as number) ? 1n : 0n };
  }
}

function inst(c: Combo): { text: string; rt: Type } {
  switch (c.op.kind) {
    case "bin":
      return { text: `${c.op.op} ${c.t} %x, %y`, rt: c.t };
    case "icmp":
      return { text: `icmp ${c.op.op} ${c.t} %x, %y`, rt: "i1" };
    case "fcmp":
      return { text: `fcmp ${c.op.op} ${c.t} %x, %y`, rt: "i1" };
  }
}

/** The loop body both sides share: operands from %in (pairs of i64 bit patterns), result bits printed. */
function body(c: Combo, space: string, inPtr: string): string {
  const { text, rt } = inst(c);
  return `  %o = alloca i64
  br ^loop(0)
^loop(%i: i32):
  %more = icmp slt i32 %i, ${c.pairs.length}
  cond_br %more, ^body, ^done
^body:
  %j = mul i32 %i, 2
  %pa = gep i64, ${inPtr}, %j
  %pb = gep i64, %pa, 1
  %x = load ${c.t}, ${space} %pa
  %y = load ${c.t}, ${space} %pb
  %r = ${text}
  store i64 0, local %o
  store ${rt} %r, local %o
  %b = load i64, local %o
  print "%ld\\n", %b
  %i2 = add i32 %i, 1
  br ^loop(%i2)
^done:
  ret
}`;
}

function program(): string {
  const lines: string[] = [];
  combos.forEach((c, i) => {
    const vals = c.pairs.flatMap(([a, b]) => [a, b]).map((x) => BigInt.asIntN(64, bits(c.t, x)).toString());
    lines.push(`global @in${i} : host i64 x ${vals.length} = [${vals.join(", ")}]`);
  });
  combos.forEach((c, i) => {
    lines.push(`\nhost @h${i}() {\n^entry:\n${body(c, "host", `@in${i}`).replace(/local %o/g, "host %o")}`);
    lines.push(`\nkernel @d${i}(%in: ptr) spmd {\n^entry:\n${body(c, "global", "%in")}`);
  });
  lines.push(`
host @main() -> i32 {
^entry:
${combos.map((c, i) => `  call @h${i}()\n  omp.target @d${i}(@in${i}) teams(1) threads(1) map(to: i64 @in${i}[0:${2 * c.pairs.length}])`).join("\n")}
  ret 0
}`);
  return lines.join("\n") + "\n";
}

const name = (c: Combo) => `${c.op.kind === "bin" ? "" : c.op.kind + " "}${c.op.op} ${c.t}`;
const show = (x: ConstValue) => (Object.is(x, -0) ? "-0" : String(x));

describe("binary ops and compares: runtime and fold agree bit for bit", () => {
  const r = run(program(), { maxSteps: 1e9 });
  const got = r.stdout.trimEnd().split("\n").map((s) => BigInt(s));

  test("the program ran every case on the host and the device", () => {
    expect(r.fault).toBeNull();
    expect(got.length).toBe(combos.reduce((n, c) => n + 2 * c.pairs.length, 0));
  });

  let k = 0;
  for (const c of combos) {
    const first = k;
    k += 2 * c.pairs.length;
    test(`${name(c)} (${c.pairs.length} pairs)`, () => {
      const bad: string[] = [];
      let declined = 0;
      c.pairs.forEach(([a, b], j) => {
        const f = folded(c, a, b);
        const host = BigInt.asUintN(64, got[first + j]!);
        const dev = BigInt.asUintN(64, got[first + c.pairs.length + j]!);
        const rt = f?.t ?? inst(c).rt;
        const same = (p: bigint, q: bigint) => p === q || (isNaNBits(rt, p) && isNaNBits(rt, q));
        if (!same(host, dev)) bad.push(`${show(a)}, ${show(b)}: host 0x${host.toString(16)}, device 0x${dev.toString(16)}`);
        if (f === undefined) {
          declined++;
          return;
        }
        const want = bits(f.t, f.v);
        if (!same(want, host)) bad.push(`${show(a)}, ${show(b)}: runtime 0x${host.toString(16)}, fold 0x${want.toString(16)}`);
      });
      expect(bad.slice(0, 10)).toEqual([]);
      expect(declined).toBeLessThan(c.pairs.length);
    });
  }
});
