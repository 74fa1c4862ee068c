// Programs for test/runtime/store-loops.test.ts: loops that store, run by many lanes, some
// whose lanes access disjoint elements and some whose lanes meet (reading or overwriting
// each other's elements), with splits inside, faults in the middle, partly active warps,
// a generic-mode parallel region and the race detector on.
import { GRID } from "./grid.js";

/** Kernel @init filling each buffer's `n` elements with i * 3 % 17 (a store loop itself),
 *  and a host main launching it, then kernel @k(bufs..., extra), then printing three
 *  elements of each buffer. */
function main(bufs: [string, string][], n: number, launch: string, extra = "", unified = false): string {
  const params = bufs.map(([b]) => `%${b}: ptr`).join(", ");
  const fills = bufs.map(([b, t]) => `  %f${b} = gep ${t}, %${b}, %i\n  ${t === "f32" ? `%x${b} = sitofp i32 %v to f32\n  store f32 %x${b}, global %f${b}` : t === "f64" ? `%x${b} = sitofp i32 %v to f64\n  store f64 %x${b}, global %f${b}` : t === "i8" ? `%x${b} = trunc i32 %v to i8\n  store i8 %x${b}, global %f${b}` : `store i32 %v, global %f${b}`}`).join("\n");
  const allocs = bufs.map(([b, t]) => `  %${b} = alloca ${t}, ${n}`).join("\n");
  const maps = unified ? "" : bufs.map(([b, t]) => `map(tofrom: ${t} %${b}[0:${n}])`).join(" ");
  const args = bufs.map(([b]) => `%${b}`).join(", ");
  const prints = bufs.flatMap(([b, t]) => [1, Math.floor(n / 2), n - 1].map((k, j) => `  %q${b}${j} = gep ${t}, %${b}, ${k}\n  %w${b}${j} = load ${t}, host %q${b}${j}\n  ${t === "f32" || t === "f64" ? `print "%f ", %w${b}${j}` : `print "%d ", %w${b}${j}`}`)).join("\n");
  return `
kernel @init(${params}, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^fb, ^done
^fb:
  %v0 = mul i32 %i, 3
  %v = srem i32 %v0, 17
${fills}
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}

host @main() -> i32 {
^entry:
${allocs}
  print "before\\n"
  omp.target @init(${args}, ${n}) teams(2) threads(64) ${maps}
  omp.target @k(${args}${extra}) ${launch} ${maps}
${prints}
  print "\\n"
  ret 0
}
${unified ? "requires unified_shared_memory\n" : ""}`;
}

