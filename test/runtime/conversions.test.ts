// Conversions: the runtime's generated code and constant folding (src/passes/fold.ts) agree
// bit for bit on a generated table of edge cases — every cast op × every legal pair of
// types × edge values (0, -0, ±1, min, max, 2^24±1, 2^53±1, 2^63-1, NaN, ±inf, values on and
// around the rounding midpoints of f32 and f64 at every exponent, random values). NaN results
// compare equal whatever their payload (the language does not define payloads).
//
// The runtime side runs one host function per (op, from, to): it loads each input from a
// host global holding the bit patterns (so nothing is folded), converts it, and prints the
// result's bits.

import { describe, expect, test } from "@jest/globals";
import type { CastOp, ConstValue } from "../../src/ir/ir.js";
import { CAST_OPS } from "../../src/ir/ir.js";
import type { Type } from "../../src/ir/types.js";
import { bitWidth, isFloatType, isIntType } from "../../src/ir/types.js";
import { foldCast, intToF32, normInt } from "../../src/passes/fold.js";
import { i64ToF32, u64ToF32 } from "../../src/runtime/convert.js";
import { run } from "./util.js";

const INTS: Type[] = ["i1", "i8", "i32", "i64"];
const FLOATS: Type[] = ["f32", "f64"];

function legal(op: CastOp, from: Type, to: Type): boolean {
  switch (op) {
    case "trunc":
      return isIntType(from) && isIntType(to) && bitWidth(to) < bitWidth(from);
    case "zext":
    case "sext":
      return isIntType(from) && isIntType(to) && bitWidth(to) > bitWidth(from);
    case "fptrunc":
      return from === "f64" && to === "f32";
    case "fpext":
      return from === "f32" && to === "f64";
    case "fptosi":
    case "fptoui":
      return isFloatType(from) && isIntType(to);
    case "sitofp":
    case "uitofp":
      return isIntType(from) && isFloatType(to);
  }
}

/** Deterministic xorshift64* for the random part of the table. */
function rng(seed: bigint): () => bigint {
  let s = seed;
  return () => {
    s ^= s >> 12n;
    s ^= BigInt.asUintN(64, s << 25n);
    s ^= s >> 27n;
    return BigInt.asUintN(64, s * 2685821657736338717n);
  };
}

function intEdges(): bigint[] {
  const p = (e: number) => 1n << BigInt(e);
  const v: bigint[] = [0n, 1n, -1n, 2n, -2n, 3n, 127n, 128n, -128n, -129n, 255n, 256n];
  for (const e of [7, 8, 15, 16, 23, 24, 25, 31, 32, 52, 53, 54, 62, 63, 64]) for (const d of [-3n, -2n, -1n, 0n, 1n, 2n, 3n]) v.push(p(e) + d, -p(e) + d);
  // Around the f32 rounding midpoints (half an f32 ulp above 2^e) and the f64 ones.
  for (let e = 24; e <= 64; e++) {
    const half32 = p(e - 24);
    for (const k of [1n, 3n, 5n]) for (const d of [-1n, 0n, 1n]) v.push(p(e) + k * half32 + d, -(p(e) + k * half32 + d));
    if (e >= 53) {
      const half64 = p(e - 53);
      for (const d of [-1n, 0n, 1n]) v.push(p(e) + half64 + d, p(e) + half32 + half64 + d, p(e) + half32 - half64 + d, -(p(e) + half32 + half64 + d));
    }
  }
  const r = rng(0x9e3779b97f4a7c15n);
  for (let i = 0; i < 300; i++) {
    const x = r();
    v.push(x, x >> BigInt(i % 64), BigInt.asUintN(64, x << BigInt(i % 40)));
  }
  return v;
}

function floatEdges(): number[] {
  const v: number[] = [
    0, -0, 1, -1, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.9999999999999999, -0.9999999999999999, NaN, Infinity, -Infinity,
    127, 127.99, 128, -128, -128.99, -129, 255, 255.5, 256, 2 ** 31 - 1, 2 ** 31 - 0.5, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1,
    -(2 ** 31) - 0.5, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 53, 2 ** 53 + 2, 2 ** 63, -(2 ** 63), 2 ** 63 - 1024,
    -(2 ** 63) - 2048, 2 ** 64, 2 ** 64 - 2048, -(2 ** 64), 1e20, -1e20, 1e300, -1e300, 5e-324, -5e-324,
    Number.MAX_VALUE, -Number.MAX_VALUE, 3.4028234663852886e38, 3.4028235677973366e38, 3.4028235677973362e38,
    1.401298464324817e-45, 2 ** -150, 2 ** -150 + 2 ** -200, 1.1754943508222875e-38, 1 + 2 ** -24, 1 + 3 * 2 ** -24,
    1 + 2 ** -24 + 2 ** -52, 16777217, 16777219, -16777217,
  ];
  const r = rng(0x243f6a8885a308d3n);
  const dv = new DataView(new ArrayBuffer(8));
  for (let i = 0; i < 300; i++) {
    dv.setBigUint64(0, r());
    v.push(dv.getFloat64(0));
    v.push(Number(BigInt.asIntN(64, r()) >> BigInt(i % 64)) + (i % 3) * 0.5);
  }
  return v;
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
  const n = t === "i1" ? 8 : bitWidth(t);
  return BigInt.asUintN(n, x as bigint);
}

