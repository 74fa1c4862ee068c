// The random module generator produces valid modules that round-trip through the printer.

import { describe, expect, test } from "@jest/globals";
import { parseModule } from "../../src/ir/parse.js";
import { verifyModule } from "../../src/ir/verifier.js";
import { Rng, generateModule } from "./generate.js";
import { roundTrips } from "./roundtrip.js";

describe("Rng", () => {
  test("is deterministic and spreads over [0, 1)", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(new Set(xs).size).toBe(1000);
    const r = new Rng(7);
    const ints = Array.from({ length: 500 }, () => r.int(1, 4));
    expect(new Set(ints)).toEqual(new Set([1, 2, 3, 4]));
  });
});

describe("generateModule", () => {
  test("is deterministic from the seed", () => {
    expect(generateModule(123)).toBe(generateModule(123));
    expect(generateModule(123)).not.toBe(generateModule(124));
  });

  // The long tier (test/long/generate.test.ts) checks 1000.
  test("200 generated modules parse, verify and round-trip", () => {
    roundTrips(200, (generic, spmd) => {
      expect(generic).toBeGreaterThan(20);
      expect(spmd).toBeGreaterThan(20);
    });
  });

  test("features can be switched off", () => {
    for (let seed = 1; seed <= 50; seed++) {
      const text = generateModule(seed, { features: { reverseOffload: false, floats: false, barriers: false, modes: ["generic"] } });
      expect(text).not.toMatch(/omp\.reverse_offload|f64|f32|omp\.barrier| spmd \{/);
      expect(verifyModule(parseModule(text))).toEqual([]);
    }
  });
});
