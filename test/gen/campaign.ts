// The generated-program part of the differential test of SPMD-ization, shared by its two
// tiers: test/differential.test.ts (`npm test`: a sample) and
// test/long/differential-campaign.test.ts (`npm run test:long`, CI: the full campaign).
// Each generated generic-kernel program runs as written and after `-O`, and both runs must
// agree on exit code, fault, output (per thread; src/tools/differential.ts), final host
// memory and reverse-offload calls. Reproduce a case with
// `npm run fuzz -- --seed <seed> --count 1 [--guard-scheme S]`.

import { describe, expect, test } from "@jest/globals";
import { differential } from "../../src/tools/differential.js";
import type { DiffResult } from "../../src/tools/differential.js";
import { plantedFault, reproduce } from "../../src/tools/fuzz.js";
import { generateGenericProgram } from "./kernels.js";

/** Generator options: every shape but the long loop (35M simulated steps, about 20 s under
 *  Jest's VM; `npm run fuzz` covers it) and `merge` (kernels kept generic on purpose, for
 *  merge-parallel: the conversion ratios these tiers hold are spmdize's; MERGE_GEN covers
 *  it). The probabilities are still drawn (`merge` from its own stream), so every seed
 *  without those shapes gives the same program as `npm run fuzz -- --seed N --count 1`. */
export const GEN = { reverseOffload: true, shapes: { longLoop: 0, merge: 0 } };
/** The `merge` shape in every kernel that has a parallel region. */
export const MERGE_GEN = { reverseOffload: true, shapes: { longLoop: 0, merge: 1 } };
const CHUNK = 50;

export function explain(what: string, r: DiffResult, hint = ""): string {
  return `${what}: ${r.mismatch!.kind}: ${r.mismatch!.message}${hint}`;
}

export interface Totals {
  programs: number;
  /** Programs whose every generic kernel became SPMD. */
  converted: number;
  kernels: number;
  kernelsConverted: number;
  reordered: number;
}

/** Seeds 1..programs under the default guard scheme, in chunks of 50; then `check` sees the
 *  totals (the comparison must not be vacuous). */
export function describeGenerated(programs: number, check: (t: Totals) => void): void {
  describe(`${programs} generated generic-kernel programs: generic run = -O run`, () => {
    const totals: Totals = { programs: 0, converted: 0, kernels: 0, kernelsConverted: 0, reordered: 0 };
    for (let from = 1; from <= programs; from += CHUNK) {
      const to = Math.min(programs, from + CHUNK - 1);
      test(`seeds ${from}-${to}`, () => {
        const failures: string[] = [];
        for (let seed = from; seed <= to; seed++) {
          const text = generateGenericProgram(seed, GEN);
          const r = differential(text, `gen-${seed}.oir`, { allowFault: plantedFault });
          totals.programs++;
          totals.kernels += r.genericKernels;
          totals.kernelsConverted += Math.min(r.converted, r.genericKernels);
          if (r.converted >= r.genericKernels && r.spmdKernels === r.genericKernels) totals.converted++;
          if (r.reordered) totals.reordered++;
          if (r.mismatch !== null) failures.push(explain(`seed ${seed}`, r, ` (${reproduce(seed, {})})`));
        }
        expect(failures).toEqual([]);
      }, 300_000);
    }
    test("the pipeline converted most programs, so the comparison is not vacuous", () => check(totals));
  });
}

/** Seeds 1..programs under each other guard scheme: branch guards, masked stores and the
 *  naive baseline must be exactly as correct as the default. */
export function describeOtherSchemes(programs: number): void {
  describe.each(["branch", "mask", "naive"])(`guard-scheme %s: ${programs} generated programs, generic run = -O run`, (scheme) => {
    test(`seeds 1-${programs}`, () => {
      const failures: string[] = [];
      for (let seed = 1; seed <= programs; seed++) {
        const text = generateGenericProgram(seed, GEN);
        const r = differential(text, `gen-${seed}.oir`, { passOptions: { "guard-scheme": scheme }, allowFault: plantedFault });
        if (r.mismatch !== null) failures.push(explain(`seed ${seed}`, r, ` (${reproduce(seed, { guardScheme: scheme })})`));
      }
      expect(failures).toEqual([]);
    }, 300_000);
  });
}
