// The pass manager's vocabulary: what a pass receives (PassContext), what it returns
// (PassResult), how it is registered (PassInfo), and the analysis cache.
//
// Design (STYLE.md rules 1, 2, 7; MLIR's pass infrastructure):
// - A pass is a plain function `(ctx) => PassResult` in its own file, listed once in
//   registry.ts. No class hierarchy.
// - Analyses are descriptors (a name plus a compute function) whose results the
//   AnalysisManager caches per function or per module. A pass asks for what it needs
//   (`ctx.analyses.get(LOOPS, f)`) and says what survives in its result (`preserves`); the
//   manager drops the rest. A pass that edits the IR and then wants a fresh analysis in the
//   same run calls `ctx.analyses.invalidate(...)` itself: the cache is cleared by the pass,
//   never guessed.
// - "cfg" preservation keeps the analyses marked `cfgOnly` (cfg, dominators, loops …): they
//   depend only on blocks and terminators, which such a pass promises not to touch.

import type { Function, Module } from "../ir/ir.js";
import type { RemarkSink } from "../ir/remarks.js";

/** What survives a pass: everything, only CFG-shaped analyses, or nothing. */
export type Preserved = "all" | "cfg" | "none";

export interface PassResult {
  changed: boolean;
  /** Which analyses survive (default: "all" when unchanged, "none" when changed). */
  preserves?: Preserved;
}

/**
 * A free-form options bag handed to every pass (`ompir opt --pass-opt key=value` fills it
 * from the command line). Passes may give their options types by declaration merging:
 *   declare module "./manager.js" { interface PassOptions { guardScheme?: "branch" | "mask" } }
 */
export interface PassOptions {
  [key: string]: unknown;
}

export interface PassContext {
  module: Module;
  analyses: AnalysisManager;
  remarks: RemarkSink;
  stats: PassStats;
  options: PassOptions;
  /** The name the pass runs under (for remarks and stats). */
  pass: string;
}

export interface PassInfo {
  /** The name used in pipelines (`--passes=inline,simplify`). */
  name: string;
  /** One line for `ompir opt --help`. */
  description: string;
  /**
   * How dumps show the pass's effect: per function (the default: `... on @fn`) or as the
   * whole module (`... on [module]`), for passes that change globals or kernel modes.
   */
  scope?: "function" | "module";
  run(ctx: PassContext): PassResult;
}

// ---------------------------------------------------------------------------------------
// Analyses

/** An analysis of one function, e.g. `export const LOOPS: FunctionAnalysis<LoopInfo>`. */
export interface FunctionAnalysis<T> {
  readonly name: string;
  /** True if the result depends only on the CFG (kept when a pass preserves "cfg"). */
  readonly cfgOnly: boolean;
  compute(f: Function, am: AnalysisManager): T;
}

/** An analysis of the whole module (call graph, effect summaries). */
export interface ModuleAnalysis<T> {
  readonly name: string;
  compute(m: Module, am: AnalysisManager): T;
}

export function functionAnalysis<T>(name: string, cfgOnly: boolean, compute: (f: Function, am: AnalysisManager) => T): FunctionAnalysis<T> {
  return { name, cfgOnly, compute };
}

export function moduleAnalysis<T>(name: string, compute: (m: Module, am: AnalysisManager) => T): ModuleAnalysis<T> {
  return { name, compute };
}

/** Caches analysis results per function and per module, and drops them on request. */
export class AnalysisManager {
  private readonly perFunction = new Map<Function, Map<FunctionAnalysis<unknown>, unknown>>();
  private readonly perModule = new Map<ModuleAnalysis<unknown>, unknown>();
  /** How many times each analysis was computed (for tests of the cache). */
  readonly computed = new Map<string, number>();

  constructor(readonly module: Module) {}

  get<T>(a: FunctionAnalysis<T>, f: Function): T {
    let cache = this.perFunction.get(f);
    if (cache === undefined) {
      cache = new Map();
      this.perFunction.set(f, cache);
    }
    if (cache.has(a as FunctionAnalysis<unknown>)) return cache.get(a as FunctionAnalysis<unknown>) as T;
    const r = a.compute(f, this);
    cache.set(a as FunctionAnalysis<unknown>, r);
    this.computed.set(a.name, (this.computed.get(a.name) ?? 0) + 1);
    return r;
  }

  getModule<T>(a: ModuleAnalysis<T>): T {
    if (this.perModule.has(a as ModuleAnalysis<unknown>)) return this.perModule.get(a as ModuleAnalysis<unknown>) as T;
    const r = a.compute(this.module, this);
    this.perModule.set(a as ModuleAnalysis<unknown>, r);
    this.computed.set(a.name, (this.computed.get(a.name) ?? 0) + 1);
    return r;
  }

  /**
   * Drops what does not survive `preserves`. With `f`, only that function's analyses (and
   * every module analysis, since those summarise all functions) are dropped.
   */
  invalidate(preserves: Preserved, f?: Function): void {
    if (preserves === "all") return;
    this.perModule.clear();
    const drop = (cache: Map<FunctionAnalysis<unknown>, unknown>) => {
      if (preserves === "none") cache.clear();
      else for (const a of [...cache.keys()]) if (!a.cfgOnly) cache.delete(a);
    };
    if (f !== undefined) {
      const cache = this.perFunction.get(f);
      if (cache) drop(cache);
    } else {
      for (const cache of this.perFunction.values()) drop(cache);
    }
  }

  /** Whether a result is cached (for tests). */
  has(a: FunctionAnalysis<unknown> | ModuleAnalysis<unknown>, f?: Function): boolean {
    if (f === undefined) return this.perModule.has(a as ModuleAnalysis<unknown>);
    return this.perFunction.get(f)?.has(a as FunctionAnalysis<unknown>) ?? false;
  }
}

// ---------------------------------------------------------------------------------------
// Statistics

export interface Stat {
  pass: string;
  counter: string;
  value: number;
}

/** Named counters (`--stats`), e.g. bump("inline", "calls inlined"). */
export class PassStats {
  private readonly values = new Map<string, Stat>();

  bump(pass: string, counter: string, n = 1): void {
    if (n === 0) return;
    const key = `${pass}\u0000${counter}`;
    const s = this.values.get(key);
    if (s) s.value += n;
    else this.values.set(key, { pass, counter, value: n });
  }

  get(pass: string, counter: string): number {
    return this.values.get(`${pass}\u0000${counter}`)?.value ?? 0;
  }

  /** Every counter, sorted by pass then counter name. */
  entries(): Stat[] {
    return [...this.values.values()]
      .map((s) => ({ ...s }))
      .sort((a, b) => cmp(a.pass, b.pass) || cmp(a.counter, b.counter));
  }

  /** LLVM -stats style: right-aligned value, pass, counter; one per line. */
  format(): string {
    const es = this.entries();
    if (es.length === 0) return "; no statistics collected\n";
    const w = Math.max(...es.map((e) => String(e.value).length));
    return ["; statistics", ...es.map((e) => `${String(e.value).padStart(w)} ${e.pass} - ${e.counter}`)].join("\n") + "\n";
  }

  /** The JSON document for `opt --stats-json` (schemas/pass-stats.schema.json), sorted as entries(). */
  toJson(): string {
    return JSON.stringify({ version: PASS_STATS_JSON_VERSION, stats: this.entries() }, null, 2) + "\n";
  }
}

/** Version of the pass-statistics JSON document. */
export const PASS_STATS_JSON_VERSION = 1;

/** Code-unit order (never locale-dependent). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
