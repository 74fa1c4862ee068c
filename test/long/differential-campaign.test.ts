// The differential test of SPMD-ization, long tier (`npm run test:long`; CI runs it after
// `npm test`): generated generic-kernel programs, seeds 1-200 under the default guard scheme
// and 1-60 under each other scheme, run as written and after `-O` (test/gen/campaign.ts).
// `npm test` runs the examples, every regression program under every scheme and the first
// seeds of this campaign (test/differential.test.ts). The open-ended campaign is
// `npm run fuzz -- --count 20000 [--guard-scheme S]` (docs/TESTING.md).

import { expect } from "@jest/globals";
import { describeGenerated, describeOtherSchemes } from "../gen/campaign.js";

const PROGRAMS = 200;
const OTHER_SCHEME_PROGRAMS = 60;

describeGenerated(PROGRAMS, (totals) => {
  expect(totals.programs).toBe(PROGRAMS);
  // Recorded in docs/TESTING.md; a drop means the pass or the generator regressed. (Some
  // shapes are left generic on purpose: escaping allocas, kernels that end in a trap.)
  // Measured after the fixes: 156 of 200 programs wholly converted, 283 of 301 kernels.
  expect(totals.converted).toBeGreaterThanOrEqual(Math.floor(PROGRAMS * 0.75));
  expect(totals.kernelsConverted).toBeGreaterThanOrEqual(Math.floor(totals.kernels * 0.9));
});

describeOtherSchemes(OTHER_SCHEME_PROGRAMS);
