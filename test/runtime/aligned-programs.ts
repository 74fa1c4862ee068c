// Programs for test/runtime/aligned.test.ts: loads and stores of 4- and 8-byte types through
// a base decoded once, whose fast path accesses the typed array without testing the address's
// alignment when the base's alignment is every lane's (codegen/emit.ts addr). Bases
// misaligned for the type must take the checked path and give the same bytes, faults at the
// same lane and cycle.
import { GRID } from "./grid.js";
import { main } from "./side-fusion-programs.js";

export const ALIGNED_CASES: { name: string; src: string }[] = [
  {
    name: "i64 and f64 loads and an i64 store through a base 4 bytes into the buffer (aligned to 4, not 8), the last lane's last load past the end",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  %xb = gep i8, %x, 4
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %p = gep i64, %xb, %i
  %v = load i64, global %p
  %pf = gep f64, %xb, %i
  %w = load f64, global %pf
  %wi = fptosi f64 %w to i64
  %v2 = add i64 %v, %wi
  %q = gep i64, %y, %i
  store i64 %v2, global %q
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main(400, "teams(2) threads(64)", ", 200")}`,
  },
  {
    name: "f32 read-modify-write through a base 2 bytes into the buffer (every access unaligned), and i32 through the aligned buffer, up to the last whole element",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  %xb = gep i8, %x, 2
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %p = gep f32, %xb, %i
  %v = load f32, global %p
  %v2 = fmul f32 %v, 3.0
  store f32 %v2, global %p
  %q = gep i32, %y, %i
  %u = load i32, global %q
  %u2 = add i32 %u, %i
  store i32 %u2, global %q
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main(300, "teams(2) threads(64)", ", 299")}`,
  },
  {
    name: "pointers stored to and loaded from a table (8-byte slots in an i32 buffer), then stored through; a table at an odd word (aligned to 4 only) in the second half",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  %tb = gep i8, %x, 804
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %q = gep i32, %y, %i
  %pa = gep ptr, %x, %i
  store ptr %q, global %pa
  %pb = gep ptr, %tb, %i
  store ptr %q, global %pb
  %r = load ptr, global %pa
  %r2 = load ptr, global %pb
  store i32 %i, global %r
  %k = load i32, global %r2
  %k2 = add i32 %k, 1
  store i32 %k2, global %r2
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main(400, "teams(2) threads(64)", ", 99")}`,
  },
];
