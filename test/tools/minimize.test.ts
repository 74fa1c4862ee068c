// The minimiser on synthetic failure predicates: ddmin finds 1-minimal failing subsets, and
// minimizeProgram shrinks a program to what a failure needs while every candidate it tries
// parses and verifies.

import { describe, expect, test } from "@jest/globals";
import { ddmin, minimizeProgram } from "../../src/tools/minimize.js";
import { shrinksGenerated } from "./minimize-cases.js";

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
  // Programs of at most 3 statements per block (about 170 lines); the long tier
  // (test/long/minimize.test.ts) shrinks one of the generator's default size (about 400).
  test("shrinks a generated program to the instructions a synthetic failure needs", () => {
    shrinksGenerated({ maxStmts: 3 });
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
