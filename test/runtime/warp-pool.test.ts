// Device warps' arrays are reused from team to team and launch to launch (simt.ts WarpPool):
// a warp must start exactly as a fresh one would. Every program here runs twice, with reuse
// and with a new store per warp (WarpPool.reuse = false), and everything a run reports must
// be the same: output, fault, stats, trace, reverse-offload listing, host memory. The
// programs change what the arrays held between launches: fewer threads (a partial last
// warp), local globals with initialisers each thread changes, divergent exits, per-lane trip
// counts, shuffles, generic mode, concurrent nowait launches, teams in waves, reverse
// offload, and faults in the middle of a launch.

import { afterEach, describe, expect, test } from "@jest/globals";
import { readFileSync, readdirSync } from "node:fs";
import { WarpPool, WarpStore } from "../../src/runtime/simt.js";
import type { RunOptions, RunResult } from "../../src/runtime/execute.js";
import { run, withReverseOffload } from "./util.js";

function observed(r: RunResult): unknown {
  return {
    exit: r.exitCode, stdout: r.stdout, fault: r.fault, stats: r.stats, trace: r.trace,
    calls: r.revOffloadCalls, mem: r.hostMemory, races: r.races,
  };
}

/** Runs `src` with reuse, then with fresh stores; expects the same; returns the first. */
function sameBothWays(src: string, opts: RunOptions = {}): RunResult {
  const o = { trace: true, listRevOffloadCalls: true, ...opts };
  WarpPool.reuse = true;
  const pooled = run(src, o);
  WarpPool.reuse = false;
  const fresh = run(src, o);
  WarpPool.reuse = true;
  // Strings: toEqual on traces of thousands of warps is slow.
  expect(JSON.stringify(observed(pooled))).toBe(JSON.stringify(observed(fresh)));
  return pooled;
}

afterEach(() => {
  WarpPool.reuse = true;
});

describe("WarpStore and WarpPool", () => {
  test("a store's arrays are disjoint views of one buffer, zero when new", () => {
    const s = new WarpStore(8, 3, 2);
    const views = [s.lg, s.stageF, s.stageB, s.trips, s.act, s.nx, s.valid];
    expect(views.map((v) => v.length)).toEqual([16, 24, 24, 8, 8, 8, 8]);
    expect(new Set(views.map((v) => v.buffer)).size).toBe(1);
    const spans = views.map((v) => [v.byteOffset, v.byteOffset + v.byteLength] as const).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
    for (const v of views) expect([...v].every((x) => x === 0 || x === 0n)).toBe(true);
  });

  test("a store given back is handed out again zeroed, to a warp of its size only", () => {
    const pool = new WarpPool(2, 1);
    const s = pool.take(4);
    s.lg.fill(1.5);
    s.stageF.fill(-2);
    s.stageB.fill(7n);
    s.trips.fill(-9);
    s.act.fill(1);
    s.nx.fill(1);
    s.valid.fill(1);
    pool.give(s);
    expect(pool.take(8)).not.toBe(s);
    const again = pool.take(4);
    expect(again).toBe(s);
    for (const v of [again.lg, again.stageF, again.stageB, again.trips, again.act, again.nx, again.valid]) {
      expect([...v].every((x) => x === 0 || x === 0n)).toBe(true);
    }
    expect(pool.take(4)).not.toBe(s);
  });
});

// Each thread changes its copy of @c, odd threads leave early, even ones loop their thread
// number of times, then shuffle. A thread reading anything but the initializer (9) in @c[1],
// or a lane past the team's threads running, would show in the output.
const SHRINK = `global @c : local i32 x 2 = [5, 9]
kernel @k(%n: i32) spmd {
^entry:
  %t = omp.hw_thread_id
  %tm = omp.team_num
  %p = gep i32, @c, 1
  %v = load i32, local %p
  %v2 = add i32 %v, %t
  store i32 %v2, local %p
  %odd = and i32 %t, 1
  %c = icmp eq i32 %odd, 1
  cond_br %c, ^early, ^loop(0, 0)
^early:
  print "e %d.%d %d\\n", %tm, %t, %v
  ret
^loop(%i: i32, %s: i32):
  %lt = icmp slt i32 %i, %t
  cond_br %lt, ^body, ^done
^body:
  %s2 = add i32 %s, %i
  %i2 = add i32 %i, 1
  br ^loop(%i2, %s2)
^done:
  %sh = omp.shuffle_down i32 %s, 2
  %w = load i32, local @c
  print "d %d.%d %d %d %d %d\\n", %tm, %t, %v, %w, %s, %sh
  ret
}
host @main() -> i32 {
^entry:
  omp.target @k(1) teams(3) threads(64)
  omp.target @k(2) teams(2) threads(40)
  omp.target @k(3) teams(1) threads(33)
  omp.target @k(4) teams(2) threads(64) nowait
  omp.target @k(5) teams(1) threads(7) nowait
  omp.taskwait
  omp.target @k(6) teams(1) threads(64)
  ret 0
}
`;

