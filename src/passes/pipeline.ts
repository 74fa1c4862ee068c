// runPipeline: runs passes over a module, with the verifier after each pass, and the
// instrumentation users read — IR dumps before/after passes, change tracking, the
// per-function pipeline record (Compiler Explorer's opt-pipeline shape), timings and the
// pass manager's debug log — as instrumentation hooks around each pass (MLIR's
// PassInstrumentation, LLVM's PassInstrumentationCallbacks).
//
// Each dump option adds one instrumentation; a caller adds its own through
// `instrumentations`. With none, the manager never prints a function, so the pipeline costs
// the passes plus one verification per pass that changed the module. Before hooks run in order, after hooks in
// reverse order (so the timer, registered last, measures only the pass).
//
// Dumps, in the shape LLVM's -print-after-all has (so the tools that read LLVM's dumps, like
// Compiler Explorer's opt-pipeline view, read ours): one fixed header, `; *** IR Dump After <pass> on @fn ***`
// (`Before` for --print-before; `on [module]` for module-scope passes). Whether a pass
// changed a function is decided by comparing the function's printed text before and after,
// never by trusting the pass.

import type { Diagnostic } from "../ir/diagnostics.js";
import { formatDiagnostic } from "../ir/diagnostics.js";
import type { Function, Module } from "../ir/ir.js";
import { compactFunction, isDeclaration } from "../ir/ir.js";
import { printFunction, printModule } from "../ir/printer.js";
import type { Remark, RemarkSink } from "../ir/remarks.js";
import { RemarkCollector } from "../ir/remarks.js";
import { verifyFunction, verifyFunctions, verifyModule } from "../ir/verifier.js";
import type { AnalysisEvent, PassContext, PassInfo, PassOptions, PassResult } from "./manager.js";
import { AnalysisManager, PassStats } from "./manager.js";
import { parsePipeline, resolvePassOptions } from "./registry.js";
import { unifiedDiff } from "./textdiff.js";

/** `--print-changed`: full text or a diff; the quiet forms skip the initial IR and unchanged passes. */
export type PrintChanged = "full" | "diff" | "quiet" | "diff-quiet";

export interface PipelineOptions {
  /** Run the verifier after every pass that reports a change, and after the last (default true). */
  verifyEach?: boolean;
  /**
   * The caller verified the module (the CLI's loadModule does): the verifier may then check
   * only the functions the first pass reports changed, as after any later pass.
   */
  verifiedInput?: boolean;
  printBeforeAll?: boolean;
  printAfterAll?: boolean;
  /** Pass names to dump before / after. */
  printBefore?: readonly string[];
  printAfter?: readonly string[];
  /**
   * Print the initial IR, then only what changed ("full") or a unified diff of it ("diff");
   * "quiet"/"diff-quiet" print neither the initial IR nor a line for an unchanged pass.
   */
  printChanged?: false | PrintChanged;
  /** Restrict dumps and the pipeline record to these functions (`@f` or `f`). */
  filterFns?: readonly string[];
  /** Measure each pass's wall time (off by default: output must be deterministic). */
  timePasses?: boolean;
  /** Record each function's text before and after every pass (`--dump-pipeline-json`). */
  recordPipeline?: boolean;
  /** Log passes run and analyses run, cached and invalidated (`--debug-pass-manager`). */
  debugPassManager?: boolean;
  /** Stop after the first run of this pass (for `ompir dot --after`). */
  stopAfter?: string;
  /**
   * Pass options, keyed `pass.option` or by a bare option name one pass owns; checked
   * against the registry before any pass runs (PipelineError), each pass gets its own.
   */
  passOptions?: PassOptions;
  /** More hooks around each pass, run after the ones the options above add. */
  instrumentations?: readonly PassInstrumentation[];
  /** Where dumps go (default: collected in PipelineResult.dumps). */
  dump?: (text: string) => void;
  /**
   * Keep the passes' remarks in PipelineResult.remarks (default true). A caller that shows
   * none passes false: on a large module they are a tenth of the heap.
   */
  keepRemarks?: boolean;
}

/** Hooks around each pass; every one optional. */
export interface PassInstrumentation {
  beforePass?(pass: PassInfo, m: Module): void;
  /** After the pass and, with verifyEach, after the verifier accepted its output. */
  afterPass?(pass: PassInfo, m: Module, result: PassResult): void;
  beforeVerifier?(pass: PassInfo): void;
  afterVerifier?(pass: PassInfo): void;
  /** The analysis cache computed, reused or dropped a result. */
  analysis?(event: AnalysisEvent): void;
}

export interface PassRecord {
  pass: string;
  before: string;
  after: string;
  changed: boolean;
}

