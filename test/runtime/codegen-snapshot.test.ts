// The generated JavaScript of every function of the examples and of the filetests' inputs
// (before and after the default pipeline, device and host, with and without race hooks) is
// pinned by a hash: a refactor of the code generator must not change a byte of it. A
// deliberate change of generated code re-blesses with `jest -u` and says why.

import { expect, test } from "@jest/globals";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { Module } from "../../src/ir/ir.js";
import { isDeclaration } from "../../src/ir/ir.js";
import { parseModule } from "../../src/ir/parse.js";
import { verifyModule } from "../../src/ir/verifier.js";
import { runPipeline } from "../../src/passes/pipeline.js";
import { DEFAULT_PIPELINE } from "../../src/passes/registry.js";
import type { Helpers } from "../../src/runtime/compile.js";
import { compileFunction } from "../../src/runtime/compile.js";
import { DEFAULT_COST_MODEL } from "../../src/runtime/cost.js";
import { reconvergenceBlocks } from "../../src/runtime/execute.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function sources(m: Module, races: boolean): string {
  const globalPtr = m.globals.map((g, i) => (g.space === "shared" || g.space === "local" ? NaN : 4294967296 * (i + 3)));
  let k = 0;
  const localIndex = m.globals.map((g) => (g.space === "local" ? k++ : -1));
  const funcPtr = m.functions.map((_, i) => 4294967296 * (1000 + i));
  const out: string[] = [];
  for (const f of m.functions) {
    if (isDeclaration(f)) continue;
    const ipdom = reconvergenceBlocks(f);
    for (const [device, W] of f.kind === "host" ? [[false, 1] as const] : [[true, 32] as const, [true, 1] as const]) {
      let cf;
      try {
        cf = compileFunction(f, { module: m, W, device, costs: DEFAULT_COST_MODEL, globalPtr, localIndex, funcPtr, ipdom, helpers: {} as Helpers, races });
      } catch (e) {
        out.push(`@${f.name} W=${W} ${String(e)}`); // e.g. a filetest that only verifies, or a value used before its definition
        continue;
      }
      out.push(`@${f.name} W=${W}\n${cf.source}\n${JSON.stringify(cf.info.map((i) => [i.end, i.instId, i.cont, i.thenSeg, i.elseSeg, i.reconv, i.resultSlot, i.resultBig, i.stagedBig, i.n, i.cost]))}`);
    }
  }
  return out.join("\n");
}

function inputs(): [string, string][] {
  const files: string[] = fs.readdirSync(path.join(root, "examples")).filter((n) => n.endsWith(".oir")).map((n) => `examples/${n}`);
  for (const f of fs.readdirSync(path.join(root, "test/filetests"), { recursive: true }) as string[]) {
    // cc/ files hold C (lowered by the front end), not IR: nothing here to compile.
    if (f.endsWith(".oir") && !f.startsWith("cc/")) files.push(`test/filetests/${f}`);
  }
  const out: [string, string][] = [];
  for (const rel of files.sort()) {
    const text = fs.readFileSync(path.join(root, rel), "utf8");
    let m: Module;
    try {
      m = parseModule(text, rel);
    } catch {
      continue; // parser filetests
    }
    if (verifyModule(m).some((d) => d.severity === "error")) continue;
    out.push([rel, text]);
  }
  return out;
}

test("generated JavaScript is unchanged", () => {
  const hashes: Record<string, string> = {};
  for (const [rel, text] of inputs()) {
    const m = parseModule(text, rel);
    let s = sources(m, false) + sources(m, true);
    try {
      runPipeline(m, DEFAULT_PIPELINE.join(","));
      s += "\n-O\n" + sources(m, false);
    } catch {
      s += "\n-O fails";
    }
    hashes[rel] = createHash("sha256").update(s).digest("hex").slice(0, 16);
  }
  expect(Object.keys(hashes).length).toBeGreaterThan(60);
  expect(hashes).toMatchSnapshot();
});