// Generic mode: the main thread of each team runs sequential code, then a parallel region on
// every thread; the workers' warps wait in the state machine.
const GENERIC = `global @c : local i32 = 40
device @region(%base: i32) {
^entry:
  %t = omp.thread_num
  %v = load i32, local @c
  %v2 = add i32 %v, %t
  store i32 %v2, local @c
  %x = add i32 %v, %base
  %tm = omp.team_num
  %big = icmp sgt i32 %t, 20
  cond_br %big, ^out, ^say
^say:
  print "r %d.%d %d\\n", %tm, %t, %x
  ret
^out:
  ret
}
kernel @g(%base: i32) generic {
^entry:
  %v = load i32, local @c
  %tm = omp.team_num
  print "m %d %d\\n", %tm, %v
  omp.parallel @region(%base)
  omp.parallel @region(%v)
  ret
}
host @main() -> i32 {
^entry:
  omp.target @g(100) teams(2) threads(96)
  omp.target @g(200) teams(3) threads(30)
  omp.target @g(300) teams(1) threads(70) nowait
  omp.target @g(400) teams(2) threads(9) nowait
  omp.taskwait
  ret 0
}
`;

// Teams in waves (mi250x, 1-lane warps: 32 or 24 warps a team, one team per CU, 110 at once): the
// last teams start on the warps of teams that ended. `bad` >= 0: that team divides by zero.
const waves = (bad: number): string => `global @c : local i32 = 11
global @s : shared i32 x 4
kernel @w(%bad: i32) spmd {
^entry:
  %t = omp.hw_thread_id
  %tm = omp.team_num
  %v = load i32, local @c
  %v2 = mul i32 %v, 3
  store i32 %v2, local @c
  %hit = icmp eq i32 %tm, %bad
  %h = zext i1 %hit to i32
  %one = sub i32 1, %h
  %q = sdiv i32 %t, %one
  %z = icmp eq i32 %q, 0
  cond_br %z, ^lead, ^rest
^lead:
  store i32 %tm, shared @s
  print "w %d %d\\n", %tm, %v
  br ^rest
^rest:
  omp.barrier
  %u = load i32, shared @s
  %last = icmp eq i32 %t, 23
  cond_br %last, ^tail, ^end
^tail:
  print "t %d %d\\n", %tm, %u
  br ^end
^end:
  ret
}
host @main() -> i32 {
^entry:
  omp.target @w(-1) teams(112) threads(32)
  omp.target @w(${bad}) teams(112) threads(24)
  omp.target @w(-1) teams(2) threads(32)
  ret 0
}
`;

describe("reused warps start as fresh ones", () => {
  test("launches with fewer threads, local globals, divergent exits, loops and shuffles", () => {
    const r = sameBothWays(SHRINK);
    expect(r.fault).toBeNull();
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.length).toBe(3 * 64 + 2 * 40 + 33 + 2 * 64 + 7 + 64);
    for (const l of lines) {
      const f = l.split(" ");
      expect(f[2]).toBe("9"); // @c[1] as initialised
      if (f[0] === "d") expect(f[3]).toBe("5");
    }
    expect(r.stats.kernels.map((k) => k.teams * k.threads)).toEqual([192, 80, 33, 128, 7, 64]);
  });

  test("with warp sizes 8 and 64", () => {
    for (const warpSize of [8, 64]) sameBothWays(SHRINK, { warpSize });
  });

  test("generic mode, concurrent launches", () => {
    const r = sameBothWays(GENERIC);
    expect(r.fault).toBeNull();
    expect(r.stdout.split("\n").filter((l) => l.startsWith("m ")).every((l) => l.endsWith(" 40"))).toBe(true);
  });

  test("teams in waves, and a fault in a team of the second wave", () => {
    const r = sameBothWays(waves(-1), { machine: "mi250x", warpSize: 1 });
    expect(r.fault).toBeNull();
    expect(r.stats.kernels.map((k) => k.waves)).toEqual([2, 2, 1]);
    expect(r.stdout.split("\n").filter((l) => l.startsWith("w ")).every((l) => l.endsWith(" 11"))).toBe(true);
    const f = sameBothWays(waves(110), { machine: "mi250x", warpSize: 1 });
    expect(f.fault?.kind).toBe("div-by-zero");
    expect(f.stats.kernels.map((k) => k.incomplete ?? false)).toEqual([false, true]);
  });

  test("a fault in the first wave, with teams still waiting", () => {
    const r = sameBothWays(waves(3), { machine: "mi250x", warpSize: 1 });
    expect(r.fault?.kind).toBe("div-by-zero");
  });

  test("the examples, reverse offload among them, under several pool settings", () => {
    const dir = new URL("../../examples/", import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith(".oir")).sort();
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const src = withReverseOffload(readFileSync(new URL(f, dir), "utf8"));
      sameBothWays(src);
      if (src.includes("omp.reverse_offload")) {
        sameBothWays(src, { revOffload: "serial" });
        sameBothWays(src, { revOffloadThreads: 3, mailboxSlots: 2 });
      }
    }
  });
});
