// The random module generator produces valid modules that round-trip through the printer.

import { describe, expect, test } from "@jest/globals";
import { DiagnosticError, formatDiagnostic } from "../../src/ir/diagnostics.js";
import type { InstKind } from "../../src/ir/ir.js";
import { forEachInst } from "../../src/ir/ir.js";
import { parseModule } from "../../src/ir/parse.js";
import { printModule } from "../../src/ir/printer.js";
import { verifyModule } from "../../src/ir/verifier.js";
import { Rng, generateModule } from "./generate.js";

function explain(text: string, e: unknown): string {
  if (e instanceof DiagnosticError) return e.diagnostics.map((d) => formatDiagnostic(d, text)).join("\n");
  return String(e);
}

describe("Rng", () => {
  test("is deterministic and spreads over [0, 1)", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(new Set(xs).size).toBe(1000);
    const r = new Rng(7);
    const ints = Array.from({ length: 500 }, () => r.int(1, 4));
    expect(new Set(ints)).toEqual(new Set([1, 2, 3, 4]));
  });
});

describe("generateModule", () => {
  test("is deterministic from the seed", () => {
    expect(generateModule(123)).toBe(generateModule(123));
    expect(generateModule(123)).not.toBe(generateModule(124));
  });

  test("1000 generated modules parse, verify and round-trip", () => {
    const kinds = new Set<string>();
    let generic = 0;
    let spmd = 0;
    for (let seed = 1; seed <= 1000; seed++) {
      const text = generateModule(seed);
      let m;
      try {
        m = parseModule(text, `gen-${seed}.oir`);
      } catch (e) {
        throw new Error(`seed ${seed} does not parse:\n${explain(text, e)}\n\n${text}`);
      }
      const ds = verifyModule(m);
      if (ds.length) throw new Error(`seed ${seed} does not verify:\n${ds.map((d) => formatDiagnostic(d, text)).join("\n")}\n\n${text}`);
      const printed = printModule(m);
      const again = printModule(parseModule(printed, `gen-${seed}.printed.oir`));
      if (again !== printed) throw new Error(`seed ${seed}: print(parse(print(m))) != print(m)`);
      for (const f of m.functions) {
        if (f.mode === "generic") generic++;
        if (f.mode === "spmd") spmd++;
        forEachInst(f, (inst) => kinds.add(inst.kind === "binary" ? `binary.${inst.op}` : inst.kind === "omp.query" ? `omp.${inst.query}` : inst.kind));
      }
    }
    expect(generic).toBeGreaterThan(100);
    expect(spmd).toBeGreaterThan(100);
    // Most instruction kinds appear somewhere in the corpus.
    const wanted: InstKind[] = [
      "icmp", "fcmp", "select", "cast", "alloca", "load", "store", "gep", "atomic", "cmpxchg", "call",
      "call_indirect", "print", "trap", "exit", "omp.parallel", "omp.barrier", "omp.alloc_shared",
      "omp.free_shared", "omp.reverse_offload", "omp.target", "omp.taskwait", "omp.target_enter_data",
      "omp.target_exit_data", "br", "cond_br", "ret", "unreachable",
    ];
    for (const k of wanted) expect([k, kinds.has(k)]).toEqual([k, true]);
    for (const op of ["add", "sdiv", "urem", "shl", "ashr", "fadd", "fdiv", "smin"]) expect([op, kinds.has(`binary.${op}`)]).toEqual([op, true]);
    expect(kinds.has("omp.thread_num")).toBe(true);
  });

  test("features can be switched off", () => {
    for (let seed = 1; seed <= 50; seed++) {
      const text = generateModule(seed, { features: { reverseOffload: false, floats: false, barriers: false, modes: ["generic"] } });
      expect(text).not.toMatch(/omp\.reverse_offload|f64|f32|omp\.barrier| spmd \{/);
      expect(verifyModule(parseModule(text))).toEqual([]);
    }
  });
});
