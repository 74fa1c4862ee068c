// The machine model (docs/COST_MODEL.md): teams beyond what the machine holds run in waves,
// a generic team's main-thread warp takes a slot, the state machine's and the allocator's
// own work are charged, and `ideal` (the default) is the model the goldens were made with.
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_COST_MODEL, deviceInstCost, mergeCostModel, workerStartCost } from "../../src/runtime/cost.js";
import { MACHINES, residentTeams } from "../../src/runtime/machine.js";
import type { MachineName } from "../../src/runtime/machine.js";
import { parseModule } from "../../src/ir/parse.js";
import { execute } from "../../src/runtime/execute.js";
import { run } from "./util.js";

const root = path.resolve(import.meta.dirname, "../..");

const launch = (mode: "spmd" | "generic", teams: number, threads: number): string => `kernel @k(%a: ptr) ${mode} {
^entry:
  %tm = omp.team_num
  %p = gep i32, %a, %tm
  store i32 %tm, global %p
  ret
}

host @main() -> i32 {
^entry:
  %a = alloca i32, ${teams}
  omp.target @k(%a) teams(${teams}) threads(${threads}) map(from: i32 %a[0:${teams}])
  %p = gep i32, %a, ${teams - 1}
  %v = load i32, host %p
  print "%d\\n", %v
  ret 0
}
`;

const cycles = (src: string, machine: MachineName): number => {
  const r = run(src, { machine });
  expect(r.fault).toBeNull();
  return r.stats.kernels[0]!.cycles;
};

describe("residency", () => {
  test("per SM: warp slots and team slots, plus the generic main thread's warp", () => {
    const a100 = MACHINES.a100;
    expect(residentTeams(a100, 1024, 32, false)).toBe(108 * 2);
    expect(residentTeams(a100, 1024, 32, true)).toBe(108 * 1); // 33 warps: one team per SM
    expect(residentTeams(a100, 32, 32, false)).toBe(108 * 32); // the 32-block cap
    expect(residentTeams(a100, 4096, 32, false)).toBe(108); // too big for an SM: one each
    expect(residentTeams(MACHINES.mi250x, 1024, 64, false)).toBe(110 * 2);
    expect(residentTeams(MACHINES.ideal, 1024, 32, true)).toBe(Infinity);
  });

  test("teams beyond capacity run in a second wave; ideal runs them all at once", () => {
    const one = cycles(launch("spmd", 216, 1024), "a100");
    const two = cycles(launch("spmd", 217, 1024), "a100");
    expect(two).toBeGreaterThanOrEqual(2 * one - DEFAULT_COST_MODEL.kernelEnd);
    expect(cycles(launch("spmd", 217, 1024), "ideal")).toBe(cycles(launch("spmd", 216, 1024), "ideal"));
    expect(cycles(launch("spmd", 216, 1024), "ideal")).toBe(one);
  });

  test("a generic team's main-thread warp halves the teams an SM holds at 1024 threads", () => {
    const one = cycles(launch("generic", 108, 1024), "a100");
    expect(cycles(launch("generic", 109, 1024), "a100")).toBeGreaterThanOrEqual(2 * one - DEFAULT_COST_MODEL.kernelEnd);
  });

  test("the output does not depend on the machine", () => {
    for (const m of Object.keys(MACHINES) as MachineName[]) expect(run(launch("generic", 300, 256), { machine: m }).stdout).toBe("299\n");
  });

  test("mi250x runs 64-lane wavefronts unless the run says otherwise", () => {
    expect(run(launch("spmd", 2, 128), { machine: "mi250x" }).stats.kernels[0]!.warpSize).toBe(64);
    expect(run(launch("spmd", 2, 128), { machine: "mi250x", warpSize: 32 }).stats.kernels[0]!.warpSize).toBe(32);
  });

  test("an unknown machine is refused", () => {
    expect(() => run(launch("spmd", 1, 32), { machine: "v100" as MachineName })).toThrow(/unknown machine 'v100'/);
  });
});

describe("runtime costs", () => {
  test("ideal is the default model: every example's stats are unchanged by --machine ideal", () => {
    for (const name of fs.readdirSync(path.join(root, "examples")).filter((n) => n.endsWith(".oir"))) {
      const text = fs.readFileSync(path.join(root, "examples", name), "utf8");
      const m = parseModule(text, name);
      expect(execute(m, { machine: "ideal" }).stats).toEqual(execute(m).stats);
    }
    expect(mergeCostModel(MACHINES.ideal.costs)).toEqual(DEFAULT_COST_MODEL);
  });

  test("a worker leaving the state machine pays the barrier, 1 + nargs shared loads and the call", () => {
    const cm = mergeCostModel(MACHINES.a100.costs);
    expect(workerStartCost(cm, 2, true)).toBe(20 + 3 * 22 + 16);
    expect(workerStartCost(cm, 2, false)).toBe(20 + 3 * 22 + cm.issue.call);
    expect(workerStartCost(DEFAULT_COST_MODEL, 5, true)).toBe(0);
  });

  test("omp.alloc_shared and omp.free_shared cost the allocator on a real machine", () => {
    const m = parseModule(`kernel @k() generic {
^entry:
  %p = omp.alloc_shared 16
  omp.free_shared %p, 16
  ret
}
`, "t.oir");
    const f = m.functions[0]!;
    const [alloc, free] = f.blocks[f.layout[0]!]!.insts.map((id) => f.insts[id]!);
    const cm = mergeCostModel(MACHINES.h100.costs);
    expect(deviceInstCost(cm, alloc!) - deviceInstCost(DEFAULT_COST_MODEL, alloc!)).toBe(60);
    expect(deviceInstCost(cm, free!) - deviceInstCost(DEFAULT_COST_MODEL, free!)).toBe(50);
  });

  test("a generic kernel's parallel region costs more on a real machine than on ideal; SPMD code the same", () => {
    const gen = fs.readFileSync(path.join(root, "examples", "generic_pure.oir"), "utf8");
    expect(cycles(gen, "a100")).toBeGreaterThan(cycles(gen, "ideal"));
    const spmd = fs.readFileSync(path.join(root, "examples", "saxpy.oir"), "utf8");
    expect(cycles(spmd, "a100")).toBe(cycles(spmd, "ideal"));
  });
});
