// Differential test of the transforms (inline,simplify,mem2reg,simplify), long tier:
// generated programs 1-60 (test/passes/transforms-differential.ts); `npm test` runs the
// examples and seeds 1-15.

import { describeGenerated } from "../passes/transforms-differential.js";

describeGenerated(60);
