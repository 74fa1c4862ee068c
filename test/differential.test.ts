// The differential test of SPMD-ization (docs/TESTING.md), fast tier:
// every example, every regression filetest under test/filetests/regress/, and generated
// generic-kernel programs (seeds 1-200 under the default guard scheme, 1-60 under each other
// scheme) run as written and after `-O` must agree on exit code, fault, output (per thread;
// src/tools/differential.ts), final host memory and reverse-offload calls. The test also
// checks the pipeline really converted the kernels, so it cannot pass vacuously.
//
// The full campaign is `npm run fuzz -- --count 20000 [--guard-scheme S]` (docs/TESTING.md).
// Reproduce a generated case with `npm run fuzz -- --seed <seed> --count 1`.

import { afterAll, describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { differential } from "../src/tools/differential.js";
import type { DiffResult } from "../src/tools/differential.js";
import { plantedFault, reproduce } from "../src/tools/fuzz.js";
import { generateGenericProgram } from "./gen/kernels.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const examples = fs.readdirSync(path.join(root, "examples")).filter((n) => n.endsWith(".oir")).sort();
/** Seeds of the fast tier: the default scheme, then each other scheme. */
const PROGRAMS = 200;
const OTHER_SCHEME_PROGRAMS = 60;
const CHUNK = 50;
/** Generator options of the fast tier: every shape but the long loop (35M simulated steps,
 *  about 20 s under Jest's VM; `npm run fuzz` covers it). The probability is still drawn, so
 *  every other seed gives the same program as `npm run fuzz -- --seed N --count 1`. */
const GEN = { reverseOffload: true, shapes: { longLoop: 0 } };

function explain(what: string, r: DiffResult, hint = ""): string {
  return `${what}: ${r.mismatch!.kind}: ${r.mismatch!.message}${hint}`;
}

describe("examples: generic run = -O run", () => {
  const converted: string[] = [];
  test.each(examples)("%s", (name) => {
    const text = fs.readFileSync(path.join(root, "examples", name), "utf8");
    const r = differential(text, `examples/${name}`);
    if (r.mismatch !== null) throw new Error(explain(`examples/${name}`, r));
    if (r.converted > 0) converted.push(name);
  });
  afterAll(() => {
    // Most examples have a convertible generic kernel: the comparison is not vacuous.
    expect(converted.length).toBeGreaterThanOrEqual(6);
  });
});

describe(`${PROGRAMS} generated generic-kernel programs: generic run = -O run`, () => {
  const totals = { programs: 0, converted: 0, kernels: 0, kernelsConverted: 0, reordered: 0 };
  for (let from = 1; from <= PROGRAMS; from += CHUNK) {
    const to = Math.min(PROGRAMS, from + CHUNK - 1);
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
    }, 120_000);
  }
  test("the pipeline converted most programs, so the comparison is not vacuous", () => {
    expect(totals.programs).toBe(PROGRAMS);
    // Recorded in docs/TESTING.md; a drop means the pass or the generator regressed. (Some
    // shapes are left generic on purpose: escaping allocas, kernels that end in a trap.)
    // Measured after the fixes: 156 of 200 programs wholly converted, 283 of 301 kernels.
    expect(totals.converted).toBeGreaterThanOrEqual(Math.floor(PROGRAMS * 0.75));
    expect(totals.kernelsConverted).toBeGreaterThanOrEqual(Math.floor(totals.kernels * 0.9));
  });
});

// Regression programs (test/filetests/regress/, hand-written reproductions of past
// miscompilations) and the adversarial programs of the decision gaps
// (test/filetests/spmdize/gaps/) that are run after -O: every guard scheme, with the race
// detector (a missing barrier may race without changing the output). Some fault on purpose
// (a trap, the step limit, a broken callee set), so the -O run must only fault identically.
const runAfterO = (dir: string): string[] => {
  const abs = path.join(root, dir);
  return fs.existsSync(abs)
    ? fs.readdirSync(abs).filter((n) => n.endsWith(".oir")).sort()
      .filter((n) => /^; test run .*--passes=-O/m.test(fs.readFileSync(path.join(abs, n), "utf8")))
      .map((n) => `${dir}/${n}`)
    : [];
};
const regress = [...runAfterO("test/filetests/regress"), ...runAfterO("test/filetests/spmdize/gaps")];
describe.each(["auto", "branch", "mask", "naive"])("regression programs, guard-scheme %s: generic run = -O run", (scheme) => {
  test.each(regress)("%s", (rel) => {
    const text = fs.readFileSync(path.join(root, rel), "utf8");
    const r = differential(text, rel, { passOptions: { "guard-scheme": scheme }, allowFault: true });
    if (r.mismatch !== null) throw new Error(explain(rel, r));
  });
});

// The other guard schemes on a smaller sample: branch guards, masked stores and the naive
// baseline must be exactly as correct as the default.
describe.each(["branch", "mask", "naive"])(`guard-scheme %s: ${OTHER_SCHEME_PROGRAMS} generated programs, generic run = -O run`, (scheme) => {
  test(`seeds 1-${OTHER_SCHEME_PROGRAMS}`, () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= OTHER_SCHEME_PROGRAMS; seed++) {
      const text = generateGenericProgram(seed, GEN);
      const r = differential(text, `gen-${seed}.oir`, { passOptions: { "guard-scheme": scheme }, allowFault: plantedFault });
      if (r.mismatch !== null) failures.push(explain(`seed ${seed}`, r, ` (${reproduce(seed, { guardScheme: scheme })})`));
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