export interface PassTiming {
  pass: string;
  ms: number;
}

export interface PipelineResult {
  module: Module;
  /** The passes that ran, in order. */
  passes: string[];
  /** Whether any pass reported a change. */
  changed: boolean;
  /** Every remark, in emission order (sort with sortRemarks for display); none with keepRemarks: false. */
  remarks: Remark[];
  stats: PassStats;
  /** Per pass run (and "verifier" runs), only with timePasses. */
  timings: PassTiming[] | null;
  /** The dump text, when no `dump` sink was given. */
  dumps: string;
  /** `{ "@fn": [{ pass, before, after, changed }] }` in module order, with recordPipeline. */
  pipeline: Record<string, PassRecord[]> | null;
}

/** A pass left the IR invalid: names the pass and carries the diagnostics and the function. */
export class PassVerifyError extends Error {
  override name = "PassVerifyError";
  constructor(
    readonly pass: string,
    readonly functions: string[],
    readonly diagnostics: Diagnostic[],
    readonly printed: string,
    source: string,
  ) {
    super(
      [
        `verifier failed after pass '${pass}'${functions.length ? ` on ${functions.join(", ")}` : ""}:`,
        ...diagnostics.map((d) => formatDiagnostic(d, source)),
        printed ? `; IR of ${functions.join(", ") || "the module"} after '${pass}':\n${printed.replace(/\n$/, "")}` : "",
      ].filter((s) => s !== "").join("\n"),
    );
  }
}

const now = (): number => globalThis.performance.now();

/** Which functions dumps show: those with a body, restricted by filterFns. */
type Shown = (f: Function) => boolean;

/** --print-before-all / --print-before=P. */
function printBeforeHook(opts: PipelineOptions, shown: Shown, out: (s: string) => void): PassInstrumentation {
  return {
    beforePass(p, m) {
      if (!(opts.printBeforeAll || opts.printBefore?.includes(p.name))) return;
      if (p.scope === "module") out(`; *** IR Dump Before ${p.name} on [module] ***\n${printModule(m)}`);
      else for (const f of m.functions) if (shown(f)) out(`; *** IR Dump Before ${p.name} on @${f.name} ***\n${printFunction(m, f)}`);
    },
  };
}

/**
 * --print-after-all / --print-after=P / --print-changed / --dump-pipeline-json: all compare
 * or show the text after a pass, so they share one snapshot of each function per pass.
 */
function afterTextHook(m: Module, opts: PipelineOptions, shown: Shown, out: (s: string) => void, record: Record<string, PassRecord[]> | null): PassInstrumentation | null {
  const printChanged = opts.printChanged ?? false;
  const printsAfter = (p: PassInfo) => opts.printAfterAll === true || (opts.printAfter?.includes(p.name) ?? false);
  if (printChanged === false && record === null && !opts.printAfterAll && (opts.printAfter?.length ?? 0) === 0) return null;
  const quiet = printChanged === "quiet" || printChanged === "diff-quiet";
  const asDiff = printChanged === "diff" || printChanged === "diff-quiet";
  const textOf = (): Map<Function, string> => new Map(m.functions.filter(shown).map((f) => [f, printFunction(m, f)]));
  const needBefore = printChanged !== false || record !== null;
  // The text after the previous pass is the text before this one (functions are never replaced).
  let current: Map<Function, string> | null = null;
  let before: Map<Function, string> | null = null;
  let moduleBefore: string | null = null;
  if (printChanged !== false) {
    current = textOf();
    if (!quiet) out(`; *** IR Dump At Start ***\n${[...current.values()].join("\n")}`);
  }
  return {
    beforePass(p) {
      before = needBefore ? (current ?? textOf()) : null;
      moduleBefore = needBefore && p.scope === "module" ? printModule(m) : null;
    },
    afterPass(p) {
      const after = needBefore || printsAfter(p) ? textOf() : null;
      const printAfter = printsAfter(p);
      if (p.scope === "module" && (printAfter || printChanged !== false)) {
        const text = printModule(m);
        const changed = moduleBefore !== text;
        const header = `; *** IR Dump After ${p.name} on [module]`;
        if (printAfter || (changed && printChanged !== false && !asDiff)) out(`${header} ***\n${text}`);
        else if (changed && asDiff) out(`${header} ***\n${unifiedDiff(moduleBefore ?? "", text, [`[module] before ${p.name}`, `[module] after ${p.name}`])}`);
        else if (printChanged !== false && !quiet) out(`${header} omitted because no change ***\n`);
      } else if (after !== null && (printAfter || printChanged !== false)) {
        for (const [f, text] of after) {
          const prev = before?.get(f) ?? "";
          const changed = prev !== text;
          const header = `; *** IR Dump After ${p.name} on @${f.name}`;
          if (printAfter || (changed && printChanged !== false && !asDiff)) out(`${header} ***\n${text}`);
          else if (changed && asDiff) out(`${header} ***\n${unifiedDiff(prev, text, [`@${f.name} before ${p.name}`, `@${f.name} after ${p.name}`])}`);
          else if (printChanged !== false && !quiet) out(`${header} omitted because no change ***\n`);
        }
      }
      if (record !== null && after !== null) {
        for (const [f, text] of after) {
          const prev = before?.get(f) ?? "";
          (record[`@${f.name}`] ??= []).push({ pass: p.name, before: prev, after: text, changed: prev !== text });
        }
      }
      current = after;
    },
  };
}

