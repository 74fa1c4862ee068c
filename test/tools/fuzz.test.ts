// `npm run fuzz` in process: usage errors, a clean campaign's summary, determinism, progress
// reports, and a failing campaign (a deliberately wrong "pass" pipeline) that writes minimised
// filetests; the worker pool (through the built CLI) gives the same results as one thread.

import { describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { fuzzMain, plantedFault, runCampaign, runCampaignPool, summary } from "../../src/tools/fuzz.js";
import { compareRuns, differential, outputByThread } from "../../src/tools/differential.js";
import type { PassInfo } from "../../src/passes/manager.js";
import { parseFiletest } from "../../src/tools/filetest/format.js";
import { kinds } from "../../src/tools/filetest/kinds.js";
import { ensureDist } from "../dist.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

async function cli(args: string[], isTTY = false) {
  let out = "";
  let err = "";
  let clock = 0;
  const code = await fuzzMain(args, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), isTTY, now: () => (clock += 100) });
  return { code, out, err };
}

/** The built fuzz CLI, from today's sources (the pool runs compiled workers; test/dist.ts). */
function builtFuzz(): string | null {
  ensureDist();
  return path.join(root, "dist/tools/fuzz.js");
}

describe("fuzz CLI", () => {
  test("usage errors exit 2 with a message", async () => {
    expect((await cli([])).code).toBe(2);
    expect((await cli([])).err).toContain("--count is required");
    expect((await cli(["--count", "x"])).err).toContain("--count expects an integer");
    expect((await cli(["--count", "1", "--rev-offload=maybe"])).code).toBe(2);
    expect((await cli(["--count", "1", "--bogus"])).code).toBe(2);
    expect((await cli(["--count", "1", "--jobs", "0"])).err).toContain("--jobs expects an integer >= 1");
    expect((await cli(["--count", "1", "--guard-scheme", "fancy"])).code).toBe(2);
    expect((await cli(["--count", "1", "--shapes", "trap,nonsense"])).err).toContain("unknown shape 'nonsense'");
    expect((await cli(["--help"])).out).toContain("usage: npm run fuzz");
    // --shapes=all is the default mix: the help names the shapes it never makes (a campaign
    // meant to cover them must name them; the fourteenth session ran into it).
    const help = (await cli(["--help"])).out;
    for (const s of ["nowaitRevoffload", "sharedFrame", "heap", "levels"]) expect(help).toMatch(new RegExp(`never makes these.*\\b${s}\\b`));
    expect(help).not.toMatch(/never makes these.*\bmerge\b/);
  });

  test("a clean campaign prints its summary and a one-line report (stderr not a terminal), exit 0; deterministic per seed", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ompir-fuzz-"));
    const args = ["--count", "5", "--seed", "77", "--out", dir, "--rev-offload=off", "--shapes=none", "--jobs", "1"];
    const a = await cli(args);
    expect(a.code).toBe(0);
    expect(a.out).toMatch(/^5 programs, \d+ converted \(\d+ of \d+ kernels\), 0 failures\n$/);
    expect(a.err).toContain("fuzz: 5 programs from seed 77");
    expect(a.err).toMatch(/fuzz: 5 programs in [\d.]+ s \([\d.]+ programs\/s, 1 worker\)\n$/);
    expect(a.err).not.toContain("\r");
    expect((await cli(args)).out).toBe(a.out);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test("every guard scheme runs; on a terminal, progress shows count, failures, rate and ETA", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ompir-fuzz-"));
    for (const scheme of ["auto", "branch", "mask", "naive"]) {
      const r = await cli(["--count", "2", "--seed", "5", "--out", dir, "--shapes=none", "--jobs", "1", `--guard-scheme=${scheme}`], true);
      expect([scheme, r.code, r.out]).toEqual([scheme, 0, expect.stringMatching(/^2 programs, .*, 0 failures\n$/)]);
      expect(r.err).toContain(`guard scheme ${scheme}`);
      expect(r.err).toMatch(/\r\x1b\[Kfuzz: 2\/2 programs, 0 failures, [\d.]+ programs\/s, ETA [\d.]+s/);
    }
  });
});

describe("the worker pool", () => {
  test("gives the summary and failures of a single-thread run, whatever the worker count", async () => {
    const js = builtFuzz();
    expect(js).not.toBeNull();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ompir-fuzz-"));
    const run = (jobs: number) => spawnSync(process.execPath, [js!, "--count", "6", "--seed", "300", "--max-tests", "0", "--out", dir, "--jobs", String(jobs)], { cwd: root, encoding: "utf8" });
    const one = run(1);
    const two = run(2);
    expect(one.stderr).toContain("(");
    expect(two.stderr).toContain("2 workers");
    expect([two.status, two.stdout]).toEqual([one.status, one.stdout]);
    // In-process API: the pool's aggregated result equals the single-thread one.
    const opts = { count: 4, seed: 400, out: null, gen: { reverseOffload: true } };
    const pooled = await runCampaignPool({ ...opts, jobs: 2, workerScript: js!, maxTests: 0 });
    expect(pooled).toEqual(runCampaign({ ...opts, maxTests: 0 }));
  }, 120_000);
});

describe("planted traps", () => {
  test("a generated trap the program takes is allowed if -O faults identically; other faults are not", () => {
    const prog = (body: string) => `kernel @k(%x: i32) generic {
^entry:
  %c = icmp sgt i32 %x, 0
  cond_br %c, ^die, ^ok
^die:
  ${body}
  unreachable
^ok:
  ret
}
host @main() -> i32 {
^entry:
  omp.target @k(1) teams(1) threads(32)
  ret 0
}
`;
    expect(differential(prog(`trap "gen: trap k0"`), "t.oir", { allowFault: plantedFault }).mismatch).toBeNull();
    expect(differential(prog(`trap "boom"`), "t.oir", { allowFault: plantedFault }).mismatch?.kind).toBe("input-fault");
    expect(differential(prog(`trap "gen: trap k0"`), "t.oir").mismatch?.kind).toBe("input-fault");
  });
});

describe("failures are minimised and written as filetests", () => {
  test("a planted miscompilation (every generic kernel forced to SPMD mode, unguarded)", () => {
    // No pass does this; the campaign is run through the differential check of a wrong
    // pipeline, which must be caught, minimised and written.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ompir-fuzz-"));
    const forceSpmd: PassInfo = {
      name: "force-spmd", description: "generic kernels become SPMD, nothing guarded", scope: "module",
      run: (ctx) => {
        for (const f of ctx.module.functions) if (f.kind === "kernel") f.mode = "spmd";
        return { changed: true, preserves: "none" };
      },
    };
    const r = runCampaign({ count: 1, seed: 5, out: dir, maxTests: 150, pipeline: [forceSpmd] });
    expect(r.failures.length).toBeGreaterThan(0);
    expect(summary(r)).toMatch(/^1 programs, \d+ converted .*, 1 failures$/);
    for (const f of r.failures) {
      expect(f.linesAfter).toBeLessThan(f.linesBefore);
      const text = fs.readFileSync(f.file!, "utf8");
      const ft = parseFiletest(text);
      expect(ft.tests.map((t) => t.key)).toEqual(["run-by-thread", "run-by-thread --passes=-O"]);
      expect(ft.sections.map((s) => s.key)).toEqual(["run-by-thread", "run-by-thread --passes=-O"]);
      // Both sections hold the generic run, which the `run-by-thread` kind reproduces.
      expect(ft.sections[0]!.expected).toBe(ft.sections[1]!.expected);
      expect(String(kinds["run-by-thread"]!(ft.input, [], f.file!))).toBe(ft.sections[0]!.expected + "\n");
    }
  });
});

describe("compareRuns", () => {
  const base = { exitCode: 0, fault: null, hostMemory: "m" };
  test("allows other threads' lines to interleave differently, not a thread's own order", () => {
    const a = { ...base, stdout: "k0 t0.0| seq 1\nk0 t1.0| seq 2\nk0 t0.0| seq 3\nhost: x\n" };
    const b = { ...base, stdout: "k0 t1.0| seq 2\nk0 t0.0| seq 1\nk0 t0.0| seq 3\nhost: x\n" };
    expect(compareRuns(a, b)).toEqual({ mismatch: null, reordered: true });
    const c = { ...base, stdout: "k0 t0.0| seq 3\nk0 t1.0| seq 2\nk0 t0.0| seq 1\nhost: x\n" };
    expect(compareRuns(a, c).mismatch?.kind).toBe("stdout");
    expect(compareRuns(a, { ...a, hostMemory: "n" }).mismatch?.kind).toBe("host-memory");
    expect(compareRuns(a, { ...a, exitCode: 3 }).mismatch?.kind).toBe("exit");
    expect(outputByThread(a.stdout)).toBe("host: x\n== t0.0\nk0 t0.0| seq 1\nk0 t0.0| seq 3\n== t1.0\nk0 t1.0| seq 2\n");
  });
});
