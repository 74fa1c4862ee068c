// Programs for test/runtime/affine.test.ts: loops run iteration by iteration (emitIter)
// whose block parameters each lane advances by the same step, kept as A + l * C while the
// lanes start affine (AffineSlot). Grid-stride loops forward and backward, lanes leaving at
// different iterations, a partly active or divergent warp, an int32 that wraps, a counter
// with C = 0, starts that are not affine (the slot form runs), steps that are not uniform
// (no affine form), a value read after the loop, and a fault inside.
import { GRID } from "./grid.js";

/** Kernel text `k` (@k(%x: ptr, %y: ptr, %n: i32)) with a host main: x holds n i32 (i * 7 % 11),
 *  y one i32 per thread (-1); both mapped tofrom; prints the sum of x, x[1], x[n-1] and y. */
export function main(k: string, n: number, teams: number, threads: number, xlen = n): string {
  const T = teams * threads;
  return `${k}
host @main() -> i32 {
^entry:
  %x = alloca i32, ${xlen}
  %y = alloca i32, ${T}
  br ^fill(0)
^fill(%i: i32):
  %c = icmp slt i32 %i, ${xlen}
  cond_br %c, ^fb, ^fy(0)
^fb:
  %m = mul i32 %i, 7
  %v = srem i32 %m, 11
  %p = gep i32, %x, %i
  store i32 %v, host %p
  %i2 = add i32 %i, 1
  br ^fill(%i2)
^fy(%j: i32):
  %cy = icmp slt i32 %j, ${T}
  cond_br %cy, ^fyb, ^go
^fyb:
  %py = gep i32, %y, %j
  store i32 -1, host %py
  %j2 = add i32 %j, 1
  br ^fy(%j2)
^go:
  print "before\\n"
  omp.target @k(%x, %y, ${n}) teams(${teams}) threads(${threads}) map(tofrom: i32 %x[0:${xlen}]) map(tofrom: i32 %y[0:${T}])
  br ^sum(0, 0)
^sum(%a: i32, %s: i32):
  %cs = icmp slt i32 %a, ${xlen}
  cond_br %cs, ^sb, ^py(0)
^sb:
  %pa = gep i32, %x, %a
  %va = load i32, host %pa
  %s2 = add i32 %s, %va
  %a2 = add i32 %a, 1
  br ^sum(%a2, %s2)
^py(%b: i32):
  %cb = icmp slt i32 %b, ${T}
  cond_br %cb, ^pb, ^end
^pb:
  %pp = gep i32, %y, %b
  %vb = load i32, host %pp
  print "%d ", %vb
  %b2 = add i32 %b, 1
  br ^py(%b2)
^end:
  %p1 = gep i32, %x, 1
  %v1 = load i32, host %p1
  %pn = gep i32, %x, ${xlen - 1}
  %vn = load i32, host %pn
  print "\\nsum %d x1 %d xn %d\\n", %s, %v1, %vn
  ret 0
}
`;
}

/** The grid-stride loop of @k: x[i] += i for i = g, g + s, ... < n; y[g] = the last i and
 *  the trip count (i * 1000 + trips). `start`, `next`, `cond` replace %g, `add i32 %i, %s`
 *  and i < n; `pre` goes before the loop; `idx` computes the element %ix (default i). */
function grid(start = "%g", next = "%i2 = add i32 %i, %s", cond = "%c = icmp slt i32 %i, %n", pre = "", idx = "%ix = add i32 %i, 0"): string {
  return `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}${pre}
  br ^loop(${start}, 0)
^loop(%i: i32, %t: i32):
  ${cond}
  cond_br %c, ^body, ^done
^body:
  ${idx}
  %p = gep i32, %x, %ix
  %v = load i32, global %p
  %v2 = add i32 %v, %i
  store i32 %v2, global %p
  %t2 = add i32 %t, 1
  ${next}
  br ^loop(%i2, %t2)
^done:
  %q = gep i32, %y, %g
  %r0 = mul i32 %i, 1000
  %r = add i32 %r0, %t
  store i32 %r, global %q
  ret
}`;
}