function isNaNBits(t: Type, b: bigint): boolean {
  if (t === "f64") return (b >> 52n & 0x7ffn) === 0x7ffn && (b & (1n << 52n) - 1n) !== 0n;
  if (t === "f32") return (b >> 23n & 0xffn) === 0xffn && (b & (1n << 23n) - 1n) !== 0n;
  return false;
}

function inputs(from: Type): ConstValue[] {
  const seen = new Set<string>();
  const out: ConstValue[] = [];
  const add = (x: ConstValue) => {
    const k = bits(from, x).toString();
    if (seen.has(k)) return;
    seen.add(k);
    out.push(x);
  };
  if (isIntType(from)) for (const x of intEdges()) add(normInt(from, x));
  else for (const x of floatEdges()) add(from === "f32" ? Math.fround(x) : x);
  return out;
}

interface Combo { op: CastOp; from: Type; to: Type; values: ConstValue[] }

const combos: Combo[] = [];
for (const op of CAST_OPS) {
  for (const from of [...INTS, ...FLOATS]) for (const to of [...INTS, ...FLOATS]) if (legal(op, from, to)) combos.push({ op, from, to, values: inputs(from) });
}

/** One module: a host function per combination, main calls them all in order. */
function program(): string {
  const lines: string[] = [];
  combos.forEach((c, i) => {
    lines.push(`global @in${i} : host i64 x ${c.values.length} = [${c.values.map((x) => BigInt.asIntN(64, bits(c.from, x)).toString()).join(", ")}]`);
  });
  combos.forEach((c, i) => {
    lines.push(`
host @c${i}() {
^entry:
  %o = alloca i64
  br ^loop(0)
^loop(%i: i32):
  %more = icmp slt i32 %i, ${c.values.length}
  cond_br %more, ^body, ^done
^body:
  %p = gep i64, @in${i}, %i
  %v = load ${c.from}, host %p
  %r = ${c.op} ${c.from} %v to ${c.to}
  store i64 0, host %o
  store ${c.to} %r, host %o
  %b = load i64, host %o
  print "%ld\\n", %b
  %i2 = add i32 %i, 1
  br ^loop(%i2)
^done:
  ret
}`);
  });
  lines.push(`
host @main() -> i32 {
^entry:
${combos.map((_, i) => `  call @c${i}()`).join("\n")}
  ret 0
}`);
  return lines.join("\n") + "\n";
}

describe("conversions: runtime and fold agree bit for bit", () => {
  const r = run(program(), { maxSteps: 1e8 });
  const got = r.stdout.trimEnd().split("\n").map((s) => BigInt.asUintN(64, BigInt(s)));

  test("the program ran every case", () => {
    expect(r.fault).toBeNull();
    expect(got.length).toBe(combos.reduce((n, c) => n + c.values.length, 0));
    expect(combos.length).toBe(52); // 6 trunc, 6 zext, 6 sext, fptrunc, fpext, 8 each of fptosi fptoui sitofp uitofp
  });

  let k = 0;
  for (const c of combos) {
    const first = k;
    k += c.values.length;
    test(`${c.op} ${c.from} to ${c.to} (${c.values.length} values)`, () => {
      const bad: string[] = [];
      c.values.forEach((x, j) => {
        const f = foldCast(c.op, c.from, c.to, x);
        if (f === undefined) {
          bad.push(`${String(x)}: fold declines`);
          return;
        }
        const want = bits(c.to, f);
        const have = got[first + j]!;
        if (want === have || (isNaNBits(c.to, want) && isNaNBits(c.to, have))) return;
        bad.push(`${String(x)}: runtime 0x${have.toString(16)}, fold 0x${want.toString(16)}`);
      });
      expect(bad.slice(0, 10)).toEqual([]);
    });
  }
});

describe("integer to f32 rounds once", () => {
  // Independent of both implementations: f32 = m * 2^e with a 24-bit m; the exact midpoints.
  const p = (e: number) => 1n << BigInt(e);
  test.each([
    [p(62) + p(38) + 1n, 2 ** 62 + 2 ** 39], // above the midpoint: up (through f64: the midpoint, then even: down)
    [p(62) + p(38), 2 ** 62], // on the midpoint, even below: down
    [p(62) + 3n * p(38), 2 ** 62 + 2 ** 40], // on the midpoint, odd below: up
    [p(24) + 1n, 2 ** 24],
    [p(24) + 3n, 2 ** 24 + 4],
    [p(63) - 1n, 2 ** 63],
    [-(p(62) + p(38) + 1n), -(2 ** 62 + 2 ** 39)],
  ])("%p", (x, want) => {
    expect(intToF32(x)).toBe(want);
    expect(i64ToF32(x)).toBe(want);
  });

  test("unsigned: 2^63 + 2^39 + 1 and 2^64 - 1", () => {
    expect(u64ToF32(BigInt.asIntN(64, p(63) + p(39) + 1n))).toBe(2 ** 63 + 2 ** 40);
    expect(u64ToF32(-1n)).toBe(2 ** 64);
  });

  test("sitofp i1 false is +0.0", () => {
    const f = foldCast("sitofp", "i1", "f64", 0n);
    expect(Object.is(f, 0)).toBe(true);
    const r = run(`
host @main() -> i32 {
^entry:
  %a = alloca i1
  %b = load i1, host %a
  %x = sitofp i1 %b to f64
  %d = fdiv f64 1.0, %x
  print "%g\\n", %d
  ret 0
}
`);
    expect(r.stdout).toBe("inf\n");
  });
});