/** --debug-pass-manager: LLVM's `Running pass: …` log, with the analysis cache's events. */
function debugPassManagerHook(out: (s: string) => void): PassInstrumentation {
  const verb = { run: "Running analysis", cached: "Using cached analysis", invalidated: "Invalidating analysis" } as const;
  // A pass asks for the same result many times: one "cached" line per result and pass.
  let reused = new Set<string>();
  return {
    beforePass: (p) => {
      reused = new Set();
      out(`Running pass: ${p.name} on [module]\n`);
    },
    afterPass: (p, _m, r) => out(`Finished pass: ${p.name} (${r.changed ? `changed, preserves ${r.preserves ?? "none"}` : "no change"})\n`),
    beforeVerifier: (p) => out(`Running verifier after ${p.name}\n`),
    analysis: (e) => {
      const key = `${e.analysis} on ${e.on}`;
      if (e.kind === "cached") {
        if (reused.has(key)) return;
        reused.add(key);
      }
      out(`${verb[e.kind]}: ${key}\n`);
    },
  };
}

/** --time-passes: the pass's own time, then the verifier's. */
function timingHook(timings: PassTiming[]): PassInstrumentation {
  let t0 = 0;
  let passDone = false;
  const endPass = (p: PassInfo) => {
    if (passDone) return;
    timings.push({ pass: p.name, ms: now() - t0 });
    passDone = true;
  };
  return {
    beforePass() {
      passDone = false;
      t0 = now();
    },
    beforeVerifier(p) {
      endPass(p);
      t0 = now();
    },
    afterVerifier: () => void timings.push({ pass: "(verifier)", ms: now() - t0 }),
    afterPass: (p) => endPass(p),
  };
}

/**
 * Runs `pipeline` ("inline,simplify", "-O", or PassInfo[]) over `m` in place. Throws
 * PipelineError for a bad pipeline string or pass option and PassVerifyError when a pass
 * breaks the IR.
 */