export const AFFINE_CASES: { name: string; src: string }[] = [
  { name: "a grid-stride loop, n not a multiple of the grid (lanes leave at different iterations)", src: main(grid(), 300, 2, 64) },
  { name: "backward: i = n - 1 - g, i -= s while i >= 0", src: main(grid("%st", "%i2 = sub i32 %i, %s", "%c = icmp sge i32 %i, 0", `
  %n1 = sub i32 %n, 1
  %st = sub i32 %n1, %g`), 300, 2, 64) },
  { name: "a constant step of 3 from a start the same in every lane (C = 0)", src: main(grid("%tm", "%i2 = add i32 3, %i"), 200, 2, 64) },
  { name: "a start that is not affine in the lane (tid * tid % 5): the slot form runs", src: main(grid("%st", "%i2 = add i32 %i, %s", undefined, `
  %sq = mul i32 %tid, %tid
  %st = srem i32 %sq, 5`), 300, 2, 64) },
  { name: "a start affine in pairs of lanes only (tid / 2)", src: main(grid("%st", "%i2 = add i32 %i, 64", undefined, `
  %st = sdiv i32 %tid, 2`), 300, 1, 64) },
  { name: "a step that differs between lanes (tid + 1): no affine form", src: main(grid("%g", "%i2 = add i32 %i, %t1", undefined, `
  %t1 = add i32 %tid, 1`), 300, 2, 64) },
  { name: "a partly active warp (threads 40) and a team of one warp", src: main(grid(), 150, 3, 40) },
  { name: "an int32 that wraps: i from 2147483000 + 100 g by 1000, 20 trips", src: main(grid("%st", "%i2 = add i32 %i, 1000", "%c = icmp slt i32 %t, 20", `
  %g100 = mul i32 %g, 100
  %st = add i32 %g100, 2147483000`, "%ix = and i32 %t, 0"), 1, 1, 48, 2) },
  { name: "a fault inside: n past the end of x", src: main(grid(), 400, 2, 64, 300) },
];

// Every odd lane runs the loop alone: its active lanes are 1, 3, 5 ... (C = 1 from lanes 1
// and 3), with act[l] tested. The even lanes wait at the reconvergence point.
AFFINE_CASES.push({ name: "a divergent entry: only the odd threads loop", src: main(`kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  %odd = and i32 %tid, 1
  %co = icmp ne i32 %odd, 0
  cond_br %co, ^pre, ^out
^pre:
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %p = gep i32, %x, %i
  %v = load i32, global %p
  %v2 = mul i32 %v, 3
  store i32 %v2, global %p
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  %q = gep i32, %y, %g
  store i32 %i, global %q
  br ^out
^out:
  ret
}`, 500, 2, 64) });

// The closing test decided for the whole warp from its two end lanes (emitIter closedExit):
// on the right or the left of the comparison, against a constant, and lanes whose values
// straddle 2^31 (the ends outside int32: decided lane by lane).
AFFINE_CASES.push(
  { name: "the bound on the left: n > i", src: main(grid(undefined, undefined, "%c = icmp sgt i32 %n, %i"), 300, 2, 64) },
  { name: "a constant bound: i <= 250", src: main(grid(undefined, undefined, "%c = icmp sle i32 %i, 250"), 300, 2, 64) },
  { name: "lanes wrapping past 2^31 in one warp: i from 2147483630 + g by 8 while i > 0", src: main(grid("%st", "%i2 = add i32 %i, 8", "%c = icmp sgt i32 %i, 0", `
  %st = add i32 %g, 2147483630`, "%ix = and i32 %t, 0"), 1, 2, 64, 2) },
);

// Lanes index different arrays at the same affine index (odd lanes x, even lanes y, which
// is shorter): the base is not the same in every lane, so no condition before the lane loop
// can stand for its accesses (PartOptions.clean takes hoisted bases only); even lanes reach
// past the end of y.
AFFINE_CASES.push({ name: "a base that differs between lanes (x or y by lane parity), y too short", src: main(`kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  %odd = and i32 %tid, 1
  %co = icmp ne i32 %odd, 0
  %b = select ptr %co, %x, %y
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %p = gep i32, %b, %i
  %v = load i32, global %p
  %v2 = add i32 %v, 1
  store i32 %v2, global %p
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}`, 300, 2, 64) });
