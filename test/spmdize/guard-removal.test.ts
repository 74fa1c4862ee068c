// Every guard spmdize adds is needed, and our checks would notice if one were missing: for
// each example, each guard is removed in turn (its `cond_br %is_main` becomes a plain branch
// into the region, so every thread runs the side effects), and the race detector or the
// differential comparison with the generic original must catch it (issue 6, point 7).

import { describe, expect, test } from "@jest/globals";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Function, Module } from "../../src/ir/ir.js";
import { cloneModule } from "../../src/ir/ir.js";
import { parseModule } from "../../src/ir/parse.js";
import { runPipeline } from "../../src/passes/pipeline.js";
import { execute } from "../../src/runtime/execute.js";

const EXAMPLES = join(import.meta.dirname, "../../examples");

/** Blocks whose terminator is a guard: `cond_br %is_main, ^region, ^skip`. */
function guards(f: Function): number[] {
  const out: number[] = [];
  for (const b of f.layout) {
    const insts = f.blocks[b]!.insts;
    const t = f.insts[insts[insts.length - 1]!]!;
    if (t.kind === "cond_br" && f.values[t.cond]!.name === "is_main") out.push(b);
  }
  return out;
}

function removeGuard(m: Module, fn: number, block: number): Module {
  const c = cloneModule(m);
  const f = c.functions[fn]!;
  const insts = f.blocks[block]!.insts;
  const t = f.insts[insts[insts.length - 1]!]!;
  if (t.kind !== "cond_br") throw new Error("not a guard");
  f.insts[insts[insts.length - 1]!] = { kind: "br", target: t.then, args: t.thenArgs, result: t.result, loc: t.loc };
  return c;
}

const RUN = { teams: 2, threads: 64 };

describe("removing any guard is caught", () => {
  const files = readdirSync(EXAMPLES).filter((n) => n.endsWith(".oir")).sort();
  let checked = 0;
  for (const name of files) {
    test(name, () => {
      const text = readFileSync(join(EXAMPLES, name), "utf8");
      const original = execute(parseModule(text, name), { ...RUN, detectRaces: true });
      expect(original.fault).toBeNull();
      expect(original.races).toEqual([]);
      const m = parseModule(text, name);
      runPipeline(m, "inline,simplify,mem2reg,spmdize,barrier-elim");
      const spmd = execute(m, { ...RUN, detectRaces: true });
      expect(spmd.races).toEqual([]);
      expect(spmd.stdout).toBe(original.stdout);
      expect(spmd.hostMemory).toBe(original.hostMemory);
      for (const f of m.functions) {
        for (const b of guards(f)) {
          const broken = execute(removeGuard(m, f.id, b), { ...RUN, detectRaces: true });
          const caught = broken.races.length > 0 || broken.fault !== null || broken.stdout !== original.stdout ||
            broken.hostMemory !== original.hostMemory || broken.exitCode !== original.exitCode;
          if (!caught) throw new Error(`removing the guard in @${f.name} ^${f.blocks[b]!.name ?? b} went unnoticed`);
          checked++;
        }
      }
    });
  }
  test("every guard of every example was removed and checked (8 today; update when examples change)", () => {
    expect(checked).toBe(8);
  });
});
