// Integer → f32 conversions that round once (IEEE-754: the exact integer, to nearest, ties
// to even), for generated code. Every other conversion rounds once already with plain JS:
// i1/i8/i32 → float are exact in f64, i64 → f64 is `Number(bigint)` (round to nearest even,
// per ECMAScript), and fptrunc is `Math.fround`. Only i64 → f32 through f64 could round twice.
//
// The fast path covers |x| < 2^53, where the f64 step is exact. Above it the f64 step rounds
// *to odd* (truncate to 53 bits, set the last bit if anything was dropped): with 29 bits to
// spare, the second rounding to f32 then equals a single rounding of the exact value
// (Boldo and Melquiond, "Emulation of FMA and correctly rounded sums: proved algorithms
// using rounding to odd", IEEE TC 2008). src/passes/fold.ts rounds directly to 24 bits, so
// the two are independent; test/runtime/conversions.test.ts checks them against each other.

const TWO53 = 9007199254740992;
const TWO64 = 18446744073709551616n;

/** `sitofp i64 x to f32`. */
export function i64ToF32(x: bigint): number {
  const d = Number(x);
  if (d > -TWO53 && d < TWO53) return Math.fround(d);
  return Math.fround(x < 0n ? -roundToOdd(-x) : roundToOdd(x));
}

/** `uitofp i64 x to f32` (x is the signed i64 representation). */
export function u64ToF32(x: bigint): number {
  return i64ToF32(x < 0n ? x + TWO64 : x);
}

/** The f64 nearest to m >= 2^53 rounded to odd. */
function roundToOdd(m: bigint): number {
  const s = m.toString(2).length - 53;
  if (s <= 0) return Number(m);
  let t = m >> BigInt(s);
  if (t << BigInt(s) !== m) t |= 1n;
  return Number(t) * 2 ** s;
}
