// The generated OpenMP C programs (src/tools/cgen.ts) against gcc: 22 fixed seeds (4 of them
// with the extended shapes, CGenOptions.extra, 2 with sequential tails, CGenOptions.tails), each
// compiled by `gcc -fopenmp` (run on 1 and 3 threads) and run by `ompir run` and by
// `ompir run -O` under every guard scheme (src/tools/cfuzz.ts); every run must agree and no
// program may be a generator bug. gcc missing fails (.ci/run installs it), never skips.
// The generator is deterministic, and the reducer keeps what the predicate needs.
// `npm run test:long` runs 300 more (test/long/cgen-campaign.test.ts).

import { expect, test } from "@jest/globals";
import * as crypto from "node:crypto";
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

test("the host heap, local pointer and level shapes come only when named, and leave the default programs alone", () => {
  for (const seed of [6994000, 6994001, 6994002]) {
    const plain = generateCProgram(seed);
    const heap = generateCProgram(seed, { heap: true });
    const lp = generateCProgram(seed, { localPointers: true });
    expect(plain).not.toMatch(/hmake|lp_swap|lv_where/);
    expect(heap).toMatch(/= hmake\(N \* sizeof/);
    expect(heap).toMatch(/realloc\(hp, 2 \* N/);
    expect(heap).toContain("free(hq);");
    expect(lp).toMatch(/lp_fill\(loc, \d+, x\);/);
    expect(generateCProgram(seed, { levels: true })).toMatch(/\+= lv_dev\(\) \* 7u;/);
    const it = generateCProgram(seed, { ifTasks: true });
    expect(plain).not.toMatch(/ipw|tkp|omp task/);
    expect(it).toMatch(/#pragma omp parallel if\((parallel: )?/);
    expect(it).toMatch(/#pragma omp task\b/);
    expect(it).toMatch(/= tkp\d+\(tv\)|\+= tkp\d+\(tv\)/);
    expect(plain).not.toMatch(/reduction\([^:]+: ar\d+/);
    expect(generateCProgram(seed, { arrayReductions: true })).toMatch(/reduction\([^:]+: ar\d+(\[\d+:\d+\])?\)/);
  }
  // The programs of the other options are those of d5cb4fe (the new shapes draw nothing when off).
  const hash = (t: string) => crypto.createHash("sha256").update(t).digest("hex").slice(0, 16);
  const all = { extra: true, nested: true, numThreads: true, pointers: true, tails: true };
  expect([6994000, 6994001].map((s) => [hash(generateCProgram(s)), hash(generateCProgram(s, all))])).toEqual([
    ["b6b3fb068b9bade6", "33ed1b998b1e287c"],
    ["3e030955c8acde0d", "06add1d486b9dedb"],
  ]);
});

test("a pointer kernel when every array is declare target uses one unmapped (seed 7011100 threw in the generator)", () => {
  const t = generateCProgram(7011100, { extra: true, numThreads: true, pointers: true, heap: true, tails: true });
  const dt = [...t.matchAll(/^#pragma omp declare target\n((?:.*\n)*?)#pragma omp end declare target/gm)].map((m) => m[1]!).join("");
  const ptr = /#pragma omp target map\(tofrom: res\)\n {2}\{\n {4}\w+(?: \w+)* \*e = (\w+) \+ N;/.exec(t);
  expect(ptr).not.toBeNull();
  expect(dt).toMatch(new RegExp(`\\b${ptr![1]}\\[N\\]`));
});

test("the reducer deletes lines and blocks the failure does not need", async () => {
  const text = ["int main(void) {", "  int x = 1;", "  if (x) {", "    x = 2;", "  }", "  x = 7; // keep", "  return 0;", "}", ""].join("\n");
  const min = await reduceC(text, async (t) => t.includes("keep"), 100);
  expect(min).toBe("  x = 7; // keep\n");
});

test("27 generated C programs (4 with the extended shapes, 2 with sequential tails, 1 with host heap shapes, 1 with local pointer shapes, 1 with if clauses and host tasks, 1 with array reductions, 1 with a pointer kernel on a declare target array): gcc, ompir run and ompir run -O (every guard scheme) agree", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ompir-cgen-"));
  try {
    const base = { jobs: 1, schemes: GUARD_SCHEMES, out: null, maxTests: 0, gcc: "gcc", tmp };
    const r = await runCCampaign({ ...base, count: 16, seed: 6400000 });
    const x = await runCCampaign({ ...base, count: 4, seed: 6460000, extra: true });
    // Both deadlocked under -O (auto) while spmdize guarded a tail that may abort as one region.
    const t = await runCCampaign({ ...base, count: 2, seed: 6986201, tails: true });
    // Host heap blocks from helpers, mapped and freed; device locals' addresses to helpers.
    const h = await runCCampaign({ ...base, count: 1, seed: 6994003, heap: true });
    const l = await runCCampaign({ ...base, count: 1, seed: 6994200, localPointers: true });
    // if(parallel: c) and host tasks' firstprivate locals (both wrong or rejected before the eleventh session).
    const it = await runCCampaign({ ...base, count: 1, seed: 7002100, ifTasks: true });
    // Array reductions (rejected before the eleventh session).
    const ar = await runCCampaign({ ...base, count: 1, seed: 7002400, arrayReductions: true });
    // A pointer kernel on a declare target array (the generator threw before the fourteenth session).
    const dp = await runCCampaign({ ...base, count: 1, seed: 7011100, extra: true, numThreads: true, pointers: true, heap: true, tails: true });
    const failures = [...r.failures, ...x.failures, ...t.failures, ...h.failures, ...l.failures, ...it.failures, ...ar.failures, ...dp.failures];
    expect(failures.map((f) => `seed ${f.seed}: ${f.kind}${f.scheme ? ` (${f.scheme})` : ""}: ${f.message.split("\n")[0]}`)).toEqual([]);
    expect(cSummary(r, GUARD_SCHEMES)).toMatch(/^16 C programs .* 0 failures .* 0 generator bugs/);
    expect(x.programs).toBe(4);
    expect(t.programs).toBe(2);
    expect(h.programs + l.programs + it.programs + ar.programs + dp.programs).toBe(5);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}, 600_000);
