// Programs for test/runtime/prefetch.test.ts: loops that load, run iteration by iteration
// (codegen/emit.ts emitIter), where the generated code touches the lines of the next
// iterations ahead of time and an access through a pointer already checked in the same
// lane body takes the earlier check's address. Both must be invisible: strides that walk
// past an allocation's edge, negative and per-lane steps, partly active warps, splits,
// unaligned and i64-indexed accesses, and faults in the first of two accesses through one
// pointer.
import { GRID } from "./grid.js";

/** Kernel @init filling `x` (f32, n elements) with i % 7 and `y` (i32) with i % 5, a host
 *  main launching it and then @k(%x, %y, extra), printing three elements of each and the
 *  host memory (the test's digest) after. */
function main(n: number, launch: string, extra = ""): string {
  return `
kernel @init(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^fb, ^done
^fb:
  %r7 = srem i32 %i, 7
  %f7 = sitofp i32 %r7 to f32
  %px = gep f32, %x, %i
  store f32 %f7, global %px
  %r5 = srem i32 %i, 5
  %py = gep i32, %y, %i
  store i32 %r5, global %py
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}

host @main() -> i32 {
^entry:
  %x = alloca f32, ${n}
  %y = alloca i32, ${n}
  print "before\\n"
  omp.target @init(%x, %y, ${n}) teams(2) threads(64) map(tofrom: f32 %x[0:${n}]) map(tofrom: i32 %y[0:${n}])
  omp.target @k(%x, %y${extra}) ${launch} map(tofrom: f32 %x[0:${n}]) map(tofrom: i32 %y[0:${n}])
${[1, Math.floor(n / 2), n - 1].map((k, j) => `  %qx${j} = gep f32, %x, ${k}\n  %wx${j} = load f32, host %qx${j}\n  print "%f ", %wx${j}\n  %qy${j} = gep i32, %y, ${k}\n  %wy${j} = load i32, host %qy${j}\n  print "%d ", %wy${j}`).join("\n")}
  print "\\n"
  ret 0
}
`;
}

export const PREFETCH_CASES: { name: string; src: string }[] = [
  {
    name: "a grid-stride loop loading two arrays and storing through a pointer it loaded through, up to the allocations' last element",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %px = gep f32, %x, %i
  %py = gep i32, %y, %i
  %vx = load f32, global %px
  %vy = load i32, global %py
  %fy = sitofp i32 %vy to f32
  %r = fadd f32 %vx, %fy
  store f32 %r, global %px
  %vx2 = load f32, global %px
  %iy = fptosi f32 %vx2 to i32
  store i32 %iy, global %py
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main(5000, "teams(2) threads(64)", ", 5000")}`,
  },
  {
    name: "lanes past the end: the first of a load and a store through one pointer faults, at its lane and iteration",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %px = gep f32, %x, %i
  %vx = load f32, global %px
  %r = fmul f32 %vx, 3.0
  store f32 %r, global %px
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main(3000, "teams(2) threads(64)", ", 3037")}`,
  },
  {
    name: "an i8 store then an i32 load through one pointer: the wider access faults at the allocation's last bytes",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %i4 = mul i32 %i, 4
  %i6 = add i32 %i4, 6
  %p = gep i8, %y, %i6
  %t = trunc i32 %i to i8
  store i8 %t, global %p
  %v = load i32, global %p
  %py = gep i32, %y, %i
  store i32 %v, global %py
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main(2000, "teams(2) threads(64)", ", 2000")}`,
  },
  {
    name: "counting down from the top with a partly active last warp, loads at i and i - 1",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  %n1 = sub i32 %n, 1
  %top = sub i32 %n1, %g
  %ms = sub i32 0, %s
  br ^loop(%top)
^loop(%i: i32):
  %c = icmp sge i32 %i, 1
  cond_br %c, ^body, ^done
^body:
  %px = gep f32, %x, %i
  %im = sub i32 %i, 1
  %pm = gep f32, %x, %im
  %a = load f32, global %px
  %b = load f32, global %pm
  %r = fadd f32 %a, %b
  %fi = fptosi f32 %r to i32
  %py = gep i32, %y, %i
  store i32 %fi, global %py
  %i2 = add i32 %i, %ms
  br ^loop(%i2)
^done:
  ret
}
${main(4000, "teams(3) threads(40)", ", 4000")}`,
  },
  {
    name: "a step that differs between lanes (the stride plus the thread's number modulo 3), lanes leaving at different iterations",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  %m3 = srem i32 %tid, 3
  %st = add i32 %s, %m3
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %px = gep f32, %x, %i
  %a = load f32, global %px
  %fi = fptosi f32 %a to i32
  %py = gep i32, %y, %i
  %b = load i32, global %py
  %r = add i32 %fi, %b
  store i32 %r, global %py
  %i2 = add i32 %i, %st
  br ^loop(%i2)
^done:
  ret
}
${main(4000, "teams(2) threads(64)", ", 4000")}`,
  },
  {
    name: "a split inside the loop: lanes load one of two elements, then meet and store",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  %n1 = sub i32 %n, 1
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n1
  cond_br %c, ^body, ^done
^body:
  %r3 = srem i32 %i, 3
  %z = icmp eq i32 %r3, 0
  cond_br %z, ^a, ^b
^a:
  %pa = gep f32, %x, %i
  %va = load f32, global %pa
  br ^m(%va)
^b:
  %i1 = add i32 %i, 1
  %pb = gep f32, %x, %i1
  %vb = load f32, global %pb
  br ^m(%vb)
^m(%v: f32):
  %fi = fptosi f32 %v to i32
  %py = gep i32, %y, %i
  store i32 %fi, global %py
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main(4000, "teams(2) threads(64)", ", 4000")}`,
  },
  {
    name: "unaligned f32 loads through a base one byte into the allocation, the last one past its end",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  %p1 = gep i8, %x, 1
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %px = gep f32, %p1, %i
  %a = load f32, global %px
  %fi = fptosi f32 %a to i32
  %py = gep i32, %y, %i
  store i32 %fi, global %py
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main(3000, "teams(2) threads(64)", ", 3000")}`,
  },
  {
    name: "i64 indices, loads and stores through the same i64-indexed pointer",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %j = sext i32 %i to i64
  %px = gep f32, %x, %j
  %a = load f32, global %px
  %r = fadd f32 %a, 1.5
  store f32 %r, global %px
  %py = gep i32, %y, %j
  %b = load i32, global %py
  %b2 = mul i32 %b, 3
  store i32 %b2, global %py
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main(3000, "teams(2) threads(64)", ", 3000")}`,
  },
];
