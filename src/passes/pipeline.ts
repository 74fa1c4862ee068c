// runPipeline: runs passes over a module with the instrumentation users read — the verifier
// after each pass, IR dumps before/after passes, change tracking, the per-function pipeline
// record (Compiler Explorer's opt-pipeline shape), remarks, statistics and timings.
//
// Instrumentation lives here, never in the passes (MLIR's pass instrumentation). It prints
// only when asked: with no dump option the manager never prints a function, so the pipeline
// costs the passes plus one verification per pass.
//
// Dumps (ECOSYSTEM.md A7): one fixed header, `; *** IR Dump After <pass> on @fn ***`
// (`Before` for --print-before; `on [module]` for module-scope passes). Whether a pass
// changed a function is decided by comparing the function's printed text before and after,
// never by trusting the pass.

import type { Diagnostic } from "../ir/diagnostics.js";
import { formatDiagnostic } from "../ir/diagnostics.js";
import type { Function, Module } from "../ir/ir.js";
import { isDeclaration } from "../ir/ir.js";
import { printFunction, printModule } from "../ir/printer.js";
import type { Remark } from "../ir/remarks.js";
import { RemarkCollector } from "../ir/remarks.js";
import { verifyFunction, verifyModule } from "../ir/verifier.js";
import type { PassContext, PassInfo, PassOptions } from "./manager.js";
import { AnalysisManager, PassStats } from "./manager.js";
import { parsePipeline } from "./registry.js";
import { unifiedDiff } from "./textdiff.js";

export interface PipelineOptions {
  /** Run the verifier after every pass (default true). */
  verifyEach?: boolean;
  printBeforeAll?: boolean;
  printAfterAll?: boolean;
  /** Pass names to dump before / after. */
  printBefore?: readonly string[];
  printAfter?: readonly string[];
  /** Print the initial IR, then only what changed ("full") or a unified diff of it ("diff"). */
  printChanged?: false | "full" | "diff";
  /** Restrict dumps and the pipeline record to these functions (`@f` or `f`). */
  filterFns?: readonly string[];
  /** Measure each pass's wall time (off by default: output must be deterministic). */
  timePasses?: boolean;
  /** Record each function's text before and after every pass (`--dump-pipeline-json`). */
  recordPipeline?: boolean;
  /** Stop after the first run of this pass (for `ompir dot --after`). */
  stopAfter?: string;
  /** Options handed to every pass. */
  passOptions?: PassOptions;
  /** Where dumps go (default: collected in PipelineResult.dumps). */
  dump?: (text: string) => void;
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
  /** Every remark, in emission order (sort with sortRemarks for display). */
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

/**
 * Runs `pipeline` ("inline,simplify", "-O", or PassInfo[]) over `m` in place. Throws
 * PipelineError for a bad pipeline string and PassVerifyError when a pass breaks the IR.
 */
export function runPipeline(m: Module, pipeline: string | readonly PassInfo[], opts: PipelineOptions = {}): PipelineResult {
  const passes = typeof pipeline === "string" ? parsePipeline(pipeline) : [...pipeline];
  const verifyEach = opts.verifyEach ?? true;
  const filter = opts.filterFns?.map((n) => n.replace(/^@/, ""));
  const shown = (f: Function) => !isDeclaration(f) && (filter === undefined || filter.length === 0 || filter.includes(f.name));
  let dumps = "";
  const out = opts.dump ?? ((s: string) => void (dumps += s));
  const am = new AnalysisManager(m);
  const remarks = new RemarkCollector();
  const stats = new PassStats();
  const timings: PassTiming[] | null = opts.timePasses ? [] : null;
  const record: Record<string, PassRecord[]> | null = opts.recordPipeline ? {} : null;
  const printChanged = opts.printChanged ?? false;
  const wantsAfterText = (p: PassInfo) =>
    printChanged !== false || record !== null || opts.printAfterAll === true || (opts.printAfter?.includes(p.name) ?? false);

  // Printed text of each shown function (by object; functions are never replaced).
  const textOf = (): Map<Function, string> => new Map(m.functions.filter(shown).map((f) => [f, printFunction(m, f)]));
  let current: Map<Function, string> | null = null;
  if (printChanged !== false) {
    current = textOf();
    out(`; *** IR Dump At Start ***\n${[...current.values()].join("\n")}`);
  }

  const ran: string[] = [];
  let changedAny = false;
  for (const p of passes) {
    const moduleScope = p.scope === "module";
    if (opts.printBeforeAll || opts.printBefore?.includes(p.name)) {
      if (moduleScope) out(`; *** IR Dump Before ${p.name} on [module] ***\n${printModule(m)}`);
      else for (const f of m.functions) if (shown(f)) out(`; *** IR Dump Before ${p.name} on @${f.name} ***\n${printFunction(m, f)}`);
    }
    const needBefore = printChanged !== false || record !== null;
    const before = needBefore ? (current ?? textOf()) : null;
    const moduleBefore = needBefore && moduleScope ? printModule(m) : null;

    const ctx: PassContext = { module: m, analyses: am, remarks, stats, options: opts.passOptions ?? {}, pass: p.name };
    const t0 = timings ? now() : 0;
    const result = p.run(ctx);
    if (timings) timings.push({ pass: p.name, ms: now() - t0 });
    ran.push(p.name);
    if (result.changed) {
      changedAny = true;
      am.invalidate(result.preserves ?? "none");
    }

    if (verifyEach) {
      const v0 = timings ? now() : 0;
      const ds = verifyModule(m).filter((d) => d.severity === "error");
      if (timings) timings.push({ pass: "(verifier)", ms: now() - v0 });
      if (ds.length > 0) {
        const broken = m.functions.filter((f) => verifyFunction(m, f).some((d) => d.severity === "error"));
        throw new PassVerifyError(p.name, broken.map((f) => `@${f.name}`), ds, broken.map((f) => printFunction(m, f)).join("\n"), m.source);
      }
    }

    const after = wantsAfterText(p) ? textOf() : null;
    const printAfter = opts.printAfterAll || opts.printAfter?.includes(p.name);
    if (moduleScope && (printAfter || printChanged !== false)) {
      const text = printModule(m);
      const changed = moduleBefore !== text;
      if (printAfter || (printChanged === "full" && changed)) out(`; *** IR Dump After ${p.name} on [module] ***\n${text}`);
      else if (printChanged === "diff" && changed) out(`; *** IR Dump After ${p.name} on [module] ***\n${unifiedDiff(moduleBefore ?? "", text)}`);
      else if (printChanged !== false) out(`; *** IR Dump After ${p.name} on [module] omitted because no change ***\n`);
    } else if (after !== null) {
      for (const [f, text] of after) {
        const prev = before?.get(f) ?? "";
        const changed = prev !== text;
        const header = `; *** IR Dump After ${p.name} on @${f.name}`;
        if (printAfter || (printChanged === "full" && changed)) out(`${header} ***\n${text}`);
        else if (printChanged === "diff" && changed) out(`${header} ***\n${unifiedDiff(prev, text, [`@${f.name} before ${p.name}`, `@${f.name} after ${p.name}`])}`);
        else if (printChanged !== false) out(`${header} omitted because no change ***\n`);
      }
    }
    if (record !== null && after !== null) {
      for (const [f, text] of after) {
        const prev = before?.get(f) ?? "";
        (record[`@${f.name}`] ??= []).push({ pass: p.name, before: prev, after: text, changed: prev !== text });
      }
    }
    current = after;
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
