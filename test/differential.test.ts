// The differential test of SPMD-ization (docs/TESTING.md), the tier `npm test` runs:
// every example, every regression filetest under test/filetests/regress/ under every guard
// scheme, and the first generated generic-kernel programs (seeds 1-40 under the default
// guard scheme, 1-10 under each other scheme) run as written and after `-O` must agree on
// exit code, fault, output (per thread; src/tools/differential.ts), final host memory and
// reverse-offload calls. The test also checks the pipeline really converted the kernels,
// so it cannot pass vacuously.
//
// The long tier (test/long/differential-campaign.test.ts, `npm run test:long`, CI) runs
// seeds 1-200 and 1-60 per other scheme; the open-ended campaign is
// `npm run fuzz -- --count 20000 [--guard-scheme S]` (docs/TESTING.md).
// Reproduce a generated case with `npm run fuzz -- --seed <seed> --count 1`.

import { afterAll, describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { differential } from "../src/tools/differential.js";
import { plantedFault } from "../src/tools/fuzz.js";
import { GEN, MERGE_GEN, describeGenerated, describeOtherSchemes, explain } from "./gen/campaign.js";
import { generateGenericProgram } from "./gen/kernels.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const examples = fs.readdirSync(path.join(root, "examples")).filter((n) => n.endsWith(".oir")).sort();
/** Seeds of this tier: the default scheme, then each other scheme. */
const PROGRAMS = 40;
const OTHER_SCHEME_PROGRAMS = 10;

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

describeGenerated(PROGRAMS, (totals) => {
  expect(totals.programs).toBe(PROGRAMS);
  // A drop means the pass or the generator regressed (the long tier holds the recorded
  // ratios on 200 programs). Measured: 29 of these 40 programs wholly converted.
  expect(totals.converted).toBeGreaterThanOrEqual(29);
  expect(totals.kernelsConverted).toBeGreaterThanOrEqual(Math.floor(totals.kernels * 0.9));
});

// Regression programs (test/filetests/regress/, hand-written reproductions of past
// miscompilations) and the adversarial programs of the decision gaps
// (test/filetests/spmdize/gaps/) and of the other -O passes (test/filetests/adversarial/)
// that are run after -O: every guard scheme, with the race detector (a missing barrier may
// race without changing the output). Some fault on purpose
// (a trap, the step limit, a broken callee set), so the -O run must only fault identically.
// A file's own `--max-steps` and `--memory-limit` (from its `; test run` lines) are its
// limits here too: an endless loop it plants ends at the limit it was written for, and an
// out-of-memory fault comes as soon as in its filetest.
const runAfterO = (dir: string): string[] => {
  const abs = path.join(root, dir);
  return fs.existsSync(abs)
    ? fs.readdirSync(abs).filter((n) => n.endsWith(".oir")).sort()
      .filter((n) => /^; test run .*--passes=-O/m.test(fs.readFileSync(path.join(abs, n), "utf8")))
      .map((n) => `${dir}/${n}`)
    : [];
};
const regress = [...runAfterO("test/filetests/regress"), ...runAfterO("test/filetests/spmdize/gaps"), ...runAfterO("test/filetests/adversarial")];
describe.each(["auto", "branch", "mask", "naive"])("regression programs, guard-scheme %s: generic run = -O run", (scheme) => {
  test.each(regress)("%s", (rel) => {
    const text = fs.readFileSync(path.join(root, rel), "utf8");
    const steps = /^; test run .*--max-steps[ =](\d+)/m.exec(text);
    const limit = /^; test run .*--memory-limit[ =](\d+)/m.exec(text);
    const run = steps === null && limit === null ? undefined : {
      ...(steps === null ? {} : { maxSteps: Number(steps[1]) }),
      ...(limit === null ? {} : { memoryLimit: Number(limit[1]) }),
    };
    const r = differential(text, rel, { passOptions: { "guard-scheme": scheme }, allowFault: true, run });
    if (r.mismatch !== null) throw new Error(explain(rel, r));
  });
});

// The adversarial programs of OpenMPOpt's other device passes (test/filetests/openmp-opt/):
// after -O under every guard scheme, and after those passes without spmdize, so that
// merge-parallel meets every generic kernel (in -O it sees only the ones spmdize leaves).
const OMP_OPT_PIPELINE = "inline,simplify,mem2reg,fold-queries,dead-parallel,merge-parallel,dedup-queries,simplify";
const ompOptDir = path.join(root, "test", "filetests", "openmp-opt");
const ompOpt = fs.readdirSync(ompOptDir).filter((n) => n.endsWith(".oir")).sort()
  .filter((n) => /^; test run /m.test(fs.readFileSync(path.join(ompOptDir, n), "utf8")));
describe.each(["auto", "branch", "mask", "naive"])("openmp-opt programs, guard-scheme %s: generic run = -O run", (scheme) => {
  test.each(ompOpt)("%s", (name) => {
    const text = fs.readFileSync(path.join(ompOptDir, name), "utf8");
    const r = differential(text, `test/filetests/openmp-opt/${name}`, { passOptions: { "guard-scheme": scheme }, allowFault: true });
    if (r.mismatch !== null) throw new Error(explain(name, r));
  });
});
describe("openmp-opt programs and generated ones: generic run = run after the device passes without spmdize", () => {
  test.each(ompOpt)("%s", (name) => {
    const text = fs.readFileSync(path.join(ompOptDir, name), "utf8");
    const r = differential(text, `test/filetests/openmp-opt/${name}`, { pipeline: OMP_OPT_PIPELINE, allowFault: true });
    if (r.mismatch !== null) throw new Error(explain(name, r));
  });
  test(`seeds 1-${OTHER_SCHEME_PROGRAMS}`, () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= OTHER_SCHEME_PROGRAMS; seed++) {
      const r = differential(generateGenericProgram(seed, GEN), `gen-${seed}.oir`, { pipeline: OMP_OPT_PIPELINE, allowFault: plantedFault });
      if (r.mismatch !== null) failures.push(explain(`seed ${seed}`, r));
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

describe("merge shape: adjacent parallel regions of kernels kept generic (merge-parallel)", () => {
  test(`seeds 1-${OTHER_SCHEME_PROGRAMS}`, () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= OTHER_SCHEME_PROGRAMS; seed++) {
      const r = differential(generateGenericProgram(seed, MERGE_GEN), `gen-merge-${seed}.oir`, { allowFault: plantedFault });
      if (r.mismatch !== null) failures.push(explain(`seed ${seed} (shapes merge=1)`, r));
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

describeOtherSchemes(OTHER_SCHEME_PROGRAMS);
