// The fast paths of the code generator and the SIMT engine (compile.ts dispatcher, fused
// segments, lane-major loops, cached pointer decoding) must not change anything a program
// or its statistics can see. Each program below stresses one of them under cost models that
// move the scheduler's stops (small quanta, fractional costs, step limits, warp sizes); the
// expectations were recorded with the plain segment-by-segment engine: output, exit status,
// fault (with its cycle), cycles, warp instructions, active lanes, and a digest of the
// statistics, the trace, the output order and the host memory.
import { describe, expect, test } from "@jest/globals";
import { type Row, observe } from "./util.js";

const VARIANTS = [{}, {"costModel": {"quantum": 37}}, {"costModel": {"quantum": 300, "issue": {"alu": 1.25, "div": 3.5}}}, {"maxSteps": 3000}, {"maxSteps": 2100, "costModel": {"quantum": 41}}, {"warpSize": 16, "costModel": {"quantum": 64}}, {"warpSize": 1}] as const;



const CASES: { name: string; src: string; expect: Row[] }[] = [
  {
    name: "pure loops with per-lane trip counts: one inside a divergent branch (its exit is the entry's reconvergence point), one at the top (its exit is the cond_br's own reconvergence point); atomics after the loops order the warps",
    src: `global @tick : global i32

kernel @k(%out: ptr, %n: i32) spmd {
^entry:
  %t = omp.hw_thread_id
  %tm = omp.team_num
  %m = srem i32 %t, 7
  %lim = mul i32 %m, %n
  %odd = srem i32 %t, 2
  %isodd = icmp eq i32 %odd, 1
  cond_br %isodd, ^outer, ^after
^outer:
  br ^loop(0, 1)
^loop(%i: i32, %acc: i32):
  %c = icmp slt i32 %i, %lim
  cond_br %c, ^body, ^after
^body:
  %a2 = mul i32 %acc, 3
  %a3 = xor i32 %a2, %i
  %a4 = srem i32 %a3, 1000003
  %i2 = add i32 %i, 1
  br ^loop(%i2, %a4)
^after:
  %tk = atomic add i32, global @tick, 1
  %g0 = mul i32 %tm, 64
  %g = add i32 %g0, %t
  %p = gep i32, %out, %g
  store i32 %tk, global %p
  ret
}

kernel @k2(%out: ptr, %n: i32) spmd {
^entry:
  %t = omp.hw_thread_id
  %m = srem i32 %t, 5
  %lim = mul i32 %m, %n
  br ^loop(0, 0.5)
^loop(%i: i32, %x: f64):
  %c = icmp slt i32 %i, %lim
  cond_br %c, ^body, ^exit
^body:
  %x2 = fmul f64 %x, 1.0001
  %x3 = fadd f64 %x2, 0.25
  %i2 = add i32 %i, 1
  br ^loop(%i2, %x3)
^exit:
  %tk = atomic add i32, global @tick, 1
  %q = fptosi f64 %x to i32
  %s = add i32 %q, %tk
  %p = gep i32, %out, %t
  store i32 %s, global %p
  ret
}

host @main() -> i32 {
^entry:
  %a = alloca i32, 256
  omp.target @k(%a, 40) teams(4) threads(64) map(tofrom: i32 %a[0:256])
  omp.target @k2(%a, 33) teams(2) threads(64) map(tofrom: i32 %a[0:256])
  br ^pl(0, 0)
^pl(%i: i32, %h: i32):
  %c = icmp slt i32 %i, 256
  cond_br %c, ^pb, ^pd
^pb:
  %p = gep i32, %a, %i
  %v = load i32, host %p
  %h2 = mul i32 %h, 31
  %h3 = add i32 %h2, %v
  %i2 = add i32 %i, 1
  br ^pl(%i2, %h3)
^pd:
  print "%d\\n", %h
  ret 0
}
`,
    expect: [
      ["432496752\n", 0, "", 17915, 16784, 159304, "555aee0661e54bff"],
      ["432496752\n", 0, "", 17915, 16784, 159304, "555aee0661e54bff"],
      ["432496752\n", 0, "", 14059.5, 16784, 159304, "dc51b68e45a80c6d"],
      ["432496752\n", 0, "", 17915, 16784, 159304, "555aee0661e54bff"],
      ["432496752\n", 0, "", 17915, 16784, 159304, "555aee0661e54bff"],
      ["432496752\n", 0, "", 17915, 33568, 159304, "596ed1368f17ec8f"],
      ["432496752\n", 0, "", 17915, 159304, 159304, "5c16879f27de020d"],
    ],
  },
  {
    name: "a loop that loads, every lane a different trip count",
    src: `kernel @k(%in: ptr, %out: ptr, %n: i32) spmd {
^entry:
  %t = omp.hw_thread_id
  %lim0 = mul i32 %t, 3
  %lim = sub i32 %n, %lim0
  br ^loop(0, 0)
^loop(%i: i32, %acc: i32):
  %c = icmp slt i32 %i, %lim
  cond_br %c, ^body, ^done
^body:
  %j0 = mul i32 %t, 5
  %j = add i32 %j0, %i
  %p = gep i32, %in, %j
  %v = load i32, global %p
  %acc2 = add i32 %acc, %v
  %i2 = add i32 %i, 1
  br ^loop(%i2, %acc2)
^done:
  %po = gep i32, %out, %t
  store i32 %acc, global %po
  ret
}

host @main() -> i32 {
^entry:
  %a = alloca i32, 200
  %o = alloca i32, 64
  omp.target @k(%a, %o, 100) teams(1) threads(64) map(to: i32 %a[0:200]) map(from: i32 %o[0:64])
  %p = gep i32, %o, 3
  %v = load i32, host %p
  print "%d\\n", %v
  ret 0
}
`,
    expect: [
      ["0\n", 0, "", 24783, 954, 16029, "e27b0a3744d75ddb"],
      ["0\n", 0, "", 24783, 954, 16029, "e27b0a3744d75ddb"],
      ["0\n", 0, "", 24883.5, 954, 16029, "22a33d6ff9d617ea"],
      ["0\n", 0, "", 24783, 954, 16029, "e27b0a3744d75ddb"],
      ["0\n", 0, "", 24783, 954, 16029, "e27b0a3744d75ddb"],
      ["0\n", 0, "", 24783, 1440, 16029, "f3104a7421c39fbe"],
      ["0\n", 0, "", 24783, 16029, 16029, "fda78073632a3438"],
    ],
  },
  {
    name: "a loop that loads out of bounds: lane 63 at its iteration 37, lane 41 at its iteration 59; in issue order lane 63 faults first",
    src: `kernel @k(%in: ptr, %out: ptr) spmd {
^entry:
  %t = omp.hw_thread_id
  %lim = add i32 %t, 20
  br ^loop(0, 0)
^loop(%i: i32, %acc: i32):
  %c = icmp slt i32 %i, %lim
  cond_br %c, ^body, ^done
^body:
  %j = add i32 %t, %i
  %p = gep i32, %in, %j
  %v = load i32, global %p
  %acc2 = add i32 %acc, %v
  %i2 = add i32 %i, 1
  br ^loop(%i2, %acc2)
^done:
  %po = gep i32, %out, %t
  store i32 %acc, global %po
  ret
}

host @main() -> i32 {
^entry:
  %a = alloca i32, 100
  %o = alloca i32, 64
  br ^fill(0)
^fill(%i: i32):
  %c = icmp slt i32 %i, 100
  cond_br %c, ^fb, ^go
^fb:
  %p = gep i32, %a, %i
  store i32 %i, host %p
  %i2 = add i32 %i, 1
  br ^fill(%i2)
^go:
  print "before\\n"
  omp.target @k(%a, %o) teams(1) threads(64) map(to: i32 %a[0:100]) map(from: i32 %o[0:64])
  %q = gep i32, %o, 3
  %v = load i32, host %q
  print "%d\\n", %v
  ret 0
}
`,
    expect: [
      ["before\n", 1, "t.oir:12:3: runtime error: out-of-bounds access: 4 bytes at offset 400 of a 400-byte allocation (kernel @k, team 0, thread 63) @10946", 10946, 717, 18976, "ada0ab992fdcd503"],
      ["before\n", 1, "t.oir:12:3: runtime error: out-of-bounds access: 4 bytes at offset 400 of a 400-byte allocation (kernel @k, team 0, thread 63) @10946", 10946, 608, 18124, "f5109fdef5607e65"],
      ["before\n", 1, "t.oir:12:3: runtime error: out-of-bounds access: 4 bytes at offset 400 of a 400-byte allocation (kernel @k, team 0, thread 63) @10983.25", 10983.25, 608, 18124, "a3e2091967bf5a36"],
      ["before\n", 1, "t.oir:12:3: runtime error: out-of-bounds access: 4 bytes at offset 400 of a 400-byte allocation (kernel @k, team 0, thread 63) @10946", 10946, 717, 18976, "ada0ab992fdcd503"],
      ["before\n", 1, "t.oir:12:3: runtime error: out-of-bounds access: 4 bytes at offset 400 of a 400-byte allocation (kernel @k, team 0, thread 63) @10946", 10946, 608, 18124, "f5109fdef5607e65"],
      ["before\n", 1, "t.oir:12:3: runtime error: out-of-bounds access: 4 bytes at offset 400 of a 400-byte allocation (kernel @k, team 0, thread 63) @10946", 10946, 1203, 18268, "dad4ab7f881c6b71"],
      ["before\n", 1, "t.oir:12:3: runtime error: out-of-bounds access: 4 bytes at offset 400 of a 400-byte allocation (kernel @k, team 0, thread 41) @15544", 15544, 13925, 13925, "249a6f7417f1d7a7"],
    ],
  },
  {
    name: "a pure loop in a generic-mode parallel region, then a barrier; the step limit stops it inside the loop",
    src: `kernel @k(%out: ptr) generic {
^entry:
  omp.parallel @body(%out)
  ret
}

device @body(%out: ptr) {
^entry:
  %t = omp.thread_num
  %lim0 = srem i32 %t, 9
  %lim = mul i32 %lim0, 300
  br ^loop(0, 7)
^loop(%i: i32, %x: i32):
  %c = icmp slt i32 %i, %lim
  cond_br %c, ^body, ^done
^body:
  %x2 = mul i32 %x, 1103515245
  %x3 = add i32 %x2, 12345
  %i2 = add i32 %i, 1
  br ^loop(%i2, %x3)
^done:
  omp.barrier
  %p = gep i32, %out, %t
  store i32 %x, global %p
  ret
}

host @main() -> i32 {
^entry:
  %a = alloca i32, 96
  omp.target @k(%a) teams(1) threads(96) map(tofrom: i32 %a[0:96])
  %p = gep i32, %a, 95
  %v = load i32, host %p
  print "%d\\n", %v
  ret 0
}
`,
    expect: [
      ["1482606155\n", 0, "", 20584, 43232, 675962, "ac6c455959229420"],
      ["1482606155\n", 0, "", 20584, 43232, 675962, "ac6c455959229420"],
      ["1482606155\n", 0, "", 21767.75, 43232, 675962, "8a0d82ec36e8394f"],
      ["", 1, "t.oir:20:3: runtime error: step limit exceeded (3000 warp instructions); an infinite loop? (raise it with --max-steps) (kernel @k, team 0, thread 2) @6230", 6230, 3001, 79249, "70c139fcb648438e"],
      ["", 1, "t.oir:15:3: runtime error: step limit exceeded (2100 warp instructions); an infinite loop? (raise it with --max-steps) (kernel @k, team 0, thread 32) @5185", 5185, 6245, 173963, "2f188bd28ba5436d"],
      ["1482606155\n", 0, "", 20584, 86462, 675962, "3c536148cb003fb8"],
      ["1482606155\n", 0, "", 20584, 675962, 675962, "cac8ace425bb804c"],
    ],
  },
];

describe("the engine's fast paths are invisible", () => {
  for (const c of CASES) {
    test(c.name, () => {
      expect(VARIANTS.map((v) => observe(c.src, v))).toEqual(c.expect);
    });
  }
});