export function runPipeline(m: Module, pipeline: string | readonly PassInfo[], opts: PipelineOptions = {}): PipelineResult {
  const passes = typeof pipeline === "string" ? parsePipeline(pipeline) : [...pipeline];
  const passOptions = resolvePassOptions(opts.passOptions ?? {});
  const verifyEach = opts.verifyEach ?? true;
  const filter = opts.filterFns?.map((n) => n.replace(/^@/, ""));
  const shown: Shown = (f) => !isDeclaration(f) && (filter === undefined || filter.length === 0 || filter.includes(f.name));
  let dumps = "";
  const out = opts.dump ?? ((s: string) => void (dumps += s));
  const timings: PassTiming[] | null = opts.timePasses ? [] : null;
  const record: Record<string, PassRecord[]> | null = opts.recordPipeline ? {} : null;

  const hooks: PassInstrumentation[] = [];
  if (opts.debugPassManager) hooks.push(debugPassManagerHook(out));
  hooks.push(printBeforeHook(opts, shown, out));
  const afterText = afterTextHook(m, opts, shown, out, record);
  if (afterText !== null) hooks.push(afterText);
  hooks.push(...(opts.instrumentations ?? []));
  if (timings !== null) hooks.push(timingHook(timings));
  const reversed = [...hooks].reverse();

  const listeners = hooks.filter((h) => h.analysis !== undefined);
  const am = new AnalysisManager(m, listeners.length === 0 ? undefined : (e) => listeners.forEach((h) => h.analysis!(e)));
  const remarks = new RemarkCollector();
  const sink: RemarkSink = opts.keepRemarks === false ? { emit: () => {} } : remarks;
  const stats = new PassStats();
  const ran: string[] = [];
  let changedAny = false;
  // Whether the module as it is now passed the verifier: from then on, a pass that names the
  // functions it changed has only those verified (the rest were accepted and are unchanged).
  let verified = opts.verifiedInput === true;
  let compacted = false;
  for (const [i, p] of passes.entries()) {
    const last = i === passes.length - 1 || opts.stopAfter === p.name;
    for (const h of hooks) h.beforePass?.(p, m);
    const ctx: PassContext = { module: m, analyses: am, remarks: sink, stats, options: passOptions.get(p.name) ?? {}, pass: p.name };
    const functionsBefore = m.functions.length;
    const globalsBefore = m.globals.length;
    const result = p.run(ctx);
    ran.push(p.name);
    if (result.changed) {
      changedAny = true;
      am.invalidate(result.preserves ?? "none");
      // Arrays a pass grew keep spare room (a third of the IR after -O's inline and
      // spmdize); the analyses that may survive (CFG-shaped ones) hold none of them. Once
      // all are compact, only what a pass names as changed can have grown.
      if (!compacted || result.changedFunctions === undefined) {
        for (const f of m.functions) compactFunction(f);
        compacted = true;
      } else {
        for (const f of result.changedFunctions) compactFunction(f);
        for (let k = functionsBefore; k < m.functions.length; k++) compactFunction(m.functions[k]!);
      }
    }
    // As in MLIR's pass manager, a pass that reports no change leaves the IR the previous
    // verification accepted and is not verified again; the last pass always is, so the
    // output is verified even if a pass changed the IR without saying so, and it is the
    // whole module, whatever the passes said they changed.
    if (verifyEach && (result.changed || last)) {
      for (const h of reversed) h.beforeVerifier?.(p);
      const only = verified && !last && result.changed ? result.changedFunctions : undefined;
      const appended = m.functions.length !== functionsBefore || m.globals.length !== globalsBefore;
      let ds = (only === undefined ? verifyModule(m) : verifyFunctions(m, [...only, ...m.functions.slice(functionsBefore)], appended)).filter((d) => d.severity === "error");
      for (const h of hooks) h.afterVerifier?.(p);
      verified = ds.length === 0;
      if (ds.length > 0) {
        // The report is the whole module's, as without the shortcut.
        if (only !== undefined) ds = verifyModule(m).filter((d) => d.severity === "error");
        const broken = m.functions.filter((f) => verifyFunction(m, f).some((d) => d.severity === "error"));
        throw new PassVerifyError(p.name, broken.map((f) => `@${f.name}`), ds, broken.map((f) => printFunction(m, f)).join("\n"), m.source);
      }
    }
    for (const h of reversed) h.afterPass?.(p, m, result);
    if (opts.stopAfter === p.name) break;
  }

  return { module: m, passes: ran, changed: changedAny, remarks: remarks.remarks, stats, timings, dumps, pipeline: record };
}

/** Version of the `--dump-pipeline-json` document (schemas/pipeline.schema.json). */
export const PIPELINE_JSON_VERSION = 1;

/**
 * The pipeline record as `--dump-pipeline-json` writes it: Compiler Explorer's opt-pipeline
 * data (`OptPipelineOutput`: `results`, per function a list of `{ name, machine, irChanged,
 * before, after }`, each dump as lines `{ text }`) plus a `version`; keys in module order.
 */
export function pipelineToJson(record: Record<string, PassRecord[]>): string {
  const lines = (text: string) => text.replace(/\n$/, "").split("\n").map((t) => ({ text: t }));
  const results: Record<string, unknown[]> = {};
  for (const [fn, passes] of Object.entries(record)) {
    results[fn] = passes.map((p) => ({ name: p.pass, machine: false, irChanged: p.changed, before: lines(p.before), after: lines(p.after) }));
  }
  return JSON.stringify({ version: PIPELINE_JSON_VERSION, results }, null, 2) + "\n";
}

/** `--time-passes`: one line per pass name (runs summed), slowest first, then the total. */
export function formatTimings(timings: readonly PassTiming[]): string {
  const total = timings.reduce((s, t) => s + t.ms, 0);
  const sums = new Map<string, { ms: number; runs: number }>();
  for (const t of timings) {
    const s = sums.get(t.pass) ?? { ms: 0, runs: 0 };
    s.ms += t.ms;
    s.runs++;
    sums.set(t.pass, s);
  }
  const rows = [...sums].sort((a, b) => b[1].ms - a[1].ms || (a[0] < b[0] ? -1 : 1));
  const lines = ["; pass execution timing report", ";   time (ms)   share  runs  pass"];
  for (const [name, s] of rows) {
    lines.push(`; ${s.ms.toFixed(3).padStart(11)}  ${(total > 0 ? (100 * s.ms) / total : 0).toFixed(1).padStart(5)}%  ${String(s.runs).padStart(4)}  ${name}`);
  }
  lines.push(`; ${total.toFixed(3).padStart(11)}  100.0%        total`);
  return lines.join("\n") + "\n";
}
