import { describe, expect, test } from "@jest/globals";
import { formatStats } from "../../src/runtime/stats.js";
import type { TraceEvent } from "../../src/runtime/trace.js";
import { run, withMain } from "./util.js";

const src = withMain(`
device @body(%a: ptr) {
^entry:
  %t = omp.thread_num
  %p = gep i32, %a, %t
  store i32 %t, global %p
  omp.barrier
  ret
}
kernel @k(%a: ptr) generic {
^entry:
  omp.parallel @body(%a)
  ret
}`, 64, "teams(2) threads(64)");

describe("stats", () => {
  const r = run(src, { trace: true });
  const k = r.stats.kernels[0]!;

  test("per-kernel fields (docs/STATS.md)", () => {
    expect(Object.keys(k).sort()).toEqual([
      "activeLanes", "barriers", "cycles", "device", "dispatches", "endCycle", "fallbackDispatches", "kernel", "laneSlots", "launch", "launchCycle", "mode",
      "nowait", "parallelRegions", "revOffload", "sharedBytes", "startCycle", "stateMachine", "teams", "threads", "utilisation", "warpInstructions", "warpSize", "waves",
    ]);
    expect(k).toMatchObject({ launch: 0, kernel: "k", mode: "generic", stateMachine: "generic", teams: 2, threads: 64, warpSize: 32, device: 0, waves: 1, nowait: false, dispatches: 2, fallbackDispatches: 0, parallelRegions: 2 });
    // Each team: the explicit barrier in the region and the region's implicit one.
    expect(k.barriers).toBe(4);
    expect(k.laneSlots).toBe(k.warpInstructions * 32);
    expect(k.activeLanes).toBeLessThanOrEqual(k.laneSlots);
    expect(k.cycles).toBe(k.endCycle - k.startCycle);
    expect(k.startCycle).toBeGreaterThan(k.launchCycle);
  });

  test("totals and the table", () => {
    expect(r.stats.totals.kernels).toBe(1);
    expect(r.stats.totals.warpInstructions).toBe(k.warpInstructions);
    expect(r.stats.totals.cycles).toBeGreaterThanOrEqual(k.endCycle);
    const table = formatStats(r.stats);
    expect(table.split("\n")[0]).toMatch(/^#\s+kernel\s+mode\s+machine\s+grid\s+cycles\s+warp insts\s+lane util\s+barriers\s+dispatches\s+shared B$/);
    expect(table).toMatch(/@k\s+generic\s+generic\s+2x64/);
  });

  test("the table names the device and the waves of each launch when they say something", () => {
    const two = `kernel @k(%a: ptr) generic {
^entry:
  ret
}

host @main() -> i32 {
^entry:
  %a = alloca i32, 1
  omp.target @k(%a) teams(109) threads(1024) device(1) map(to: i32 %a[0:1])
  omp.target @k(%a) teams(2) threads(1024) map(to: i32 %a[0:1])
  ret 0
}
`;
    // An A100 holds one generic team of 1024 threads (32 warps and the main thread's) per SM: 108 at once.
    const a = run(two, { devices: 2, machine: "a100" });
    expect(a.fault).toBeNull();
    expect(a.stats.kernels.map((x) => [x.device, x.waves])).toEqual([[1, 2], [0, 1]]);
    const lines = formatStats(a.stats).split("\n");
    expect(lines[0]).toMatch(/^#\s+kernel\s+mode\s+machine\s+device\s+grid\s+waves\s+cycles\s/);
    expect(lines[1]).toMatch(/^0\s+@k\s+generic\s+generic\s+1\s+109x1024\s+2\s/);
    expect(lines[2]).toMatch(/^1\s+@k\s+generic\s+generic\s+0\s+2x1024\s+1\s/);
    expect(lines[3]).toMatch(/^\s+total\s+2 launches\s+\d+\s/);
    // On the ideal machine every team is resident: one wave, and no waves column.
    const ideal = run(two, { devices: 2 });
    expect(ideal.stats.kernels.map((x) => [x.device, x.waves])).toEqual([[1, 1], [0, 1]]);
    expect(formatStats(ideal.stats).split("\n")[0]).toMatch(/^#\s+kernel\s+mode\s+machine\s+device\s+grid\s+cycles\s/);
  });

  test("a cost model override changes cycles, not results", () => {
    const slow = run(src, { costModel: { latency: { global: 1000 } } });
    expect(slow.stdout).toBe(r.stdout);
    expect(slow.stats.kernels[0]!.cycles).toBeGreaterThan(k.cycles);
  });
});

describe("trace", () => {
  const ev = run(src, { trace: true }).trace!;
  const slices = ev.filter((e) => e.ph === "X");

  test("host and device tracks, kernel / parallel / barrier slices", () => {
    expect(ev.some((e) => e.ph === "M" && e.pid === 0 && e.args?.["name"] === "host")).toBe(true);
    expect(ev.filter((e) => e.ph === "M" && e.name === "thread_name" && e.pid === 1)).toHaveLength(4);
    const cats = new Set(slices.map((e) => e.cat));
    for (const c of ["kernel", "parallel", "barrier", "host", "launch", "wait"]) expect(cats.has(c)).toBe(true);
  });

  test("slices on one track nest", () => {
    const byTrack = new Map<string, TraceEvent[]>();
    for (const e of slices) {
      const key = `${e.pid}/${e.tid}`;
      byTrack.set(key, [...(byTrack.get(key) ?? []), e]);
    }
    for (const list of byTrack.values()) {
      const stack: TraceEvent[] = [];
      for (const e of list) {
        while (stack.length && stack[stack.length - 1]!.ts + stack[stack.length - 1]!.dur! <= e.ts) stack.pop();
        const top = stack[stack.length - 1];
        if (top) expect(e.ts + e.dur!).toBeLessThanOrEqual(top.ts + top.dur!);
        stack.push(e);
      }
    }
  });
});
