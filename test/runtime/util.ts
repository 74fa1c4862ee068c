// Test helpers: parse a module from text and run it.
import { parseModule } from "../../src/ir/parse.js";
import { verifyModule } from "../../src/ir/verifier.js";
import type { CompiledFn, Helpers } from "../../src/runtime/compile.js";
import { compileFunction } from "../../src/runtime/compile.js";
import { DEFAULT_COST_MODEL } from "../../src/runtime/cost.js";
import type { RunOptions, RunResult } from "../../src/runtime/execute.js";
import { execute, reconvergenceBlocks } from "../../src/runtime/execute.js";
import { formatFault } from "../../src/runtime/faults.js";
import { createHash } from "node:crypto";

/** `src` with `requires reverse_offload` appended (so no location moves) if it has a reverse
 *  offload and does not declare it: the programs of the runtime tests predate the rule. */
export function withReverseOffload(src: string): string {
  return src.includes("omp.reverse_offload") && !/^requires\b/m.test(src) ? `${src}\nrequires reverse_offload\n` : src;
}

export function run(src: string, opts: RunOptions = {}): RunResult {
  const m = parseModule(src, "t.oir");
  const errs = verifyModule(m).filter((d) => d.severity === "error");
  if (errs.length) throw new Error("test program does not verify:\n" + errs.map((d) => `${d.loc.line}:${d.loc.col}: ${d.message}`).join("\n"));
  return execute(m, opts);
}

/** The formatted fault message (first line) or "" . */
export function faultText(src: string, opts: RunOptions = {}): { r: RunResult; text: string } {
  const r = run(src, opts);
  return { r, text: r.fault ? formatFault(r.fault, src) : "" };
}

/** A host main that launches kernel @k on one buffer of n i32, then prints it. */
export function withMain(kernel: string, n: number, launch: string, extra = ""): string {
  return `${kernel}

host @main() -> i32 {
^entry:
  %a = alloca i32, ${n}
  omp.target @k(%a) ${launch} map(tofrom: i32 %a[0:${n}])
  br ^loop(0)
^loop(%i: i32):
  %c = icmp slt i32 %i, ${n}
  cond_br %c, ^body, ^done
^body:
  %p = gep i32, %a, %i
  %v = load i32, host %p
  print "%d ", %v
  %i2 = add i32 %i, 1
  br ^loop(%i2)
^done:
  print "\\n"
  ${extra}
  ret 0
}
`;
}

/** Device function `name` of `src` compiled as a 32-lane warp runs it (its generated source
 *  in `.source`), for tests that check which code the engine generates. */
export function compileKernel(src: string, races = false, name = "k"): CompiledFn {
  const m = parseModule(src, "t.oir");
  const f = m.functions.find((g) => g.name === name)!;
  return compileFunction(f, {
    module: m, W: 32, device: true, costs: DEFAULT_COST_MODEL, globalPtr: m.globals.map(() => 0), localIndex: m.globals.map(() => -1),
    funcPtr: m.functions.map(() => 0), ipdom: reconvergenceBlocks(f), helpers: {} as Helpers, races,
  });
}

/** A generated source without the lane-affine forms of its iterated loops (emitIter's
 *  `seg<S>IA`, tried first where a slot may be lane-affine, with the same lane loops): the
 *  tests that count what the code generator emits count the forms every loop has. */
export function slotForm(source: string): string {
  return source.replace(/function seg\d+IA\([\s\S]*?\n}\n/g, "");
}

/** What a run of the engine's fast-path tests compares against results recorded with an
 *  earlier engine: output, exit code, fault (with its cycle), cycles, warp instructions,
 *  active lanes, and a hash of stats, trace, output order and host memory. */
export type Row = [string, number, string, number, number, number, string];

export function observe(src: string, opts: object): Row {
  const r = run(src, { ...opts, trace: true, recordOutputOrder: true });
  const t = r.stats.totals;
  return [r.stdout, r.exitCode, r.fault ? `${formatFault(r.fault, src).split("\n")[0]} @${r.fault.cycle}` : "", t.cycles, t.warpInstructions, t.activeLanes,
    createHash("sha256").update(JSON.stringify([r.stats, r.trace, r.outputOrder, r.hostMemory])).digest("hex").slice(0, 16)];
}
