// Programs for test/runtime/split-fusion.test.ts: loops run iteration by iteration whose
// split is decided by pure code (divisions by a kernel parameter or a team-wide value
// included) and has one side that touches memory, followed by pure blocks: emitIter runs
// the three in one lane loop. Most use unified shared memory, so that the stores made
// before a fault are in host memory and a fault met too late (after other lanes' sides)
// would show. Zero, negative and non-uniform divisors, INT_MIN / -1, lanes leaving at
// different iterations, partly active warps and an i64 division.
import { GRID } from "./grid.js";

/** Kernel @init filling `x` and `y` (i32, n elements) with i * 3 % 17, then @k(%x, %y,
 *  extra) launched with `launch`, then three elements of each printed. Unified: no maps. */
function main(n: number, launch: string, extra: string, unified: boolean): string {
  const maps = unified ? "" : `map(tofrom: i32 %x[0:${n}]) map(tofrom: i32 %y[0:${n}])`;
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
  omp.target @init(%x, %y, ${n}) teams(2) threads(64) ${maps}
  omp.target @k(%x, %y${extra}) ${launch} ${maps}
${[1, Math.floor(n / 2), n - 1].map((k, j) => `  %qx${j} = gep i32, %x, ${k}\n  %wx${j} = load i32, host %qx${j}\n  print "%d ", %wx${j}\n  %qy${j} = gep i32, %y, ${k}\n  %wy${j} = load i32, host %qy${j}\n  print "%d ", %wy${j}`).join("\n")}
  print "\\n"
  ret 0
}
${unified ? "requires unified_shared_memory\n" : ""}`;
}

/** The stencil's shape on i32 rows of `w`: sdiv and srem by %w (a kernel parameter) decide
 *  whether element i is inside; inside, it becomes the sum of its upper, left and right
 *  neighbours, written in place (so lanes read what the lanes before them wrote). */
const rows = (lim: string): string => `kernel @k(%x: ptr, %y: ptr, %n: i32, %w: i32) spmd {
^entry:${GRID}
${lim}
  %w1 = sub i32 %w, 1
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %lim
  cond_br %c, ^body, ^done
^body:
  %r = sdiv i32 %i, %w
  %q = srem i32 %i, %w
  %b1 = icmp sgt i32 %r, 0
  %b3 = icmp sgt i32 %q, 0
  %b4 = icmp slt i32 %q, %w1
  %b = and i1 %b1, %b3
  %in = and i1 %b, %b4
  cond_br %in, ^inner, ^next
^inner:
  %ku = sub i32 %i, %w
  %kl = sub i32 %i, 1
  %kr = add i32 %i, 1
  %pu = gep i32, %x, %ku
  %pl = gep i32, %x, %kl
  %pr = gep i32, %x, %kr
  %u = load i32, global %pu
  %l = load i32, global %pl
  %rr = load i32, global %pr
  %s1 = add i32 %u, %l
  %s2 = add i32 %s1, %rr
  %s3 = and i32 %s2, 1023
  %po = gep i32, %x, %i
  store i32 %s3, global %po
  %py = gep i32, %y, %i
  store i32 %q, global %py
  br ^next
^next:
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}`;

export const SPLIT_FUSION_CASES: { name: string; src: string }[] = [
  {
    name: "the stencil's row test (sdiv and srem by a parameter) with an in-place then side; lanes leave at different iterations",
    src: `${rows("  %lim0 = srem i32 %tid, 5\n  %lim = sub i32 %n, %lim0")}
${main(700, "teams(2) threads(96)", ", 700, 13", false)}`,
  },
  {
    name: "the same with a divisor of 0: the fault at the first lane, before any side stores (unified memory)",
    src: `${rows("  %lim = add i32 %n, 0")}
${main(300, "teams(1) threads(64)", ", 300, 0", true)}`,
  },
  {
    name: "a zero divisor in team 1 only (team 0's divides by -1), odd threads only: team 0 runs and stores, team 1 faults at its first active lane",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  %d = sub i32 %tm, 1
  %odd = srem i32 %tid, 2
  %c9 = icmp eq i32 %odd, 1
  cond_br %c9, ^go, ^done
^go:
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %q = sdiv i32 %i, %d
  %m = srem i32 %q, 3
  %c0 = icmp ne i32 %m, 0
  cond_br %c0, ^side, ^next
^side:
  %px = gep i32, %x, %i
  store i32 %q, global %px
  br ^next
^next:
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main(900, "teams(2) threads(40)", ", 900", true)}`,
  },
  {
    name: "a divisor that differs between lanes (thread id - 5): not fused; the fault at thread 5 before any lane's side (unified memory)",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  %d = sub i32 %tid, 5
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %q = sdiv i32 %i, %d
  %c0 = icmp sge i32 %q, -100
  cond_br %c0, ^side, ^next
^side:
  %px = gep i32, %x, %i
  store i32 %q, global %px
  br ^next
^next:
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main(400, "teams(1) threads(64)", ", 400", true)}`,
  },
  {
    name: "INT_MIN / -1 and INT_MIN % -1 in the fused part (a divisor of -1 from a parameter), an else side storing both",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32, %d: i32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %k = srem i32 %i, 4
  %m = add i32 %k, -2147483648
  %q = sdiv i32 %m, %d
  %r = srem i32 %m, %d
  %q1 = sdiv i32 %i, %d
  %c0 = icmp eq i32 %k, 1
  cond_br %c0, ^next, ^side
^side:
  %px = gep i32, %x, %i
  %old = load i32, global %px
  %v = add i32 %old, %r
  store i32 %v, global %px
  %py = gep i32, %y, %i
  %qq = add i32 %q, %q1
  store i32 %qq, global %py
  br ^next
^next:
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main(500, "teams(2) threads(64)", ", 500, -1", false)}`,
  },
  {
    name: "a then side storing past the end at one lane in a late iteration (unified memory: the lanes before it have stored), the prefix dividing by a parameter",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32, %d: i32) spmd {
^entry:${GRID}
  %lim0 = srem i32 %tid, 3
  %lim = sub i32 %n, %lim0
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %lim
  cond_br %c, ^body, ^done
^body:
  %q = sdiv i32 %i, %d
  %m = srem i32 %i, %d
  %c0 = icmp slt i32 %m, 5
  cond_br %c0, ^side, ^next
^side:
  %j = add i32 %i, %q
  %px = gep i32, %x, %j
  store i32 %m, global %px
  br ^next
^next:
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main(600, "teams(1) threads(64)", ", 600, 7", true)}`,
  },
  {
    name: "an i64 division by a team-wide value (0 in team 1) and a pointer carried by the loop, advanced in the pure part",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  %d32 = sub i32 1, %tm
  %d = sext i32 %d32 to i64
  %p0 = gep i32, %y, %g
  br ^loop(%g, %p0)
^loop(%i: i32, %p: ptr):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %i64 = sext i32 %i to i64
  %t = mul i64 %i64, 7
  %q = sdiv i64 %t, %d
  %q32 = trunc i64 %q to i32
  %m = srem i32 %q32, 4
  %c0 = icmp ne i32 %m, 2
  cond_br %c0, ^side, ^next
^side:
  %old = load i32, global %p
  %v = add i32 %old, %q32
  store i32 %v, global %p
  br ^next
^next:
  %i2 = add i32 %i, %s
  %p2 = gep i32, %p, %s
  br ^loop(%i2, %p2)
^done:
  ret
}
${main(800, "teams(2) threads(64)", ", 800", true)}`,
  },
];
