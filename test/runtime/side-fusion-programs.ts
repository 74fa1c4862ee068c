// Programs for test/runtime/side-fusion.test.ts: loops run iteration by iteration whose
// split has a side that touches memory followed, after the reconvergence, by pure blocks,
// which emitIter runs in one lane loop with the side (the pure part of a lane right after
// its side part). The side's faults must still be met at the lane, iteration and cycle
// lock-step execution meets them, and the counts of the next split must be the pure part's.
import { GRID } from "./grid.js";

/** Kernel @init filling `x` and `y` (i32, n elements) with i * 3 % 17, a host main launching
 *  it and then @k(%x, %y, extra), printing three elements of each after. */
export function main(n: number, launch: string, extra = ""): string {
  return `
kernel @init(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^fb, ^done
^fb:
  %v0 = mul i32 %i, 3
  %v = srem i32 %v0, 17
  %fx = gep i32, %x, %i
  store i32 %v, global %fx
  %fy = gep i32, %y, %i
  store i32 %v, global %fy
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}

host @main() -> i32 {
^entry:
  %x = alloca i32, ${n}
  %y = alloca i32, ${n}
  print "before\\n"
  omp.target @init(%x, %y, ${n}) teams(2) threads(64) map(tofrom: i32 %x[0:${n}]) map(tofrom: i32 %y[0:${n}])
  omp.target @k(%x, %y${extra}) ${launch} map(tofrom: i32 %x[0:${n}]) map(tofrom: i32 %y[0:${n}])
${[1, Math.floor(n / 2), n - 1].map((k, j) => `  %qx${j} = gep i32, %x, ${k}\n  %wx${j} = load i32, host %qx${j}\n  print "%d ", %wx${j}\n  %qy${j} = gep i32, %y, ${k}\n  %wy${j} = load i32, host %qy${j}\n  print "%d ", %wy${j}`).join("\n")}
  print "\\n"
  ret 0
}
`;
}

export const SIDE_FUSION_CASES: { name: string; src: string }[] = [
  {
    name: "an else side that loads and stores, then a pure join; lanes leave at different iterations",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  %lim0 = srem i32 %tid, 7
  %lim = sub i32 %n, %lim0
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %lim
  cond_br %c, ^body, ^done
^body:
  %r = srem i32 %i, 4
  %c0 = icmp ne i32 %r, 1
  cond_br %c0, ^next, ^side
^side:
  %px = gep i32, %x, %i
  %v = load i32, global %px
  %v2 = mul i32 %v, 3
  %py = gep i32, %y, %i
  store i32 %v2, global %py
  br ^next
^next:
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main(700, "teams(2) threads(96)", ", 700")}`,
  },
  {
    name: "both sides pass a loaded value to the pure join as a block parameter, summed there and stored after the loop",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g, 0)
^loop(%i: i32, %acc: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %r = srem i32 %i, 3
  %c0 = icmp eq i32 %r, 0
  cond_br %c0, ^a, ^b
^a:
  %pa = gep i32, %x, %i
  %va = load i32, global %pa
  br ^join(%va)
^b:
  %pb = gep i32, %y, %i
  %vb = load i32, global %pb
  %vb2 = sub i32 0, %vb
  store i32 %vb2, global %pb
  br ^join(%vb)
^join(%p: i32):
  %acc2 = add i32 %acc, %p
  %acc3 = mul i32 %acc2, 3
  %i2 = add i32 %i, %s
  br ^loop(%i2, %acc3)
^done:
  %po = gep i32, %x, %g
  store i32 %acc, global %po
  ret
}
${main(640, "teams(2) threads(64)", ", 640")}`,
  },
  {
    name: "a then side whose load runs past the end (met first by thread 0 or thread 40 as the quanta fall), the join choosing the next split",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %r = srem i32 %i, 2
  %c0 = icmp eq i32 %r, 0
  cond_br %c0, ^side, ^mid
^side:
  %j = add i32 %i, 76
  %px = gep i32, %x, %j
  %v = load i32, global %px
  %py = gep i32, %y, %i
  store i32 %v, global %py
  br ^mid
^mid:
  %r5 = srem i32 %i, 5
  %c1 = icmp slt i32 %r5, 2
  cond_br %c1, ^side2, ^next
^side2:
  %pz = gep i32, %x, %i
  %w = load i32, global %pz
  %w2 = add i32 %w, %r5
  store i32 %w2, global %pz
  br ^next
^next:
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main(500, "teams(1) threads(64)", ", 500")}`,
  },
  {
    name: "an else side storing at a negative stride, odd threads only (warps partly active), a side that runs below element 0 (a fault at thread 1)",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  %odd = srem i32 %tid, 2
  %c9 = icmp eq i32 %odd, 1
  cond_br %c9, ^go, ^done
^go:
  %top = sub i32 %n, 1
  %st = sub i32 %top, %g
  br ^loop(%st)
^loop(%i: i32):
  %c = icmp sge i32 %i, -40
  cond_br %c, ^body, ^done
^body:
  %r = srem i32 %i, 3
  %c0 = icmp eq i32 %r, 0
  cond_br %c0, ^next, ^side
^side:
  %px = gep i32, %x, %i
  store i32 %r, global %px
  br ^next
^next:
  %i2 = sub i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main(400, "teams(1) threads(40)", ", 400")}`,
  },
];
