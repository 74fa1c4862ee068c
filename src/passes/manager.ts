// The pass manager's vocabulary: what a pass receives (PassContext), what it returns
// (PassResult), how it is registered (PassInfo), and the analysis cache.
//
// Design (as QBE, Cranelift and MLIR's pass infrastructure do it):
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
  /**
   * With `changed`: the functions whose body or own attributes (mode, state machine) the pass
   * changed, if it touched no other existing function, renamed nothing and changed no
   * function's kind, parameters or return type (appending functions and globals is allowed).
   * The verifier then checks only these and the appended functions. Absent: everything.
   */
  changedFunctions?: readonly Function[];
}

/**
 * The options a pass receives: exactly the ones its PassInfo declares, validated and with
 * defaults filled in by the pipeline (registry.ts resolvePassOptions). As a pipeline input
 * (PipelineOptions.passOptions) keys are `pass.option` or a bare `option` that one pass owns.
 */
export interface PassOptions {
  [key: string]: unknown;
}

/**
 * One option of a pass, declared in its registry entry. The CLI derives `--NAME`,
 * `--pass-opt PASS.NAME=VALUE` and the help text from it; the pipeline validates values
 * against it before any pass runs.
 */
export interface PassOptionInfo {
  name: string;
  /** "enum": one of `values`; "bool": true or false; "int": an integer >= 0. */
  type: "enum" | "bool" | "int";
  values?: readonly string[];
  default: string | boolean | number;
  /** One line for `--help`. */
  help: string;
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
  /** The options the pass reads from `ctx.options` (none if absent). */
  options?: readonly PassOptionInfo[];
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

/**
 * What the analysis cache did (for `--debug-pass-manager`): computed a result, answered from
 * the cache, or dropped a result. `on` is `@fn` or `[module]`.
 */
export interface AnalysisEvent {
  kind: "run" | "cached" | "invalidated";
  analysis: string;
  on: string;
}

/** Caches analysis results per function and per module, and drops them on request. */
export class AnalysisManager {
  private readonly perFunction = new Map<Function, Map<FunctionAnalysis<unknown>, unknown>>();
  private readonly perModule = new Map<ModuleAnalysis<unknown>, unknown>();
  /** How many times each analysis was computed (for tests of the cache). */
  readonly computed = new Map<string, number>();

  /** `listener` hears every cache event (the pipeline's instrumentation hooks). */
  constructor(
    readonly module: Module,
    private readonly listener?: (e: AnalysisEvent) => void,
  ) {}

  get<T>(a: FunctionAnalysis<T>, f: Function): T {
    let cache = this.perFunction.get(f);
    if (cache === undefined) {
      cache = new Map();
      this.perFunction.set(f, cache);
    }
    if (cache.has(a as FunctionAnalysis<unknown>)) {
      this.listener?.({ kind: "cached", analysis: a.name, on: `@${f.name}` });
      return cache.get(a as FunctionAnalysis<unknown>) as T;
    }
    this.listener?.({ kind: "run", analysis: a.name, on: `@${f.name}` });
    const r = a.compute(f, this);
    cache.set(a as FunctionAnalysis<unknown>, r);
    this.computed.set(a.name, (this.computed.get(a.name) ?? 0) + 1);
    return r;
  }

  getModule<T>(a: ModuleAnalysis<T>): T {
    if (this.perModule.has(a as ModuleAnalysis<unknown>)) {
      this.listener?.({ kind: "cached", analysis: a.name, on: "[module]" });
      return this.perModule.get(a as ModuleAnalysis<unknown>) as T;
    }
    this.listener?.({ kind: "run", analysis: a.name, on: "[module]" });
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
    for (const a of this.perModule.keys()) this.listener?.({ kind: "invalidated", analysis: a.name, on: "[module]" });
    this.perModule.clear();
    const drop = (fn: Function, cache: Map<FunctionAnalysis<unknown>, unknown>) => {
      for (const a of [...cache.keys()]) {
        if (preserves === "cfg" && a.cfgOnly) continue;
        this.listener?.({ kind: "invalidated", analysis: a.name, on: `@${fn.name}` });
        cache.delete(a);
      }
    };
    if (f !== undefined) {
      const cache = this.perFunction.get(f);
      if (cache) drop(f, cache);
    } else {
      for (const [fn, cache] of this.perFunction) drop(fn, cache);
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
  /** Per pass, per counter (two lookups of the literals passes pass: no key string built per bump). */
  private readonly values = new Map<string, Map<string, Stat>>();

  bump(pass: string, counter: string, n = 1): void {
    if (n === 0) return;
    let counters = this.values.get(pass);
    if (counters === undefined) this.values.set(pass, (counters = new Map()));
    const s = counters.get(counter);
    if (s) s.value += n;
    else counters.set(counter, { pass, counter, value: n });
  }

  get(pass: string, counter: string): number {
    return this.values.get(pass)?.get(counter)?.value ?? 0;
  }

  /** Every counter, sorted by pass then counter name. */
  entries(): Stat[] {
    return [...this.values.values()]
      .flatMap((counters) => [...counters.values()])
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
