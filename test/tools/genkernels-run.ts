// Generated generic-kernel programs are valid: shared by test/tools/genkernels.test.ts
// (`npm test`) and test/long/genkernels.test.ts (`npm run test:long`).

import { expect } from "@jest/globals";
import { parseModule } from "../../src/ir/parse.js";
import { verifyModule } from "../../src/ir/verifier.js";
import { execute } from "../../src/runtime/execute.js";
import { GEN_TRAP } from "../../src/tools/genkernels.js";
import { generateGenericProgram } from "../gen/kernels.js";

/** Seeds 1..programs verify (the second half with reverse offload); the plain ones up to
 *  seed `runUpTo` run without a fault but a planted trap. */
export function verifyAndRun(programs: number, runUpTo: number): void {
  for (let seed = 1; seed <= programs; seed++) {
    const ro = seed > programs / 2;
    const text = generateGenericProgram(seed, { reverseOffload: ro });
    const m = parseModule(text, `gen-${seed}.oir`);
    const errors = verifyModule(m).filter((d) => d.severity === "error");
    expect(errors.map((d) => `${seed}: ${d.loc.line}:${d.loc.col}: ${d.message}`)).toEqual([]);
    if (!ro && seed <= runUpTo) {
      const r = execute(m, { maxSteps: 20_000_000 });
      // the only fault a program may take: a trap the generator planted on a computed condition
      if (r.fault !== null) {
        expect([seed, r.fault.kind, r.fault.message.startsWith(GEN_TRAP)]).toEqual([seed, "trap", true]);
        continue;
      }
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toMatch(/host: kernel 0 checksum -?\d+\n/);
    }
  }
}
