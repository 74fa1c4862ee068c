// The minimiser on synthetic failure predicates: ddmin finds 1-minimal failing subsets, and
// minimizeProgram shrinks a program to what a failure needs while every candidate it tries
// parses and verifies.

import { describe, expect, test } from "@jest/globals";
import { ddmin, isValidProgram, minimizeProgram } from "../../src/tools/minimize.js";
import { generateGenericProgram } from "../gen/kernels.js";
import { NO_SHAPES } from "../../src/tools/genkernels.js";

describe("ddmin", () => {
  test("finds the two items a failure needs among 100", () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    let calls = 0;
    const fails = (xs: number[]) => (calls++, xs.includes(17) && xs.includes(83));
    expect(ddmin(items, fails)).toEqual([17, 83]);
    expect(calls).toBeLessThan(200);
  });

  test("result is 1-minimal for a threshold predicate (any 3 of the multiples of 10)", () => {
    const items = Array.from({ length: 60 }, (_, i) => i);
    const fails = (xs: number[]) => xs.filter((x) => x % 10 === 0).length >= 3;
    const out = ddmin(items, fails);
    expect(out).toHaveLength(3);
    expect(fails(out)).toBe(true);
    for (let i = 0; i < out.length; i++) expect(fails(out.filter((_, j) => j !== i))).toBe(false);
  });

  test("keeps everything when every item is needed, and respects the test budget", () => {
    const items = [1, 2, 3, 4, 5];
    expect(ddmin(items, (xs) => xs.length === 5)).toEqual(items);
    let calls = 0;
    ddmin(Array.from({ length: 1000 }, (_, i) => i), (xs) => (calls++, xs.includes(999)), 7);
    expect(calls).toBeLessThanOrEqual(7);
  });
});

describe("minimizeProgram", () => {
  test("shrinks a generated program to the instructions a synthetic failure needs", () => {
    // The synthetic "failure": the program still stores to team-shared memory and still
    // launches a kernel with a parallel region. A program without the adversarial shapes (they
    // make programs larger than this test's budget of effort), the first from seed 7 that has them.
    const fails = (t: string) => /store i32 [^\n]*, shared /.test(t) && /omp\.parallel /.test(t) && /omp\.target /.test(t);
    let seed = 7;
    while (!fails(generateGenericProgram(seed, { shapes: NO_SHAPES }))) seed++;
    const text = generateGenericProgram(seed, { shapes: NO_SHAPES });
    const seen: string[] = [];
    const r = minimizeProgram(text, (t) => (seen.push(t), fails(t)));
    expect(fails(r.text)).toBe(true);
    expect(isValidProgram(r.text)).toBe(true);
    expect(seen.every(isValidProgram)).toBe(true);
    expect(r.linesAfter).toBeLessThan(r.linesBefore / 3);
    // Every remaining instruction line is needed: dropping any one is invalid or passes.
    const lines = r.text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      if (!/^\s+\S/.test(lines[i]!)) continue;
      const cand = lines.filter((_, j) => j !== i).join("\n");
      expect(isValidProgram(cand) && fails(cand)).toBe(false);
    }
  });

  test("cuts dependences: a cond_br becomes a br when the failure does not need the branch", () => {
    const text = `device @r(%a: i32) {
^entry:
  ret
}

kernel @k(%x: i32) generic {
^entry:
  %c = icmp slt i32 %x, 3
  cond_br %c, ^a, ^b
^a:
  print "a\\n"
  br ^b
^b:
  omp.parallel @r(%x)
  ret
}

host @main() -> i32 {
^entry:
  omp.target @k(1) teams(3) threads(64)
  ret 0
}
`;
    const fails = (t: string) => t.includes("omp.parallel") && t.includes("omp.target");
    const r = minimizeProgram(text, fails);
    expect(r.text).not.toContain("cond_br");
    expect(r.text).not.toContain("print");
    expect(r.text).toContain("teams(1) threads(32)");
  });
});
