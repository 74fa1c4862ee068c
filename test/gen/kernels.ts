// The "generic kernels" generator profile for differential testing of SPMD-ization.
//
// The generator itself lives in src/tools/genkernels.ts because `npm run fuzz` ships in
// dist/ (built from src/ only); tests import it from here. See that file's header for what
// the programs exercise and why they are race-free in generic mode.

export { BUF_LEN, generateGenericProgram } from "../../src/tools/genkernels.js";
export type { GenericOptions } from "../../src/tools/genkernels.js";
