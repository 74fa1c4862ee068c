// The iterations a loop run in one call may take before the scheduler's stop (simt.ts
// loopBoundExact, once per quantum) are those of the binary search it replaced
// (loopBoundSearch): a guess from the division, checked by the predicate itself, must land on
// the same count for every loop shape, clock, step count and limit, including a guess that is
// off (a zero cost or step count, limits at the cap, limits already passed).
import { describe, expect, test } from "@jest/globals";
import { type LoopBound, loopBoundExact, loopBoundSearch } from "../../src/runtime/simt.js";

const loop = (costs: number[], ns: number[]): LoopBound => ({
  cost: costs.reduce((a, b) => a + b, 0),
  n: ns.reduce((a, b) => a + b, 0),
  parts: costs.map((_, i) => i),
  innerCost: costs.slice(0, -1).reduce((a, b) => a + b, 0),
  innerN: ns.slice(0, -1).reduce((a, b) => a + b, 0),
});

describe("loopBoundExact gives the binary search's count", () => {
  const shapes: [string, LoopBound][] = [
    ["saxpy's loop (614 + 2 cycles)", loop([614, 2], [9, 2])],
    ["one part", loop([48], [10])],
    ["three parts", loop([48, 1028, 2], [10, 19, 2])],
    ["free parts", loop([0, 0], [1, 1])],
    ["a last part that costs all", loop([0, 7], [0, 3])],
    ["no instructions", loop([5, 5], [0, 0])],
  ];
  test.each(shapes)("%s", (_, L) => {
    // A fixed pseudo-random sequence (no Math.random: the test is the same every run).
    let x = 12345;
    const rnd = (m: number): number => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x % m;
    };
    const cases: [number, number, number, number][] = [
      [0, 0, 20000, 1e12], [19999, 0, 20000, 1e12], [20000, 0, 20000, 1e12], [0, 0, 1e9, 1e12],
      [0, 0, 20000, 0], [0, 5, 20000, 40], [0, 0, 2 ** 40, 2 ** 40], [1e6, 1e6, 1e6 + 616 * 65536, 1e12],
    ];
    for (let i = 0; i < 3000; i++) {
      const clock = rnd(1e6);
      const steps = rnd(1e5);
      cases.push([clock, steps, clock + rnd(i % 3 === 0 ? 50000 : 5e7), i % 4 === 0 ? steps + rnd(3000) : 1e12]);
    }
    for (const [clock, steps, limit, maxSteps] of cases) {
      expect([clock, steps, limit, maxSteps, loopBoundExact(L, clock, steps, limit, maxSteps)])
        .toEqual([clock, steps, limit, maxSteps, loopBoundSearch(L, clock, steps, limit, maxSteps)]);
    }
  });
});
