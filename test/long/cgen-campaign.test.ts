// Generated OpenMP C programs, long tier, first half: seeds 6440000-6440099 (the start of
// the recorded campaign) under gcc, ompir run and ompir run -O with every guard scheme must
// agree, with no generator bug (npm test runs 20, test/tools/cgen.test.ts). The second half
// (and the 26 programs with the extended shapes) is cgen-campaign-2.test.ts: two files, so
// that Jest runs them on both cores. gcc missing fails, never skips. Until the fifteenth
// session the two ran 326 programs (seeds to 6440299), about 240 s each of the long tier's
// 350, which put .ci/run at 14 of its 15 minutes; the 126 dropped (6440174-6440299) run with
// `npm run fuzz -- --lang=c --count 126 --seed 6440174`.

import { expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { GUARD_SCHEMES, runCCampaign } from "../../src/tools/cfuzz.js";

test("100 generated C programs agree with gcc, with and without -O (seeds 6440000-6440099)", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ompir-cgen-"));
  try {
    const base = { jobs: 1, schemes: GUARD_SCHEMES, out: null, maxTests: 0, gcc: "gcc", tmp };
    const r = await runCCampaign({ ...base, count: 100, seed: 6440000 });
    expect(r.failures.map((f) => `seed ${f.seed}: ${f.kind}${f.scheme ? ` (${f.scheme})` : ""}: ${f.message.split("\n")[0]}`)).toEqual([]);
    expect(r.programs).toBe(100);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}, 3_600_000);
