// Guarded regions on the CFG shapes that once broke them, long tier: seeds 1-100 of the
// random structured generic kernels of test/spmdize/guard-shapes.ts, under every guard
// scheme (`npm test` runs seeds 1-25).

import { expect } from "@jest/globals";
import { GUARD_SCHEMES, testGuardShapes } from "../spmdize/guard-shapes.js";

const SEEDS = 100;

testGuardShapes(SEEDS, (converted, exitless) => {
  // Not vacuous: the kernels were converted, and some of them have no exit.
  expect(converted).toBeGreaterThanOrEqual(SEEDS * GUARD_SCHEMES.length * 0.9);
  expect(exitless).toBeGreaterThan(5);
});
