// The pass registry and the default pipeline: one array literal each, so both can be read
// in one place (as Binaryen's registerPass list, which is also its `--help`). `ompir opt
// --help` prints PASSES; `-O` expands to DEFAULT_PIPELINE, documented in docs/PASSES.md.
// Adding a pass: write its file, list it here.
//
// A pass's options are declared here too, once (name, type, values, default, help): the
// pipeline validates them and hands each pass only its own; the CLI derives its flags
// (`--guard-scheme`, `--pass-opt spmdize.guard-scheme=mask`) and its help from them.

import { barrierElim } from "./barrier-elim.js";
import { deadParallel } from "./dead-parallel.js";
import { dedupQueries } from "./dedup-queries.js";
import { deglobalize } from "./deglobalize.js";
import { foldQueries } from "./fold-queries.js";
import { inlinePass } from "./inline.js";
import type { PassInfo, PassOptionInfo, PassOptions } from "./manager.js";
import { mem2reg } from "./mem2reg.js";
import { mergeParallel } from "./merge-parallel.js";
import { printCallGraph, printEffects, printLoops, printUniformity } from "./print-analyses.js";
import { simplify } from "./simplify.js";
import { specializeIndirect } from "./specialize-indirect.js";
import { spmdize } from "./spmdize.js";
import { customStateMachine } from "./state-machine.js";
import { verifyUniformBarriers } from "./uniform-barriers.js";

export const PASSES: readonly PassInfo[] = [
  { name: "inline", description: "inline direct calls bottom-up over the call graph (not recursion, not noinline)", run: inlinePass },
  { name: "simplify", description: "fold constants, remove dead code and unreachable blocks, merge blocks, drop trivial block params", run: simplify },
  { name: "mem2reg", description: "promote non-escaping per-thread allocas of one element to SSA block parameters", run: mem2reg },
  { name: "fold-queries", description: "replace omp.* queries whose value every launch of the reaching kernels fixes with constants (OMP180)", run: foldQueries },
  {
    name: "specialize-indirect",
    description: "turn indirect calls whose possible callees are known into if-cascades of direct calls",
    options: [
      {
        name: "max-callees",
        type: "int",
        default: 3,
        help: "most possible callees an indirect call may have to be specialized (each adds a compare; LLVM's default promotion limit is 3)",
      },
    ],
    run: specializeIndirect,
  },
  {
    name: "deglobalize",
    scope: "module",
    description: "move globalized variables (omp.alloc_shared) to the stack or to static shared memory (OMP110-OMP113)",
    options: [
      {
        name: "shared-limit",
        type: "int",
        default: 49152,
        help: "bytes of shared memory each kernel may gain from globalized variables (like LLVM's -openmp-opt-shared-limit; default 48 KiB, a GPU block's static shared memory)",
      },
    ],
    run: deglobalize,
  },
  { name: "dead-parallel", description: "remove parallel regions started from a kernel's body that can have no observable effect (OMP160)", run: deadParallel },
  {
    name: "spmdize",
    description: "turn generic-mode kernels into SPMD kernels with guarded side effects and broadcasts",
    scope: "module",
    options: [
      {
        name: "guard-scheme",
        type: "enum",
        values: ["auto", "branch", "mask", "naive"],
        default: "auto",
        help: "guard side effects with branch regions, masked stores, the cheaper of the two (auto) or one region each (naive)",
      },
    ],
    run: spmdize,
  },
  {
    name: "merge-parallel",
    scope: "module",
    description: "merge adjacent parallel regions of a generic kernel, the sequential code between them guarded (OMP150)",
    run: mergeParallel,
  },
  { name: "dedup-queries", description: "keep one omp.* query of each kind per function, at its entry (OMP170)", run: dedupQueries },
  {
    name: "custom-state-machine",
    scope: "module",
    description: "give generic kernels a state machine over their known parallel regions, or none (OMP130-OMP133)",
    run: customStateMachine,
  },
  { name: "barrier-elim", description: "remove barriers that order no shared or global memory access, output or trap (OMP190)", run: barrierElim },
  { name: "verify-uniform-barriers", description: "check that each barrier and parallel region of an SPMD kernel sits in uniform control flow", run: verifyUniformBarriers },
  { name: "print-callgraph", description: "report the call graph's SCCs, callees first, as analysis remarks", run: printCallGraph },
  { name: "print-effects", description: "report each function's memory-effect summary as analysis remarks", run: printEffects },
  { name: "print-loops", description: "report natural loops (header, depth, blocks, latches, exits) as analysis remarks", run: printLoops },
  { name: "print-uniformity", description: "report divergent values and branches of each function as analysis remarks", run: printUniformity },
];

