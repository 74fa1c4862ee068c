// Differential test of the transforms: every example and a batch of generated programs
// produce the same output, exit code and final host memory before and after
// inline,simplify,mem2reg,simplify (docs/LANGUAGE.md, "OpenMP semantics": observable behaviour).
// Two tiers: test/passes/differential.test.ts (`npm test`: the examples, seeds 1-15) and
// test/long/transforms-differential.test.ts (`npm run test:long`, CI: seeds 1-60).

import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { cloneModule } from "../../src/ir/ir.js";
import { parseModule } from "../../src/ir/parse.js";
import { execute } from "../../src/runtime/execute.js";
import { runPipeline } from "../../src/passes/pipeline.js";
import { generateModule } from "../gen/generate.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PIPELINE = "inline,simplify,mem2reg,simplify";

function observe(text: string, file: string) {
  const m = parseModule(text, file);
  const run = (mod: typeof m, costModel?: Record<string, unknown>) => {
    const r = execute(mod, { teams: 2, threads: 32, maxSteps: 5_000_000, costModel });
    // Promoted allocas are no longer memory: compare globals only.
    const globals = r.hostMemory.split("\n").filter((l) => l.startsWith("@"));
    return { exitCode: r.exitCode, stdout: r.stdout, fault: r.fault ? `${r.fault.kind}: ${r.fault.message}` : null, globals };
  };
  const before = run(cloneModule(m));
  // A program whose result depends on timing (a data race) may legitimately change when
  // the transforms make it faster: detect it by perturbing the cost model instead.
  const racy = JSON.stringify(run(cloneModule(m), { host: 7, barrier: 333 })) !== JSON.stringify(before);
  runPipeline(m, PIPELINE);
  return { before, after: run(m), racy };
}

export function describeExamples(): void {
  describe("examples behave the same after the transforms", () => {
    const names = fs.readdirSync(path.join(root, "examples")).filter((n) => n.endsWith(".oir")).sort();
    test.each(names)("%s", (name) => {
      const { before, after, racy } = observe(fs.readFileSync(path.join(root, "examples", name), "utf8"), name);
      expect(racy).toBe(false);
      expect(after).toEqual(before);
    });
  });
}

/** Seeds 1..seeds of the random-module generator (test/gen/generate.ts). */
export function describeGenerated(seeds: number): void {
  describe("generated programs behave the same after the transforms", () => {
    // Reverse offload is left out while the runtime lacks it: output before a fault depends
    // on simulated time, which the transforms (rightly) change.
    test.each(Array.from({ length: seeds }, (_, i) => i + 1))("seed %i", (seed) => {
      const { before, after, racy } = observe(generateModule(seed, { features: { reverseOffload: false } }), `gen-${seed}.oir`);
      expect(before.fault).toBeNull();
      if (!racy) expect(after).toEqual(before);
    });
  });
}
