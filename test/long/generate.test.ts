// The random module generator, long tier: 1000 modules parse, verify and round-trip
// (`npm test` checks 200, test/gen/generate.test.ts).

import { expect, test } from "@jest/globals";
import { roundTrips } from "../gen/roundtrip.js";

test("1000 generated modules parse, verify and round-trip", () => {
  roundTrips(1000, (generic, spmd) => {
    expect(generic).toBeGreaterThan(100);
    expect(spmd).toBeGreaterThan(100);
  });
}, 300_000);
