// barrier-elim (src/passes/barrier-elim.ts) and paths on which every thread faults ("doomed"
// paths: every path from them ends in `unreachable`). Such a path is left out of the
// uniformity analysis only for a barrier nothing follows (2), and only when it does not
// synchronise on the way; a barrier found redundant by (1) alone must be uniform with the
// doomed paths counted. Each test names the line of the rule it holds.

import { describe, expect, test } from "@jest/globals";
import { srcLine } from "../../src/ir/loc.js";
import { parseModule } from "../../src/ir/parse.js";
import { runPipeline } from "../../src/passes/pipeline.js";
import { execute } from "../../src/runtime/execute.js";

/** The barriers left in @k after barrier-elim, by source line. */
function barriersLeft(text: string): number[] {
  const m = parseModule(text);
  runPipeline(m, "barrier-elim");
  const f = m.functions.find((g) => g.name === "k")!;
  const lines: number[] = [];
  for (const b of f.layout) for (const id of f.blocks[b]!.insts) if (f.insts[id]!.kind === "omp.barrier") lines.push(srcLine(f.insts[id]!.loc));
  return lines;
}

const kernel = (some: string, join: string, cond = "%low = icmp slt i32 %t, %n") => `
device @hb() noinline {
^entry:
  omp.barrier
  ret
}

device @slow(%n: i32) -> i32 noinline {
^entry:
  ret %n
}

kernel @k(%a: ptr, %n: i32) spmd {
^entry:
  %t = omp.hw_thread_id
  ${cond}
  cond_br %low, ^some, ^join
^some:
${some}
^join:
${join}
}
`;
// Line numbers in `kernel`: ^some's first instruction is line 19, ^join's 22 when ^some has two lines.

describe("barrier-elim and doomed paths", () => {
  test("a barrier in a doomed block part of the team reaches stays (the block synchronises: not doomed)", () => {
    expect(barriersLeft(kernel("  omp.barrier\n  unreachable", "  ret"))).toEqual([19]);
  });

  test("a doomed path through a call that may synchronise counts: the barrier nothing follows stays", () => {
    expect(barriersLeft(kernel("  call @hb()\n  unreachable", "  omp.barrier\n  ret"))).toEqual([22]);
  });

  test("a doomed path without synchronisation does not count for a barrier nothing follows (2)", () => {
    expect(barriersLeft(kernel("  %s = call @slow(5)\n  unreachable", "  omp.barrier\n  ret"))).toEqual([]);
  });

  test("it counts for a barrier only (1) makes redundant: the others would wait there until the doomed threads fault", () => {
    expect(barriersLeft(kernel("  %s = call @slow(5)\n  unreachable", '  omp.barrier\n  print "after\\n"\n  ret'))).toEqual([22]);
  });

  test("a doomed path on a uniform condition changes nothing for (1): every thread or none takes it", () => {
    expect(barriersLeft(kernel("  %s = call @slow(5)\n  unreachable", '  omp.barrier\n  print "after\\n"\n  ret', "%low = icmp slt i32 %n, 0"))).toEqual([]);
  });

  test("with the barrier kept, the threads that reach it print nothing before the others fault", () => {
    const text = kernel("  %s = call @slow(5)\n  unreachable", '  omp.barrier\n  print "after\\n"\n  ret', "%low = icmp sge i32 %t, %n") + `
host @main() -> i32 {
^entry:
  omp.target @k(null, 32) teams(1) threads(64)
  ret 0
}
`;
    const m = parseModule(text);
    runPipeline(m, "barrier-elim");
    const r = execute(m, {});
    expect(r.fault?.kind).toBe("unreachable");
    expect(r.stdout).toBe("");
  });
});

describe("barrier-elim and calls into a recursion", () => {
  const text = (callee: string) => `
device @rec(%d: i32) -> i32 noinline {
^entry:
  %z = icmp sle i32 %d, 0
  cond_br %z, ^base, ^more
^base:
  ret 0
^more:
  %d1 = sub i32 %d, 1
  %r = call @${callee}(%d1)
  ret %r
}

device @flat(%d: i32) -> i32 noinline {
^entry:
  ret %d
}

device @wrap(%d: i32) -> i32 noinline {
^entry:
  %r = call @rec(%d)
  ret %r
}

kernel @k(%a: ptr, %n: i32) spmd {
^entry:
  print "before\\n"
  omp.barrier
  %r = call @wrap(%n)
  ret
}
`;
  test("a call that may recurse may run out of call stack: the barrier before it stays (before the tenth session it went)", () => {
    expect(barriersLeft(text("rec"))).toEqual([28]);
  });
  test("one that cannot recurse does not keep it", () => {
    expect(barriersLeft(text("flat"))).toEqual([]);
  });
});

describe("barrier-elim and allocas in loops", () => {
  const text = (loop: boolean) => `
kernel @k(%a: ptr, %n: i32) spmd {
^entry:
  print "before\\n"
  omp.barrier
  br ^body(0)
^body(%i: i32):
  %p = alloca i8, 60000
  store i8 1, local %p
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  cond_br %c, ^${loop ? "body(%i1)" : "done"}, ^done
^done:
  ret
}
`;
  test("a small alloca on a cycle takes a slot per iteration and may run out of memory: the barrier before it stays (before the tenth session it went)", () => {
    expect(barriersLeft(text(true))).toEqual([5]);
  });
  test("the same alloca run once does not keep it", () => {
    expect(barriersLeft(text(false))).toEqual([]);
  });
});

