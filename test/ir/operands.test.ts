// forEachOperand is a hand-written copy of mapOperands' operand order (it avoids a closure
// per call on the passes' hot paths), so nothing but this test keeps the two in step. On
// every instruction of every example, every filetest program, their -O output and generated
// programs, both must visit the same values in the same order, and a renaming through
// mapOperands must be what forEachOperand then sees. The corpus must hold every kind of
// instruction, or the comparison has not looked.

import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { Inst, InstKind, Module } from "../../src/ir/ir.js";
import { forEachOperand, mapOperands } from "../../src/ir/ir.js";
import { OPCODES } from "../../src/ir/opcodes.js";
import { parseModule } from "../../src/ir/parse.js";
import { verifyModule } from "../../src/ir/verifier.js";
import { runPipeline } from "../../src/passes/pipeline.js";
import { GEN } from "../gen/campaign.js";
import { generateGenericProgram } from "../gen/kernels.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function programs(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (e.name.endsWith(".oir")) out.push(path.join(d, e.name));
    }
  };
  walk(path.join(root, dir));
  return out;
}

function modules(): { name: string; m: Module }[] {
  const out: { name: string; m: Module }[] = [];
  const add = (name: string, text: string) => {
    let m: Module;
    try {
      m = parseModule(text, name);
    } catch {
      return; // bad-input tests
    }
    out.push({ name, m });
    if (verifyModule(m).some((d) => d.severity === "error")) return;
    const o = parseModule(text, name);
    runPipeline(o, "-O", { verifiedInput: true });
    out.push({ name: `${name} after -O`, m: o });
  };
  for (const f of [...programs("examples"), ...programs("test/filetests")]) add(path.relative(root, f), fs.readFileSync(f, "utf8"));
  for (let seed = 1; seed <= 30; seed++) add(`gen-${seed}.oir`, generateGenericProgram(seed, GEN));
  // No example or filetest writes the math calls by hand (the C front end makes them).
  add("fmath.oir", `kernel @k(%p: ptr, %x: f64) spmd {
^entry:
  %a = fmath.sqrt f64 %x
  %b = fmath.pow f64 %a, 2.0
  %c = fmath.hypot f64 %x, %b
  store f64 %c, global %p
  ret
}
`);
  return out;
}

describe("forEachOperand agrees with mapOperands", () => {
  const corpus = modules();

  test("same operands, same order, on every instruction of the corpus", () => {
    const seen = new Set<InstKind>();
    const failures: string[] = [];
    let count = 0;
    for (const { name, m } of corpus) {
      for (const f of m.functions) {
        for (const id of f.layout) {
          for (const iid of f.blocks[id]!.insts) {
            const inst = f.insts[iid]! as Inst;
            seen.add(inst.kind);
            count++;
            const visited: number[] = [];
            forEachOperand(inst, (v) => visited.push(v));
            const mapped: number[] = [];
            const before = JSON.stringify(inst);
            mapOperands(inst, (v) => (mapped.push(v), v));
            if (JSON.stringify(inst) !== before) failures.push(`${name} @${f.name}: mapOperands with the identity changed a ${inst.kind}`);
            if (visited.join(",") !== mapped.join(",")) failures.push(`${name} @${f.name}: ${inst.kind}: forEachOperand ${visited} / mapOperands ${mapped}`);
            // Renamed through mapOperands, forEachOperand must see the new names in place.
            const copy = structuredClone(inst);
            mapOperands(copy, (v) => (v + 100000) as typeof v);
            const renamed: number[] = [];
            forEachOperand(copy, (v) => renamed.push(v));
            if (renamed.join(",") !== mapped.map((v) => v + 100000).join(",")) failures.push(`${name} @${f.name}: ${inst.kind}: renamed ${renamed}`);
          }
        }
      }
    }
    expect(failures.slice(0, 20)).toEqual([]);
    expect(count).toBeGreaterThan(10000);
    const missing = (Object.keys(OPCODES) as InstKind[]).filter((k) => !seen.has(k));
    expect(missing).toEqual([]);
  });
});
