// The generic-kernel generator profile: deterministic, valid, and it produces the program
// features the differential test relies on (not vacuous).

import { describe, expect, test } from "@jest/globals";
import { parseModule } from "../../src/ir/parse.js";
import { verifyModule } from "../../src/ir/verifier.js";
import { execute } from "../../src/runtime/execute.js";
import { generateGenericProgram } from "../gen/kernels.js";

describe("generateGenericProgram", () => {
  test("is deterministic per seed and differs across seeds", () => {
    expect(generateGenericProgram(42)).toBe(generateGenericProgram(42));
    expect(generateGenericProgram(42)).not.toBe(generateGenericProgram(43));
    expect(generateGenericProgram(42, { reverseOffload: true })).toBe(generateGenericProgram(42, { reverseOffload: true }));
  });

  test("200 programs (100 with reverse offload) verify, and the plain ones run without a fault", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const ro = seed > 100;
      const text = generateGenericProgram(seed, { reverseOffload: ro });
      const m = parseModule(text, `gen-${seed}.oir`);
      const errors = verifyModule(m).filter((d) => d.severity === "error");
      expect(errors.map((d) => `${seed}: ${d.loc.line}:${d.loc.col}: ${d.message}`)).toEqual([]);
      if (!ro && seed <= 40) {
        const r = execute(m, { maxSteps: 20_000_000 });
        expect(r.fault).toBeNull();
        expect(r.exitCode).toBe(0);
        expect(r.stdout).toMatch(/host: kernel 0 checksum -?\d+\n/);
      }
    }
  });

  test("covers what SPMD-ization must handle", () => {
    const texts = Array.from({ length: 300 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true })).join("\n");
    const count = (re: RegExp) => (texts.match(re) ?? []).length;
    for (const [what, re] of [
      ["generic kernels", /kernel @k\d\(.*\) generic/g],
      ["parallel regions", /omp\.parallel /g],
      ["sequential global stores", /store i32 .*, global /g],
      ["team-shared stores", /store i32 .*, shared /g],
      ["omp.alloc_shared", /omp\.alloc_shared/g],
      ["atomics", /atomic \w+ i32, global/g],
      ["tagged prints", /print "k\d t%d\.%d\| seq/g],
      ["time-step loops (a parallel region in a loop body)", /^\^body\d+:\n(?:  .*\n)*?  omp\.parallel/gm],
      ["noinline helpers", /device @\w+\(.*\) -> i32 noinline/g],
      ["helpers with a parallel region", /device @par\d/g],
      ["helpers with thread queries", /device @query\d/g],
      ["reverse offload", /omp\.reverse_offload/g],
      ["kernel-argument trip counts", /icmp slt i32 %i\d+, %n/g],
      ["early returns from sequential code", /^\^early\d+:/gm],
    ] as const) {
      expect([what, count(re) >= 20]).toEqual([what, true]);
    }
  });
});
