// Programs for test/runtime/conditions.test.ts: i1 values the code generator writes as a
// JavaScript condition at their one use (codegen/conds.ts): comparisons combined by and, or
// and xor deciding a split inside an iterated loop (the 2-D stencil's row test), float
// comparisons with NaN operands (ordered and unordered predicates) feeding a select and a
// split, the exit condition of a loop run lane by lane, a divergent branch outside loops,
// and comparisons used twice or mixed with a number (written as 0/1 numbers, as before).
import { main } from "./affine-programs.js";
import { GRID } from "./grid.js";

/** An iterated grid-stride loop over x whose store runs where `cond` (on %q = i / 7 and
 *  %r = i % 7, defining %in) holds, x[i] + i stored at element %ix (`idx`, default i); y[g] = the last
 *  i * 1000 + trips. */
function split(cond: string, idx = "%ix = add i32 %i, 0"): string {
  return `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g, 0)
^loop(%i: i32, %t: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %q = sdiv i32 %i, 7
  %r = srem i32 %i, 7
${cond}
  cond_br %in, ^st, ^next
^st:
  ${idx}
  %p = gep i32, %x, %i
  %v = load i32, global %p
  %v2 = add i32 %v, %i
  %pw = gep i32, %x, %ix
  store i32 %v2, global %pw
  br ^next
^next:
  %t2 = add i32 %t, 1
  %i2 = add i32 %i, %s
  br ^loop(%i2, %t2)
^done:
  %qq = gep i32, %y, %g
  %r0 = mul i32 %i, 1000
  %rr = add i32 %r0, %t
  store i32 %rr, global %qq
  ret
}`;
}

const ROW = `  %b1 = icmp sgt i32 %q, 2
  %b2 = icmp slt i32 %q, 30
  %b3 = icmp sgt i32 %r, 0
  %b4 = icmp slt i32 %r, 6
  %a1 = and i1 %b1, %b2
  %a2 = and i1 %b3, %b4
  %in = and i1 %a1, %a2`;

export const CONDITION_CASES: { name: string; src: string }[] = [
  { name: "a row test: four comparisons and three ands decide an iterated loop's split", src: main(split(ROW), 300, 2, 64) },
  // Stores through the view past its end and before its start: the plain check's faults.
  { name: "the row test storing at i + 95 (past the end of x where i > 204): a fault in the store", src: main(split(ROW, "%ix = add i32 %i, 95"), 300, 2, 64) },
  { name: "the row test storing at i - 30 (before the start of x where i < 30): a fault in the store", src: main(split(ROW, "%ix = sub i32 %i, 30"), 300, 2, 64) },
  { name: "or, xor and unsigned comparisons of a condition", src: main(split(`  %b1 = icmp ult i32 %q, 9
  %b2 = icmp eq i32 %r, 3
  %b3 = icmp uge i32 %r, 5
  %o = or i1 %b2, %b3
  %in = xor i1 %b1, %o`), 300, 2, 64) },
  { name: "a comparison used twice and one mixed with a number: 0/1 locals", src: main(split(`  %b1 = icmp sgt i32 %q, 4
  %b2 = icmp ne i32 %r, 2
  %z = zext i1 %b1 to i32
  %one = icmp eq i32 %z, 1
  %a = and i1 %b1, %b2
  %in = or i1 %a, %one`), 300, 2, 64) },
  // x[i] - 5 over itself is NaN where x[i] = 5: ordered predicates false, unordered true.
  { name: "float comparisons with NaN operands feed a select and a split", src: main(`kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %p = gep i32, %x, %i
  %v = load i32, global %p
  %v5 = sub i32 %v, 5
  %f = sitofp i32 %v5 to f32
  %d = fdiv f32 %f, %f
  %u = fcmp uno f32 %d, %d
  %lt = fcmp olt f32 %f, 2.0
  %ue = fcmp ueq f32 %d, 1.0
  %on = fcmp one f32 %f, -3.0
  %sc = or i1 %u, %lt
  %sel = select i32 %sc, 100, 7
  %b = and i1 %ue, %on
  cond_br %b, ^st, ^next
^st:
  %w = add i32 %v, %sel
  store i32 %w, global %p
  br ^next
^next:
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  %qq = gep i32, %y, %g
  store i32 %i, global %qq
  ret
}`, 300, 2, 64) },
  { name: "the exit condition of a loop run lane by lane (and of two comparisons)", src: main(`kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  %m = srem i32 %tid, 13
  %lim = add i32 %m, 3
  br ^loop(0, 1)
^loop(%j: i32, %a: i32):
  %jj = mul i32 %j, %j
  %c1 = icmp slt i32 %j, %lim
  %c2 = icmp ne i32 %jj, 49
  %c = and i1 %c1, %c2
  cond_br %c, ^step, ^done
^step:
  %a2 = mul i32 %a, 3
  %a3 = add i32 %a2, %j
  %j2 = add i32 %j, 1
  br ^loop(%j2, %a3)
^done:
  %qq = gep i32, %y, %g
  %r0 = mul i32 %j, 100000
  %rr = add i32 %r0, %a
  store i32 %rr, global %qq
  ret
}`, 300, 2, 64) },
  { name: "a divergent branch on an or of comparisons, outside loops", src: main(`kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  %lo = and i32 %tid, 3
  %c1 = icmp eq i32 %lo, 1
  %c2 = icmp sgt i32 %tid, 40
  %c = or i1 %c1, %c2
  %qq = gep i32, %y, %g
  cond_br %c, ^a, ^b
^a:
  store i32 1, global %qq
  br ^out
^b:
  store i32 2, global %qq
  br ^out
^out:
  ret
}`, 300, 2, 64) },
];