export const STORE_CASES: { name: string; src: string; races?: boolean }[] = [
  {
    name: "a grid-stride loop storing three element sizes (f32 read-modify-write, f64, i8), lanes leaving at different iterations",
    src: `kernel @k(%x: ptr, %y: ptr, %z: ptr, %b: ptr, %n: i32, %a: f32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %px = gep f32, %x, %i
  %py = gep f32, %y, %i
  %vx = load f32, global %px
  %vy = load f32, global %py
  %m = fmul f32 %a, %vx
  %r = fadd f32 %m, %vy
  store f32 %r, global %py
  %pz = gep f64, %z, %i
  %fz = fpext f32 %r to f64
  store f64 %fz, global %pz
  %pb = gep i8, %b, %i
  %t8 = trunc i32 %i to i8
  store i8 %t8, global %pb
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main([["x", "f32"], ["y", "f32"], ["z", "f64"], ["b", "i8"]], 1000, "teams(3) threads(96)", ", 997, 2.5")}`,
  },
  {
    name: "a loop counting down from the top, stride minus the threads",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  %n1 = sub i32 %n, 1
  %top = sub i32 %n1, %g
  %ms = sub i32 0, %s
  br ^loop(%top)
^loop(%i: i32):
  %c = icmp sge i32 %i, 0
  cond_br %c, ^body, ^done
^body:
  %px = gep i32, %x, %i
  %vx = load i32, global %px
  %r = mul i32 %vx, %i
  store i32 %r, global %px
  %im = add i32 %i, 3
  %py = gep i32, %y, %im
  store i32 %i, global %py
  %i2 = add i32 %i, %ms
  br ^loop(%i2)
^done:
  ret
}
${main([["x", "i32"], ["y", "i32"]], 700, "teams(2) threads(64)", ", 697")}`,
  },
  {
    name: "a lane reads the element another lane of its warp writes one iteration later (a[i] written, a[i + 31] read, stride 32)",
    src: `kernel @k(%x: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %j = add i32 %i, 31
  %pj = gep i32, %x, %j
  %v = load i32, global %pj
  %v2 = add i32 %v, %i
  %p = gep i32, %x, %i
  store i32 %v2, global %p
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main([["x", "i32"]], 400, "teams(1) threads(32)", ", 360")}`,
  },
  {
    name: "two pointers into one buffer, 31 elements apart: a store through one is read through the other by another lane",
    src: `kernel @k(%x: ptr, %n: i32) spmd {
^entry:${GRID}
  %y = gep i32, %x, 31
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %px = gep i32, %x, %i
  %v = load i32, global %px
  %v2 = mul i32 %v, 7
  %v3 = add i32 %v2, %i
  %py = gep i32, %y, %i
  store i32 %v3, global %py
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main([["x", "i32"]], 400, "teams(1) threads(32)", ", 360")}`,
  },
  {
    name: "every lane walks its own overlapping range with stride 1 (write ranges overlap: the last writer differs by order)",
    src: `kernel @k(%x: ptr, %n: i32) spmd {
^entry:
  %tid = omp.hw_thread_id
  %end = add i32 %tid, %n
  br ^loop(%tid)
^loop(%i: i32):
  %c = icmp slt i32 %i, %end
  cond_br %c, ^body, ^done
^body:
  %p = gep i32, %x, %i
  %v = load i32, global %p
  %v2 = mul i32 %v, 3
  %v3 = add i32 %v2, %tid
  store i32 %v3, global %p
  %i2 = add i32 %i, 1
  br ^loop(%i2)
^done:
  ret
}
${main([["x", "i32"]], 200, "teams(1) threads(64)", ", 40")}`,
  },
  {
    name: "a per-lane stride (not uniform): lane l steps by l + 1",
    src: `kernel @k(%x: ptr, %n: i32) spmd {
^entry:
  %tid = omp.hw_thread_id
  %st = add i32 %tid, 1
  br ^loop(%tid)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %p = gep i32, %x, %i
  %v = load i32, global %p
  %v2 = add i32 %v, %tid
  store i32 %v2, global %p
  %i2 = add i32 %i, %st
  br ^loop(%i2)
^done:
  ret
}
${main([["x", "i32"]], 300, "teams(1) threads(32)", ", 300")}`,
  },
  {
    name: "a store loop that runs off the end of its buffer (unified memory: the stores before the fault are in host memory); lanes meet the end at different iterations",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %px = gep i32, %x, %i
  %v = load i32, global %px
  %v2 = add i32 %v, 1000
  store i32 %v2, global %px
  %j = add i32 %i, 37
  %py = gep i32, %y, %j
  store i32 %i, global %py
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main([["x", "i32"], ["y", "i32"]], 600, "teams(2) threads(64)", ", 600", true)}`,
  },
  {
    name: "a store loop whose load faults (an out-of-bounds read at a lane and iteration that depend on the stops, after stores of earlier lanes and iterations)",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %px = gep i32, %x, %i
  store i32 %i, global %px
  %j = mul i32 %i, 2
  %py = gep i32, %y, %j
  %v = load i32, global %py
  %v2 = add i32 %v, 1
  store i32 %v2, global %px
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main([["x", "i32"], ["y", "i32"]], 500, "teams(1) threads(64)", ", 500", true)}`,
  },
  {
    name: "with the race detector: lanes read elements other lanes write (reported), and a disjoint store loop (not reported)",
    races: true,
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %j = add i32 %i, 33
  %pj = gep i32, %x, %j
  %v = load i32, global %pj
  %p = gep i32, %x, %i
  store i32 %v, global %p
  %py = gep i32, %y, %i
  store i32 %i, global %py
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main([["x", "i32"], ["y", "i32"]], 400, "teams(1) threads(64)", ", 360")}`,
  },
  {
    name: "a loop with a conditional store inside (if-then and if-then-else, lanes split differently each iteration)",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %r = srem i32 %i, 3
  %c0 = icmp eq i32 %r, 0
  cond_br %c0, ^inner, ^mid
^inner:
  %px = gep i32, %x, %i
  %v = load i32, global %px
  %v2 = add i32 %v, 5
  store i32 %v2, global %px
  br ^mid
^mid:
  %r7 = srem i32 %i, 7
  %c1 = icmp slt i32 %r7, 3
  cond_br %c1, ^a, ^b
^a:
  %pa = gep i32, %y, %i
  store i32 %r7, global %pa
  br ^next
^b:
  %pb = gep i32, %y, %i
  %w = load i32, global %pb
  %w2 = mul i32 %w, 2
  store i32 %w2, global %pb
  br ^next
^next:
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main([["x", "i32"], ["y", "i32"]], 900, "teams(2) threads(96)", ", 887")}`,
  },
  {
    name: "a conditional store that runs off the end of its buffer in the middle of the loop",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %px = gep i32, %x, %i
  store i32 %i, global %px
  %r = srem i32 %i, 5
  %c0 = icmp eq i32 %r, 2
  cond_br %c0, ^inner, ^next
^inner:
  %j = add i32 %i, 150
  %py = gep i32, %y, %j
  store i32 %i, global %py
  br ^next
^next:
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main([["x", "i32"], ["y", "i32"]], 500, "teams(1) threads(64)", ", 500", true)}`,
  },
  {
    name: "a store loop run by odd threads only, in warps partly active (40 threads: the second warp has 8 lanes)",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  %odd0 = srem i32 %tid, 2
  %odd = icmp eq i32 %odd0, 1
  cond_br %odd, ^pre, ^done
^pre:
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %px = gep i32, %x, %i
  %v = load i32, global %px
  %v2 = mul i32 %v, %i
  store i32 %v2, global %px
  %py = gep i32, %y, %i
  store i32 %tid, global %py
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main([["x", "i32"], ["y", "i32"]], 700, "teams(2) threads(40)", ", 700")}`,
  },
  {
    name: "a loop that stores and divides by a variable: a zero divisor in the middle (lane 12 of the second warp, its fifth iteration) faults at its lane and cycle",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %px = gep i32, %x, %i
  %v = load i32, global %px
  %d = sub i32 %i, 300
  %q = sdiv i32 %v, %d
  %py = gep i32, %y, %i
  store i32 %q, global %py
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main([["x", "i32"], ["y", "i32"]], 600, "teams(1) threads(64)", ", 600", true)}`,
  },
  {
    name: "the 2-D stencil's shape (exit test first, a divided index, a store on one side of a split) on 30 x 30",
    src: `kernel @k(%in: ptr, %out: ptr, %n: i32) spmd {
^entry:${GRID}
  %nn = mul i32 %n, %n
  %n1 = sub i32 %n, 1
  br ^loop(%g)
^loop(%k: i32):
  %c = icmp slt i32 %k, %nn
  cond_br %c, ^body, ^done
^body:
  %i = sdiv i32 %k, %n
  %j = srem i32 %k, %n
  %b1 = icmp sgt i32 %i, 0
  %b2 = icmp slt i32 %i, %n1
  %b3 = icmp sgt i32 %j, 0
  %b4 = icmp slt i32 %j, %n1
  %b12 = and i1 %b1, %b2
  %b34 = and i1 %b3, %b4
  %in_ = and i1 %b12, %b34
  cond_br %in_, ^inner, ^next
^inner:
  %ku = sub i32 %k, %n
  %kd = add i32 %k, %n
  %pu = gep i32, %in, %ku
  %pd = gep i32, %in, %kd
  %u = load i32, global %pu
  %d = load i32, global %pd
  %s1 = add i32 %u, %d
  %po = gep i32, %out, %k
  store i32 %s1, global %po
  br ^next
^next:
  %k2 = add i32 %k, %s
  br ^loop(%k2)
^done:
  ret
}
${main([["in", "i32"], ["out", "i32"]], 900, "teams(2) threads(64)", ", 30")}`,
  },
  {
    name: "a store loop in a device function run by a generic-mode parallel region, a barrier after it",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) generic {
^entry:
  omp.parallel @body(%x, %y, %n)
  ret
}

