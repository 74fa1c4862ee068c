// A run that ends early keeps what it has: after a fault, the stats and trace cover the
// faulting launch up to the fault; executeAsync's signal stops a run where it is; a fault in
// a kernel launched more than once names the launch.
import { describe, expect, test } from "@jest/globals";
import { parseModule } from "../../src/ir/parse.js";
import { executeAsync } from "../../src/runtime/execute.js";
import { faultText, run } from "./util.js";

// Launch 0 divides by 1, launch 1 by 0 (on thread 5 of team 1 only, so the other team runs on).
const TWICE = `kernel @k(%d: i32) spmd {
^entry:
  %t = omp.hw_thread_id
  %tm = omp.team_num
  %five = icmp eq i32 %t, 5
  %one = icmp eq i32 %tm, 1
  %both = and i1 %five, %one
  cond_br %both, ^div, ^done
^div:
  %q = sdiv i32 100, %d
  print "%d\\n", %q
  br ^done
^done:
  ret
}

host @main() -> i32 {
^entry:
  print "start\\n"
  omp.target @k(1) teams(2) threads(64)
  print "between\\n"
  omp.target @k(0) teams(2) threads(64)
  print "never\\n"
  ret 0
}
`;

describe("after a fault", () => {
  test("the fault names the launch of a kernel launched more than once", () => {
    const { r, text } = faultText(TWICE);
    expect(r.fault?.kind).toBe("div-by-zero");
    expect(r.fault?.launch).toEqual({ index: 1, loc: expect.objectContaining({ line: 22, col: 3 }) });
    expect(text.split("\n")[0]).toMatch(/^t\.oir:10:3: runtime error: integer division by zero \(kernel @k, launch #1 by omp\.target at t\.oir:22:3, team 1, thread 5\)$/);
    expect(r.stdout).toBe("start\n100\nbetween\n");
  });

  test("a kernel launched once is named as before", () => {
    const once = TWICE.replace("  omp.target @k(1) teams(2) threads(64)\n", "");
    const { r, text } = faultText(once);
    expect(r.fault?.launch).toBeUndefined();
    expect(text.split("\n")[0]).toMatch(/\(kernel @k, team 1, thread 5\)$/);
  });

  test("stats and trace include the faulting launch up to the fault", () => {
    const r = run(TWICE, { trace: true });
    expect(r.stats.kernels.map((k) => [k.launch, k.incomplete])).toEqual([[0, undefined], [1, true]]);
    const cut = r.stats.kernels[1]!;
    expect(cut.warpInstructions).toBeGreaterThan(0);
    expect(cut.endCycle).toBe(r.fault!.cycle);
    expect(cut.cycles).toBe(cut.endCycle - cut.startCycle);
    expect(r.stats.totals.kernels).toBe(2);
    const slices = r.trace!.filter((e) => e.ph === "X" && e.name === "@k");
    // Two teams of two warps per launch, each with its kernel slice; of launch 1, team 0
    // had finished when team 1 faulted.
    expect(slices).toHaveLength(8);
    expect(slices.filter((e) => e.args?.incomplete === 1).map((e) => [e.args!.team, e.args!.warp])).toEqual([[1, 0], [1, 1]]);
    for (const e of slices) if (e.args?.incomplete === 1) expect(e.ts + (e.dur ?? 0)).toBeLessThanOrEqual(r.fault!.cycle);
    expect(r.trace!.filter((e) => e.ph === "i" && e.name === "fault: div-by-zero").map((e) => e.ts)).toEqual([r.fault!.cycle]);
  });
});

describe("executeAsync", () => {
  const SPIN = `kernel @spin() spmd {
^entry:
  br ^loop
^loop:
  br ^loop
}

host @main() -> i32 {
^entry:
  print "before\\n"
  omp.target @spin() teams(1) threads(32)
  ret 0
}
`;

  test("runs a program to the end as execute() does", async () => {
    const r = await executeAsync(parseModule(TWICE, "t.oir"));
    expect(r.interrupted).toBeNull();
    expect(r.fault?.kind).toBe("div-by-zero");
    expect(r.stats).toEqual(run(TWICE).stats);
  });

  test("its signal stops a run that never ends, keeping what it has", async () => {
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 200);
    const r = await executeAsync(parseModule(SPIN, "t.oir"), { trace: true, maxSteps: 1e15 }, stop.signal);
    expect(r.exitCode).toBe(130);
    expect(r.fault).toBeNull();
    expect(r.interrupted).toBeGreaterThan(0);
    expect(r.stdout).toBe("before\n");
    expect(r.stats.kernels.map((k) => [k.kernel, k.incomplete])).toEqual([["spin", true]]);
    expect(r.stats.kernels[0]!.endCycle).toBe(r.interrupted);
    expect(r.trace!.some((e) => e.ph === "i" && e.name === "interrupted")).toBe(true);
  });
});
