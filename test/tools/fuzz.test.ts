// `npm run fuzz` in process: usage errors, a clean campaign's summary, determinism, and a
// failing campaign (a deliberately wrong "pass" pipeline) that writes minimised filetests.

import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fuzzMain, runCampaign, summary } from "../../src/tools/fuzz.js";
import { compareRuns, outputByThread } from "../../src/tools/differential.js";
import type { PassInfo } from "../../src/passes/manager.js";
import { parseFiletest } from "../../src/tools/filetest/format.js";
import { kinds } from "../../src/tools/filetest/kinds.js";

function cli(args: string[]) {
  let out = "";
  let err = "";
  const code = fuzzMain(args, { stdout: (s) => void (out += s), stderr: (s) => void (err += s) });
  return { code, out, err };
}

describe("fuzz CLI", () => {
  test("usage errors exit 2 with a message", () => {
    expect(cli([]).code).toBe(2);
    expect(cli([]).err).toContain("--count is required");
    expect(cli(["--count", "x"]).err).toContain("--count expects an integer");
    expect(cli(["--count", "1", "--rev-offload=maybe"]).code).toBe(2);
    expect(cli(["--count", "1", "--bogus"]).code).toBe(2);
    expect(cli(["--help"]).out).toContain("usage: npm run fuzz");
  });

  test("a clean campaign prints its summary, progress on stderr, exit 0; deterministic per seed", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ompir-fuzz-"));
    const a = cli(["--count", "5", "--seed", "77", "--out", dir, "--rev-offload=off"]);
    expect(a.code).toBe(0);
    expect(a.out).toMatch(/^5 programs, \d+ converted \(\d+ of \d+ kernels\), 0 failures\n$/);
    expect(a.err).toContain("fuzz: 5 programs from seed 77");
    expect(cli(["--count", "5", "--seed", "77", "--out", dir, "--rev-offload=off"]).out).toBe(a.out);
    expect(fs.readdirSync(dir)).toEqual([]);
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