device @body(%x: ptr, %y: ptr, %n: i32) {
^entry:
  %t = omp.thread_num
  %nt = omp.num_threads
  br ^loop(%t)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^after
^body:
  %px = gep i32, %x, %i
  %v = load i32, global %px
  %v2 = add i32 %v, %t
  store i32 %v2, global %px
  %i2 = add i32 %i, %nt
  br ^loop(%i2)
^after:
  omp.barrier
  %py = gep i32, %y, %t
  %px0 = gep i32, %x, %t
  %w = load i32, global %px0
  store i32 %w, global %py
  ret
}
${main([["x", "i32"], ["y", "i32"]], 300, "teams(1) threads(96)", ", 300")}`,
  },
  {
    name: "accesses of two sizes through one base (i32 stores, i8 loads, unaligned 4-byte loads through an i8 gep), the 4-byte load past the end only at the last element, in a lane's last iteration",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %px = gep i32, %x, %i
  store i32 %i, global %px
  %j0 = mul i32 %i, 4
  %j = add i32 %j0, 1
  %pb = gep i8, %x, %j
  %b = load i8, global %pb
  %w = load i32, global %pb
  %b32 = sext i8 %b to i32
  %t = add i32 %w, %b32
  %py = gep i32, %y, %i
  store i32 %t, global %py
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main([["x", "i32"], ["y", "i32"]], 600, "teams(1) threads(64)", ", 600")}`,
  },
  {
    name: "a pointer and counters passed from a storing block to the pure blocks after it in the same lane loop; each lane stores through the pointer of its previous iteration, which may be the next lane's element",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g, %x)