/** `-O`: what a user gets without choosing passes (docs/PASSES.md says why in this order). */
export const DEFAULT_PIPELINE: readonly string[] = [
  "inline", "simplify", "mem2reg", "specialize-indirect", "fold-queries", "deglobalize", "dead-parallel", "spmdize", "merge-parallel",
  "dedup-queries", "barrier-elim", "custom-state-machine", "simplify",
];

/** A bad pipeline string or pass option; the CLI reports it as a usage error. */
export class PipelineError extends Error {
  override name = "PipelineError";
}

export function findPass(name: string): PassInfo | undefined {
  return PASSES.find((p) => p.name === name);
}

/** Edit distance (insert, delete, substitute, swap of neighbours), for "did you mean". */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!;
      row[j] = Math.min(d[i - 1]![j]! + 1, row[j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The candidate closest to `word`, if it is close enough to be a typo of it. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestD <= limit ? best : undefined;
}

const didYouMean = (word: string, candidates: Iterable<string>): string => {
  const c = closest(word, candidates);
  return c === undefined ? "" : ` (did you mean '${c}'?)`;
};

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
    if (p === undefined) {
      const hint = didYouMean(item, PASSES.map((q) => q.name));
      throw new PipelineError(`unknown pass '${item}'${hint || ` (known: ${PASSES.map((q) => q.name).join(", ")})`}`);
    }
    out.push(p);
  }
  return out;
}

/** Every declared pass option with its pass, in registry order. */
export function passOptionList(): { pass: PassInfo; option: PassOptionInfo }[] {
  return PASSES.flatMap((pass) => (pass.options ?? []).map((option) => ({ pass, option })));
}

/** `auto|branch|mask|naive`, `true|false`, `N`: what an option accepts. */
export function optionValues(o: PassOptionInfo): string {
  return o.type === "enum" ? o.values!.join("|") : o.type === "bool" ? "true|false" : "N";
}

/** `value` checked against `o`; a string from the command line is converted. */
export function checkOptionValue(pass: string, o: PassOptionInfo, value: unknown): string | boolean | number {
  const bad = (expected: string) => new PipelineError(`${pass} option '${o.name}': ${expected}, got '${String(value)}'`);
  switch (o.type) {
    case "enum":
      if (typeof value === "string" && o.values!.includes(value)) return value;
      throw bad(`expected ${o.values!.slice(0, -1).join(", ")} or ${o.values![o.values!.length - 1]}`);
    case "bool":
      if (typeof value === "boolean") return value;
      if (value === "true" || value === "false") return value === "true";
      throw bad("expected true or false");
    case "int": {
      const n = typeof value === "number" ? value : typeof value === "string" && /^\d+$/.test(value) ? Number(value) : NaN;
      if (Number.isSafeInteger(n) && n >= 0) return n;
      throw bad("expected an integer >= 0");
    }
  }
}

/** Finds the option a key names: `pass.option`, or a bare `option` that exactly one pass declares. */
export function findPassOption(key: string): { pass: PassInfo; option: PassOptionInfo } {
  const all = passOptionList();
  const scoped = all.map((x) => `${x.pass.name}.${x.option.name}`);
  const dot = key.indexOf(".");
  const matches = dot >= 0
    ? all.filter((x) => x.pass.name === key.slice(0, dot) && x.option.name === key.slice(dot + 1))
    : all.filter((x) => x.option.name === key);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw new PipelineError(`pass option '${key}' is ambiguous: say ${matches.map((x) => `${x.pass.name}.${x.option.name}`).join(" or ")}`);
  if (dot >= 0 && findPass(key.slice(0, dot)) === undefined) {
    throw new PipelineError(`unknown pass '${key.slice(0, dot)}' in pass option '${key}'${didYouMean(key.slice(0, dot), PASSES.map((p) => p.name))}`);
  }
  const hint = didYouMean(key, dot >= 0 ? scoped : [...all.map((x) => x.option.name), ...scoped]);
  throw new PipelineError(`unknown pass option '${key}'${hint || ` (known: ${scoped.join(", ") || "none"})`}`);
}

/**
 * The options each pass receives: every key of `given` resolved (findPassOption) and
 * checked, then each pass's declared defaults filled in. Throws PipelineError on an unknown
 * key or a bad value, before any pass runs.
 */
export function resolvePassOptions(given: PassOptions): Map<string, PassOptions> {
  const out = new Map<string, PassOptions>();
  for (const { pass, option } of passOptionList()) {
    const opts = out.get(pass.name) ?? {};
    opts[option.name] = option.default;
    out.set(pass.name, opts);
  }
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    const { pass, option } = findPassOption(key);
    out.get(pass.name)![option.name] = checkOptionValue(pass.name, option, value);
  }
  return out;
}

/** The pass list for `--help`: name and one-line description, aligned. */
export function formatPassList(): string {
  const w = Math.max(...PASSES.map((p) => p.name.length));
  return PASSES.map((p) => `  ${p.name.padEnd(w)}  ${p.description}`).join("\n");
}
