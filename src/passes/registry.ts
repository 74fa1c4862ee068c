// The pass registry and the default pipeline: one array literal each (STYLE.md rule 2,
// Binaryen's registerPass list). `ompir opt --help` prints PASSES; `-O` expands to
// DEFAULT_PIPELINE, documented in docs/PASSES.md. Adding a pass: write its file, list it here.

import { barrierElim } from "./barrier-elim.js";
import { inlinePass } from "./inline.js";
import type { PassInfo } from "./manager.js";
import { mem2reg } from "./mem2reg.js";
import { printCallGraph, printEffects, printLoops, printUniformity } from "./print-analyses.js";
import { simplify } from "./simplify.js";
import { spmdize } from "./spmdize.js";

export const PASSES: readonly PassInfo[] = [
  { name: "inline", description: "inline direct calls bottom-up over the call graph (not recursion, not noinline)", run: inlinePass },
  { name: "simplify", description: "fold constants, remove dead code and unreachable blocks, merge blocks, drop trivial block params", run: simplify },
  { name: "mem2reg", description: "promote non-escaping per-thread allocas of one element to SSA block parameters", run: mem2reg },
  { name: "spmdize", description: "turn generic-mode kernels into SPMD kernels with guarded side effects and broadcasts", scope: "module", run: spmdize },
  { name: "barrier-elim", description: "remove barriers that order no shared or global memory access, output or trap (OMP190)", run: barrierElim },
  { name: "print-callgraph", description: "report the call graph's SCCs, callees first, as analysis remarks", run: printCallGraph },
  { name: "print-effects", description: "report each function's memory-effect summary as analysis remarks", run: printEffects },
  { name: "print-loops", description: "report natural loops (header, depth, blocks, latches, exits) as analysis remarks", run: printLoops },
  { name: "print-uniformity", description: "report divergent values and branches of each function as analysis remarks", run: printUniformity },
];

/** `-O`: what a user gets without choosing passes. Later issues extend it (spmdize …). */
export const DEFAULT_PIPELINE: readonly string[] = ["inline", "simplify", "mem2reg", "spmdize", "barrier-elim", "simplify"];

/** A bad pipeline string; the CLI reports it as a usage error. */
export class PipelineError extends Error {
  override name = "PipelineError";
}

export function findPass(name: string): PassInfo | undefined {
  return PASSES.find((p) => p.name === name);
}

/**
 * "inline,simplify" → the passes in order; "-O" (alone or as an item) expands to the
 * default pipeline. Whitespace around names is ignored; empty items are errors.
 */
export function parsePipeline(text: string): PassInfo[] {
  const items = text.split(",").map((s) => s.trim());
  if (items.length === 1 && items[0] === "") throw new PipelineError("empty pass pipeline");
  const out: PassInfo[] = [];
  for (const item of items) {
    if (item === "") throw new PipelineError(`empty pass name in pipeline '${text}'`);
    if (item === "-O" || item === "default") {
      out.push(...DEFAULT_PIPELINE.map((n) => findPass(n)!));
      continue;
    }
    const p = findPass(item);
    if (p === undefined) throw new PipelineError(`unknown pass '${item}' (known: ${PASSES.map((q) => q.name).join(", ")})`);
    out.push(p);
  }
  return out;
}

/** The pass list for `--help`: name and one-line description, aligned. */
export function formatPassList(): string {
  const w = Math.max(...PASSES.map((p) => p.name.length));
  return PASSES.map((p) => `  ${p.name.padEnd(w)}  ${p.description}`).join("\n");
}