^loop(%i: i32, %last: ptr):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %p = gep i32, %x, %i
  %v = load i32, global %p
  %v2 = add i32 %v, 7
  store i32 %v2, global %last
  %i2 = add i32 %i, %s
  br ^mid(%p, %v, %i2)
^mid(%q: ptr, %u: i32, %k: i32):
  %q2 = gep i32, %q, 1
  %odd = and i32 %u, 1
  %t = icmp eq i32 %odd, 1
  %nx = select ptr %t, %q2, %q
  br ^loop(%k, %nx)
^done:
  %py = gep i32, %y, %g
  store i32 %i, global %py
  ret
}
${main([["x", "i32"], ["y", "i32"]], 700, "teams(2) threads(48)", ", 700")}`,
  },
  {
    name: "srem after sdiv of the same operands (one division): negative dividends and divisors, INT_MIN / -1",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %px = gep i32, %x, %i
  %v = load i32, global %px
  %a0 = sub i32 %i, 650
  %a1 = mul i32 %a0, 14000000
  %m = srem i32 %i, 17
  %isMin = icmp eq i32 %m, 8
  %a = select i32 %isMin, -2147483648, %a1
  %d0 = sub i32 %v, 8
  %z = icmp eq i32 %d0, 0
  %d = select i32 %z, -1, %d0
  %q = sdiv i32 %a, %d
  %r = srem i32 %a, %d
  %qr = xor i32 %q, %r
  %py = gep i32, %y, %i
  store i32 %qr, global %py
  %pz = gep i32, %x, %i
  store i32 %r, global %pz
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main([["x", "i32"], ["y", "i32"]], 1300, "teams(2) threads(64)", ", 1300")}`,
  },
  {
    name: "srem after sdiv with a zero divisor at one element in the middle (lane 9 of the first warp, its thirteenth iteration)",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %px = gep i32, %x, %i
  %v = load i32, global %px
  %a = sub i32 %v, %i
  %d0 = add i32 %v, 1
  %z = icmp eq i32 %i, 777
  %d = select i32 %z, 0, %d0
  %q = sdiv i32 %a, %d
  %r = srem i32 %a, %d
  %t = add i32 %q, %r
  %py = gep i32, %y, %i
  store i32 %t, global %py
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main([["x", "i32"], ["y", "i32"]], 1000, "teams(1) threads(64)", ", 1000")}`,
  },
  {
    name: "bounds checked once per call: an index out of bounds only for the last lane (lane 31 of the last warp) in the last iteration",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %px = gep i32, %x, %i
  %v = load i32, global %px
  %w = add i32 %v, %i
  %py = gep i32, %y, %i
  store i32 %w, global %py
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
${main([["x", "i32"], ["y", "i32"]], 1023, "teams(2) threads(64)", ", 1024")}`,
  },
  {
    name: "bounds checked once per call: a negative stride running below element 0 (index -1 in the middle of a warp's iterations) and a constant offset",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  %n1 = sub i32 %n, 1
  %top = sub i32 %n1, %g
  %ms = sub i32 0, %s
  br ^loop(%top)
^loop(%i: i32):
  %c = icmp sge i32 %i, -40
  cond_br %c, ^body, ^done
^body:
  %j = sub i32 %i, 3
  %px = gep i32, %x, %j
  %v = load i32, global %px
  %py = gep i32, %y, %i
  store i32 %v, global %py
  %i2 = add i32 %i, %ms
  br ^loop(%i2)
^done:
  ret
}
${main([["x", "i32"], ["y", "i32"]], 900, "teams(2) threads(64)", ", 900")}`,
  },
  {
    name: "bounds checked once per call: a counter wrapping around i32 in its third iteration, indices counter - 2147483000 (wrapping back) out of bounds from the sixth",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  %i0 = add i32 %g, 2147483347
  br ^loop(%i0, 0)
^loop(%i: i32, %t: i32):
  %c = icmp slt i32 %t, %n
  cond_br %c, ^body, ^done
^body:
  %j = add i32 %i, -2147483000
  %px = gep i32, %x, %j
  %v = load i32, global %px
  %k2 = sub i32 %i, 2147483000
  %py = gep i32, %y, %k2
  store i32 %v, global %py
  %i2 = add i32 %i, %s
  %t2 = add i32 %t, 1
  br ^loop(%i2, %t2)
^done:
  ret
}
${main([["x", "i32"], ["y", "i32"]], 1000, "teams(2) threads(64)", ", 8")}`,
  },
  {
    name: "bounds checked once per call: a stride that differs between lanes (odd lanes step one more), out of bounds in the middle",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  %odd = and i32 %tid, 1
  %st = add i32 %s, %odd
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %px = gep i32, %x, %i
  %v = load i32, global %px
  %py = gep i32, %y, %i
  store i32 %i, global %py
  %i2 = add i32 %i, %st
  br ^loop(%i2)
^done:
  ret
}
${main([["x", "i32"], ["y", "i32"]], 1000, "teams(2) threads(64)", ", 1010")}`,
  },
  {
    name: "bounds checked once per call: a counter also stored to memory and written on both sides of a split (not a counter), read back as an index",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %px = gep i32, %x, %i
  store i32 %i, global %px
  %r = load i32, global %px
  %py = gep i32, %y, %r
  %v = load i32, global %py
  %e = and i32 %v, 1
  %b = icmp eq i32 %e, 0
  cond_br %b, ^even, ^odd
^even:
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^odd:
  %s2 = add i32 %s, 5
  %i3 = add i32 %i, %s2
  br ^loop(%i3)
^done:
  ret
}
${main([["x", "i32"], ["y", "i32"]], 1000, "teams(2) threads(64)", ", 1003")}`,
  },
  {
    name: "bounds checked once per call: a fault in the middle of a call (elements 1000 and 1024 of x are out of bounds, met first by lane 8 of the fourth warp or lane 0 of the first as the quanta fall), two counters",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g, 5)
^loop(%i: i32, %u: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %px = gep f32, %x, %i
  %v = load f32, global %px
  %w = fadd f32 %v, 1.0
  %um = sub i32 %u, 5
  %py = gep f32, %y, %um
  store f32 %w, global %py
  %i2 = add i32 %i, %s
  %u2 = add i32 %u, 1
  br ^loop(%i2, %u2)
^done:
  ret
}
${main([["x", "f32"], ["y", "f32"]], 1000, "teams(2) threads(64)", ", 1200")}`,
  },
];
