// Differential test of the transforms (inline,simplify,mem2reg,simplify), `npm test` tier:
// every example and generated programs 1-15 (test/passes/transforms-differential.ts). The
// long tier (test/long/transforms-differential.test.ts) runs seeds 1-60.

import { describeExamples, describeGenerated } from "./transforms-differential.js";

describeExamples();
describeGenerated(15);
