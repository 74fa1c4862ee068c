// The generated OpenMP C programs (src/tools/cgen.ts) against gcc: 22 fixed seeds (4 of them
// with the extended shapes, CGenOptions.extra, 2 with sequential tails, CGenOptions.tails), each
// compiled by `gcc -fopenmp` (run on 1 and 3 threads) and run by `ompir run` and by
// `ompir run -O` under every guard scheme (src/tools/cfuzz.ts); every run must agree and no
// program may be a generator bug. gcc missing fails (.ci/run installs it), never skips.
// The generator is deterministic, and the reducer keeps what the predicate needs.
// `npm run test:long` runs 300 more (test/long/cgen-campaign.test.ts).

import { expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { GUARD_SCHEMES, cSummary, reduceC, runCCampaign } from "../../src/tools/cfuzz.js";
import { generateCProgram } from "../../src/tools/cgen.js";

test("the generator is deterministic and varies with the seed", () => {
  expect(generateCProgram(6400001)).toBe(generateCProgram(6400001));
  expect(generateCProgram(6400001)).not.toBe(generateCProgram(6400002));
  expect(generateCProgram(6400001)).toContain("#pragma omp target");
});

test("the reducer deletes lines and blocks the failure does not need", async () => {
  const text = ["int main(void) {", "  int x = 1;", "  if (x) {", "    x = 2;", "  }", "  x = 7; // keep", "  return 0;", "}", ""].join("\n");
  const min = await reduceC(text, async (t) => t.includes("keep"), 100);
  expect(min).toBe("  x = 7; // keep\n");
});

test("22 generated C programs (4 with the extended shapes, 2 with sequential tails): gcc, ompir run and ompir run -O (every guard scheme) agree", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ompir-cgen-"));
  try {
    const base = { jobs: 1, schemes: GUARD_SCHEMES, out: null, maxTests: 0, gcc: "gcc", tmp };
    const r = await runCCampaign({ ...base, count: 16, seed: 6400000 });
    const x = await runCCampaign({ ...base, count: 4, seed: 6460000, extra: true });
    // Both deadlocked under -O (auto) while spmdize guarded a tail that may abort as one region.
    const t = await runCCampaign({ ...base, count: 2, seed: 6986201, tails: true });
    const failures = [...r.failures, ...x.failures, ...t.failures];
    expect(failures.map((f) => `seed ${f.seed}: ${f.kind}${f.scheme ? ` (${f.scheme})` : ""}: ${f.message.split("\n")[0]}`)).toEqual([]);
    expect(cSummary(r, GUARD_SCHEMES)).toMatch(/^16 C programs .* 0 failures .* 0 generator bugs/);
    expect(x.programs).toBe(4);
    expect(t.programs).toBe(2);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}, 600_000);
