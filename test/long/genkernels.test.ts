// Generated generic-kernel programs, long tier: 200 verify and the plain ones among seeds
// 1-40 run without a fault but a planted trap (`npm test` runs seeds 1-10).

import { test } from "@jest/globals";
import { verifyAndRun } from "../tools/genkernels-run.js";

test("200 programs (100 with reverse offload) verify, and the plain ones run without a fault", () => {
  verifyAndRun(200, 40);
}, 300_000);
