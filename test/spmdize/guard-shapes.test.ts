// Guarded regions on the CFG shapes that once broke them, `npm test` tier: seeds 1-25 of
// the random structured generic kernels of guard-shapes.ts, under every guard scheme. The
// long tier (test/long/guard-shapes.test.ts) runs seeds 1-100.

import { expect } from "@jest/globals";
import { GUARD_SCHEMES, testGuardShapes } from "./guard-shapes.js";

const SEEDS = 25;

testGuardShapes(SEEDS, (converted, exitless) => {
  // Not vacuous: the kernels were converted, and some of them have no exit.
  expect(converted).toBeGreaterThanOrEqual(SEEDS * GUARD_SCHEMES.length * 0.9);
  expect(exitless).toBeGreaterThan(0);
});
