// The random module generator's modules parse, verify and round-trip through the printer,
// and use most instruction kinds: shared by test/gen/generate.test.ts (`npm test`, 200
// modules) and test/long/generate.test.ts (1000).

import { expect } from "@jest/globals";
import { DiagnosticError, formatDiagnostic } from "../../src/ir/diagnostics.js";
import type { InstKind } from "../../src/ir/ir.js";
import { forEachInst } from "../../src/ir/ir.js";
import { parseModule } from "../../src/ir/parse.js";
import { printModule } from "../../src/ir/printer.js";
import { verifyModule } from "../../src/ir/verifier.js";
import { generateModule } from "./generate.js";

function explain(text: string, e: unknown): string {
  if (e instanceof DiagnosticError) return e.diagnostics.map((d) => formatDiagnostic(d, text)).join("\n");
  return String(e);
}

/** Seeds 1..count; `check` sees how many generic and SPMD kernels they hold (not vacuous). */
export function roundTrips(count: number, check: (generic: number, spmd: number) => void): void {
  const kinds = new Set<string>();
  let generic = 0;
  let spmd = 0;
  for (let seed = 1; seed <= count; seed++) {
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
  check(generic, spmd);
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
}
