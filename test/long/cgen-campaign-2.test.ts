// Generated OpenMP C programs, long tier, second half: seeds 6440100-6440173, and 26 with the
// extended shapes (6460004-6460029), under gcc, ompir run and ompir run -O with every guard
// scheme must agree, with no generator bug. The first half is cgen-campaign.test.ts (which
// says why the campaign stops at 6440173).

import { expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { GUARD_SCHEMES, runCCampaign } from "../../src/tools/cfuzz.js";

test("100 generated C programs agree with gcc, with and without -O (seeds 6440100-6440173, 6460004-6460029 extended)", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ompir-cgen-"));
  try {
    const base = { jobs: 1, schemes: GUARD_SCHEMES, out: null, maxTests: 0, gcc: "gcc", tmp };
    const r = await runCCampaign({ ...base, count: 74, seed: 6440100 });
    const x = await runCCampaign({ ...base, count: 26, seed: 6460004, extra: true });
    expect([...r.failures, ...x.failures].map((f) => `seed ${f.seed}: ${f.kind}${f.scheme ? ` (${f.scheme})` : ""}: ${f.message.split("\n")[0]}`)).toEqual([]);
    expect(r.programs + x.programs).toBe(100);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}, 3_600_000);
