// Programs for test/runtime/views.test.ts: aligned loads and stores through a gep of their
// own element size, which index a typed array of the base's allocation (Memory.viewI32 ...,
// codegen/emit.ts addr). Each is where a wrong view would show: an allocation id reused
// for a smaller allocation in the same block, the arena replaced between two loops over
// one allocation, an interior base with negative indices and an index whose sum wraps,
// i64 and f64 elements past the end at the last lane under unified memory, and a pointer
// into global memory accessed as shared.
import { GRID } from "./grid.js";

export const VIEW_CASES: { name: string; src: string }[] = [
  {
    name: "a device function's alloca of 5 i32 takes the block of an earlier call's 7: the store at index 5 faults at thread 37",
    src: `device @fill7(%n: i32) -> i32 {
^entry:
  %a = alloca i32, 7
  br ^loop(0)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %p = gep i32, %a, %i
  %i3 = mul i32 %i, 3
  store i32 %i3, local %p
  %i2 = add i32 %i, 1
  br ^loop(%i2)
^done:
  %q = gep i32, %a, 4
  %v = load i32, local %q
  ret %v
}

device @fill5(%n: i32) -> i32 {
^entry:
  %a = alloca i32, 5
  br ^loop(0)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %p = gep i32, %a, %i
  store i32 %i, local %p
  %i2 = add i32 %i, 1
  br ^loop(%i2)
^done:
  %q = gep i32, %a, 4
  %v = load i32, local %q
  ret %v
}

kernel @k(%x: ptr) spmd {
^entry:
  %tid = omp.hw_thread_id
  %a = call @fill7(7)
  %is = icmp eq i32 %tid, 37
  %extra = zext i1 %is to i32
  %m = add i32 5, %extra
  %b = call @fill5(%m)
  %sum = add i32 %a, %b
  %px = gep i32, %x, %tid
  store i32 %sum, global %px
  ret
}

host @main() -> i32 {
^entry:
  %x = alloca i32, 64
  print "before\\n"
  omp.target @k(%x) teams(1) threads(64) map(tofrom: i32 %x[0:64])
  %p = gep i32, %x, 9
  %v = load i32, host %p
  print "%d\\n", %v
  ret 0
}
`,
  },
  {
    name: "a host loop and a kernel over one array, the arena replaced (a 16 MiB alloca in a host function) between them and their second passes",
    src: `kernel @k(%x: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %p = gep i32, %x, %i
  %v = load i32, global %p
  %v2 = add i32 %v, 1000
  store i32 %v2, global %p
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}

host @grow() {
^entry:
  %big = alloca i8, 16777216
  %p = gep i8, %big, 16777215
  store i8 1, host %p
  ret
}

host @main() -> i32 {
^entry:
  %x = alloca i32, 100
  br ^l1(0)
^l1(%i: i32):
  %c = icmp slt i32 %i, 100
  cond_br %c, ^b1, ^mid
^b1:
  %p = gep i32, %x, %i
  store i32 %i, host %p
  %i2 = add i32 %i, 1
  br ^l1(%i2)
^mid:
  omp.target @k(%x, 100) teams(2) threads(32) map(tofrom: i32 %x[0:100])
  call @grow()
  omp.target @k(%x, 100) teams(2) threads(32) map(tofrom: i32 %x[0:100])
  br ^l2(0)
^l2(%j: i32):
  %c2 = icmp slt i32 %j, 100
  cond_br %c2, ^b2, ^end
^b2:
  %q = gep i32, %x, %j
  %v = load i32, host %q
  %w = mul i32 %v, 2
  store i32 %w, host %q
  %j2 = add i32 %j, 1
  br ^l2(%j2)
^end:
  %r0 = gep i32, %x, 0
  %s0 = load i32, host %r0
  %r1 = gep i32, %x, 99
  %s1 = load i32, host %r1
  print "%d %d\\n", %s0, %s1
  ret 0
}
`,
  },
  ...[
    ["reads x[i] through a base 8 elements in, at index i - 8", "sub i32 %i, 8"],
    ["reads x[i - 1] through a base 8 elements in: thread 0 of team 0 faults below the allocation (in the one before it)", "sub i32 %i, 9"],
    ["an index i + 2^31 - 8 through a base 8 elements in: the sum wraps below 0 in 32 bits, the address does not", "add i32 %i, 2147483640"],
  ].map(([what, index]) => ({
    name: `an interior base: ${what!}`,
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  %base = gep i32, %x, 8
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %j = ${index!}
  %p = gep i32, %base, %j
  %v = load i32, global %p
  %w = add i32 %v, 1
  %q = gep i32, %y, %i
  store i32 %w, global %q
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}

host @main() -> i32 {
^entry:
  %x = alloca i32, 200
  %y = alloca i32, 200
  br ^l(0)
^l(%i: i32):
  %c = icmp slt i32 %i, 200
  cond_br %c, ^b, ^go
^b:
  %p = gep i32, %x, %i
  %i7 = mul i32 %i, 7
  store i32 %i7, host %p
  %i2 = add i32 %i, 1
  br ^l(%i2)
^go:
  print "before\\n"
  omp.target @k(%x, %y, 200) teams(2) threads(64) map(to: i32 %x[0:200]) map(tofrom: i32 %y[0:200])
  %r = gep i32, %y, 150
  %v = load i32, host %r
  print "%d\\n", %v
  ret 0
}
`,
  })),
  {
    name: "i64 and f64 loads and an f64 store through views, under unified memory, the last lane one element past the end",
    src: `kernel @k(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  %n1 = add i32 %n, 1
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n1
  cond_br %c, ^body, ^done
^body:
  %px = gep i64, %x, %i
  %a = load i64, global %px
  %py = gep f64, %y, %i
  %b = load f64, global %py
  %af = sitofp i64 %a to f64
  %r = fadd f64 %af, %b
  store f64 %r, global %py
  %a2 = add i64 %a, 5
  store i64 %a2, global %px
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}

host @main() -> i32 {
^entry:
  %x = alloca i64, 127
  %y = alloca f64, 127
  br ^l(0)
^l(%i: i32):
  %c = icmp slt i32 %i, 127
  cond_br %c, ^b, ^go
^b:
  %p = gep i64, %x, %i
  %i64 = sext i32 %i to i64
  store i64 %i64, host %p
  %q = gep f64, %y, %i
  %f = sitofp i32 %i to f64
  %h = fmul f64 %f, 0.5
  store f64 %h, host %q
  %i2 = add i32 %i, 1
  br ^l(%i2)
^go:
  print "before\\n"
  omp.target @k(%x, %y, 127) teams(2) threads(32)
  ret 0
}

requires unified_shared_memory
`,
  },
  {
    name: "a pointer into global memory loaded as shared in a loop: a wrong-space fault at the first lane",
    src: `kernel @k(%x: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %p = gep i32, %x, %i
  %v = load i32, shared %p
  %v2 = add i32 %v, 1
  store i32 %v2, global %p
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}

host @main() -> i32 {
^entry:
  %x = alloca i32, 100
  print "before\\n"
  omp.target @k(%x, 100) teams(2) threads(32) map(tofrom: i32 %x[0:100])
  ret 0
}
`,
  },
];
