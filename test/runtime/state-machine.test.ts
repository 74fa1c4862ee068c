// Custom state machines (statemachine.ts): the same output as the runtime's generic machine,
// fewer simulated cycles by the documented amounts, and stats that name the machine.
import { describe, expect, test } from "@jest/globals";
import { parseModule } from "../../src/ir/parse.js";
import { verifyModule } from "../../src/ir/verifier.js";
import { runPipeline } from "../../src/passes/pipeline.js";
import { DEFAULT_COST_MODEL } from "../../src/runtime/cost.js";
import type { RunOptions, RunResult } from "../../src/runtime/execute.js";
import { execute } from "../../src/runtime/execute.js";
import { formatStats } from "../../src/runtime/stats.js";

/** Two regions, the second started from a helper in a loop; kernel @k stays generic under -O
 *  (the address of a `local` global reaches a region). @pick may reach @hidden through an
 *  indirect call; it is launched with sel = 1 so that it does. */
const src = `
global @g : local i32 = 5
declare device @ext(i32) assume("omp_no_parallelism")

device @a(%out: ptr, %mp: ptr) {
^entry:
  %t = omp.thread_num
  %p = gep i32, %out, %t
  %v = load i32, global %p
  %w = add i32 %v, 1
  store i32 %w, global %p
  ret
}

device @b(%out: ptr, %i: i32) {
^entry:
  %t = omp.thread_num
  %p = gep i32, %out, %t
  %v = load i32, global %p
  %w = add i32 %v, %i
  store i32 %w, global %p
  ret
}

device @helper(%out: ptr, %i: i32) noinline {
^entry:
  omp.parallel @b(%out, %i)
  ret
}

kernel @k(%out: ptr) generic {
^entry:
  store i32 42, local @g
  omp.parallel @a(%out, @g)
  br ^loop(0)
^loop(%i: i32):
  call @helper(%out, %i)
  %j = add i32 %i, 1
  %c = icmp slt i32 %j, 4
  cond_br %c, ^loop(%j), ^out
^out:
  ret
}

device @hidden(%out: ptr) {
^entry:
  %t = omp.thread_num
  %p = gep i32, %out, %t
  %v = load i32, global %p
  %w = mul i32 %v, 3
  store i32 %w, global %p
  ret
}

device @via(%out: ptr) {
^entry:
  omp.parallel @hidden(%out)
  ret
}

device @nothing(%out: ptr) {
^entry:
  ret
}

kernel @pick(%out: ptr, %sel: i32) generic {
^entry:
  %c = icmp eq i32 %sel, 1
  %fp = select ptr %c, @via, @nothing
  call_indirect %fp(%out) : (ptr) -> void
  omp.parallel @a(%out, %out)
  ret
}

kernel @solo(%out: ptr, %n: i32) generic {
^entry:
  %bad = icmp slt i32 %n, 0
  cond_br %bad, ^never, ^go
^never:
  call @ext(%n)
  br ^go
^go:
  store i32 %n, global %out
  ret
}

host @main() -> i32 {
^entry:
  %out = alloca i32, 64
  omp.target @k(%out) teams(1) threads(64) map(tofrom: i32 %out[0:64])
  omp.target @pick(%out, 1) teams(1) threads(64) map(tofrom: i32 %out[0:64])
  omp.target @solo(%out, 9) teams(2) threads(64) map(tofrom: i32 %out[0:64])
  %p = gep i32, %out, 63
  %v = load i32, host %p
  %q = gep i32, %out, 0
  %w = load i32, host %q
  print "%d %d\\n", %w, %v
  ret 0
}
`;

function runWith(pipeline: string | null, opts: RunOptions = {}): RunResult {
  const m = parseModule(src, "sm.oir");
  if (pipeline !== null) runPipeline(m, pipeline);
  expect(verifyModule(m).filter((d) => d.severity === "error")).toEqual([]);
  return execute(m, opts);
}

describe("custom state machines", () => {
  const generic = runWith(null);
  const custom = runWith("custom-state-machine");
  const optimised = runWith("-O");

  test("the program's output and memory are the generic machine's", () => {
    expect(generic.fault).toBeNull();
    expect(generic.stdout).toBe("9 22\n");
    expect(custom.fault).toBeNull();
    expect(custom.stdout).toBe(generic.stdout);
    expect(optimised.stdout).toBe(generic.stdout);
  });

  test("stats name each kernel's machine and count fallback dispatches", () => {
    expect(generic.stats.kernels.map((k) => k.stateMachine)).toEqual(["generic", "generic", "generic"]);
    expect(custom.stats.kernels.map((k) => k.stateMachine)).toEqual(["custom", "custom+fallback", "none"]);
    // Under -O, specialize-indirect turns @pick's call through a pointer into direct calls, so
    // spmdize converts it (an SPMD kernel has no machine); the pass alone above keeps its fallback.
    expect(optimised.stats.kernels.map((k) => [k.mode, k.stateMachine])).toEqual([["generic", "custom"], ["spmd", "none"], ["generic", "none"]]);
    // @pick dispatches @hidden (fallback) then @a (listed).
    expect(custom.stats.kernels.map((k) => [k.dispatches, k.fallbackDispatches])).toEqual([[5, 0], [2, 1], [0, 0]]);
    expect(custom.stats.totals.fallbackDispatches).toBe(1);
    expect(formatStats(custom.stats)).toMatch(/@pick\s+generic\s+custom\+fallback\s+1x64/);
  });

  test("cycles: a listed region saves the indirect call less its comparisons; a fallback costs its comparisons", () => {
    const c = DEFAULT_COST_MODEL;
    const [gk, gp, gs] = generic.stats.kernels;
    const [ck, cp, cs] = custom.stats.kernels;
    // @k: @a is first in the cascade (1 comparison), @b second (2), dispatched 4 times.
    expect(gk!.cycles - ck!.cycles).toBe((c.indirectCall - c.smCompare) + 4 * (c.indirectCall - 2 * c.smCompare));
    // @pick lists @a only: @hidden goes through the fallback after 1 comparison, @a is matched by it.
    expect(gp!.cycles - cp!.cycles).toBe(-c.smCompare + (c.indirectCall - c.smCompare));
    // No region: the workers exit at once, and the main thread's time is unchanged.
    expect(cs!.cycles).toBe(gs!.cycles);
    expect(custom.stats.totals.cycles).toBeLessThan(generic.stats.totals.cycles);
  });

  test("the cost model's new fields are overridable, and indirectCall is part of dispatch", () => {
    const cheap = runWith("custom-state-machine", { costModel: { indirectCall: 0, smCompare: 0 } });
    expect(cheap.stats.kernels[0]!.cycles).toBe(generic.stats.kernels[0]!.cycles);
    expect(() => runWith("custom-state-machine", { costModel: { indirectCall: 101 } })).toThrow(/indirectCall/);
  });
});
