// Every guard spmdize adds is needed, and our checks would notice if one were missing: for
// each example, each guard is removed in turn (its `cond_br %is_main` becomes a plain branch
// into the region, so every thread runs the side effects), and the race detector or the
// differential comparison with the generic original must catch it.

import { describe, expect, test } from "@jest/globals";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Function, Module } from "../../src/ir/ir.js";
import { cloneModule } from "../../src/ir/ir.js";
import { parseModule } from "../../src/ir/parse.js";
import { runPipeline } from "../../src/passes/pipeline.js";
import { execute } from "../../src/runtime/execute.js";

const EXAMPLES = join(import.meta.dirname, "../../examples");

/** Guards: `cond_br %is_main, ^region, ^skip` (branch scheme) and `select ptr %is_main, %p, %dummy` (masked stores). */
function guards(f: Function): number[] {
  const out: number[] = [];
  for (const b of f.layout) {
    for (const id of f.blocks[b]!.insts) {
      const i = f.insts[id]!;
      if ((i.kind === "cond_br" || i.kind === "select") && f.values[i.kind === "cond_br" ? i.cond : i.cond]!.name === "is_main") out.push(id);
    }
  }
  return out;
}

/** Every thread runs the guarded code: the branch always enters the region, the mask always picks the real address. */
function removeGuard(m: Module, fn: number, id: number): Module {
  const c = cloneModule(m);
  const f = c.functions[fn]!;
  const t = f.insts[id]!;
  if (t.kind === "cond_br") f.insts[id] = { kind: "br", target: t.then, args: t.thenArgs, result: t.result, loc: t.loc };
  else if (t.kind === "select") t.b = t.a;
  else throw new Error("not a guard");
  return c;
}

const RUN = { teams: 2, threads: 64, listRevOffloadCalls: true };

const SCHEMES = ["auto", "branch", "mask", "naive"] as const;

describe("removing any guard is caught", () => {
  const files = readdirSync(EXAMPLES).filter((n) => n.endsWith(".oir")).sort();
  const checked = new Map<string, number>();
  for (const name of files) {
    test.each(SCHEMES)(`${name} (guard-scheme %s)`, (scheme) => {
      const text = readFileSync(join(EXAMPLES, name), "utf8");
      const original = execute(parseModule(text, name), { ...RUN, detectRaces: true });
      expect(original.fault).toBeNull();
      expect(original.races).toEqual([]);
      const m = parseModule(text, name);
      runPipeline(m, "inline,simplify,mem2reg,spmdize,barrier-elim", { passOptions: { "guard-scheme": scheme } });
      const spmd = execute(m, { ...RUN, detectRaces: true });
      expect(spmd.races).toEqual([]);
      expect(spmd.stdout).toBe(original.stdout);
      expect(spmd.hostMemory).toBe(original.hostMemory);
      expect(spmd.revOffloadCalls).toBe(original.revOffloadCalls);
      for (const f of m.functions) {
        for (const g of guards(f)) {
          const broken = execute(removeGuard(m, f.id, g), { ...RUN, detectRaces: true });
          const caught = broken.races.length > 0 || broken.fault !== null || broken.stdout !== original.stdout ||
            broken.hostMemory !== original.hostMemory || broken.exitCode !== original.exitCode;
          if (!caught) throw new Error(`removing the guard (instruction #${g}) in @${f.name} went unnoticed`);
          checked.set(scheme, (checked.get(scheme) ?? 0) + 1);
        }
      }
    });
  }
  test("every guard of every example was removed and checked (counts today; update when examples change)", () => {
    expect(Object.fromEntries(SCHEMES.map((s) => [s, checked.get(s) ?? 0]))).toEqual({ auto: 8, branch: 8, mask: 8, naive: 19 });
  });
});