describe("barrier-elim and uniform frees", () => {
  const text = (size: string, ptr = "%u") => `
kernel @k(%a: ptr, %n: i32) spmd {
^entry:
  %u = omp.alloc_shared uniform 8
  %v = gep i8, %u, 0
  print "before\\n"
  omp.barrier
  omp.free_shared uniform ${ptr}, ${size}
  ret
}
`;
  test("a free of the allocation's own pointer and size cannot fault: the barrier before it goes", () => {
    expect(barriersLeft(text("8"))).toEqual([]);
  });
  test("another size may fault: the barrier stays (before the tenth session it went)", () => {
    expect(barriersLeft(text("%n"))).toEqual([7]);
  });
  test("so may another pointer", () => {
    expect(barriersLeft(text("8", "%v"))).toEqual([7]);
  });
  const loop = (twice: boolean, inLoop: boolean) => `
kernel @k(%a: ptr, %n: i32) spmd {
^entry:
  %u = omp.alloc_shared uniform 8
  print "before\\n"
  omp.barrier
  br ^l(0)
^l(%i: i32):
  omp.free_shared uniform %u, 8
${twice ? "  omp.free_shared uniform %u, 8\n" : ""}  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  cond_br %c, ^${inLoop ? "l(%i1)" : "e"}, ^e
^e:
  ret
}
`;
  test("a second free of the block may fault, and so may one a loop runs again: the barrier stays", () => {
    expect(barriersLeft(loop(true, false))).toEqual([6]);
    expect(barriersLeft(loop(false, true))).toEqual([6]);
    expect(barriersLeft(loop(false, false))).toEqual([]);
  });
});

describe("barrier-elim and local globals", () => {
  const text = (count: number) => `
global @lg : local i8 x ${count}

kernel @k(%a: ptr, %n: i32) spmd {
^entry:
  print "before\\n"
  omp.barrier
  %p = gep i8, @lg, 5
  store i8 1, local %p
  ret
}
`;
  test("a reference to a large one may allocate a thread's copy past the memory: the barrier stays (before the tenth session it went)", () => {
    expect(barriersLeft(text(40_000_000))).toEqual([7]);
  });
  test("a small one's copy is taken as fitting, as a small alloca's is", () => {
    expect(barriersLeft(text(64))).toEqual([]);
  });
});

describe("dead-parallel in SPMD kernels", () => {
  const text = (cond: string) => `
device @nothing(%v: i32) {
^entry:
  ret
}

kernel @k(%a: ptr, %n: i32) spmd {
^entry:
  %h = omp.hw_thread_id
  %c = ${cond}
  cond_br %c, ^s, ^d
^s:
  omp.parallel @nothing(%h)
  br ^d
^d:
  ret
}
`;
  const barriers = (src: string, passes: string) => {
    const m = parseModule(src);
    runPipeline(m, passes);
    const f = m.functions.find((g) => g.name === "k")!;
    return f.layout.flatMap((b) => f.blocks[b]!.insts.filter((id) => f.insts[id]!.kind === "omp.barrier")).length;
  };
  test("a harmless region becomes two barriers, its start and its end (before the tenth session one)", () => {
    expect(barriers(text("icmp uge i32 %h, %n"), "dead-parallel")).toBe(2);
  });
  test("barrier-elim keeps both where part of the team reaches them, and neither where every thread does and nothing is ordered", () => {
    expect(barriers(text("icmp uge i32 %h, %n"), "dead-parallel,barrier-elim")).toBe(2);
    expect(barriers(text("icmp uge i32 %n, 0"), "dead-parallel,barrier-elim")).toBe(0);
  });
});

// Thirteenth session: a `nowait` reverse offload completes only at the team's next barrier
// (or the kernel's end), and the code after the barrier may end the storage its `from` map
// names (adversarial/barrier-nowait-revoffload-frame.oir).
describe("barrier-elim and deferred reverse offloads", () => {
  const nowait = (before: string, after: string) => `
host @put(%p: ptr) {
^entry:
  store i32 1, host %p
  ret
}

device @ask(%p: ptr) noinline {
^entry:
  omp.reverse_offload @put(%p) map(from: i32 %p[0:1]) nowait
  ret
}

kernel @k(%a: ptr, %n: i32) spmd {
^entry:
  %s = alloca i32
${before}
  omp.barrier
${after}
  ret
}

requires reverse_offload
`;
  // The barrier is on line 18 when `before` is one line.

  test("a barrier with a request pending and nothing after it stays (directly, through a call)", () => {
    expect(barriersLeft(nowait("  omp.reverse_offload @put(%s) map(from: i32 %s[0:1]) nowait", ""))).toEqual([18]);
    expect(barriersLeft(nowait("  call @ask(%s)", ""))).toEqual([18]);
  });

  test("a barrier after a synchronous request and nothing after it goes (2)", () => {
    expect(barriersLeft(nowait("  omp.reverse_offload @put(%a) map(from: i32 %a[0:1])", ""))).toEqual([]);
  });

  test("a barrier before the return of a kernel whose alloca's address left the thread stays (2): other threads may still read it", () => {
    expect(barriersLeft(nowait("  store ptr %s, global %a", ""))).toEqual([18]);
    expect(barriersLeft(nowait("  store i32 1, local %s", ""))).toEqual([]);
  });

  test("only the first barrier after a request waits for it: a second one with nothing between goes", () => {
    expect(barriersLeft(nowait("  omp.reverse_offload @put(%s) map(from: i32 %s[0:1]) nowait", "  omp.barrier"))).toEqual([18]);
  });
});
