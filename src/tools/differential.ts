// Differential check of SPMD-ization (docs/LANGUAGE.md, "OpenMP semantics":
// what SPMD-ization preserves): run a program as written (generic kernels) and after a pipeline (default
// `-O`), and compare everything observable.
//
// Compared: exit code; fault (kind, message, location); final host memory
// (RunResult.hostMemory: host globals and main's allocas that both runs have, by name); output. The output order the
// language defines (docs/LANGUAGE.md, "Order of output") is checked on order labels the
// runtime records (checkOutputOrder). Output text is then compared exactly, or else per thread: lines tagged `t<team>.<thread>|` (as the generic-kernel
// generator tags them) are grouped by tag and each thread's sequence must be identical,
// while the interleaving of different threads may change — it is a scheduling artifact
// (teams run concurrently and a transformation changes their timing). Untagged lines form
// one more sequence that must be identical. Reverse-offload calls are compared per
// (launch, team, thread) through RunResult.revOffloadCalls (host function and arguments, in
// program order), and the generator's host callees also print the calling thread's tag.
// Checked statically too: every kernel the pipeline turned from generic into SPMD keeps its
// barriers and parallel regions in uniform control flow (verify-uniform-barriers's rule),
// whatever this run's schedule would expose.

import { DiagnosticError, formatDiagnostic } from "../ir/diagnostics.js";
import { parseModule } from "../ir/parse.js";
import { verifyModule } from "../ir/verifier.js";
import { isDeclaration } from "../ir/ir.js";
import { EFFECTS } from "../passes/effects.js";
import type { PassInfo, PassOptions } from "../passes/manager.js";
import { AnalysisManager } from "../passes/manager.js";
import { checkUniformBarriers } from "../passes/uniform-barriers.js";
import { UNIFORMITY } from "../passes/uniformity.js";
import { runPipeline } from "../passes/pipeline.js";
import type { RunOptions, RunResult } from "../runtime/execute.js";
import { execute } from "../runtime/execute.js";
import type { RuntimeFault } from "../runtime/faults.js";
import type { RaceReport } from "../runtime/races.js";
import type { OutputLine, OutputOrder } from "../runtime/output.js";
import { formatFault } from "../runtime/faults.js";

export type MismatchKind =
  | "bad-input" // does not parse or verify
  | "input-fault" // the original faults where it must not (a generator bug)
  | "pipeline" // a pass threw or broke the IR
  | "input-race" // the original has a data race (a generator bug)
  | "input-order" // the original's output breaks the language's order rule (a runtime bug)
  | "exit" | "fault" | "host-memory" | "stdout" | "rev-offload"
  | "order" // output order the language defines changed (docs/LANGUAGE.md, "Order of output")
  | "race" // the transformed program has a data race the original does not
  | "crash"; // a run threw (an internal error of the runtime, e.g. simulated memory exhausted)

export interface Mismatch {
  kind: MismatchKind;
  message: string;
}

export interface DiffOptions {
  /** Pipeline applied to the second run (default "-O"); passes may be given directly. */
  pipeline?: string | readonly PassInfo[];
  /** Options for the passes (e.g. `{ "guard-scheme": "mask" }`). */
  passOptions?: PassOptions;
  run?: RunOptions;
  /** The original may fault (then the transformed run must fault identically): always, or
   *  when the predicate accepts its fault (e.g. the generator's planted traps). Default false. */
  allowFault?: boolean | ((fault: RuntimeFault) => boolean);
  /** Run both with the race detector: the original must be race-free and the result too
   *  (a missing guard can race without changing this run's output). Default true. */
  detectRaces?: boolean;
  /** Check the output order the language defines (checkOutputOrder). Default true. */
  checkOrder?: boolean;
}

export interface DiffResult {
  mismatch: Mismatch | null;
  /** Generic kernels in the input, OMP120 remarks, and SPMD kernels afterwards. */
  genericKernels: number;
  converted: number;
  spmdKernels: number;
  /** Output equal only up to the interleaving of threads. */
  reordered: boolean;
  original: RunResult | null;
  transformed: RunResult | null;
}

/** Default step limit for differential runs: generated programs are small and bounded. */
export const DIFF_MAX_STEPS = 20_000_000;

const TAG = /\bt(\d+)\.(\d+)\|/;

/**
 * Output as per-thread sequences: the untagged lines first (unless `taggedOnly`), then each
 * tag's lines in (team, thread) order, each group under a `== t<team>.<thread>` header.
 */
export function outputByThread(stdout: string, taggedOnly = false): string {
  const groups = new Map<string, { team: number; thread: number; lines: string[] }>();
  const untagged: string[] = [];
  const lines = stdout.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  for (const l of lines) {
    const m = TAG.exec(l);
    if (m === null) {
      if (!taggedOnly) untagged.push(l);
      continue;
    }
    const key = `t${m[1]}.${m[2]}`;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { team: Number(m[1]), thread: Number(m[2]), lines: [] }));
    g.lines.push(l);
  }
  const sorted = [...groups.entries()].sort((a, b) => a[1].team - b[1].team || a[1].thread - b[1].thread);
  const out = [...untagged];
  for (const [key, g] of sorted) out.push(`== ${key}`, ...g.lines);
  return out.length ? out.join("\n") + "\n" : "";
}

/**
 * `mine` without the main allocas `other` lacks: the pipeline transforms @main too (inlining
 * brings a callee's allocas into it, mem2reg removes some), so an alloca only one run has is
 * not program behaviour; globals, and allocas both runs have (same value name), are compared.
 */
function comparableHostMemory(mine: string, other: string): string {
  const label = (line: string) => line.slice(0, line.indexOf(": "));
  const theirs = new Set(other.split("\n").map(label));
  return mine.split("\n").filter((l) => !l.startsWith("main alloca ") || theirs.has(label(l))).join("\n");
}

function firstDifference(a: string, b: string): string {
  const la = a.split("\n");
  const lb = b.split("\n");
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) {
      let head = "";
      for (let j = i; j >= 0; j--) if (la[j]?.startsWith("== ")) { head = ` (${la[j]!.slice(3)})`; break; }
      return `line ${i + 1}${head}: expected ${JSON.stringify(la[i] ?? "<end>")}, got ${JSON.stringify(lb[i] ?? "<end>")}`;
    }
  }
  return "identical";
}

function faultKey(f: RuntimeFault | null): string {
  return f === null ? "none" : `${f.kind} at ${f.loc.line}:${f.loc.col}: ${f.message}`;
}

function describeRace(r: RaceReport): string {
  const site = (s: RaceReport["first"]) => `${s.access} by thread ${s.thread} at @${s.func} ${s.loc.line}:${s.loc.col}`;
  return `kernel @${r.kernel} team ${r.team}, ${r.space} memory: ${site(r.first)}, then ${site(r.second)}`;
}

/** What the comparison looks at. */
export type Observed = Pick<RunResult, "exitCode" | "stdout" | "fault" | "hostMemory"> & Partial<Pick<RunResult, "revOffloadCalls" | "outputOrder">>;

const where = (l: OutputLine): string => (l.launch < 0 ? "host" : `#${l.launch} team ${l.team} thread ${l.thread}`);
const threadKey = (l: OutputLine): string => `${l.launch}.${l.team}.${l.thread}`;

/**
 * The output order the language defines (docs/LANGUAGE.md, "Order of output"), checked on
 * the transformed run `b` against the original `a` (both with recordOutputOrder). The k-th
 * line of a thread in `b` corresponds to the k-th line of that thread in `a` and carries its
 * labels. Required: each thread's lines are the same text in the same order (when neither
 * run faulted: a fault may cut them at a different point); per team, the original epochs
 * are non-decreasing in `b`'s order (a line printed before a team-wide synchronisation
 * comes before every line after it); every device line of launch L comes after the host
 * lines printed before L was issued and before the host lines printed after the host
 * waited for L. Lines of host functions run by reverse offload are not ordered by the rule.
 */
export function checkOutputOrder(a: OutputOrder, b: OutputOrder, complete = true, fault: RuntimeFault | null = null, faultB: RuntimeFault | null = fault, ownLines = true): Mismatch | null {
  const labels = new Map<string, OutputLine[]>();
  for (const l of a.lines) {
    if (l.epoch === -2) continue;
    const k = threadKey(l);
    (labels.get(k) ?? labels.set(k, []).get(k)!).push(l);
  }
  const seen = new Map<string, number>();
  const teamLast = new Map<string, { line: OutputLine; label: OutputLine }>();
  const hostPos: number[] = [];
  const device: { pos: number; line: OutputLine }[] = [];
  for (let pos = 0; pos < b.lines.length; pos++) {
    const l = b.lines[pos]!;
    if (l.epoch === -2) continue;
    const k = threadKey(l);
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    const orig = labels.get(k)?.[n];
    if (orig === undefined) {
      if (!complete) continue;
      return { kind: "stdout", message: `${where(l)} printed ${JSON.stringify(l.text)} as its line ${n + 1}, the original only ${n} line${n === 1 ? "" : "s"}` };
    }
    if (complete && orig.text !== l.text) {
      return { kind: "stdout", message: `${where(l)} line ${n + 1}: expected ${JSON.stringify(orig.text)}, got ${JSON.stringify(l.text)}` };
    }
    if (l.launch < 0) {
      hostPos.push(pos);
      continue;
    }
    device.push({ pos, line: l });
    const team = `${l.launch}.${l.team}`;
    const last = teamLast.get(team);
    if (last !== undefined && last.label.epoch > orig.epoch) {
      return {
        kind: "order",
        message: `launch #${l.launch} team ${l.team}: ${JSON.stringify(l.text)} (thread ${l.thread}, after ${orig.epoch} team synchronisations) ` +
          `came out after ${JSON.stringify(last.line.text)} (thread ${last.line.thread}, after ${last.label.epoch})`,
      };
    }
    if (last === undefined || orig.epoch >= last.label.epoch) teamLast.set(team, { line: l, label: orig });
  }
  if (complete) {
    // Host functions run by reverse offload: the same lines, in any order.
    const served = (o: OutputOrder) => o.lines.filter((l) => l.epoch === -2).map((l) => l.text).sort();
    const sa = served(a);
    const sb = served(b);
    const i = sa.findIndex((t, j) => t !== sb[j]);
    if (sa.length !== sb.length || i >= 0) {
      return { kind: "stdout", message: `lines of host functions run by reverse offload differ: expected ${sa.length}, got ${sb.length}${i >= 0 ? `; first difference ${JSON.stringify(sa[i])}` : ""}` };
    }
    for (const [k, ls] of labels) {
      const n = seen.get(k) ?? 0;
      if (n < ls.length) return { kind: "stdout", message: `${where(ls[0]!)} printed ${n} line${n === 1 ? "" : "s"}, the original ${ls.length}; missing ${JSON.stringify(ls[n]!.text)}` };
    }
  } else if (fault?.sync !== undefined && faultB?.sync?.launch === fault.sync.launch && faultB.team === fault.team) {
    // A fault loses no line its team printed before a synchronisation the faulting thread
    // passed (a thread's lines come in epoch order: those are a prefix of each thread's),
    // nor, with ownLines (a generic kernel's main thread, alone in its sequential part),
    // any line of the faulting thread. Only when both runs fault in the same team: another
    // team may fault first.
    const { launch, epoch } = fault.sync;
    const got = new Map<string, string[]>();
    for (const l of b.lines) {
      if (l.launch !== launch || l.team !== fault.team) continue;
      const k = threadKey(l);
      (got.get(k) ?? got.set(k, []).get(k)!).push(l.text);
    }
    for (const [k, ls] of labels) {
      const l0 = ls[0]!;
      if (l0.launch !== launch || l0.team !== fault.team) continue;
      let need = 0;
      if (ownLines && l0.thread === fault.thread) need = ls.length;
      else while (need < ls.length && ls[need]!.epoch < epoch) need++;
      const texts = got.get(k) ?? [];
      const i = ls.findIndex((l, j) => j < need && texts[j] !== l.text);
      if (i >= 0) {
        return { kind: "stdout", message: `${where(l0)} line ${i + 1} before the fault: expected ${JSON.stringify(ls[i]!.text)} (printed before a team synchronisation the fault came after, or by the faulting thread), got ${texts[i] === undefined ? "none" : JSON.stringify(texts[i])}` };
      }
    }
  }
  for (const { pos, line } of device) {
    const launch = a.launches[line.launch];
    if (launch === undefined) continue;
    const lastBefore = launch.issued > 0 ? hostPos[launch.issued - 1] : undefined;
    if (lastBefore !== undefined && pos < lastBefore) {
      return { kind: "order", message: `${where(line)}: ${JSON.stringify(line.text)} came out before host line ${launch.issued}, which the host printed before launching #${line.launch}` };
    }
    const firstAfter = launch.waited === Infinity ? undefined : hostPos[launch.waited];
    if (firstAfter !== undefined && pos > firstAfter) {
      return { kind: "order", message: `${where(line)}: ${JSON.stringify(line.text)} came out after host line ${launch.waited + 1}, which the host printed after waiting for #${line.launch}` };
    }
  }
  return null;
}

/** Compares two runs; null when they agree. */
export function compareRuns(a: Observed, b: Observed, faultOwnLines = true): { mismatch: Mismatch | null; reordered: boolean } {
  const fa = faultKey(a.fault);
  const fb = faultKey(b.fault);
  if (fa !== fb) return { mismatch: { kind: "fault", message: `fault differs: expected ${fa}, got ${fb}` }, reordered: false };
  if (a.exitCode !== b.exitCode) return { mismatch: { kind: "exit", message: `exit code differs: expected ${a.exitCode}, got ${b.exitCode}` }, reordered: false };
  let reordered = false;
  const labelled = a.outputOrder && b.outputOrder ? { a: a.outputOrder, b: b.outputOrder } : null;
  if (labelled !== null) {
    const m = checkOutputOrder(labelled.a, labelled.b, a.fault === null, a.fault, b.fault, faultOwnLines);
    if (m !== null) return { mismatch: m, reordered };
  }
  if (a.stdout !== b.stdout) {
    // With order labels, the rule was checked above on every thread's lines; the text check
    // remains for lines tagged by the thread they are about (reverse-offload callees).
    const ca = labelled ? outputByThread(a.stdout, true) : outputByThread(a.stdout);
    const cb = labelled ? outputByThread(b.stdout, true) : outputByThread(b.stdout);
    if (ca !== cb) return { mismatch: { kind: "stdout", message: `output differs at ${firstDifference(ca, cb)}` }, reordered: false };
    reordered = true;
  }
  const ha = comparableHostMemory(a.hostMemory, b.hostMemory);
  const hb = comparableHostMemory(b.hostMemory, a.hostMemory);
  if (ha !== hb) {
    return { mismatch: { kind: "host-memory", message: `final host memory differs at ${firstDifference(ha, hb)}` }, reordered };
  }
  if ((a.revOffloadCalls ?? "") !== (b.revOffloadCalls ?? "")) {
    const d = firstDifference(a.revOffloadCalls ?? "", b.revOffloadCalls ?? "");
    return { mismatch: { kind: "rev-offload", message: `reverse-offload calls differ at ${d}` }, reordered };
  }
  return { mismatch: null, reordered };
}

/** Runs `text` before and after the pipeline and compares the runs. Never throws for a bad program. */
export function differential(text: string, file: string, opts: DiffOptions = {}): DiffResult {
  const result: DiffResult = { mismatch: null, genericKernels: 0, converted: 0, spmdKernels: 0, reordered: false, original: null, transformed: null };
  const load = () => {
    const m = parseModule(text, file);
    const errors = verifyModule(m).filter((d) => d.severity === "error");
    if (errors.length) throw new DiagnosticError(errors);
    return m;
  };
  let m;
  try {
    m = load();
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    result.mismatch = { kind: "bad-input", message: e.diagnostics.map((d) => formatDiagnostic(d, text)).join("\n") };
    return result;
  }
  result.genericKernels = m.functions.filter((f) => f.kind === "kernel" && f.mode === "generic").length;
  const runOpts: RunOptions = { maxSteps: DIFF_MAX_STEPS, detectRaces: opts.detectRaces ?? true, recordOutputOrder: opts.checkOrder ?? true, listRevOffloadCalls: true, ...opts.run };
  const run = (mod: typeof m, which: string): RunResult | Mismatch => {
    try {
      return execute(mod, runOpts);
    } catch (e) {
      return { kind: "crash", message: `the ${which} run threw: ${e instanceof Error ? e.message : String(e)}` };
    }
  };
  const a0 = run(m, "original");
  if ("kind" in a0) {
    result.mismatch = a0;
    return result;
  }
  const a = (result.original = a0);
  const allowed = typeof opts.allowFault === "function" ? a.fault !== null && opts.allowFault(a.fault) : opts.allowFault === true;
  if (a.fault !== null && !allowed) {
    result.mismatch = { kind: "input-fault", message: `the original program faults: ${formatFault(a.fault, text)}` };
    return result;
  }
  if (a.races.length > 0) {
    result.mismatch = { kind: "input-race", message: `the original program races: ${describeRace(a.races[0]!)}` };
    return result;
  }
  const selfOrder = a.outputOrder ? checkOutputOrder(a.outputOrder, a.outputOrder, a.fault === null, a.fault) : null;
  if (selfOrder !== null) {
    result.mismatch = { kind: "input-order", message: `the original run breaks the order of output: ${selfOrder.message}` };
    return result;
  }
  const m2 = load();
  try {
    const p = runPipeline(m2, opts.pipeline ?? "-O", { passOptions: opts.passOptions ?? {} });
    result.converted = p.remarks.filter((r) => r.id === "OMP120").length;
  } catch (e) {
    result.mismatch = { kind: "pipeline", message: `the pipeline failed: ${e instanceof Error ? e.message : String(e)}` };
    return result;
  }
  result.spmdKernels = m2.functions.filter((f) => f.kind === "kernel" && f.mode === "spmd").length;
  // spmdize's guarantee, checked statically: a kernel it converted keeps every barrier and
  // parallel region in uniform control flow (verify-uniform-barriers), whether or not this
  // run's schedule would expose a violation.
  const wasGeneric = new Set(m.functions.filter((f) => f.kind === "kernel" && f.mode === "generic").map((f) => f.name));
  const converted = m2.functions.filter((f) => f.kind === "kernel" && f.mode === "spmd" && wasGeneric.has(f.name) && !isDeclaration(f));
  if (converted.length > 0) {
    const am = new AnalysisManager(m2);
    const eff = am.getModule(EFFECTS);
    const ds = converted.flatMap((f) => checkUniformBarriers(m2, f, am.get(UNIFORMITY, f), eff));
    if (ds.length > 0) {
      result.mismatch = { kind: "pipeline", message: `spmdize left a synchronisation in divergent control flow: ${ds.map((d) => formatDiagnostic(d, "")).join("\n")}` };
      return result;
    }
  }
  const b0 = run(m2, "transformed");
  if ("kind" in b0) {
    result.mismatch = b0;
    return result;
  }
  const b = (result.transformed = b0);
  // The faulting thread's own earlier lines are fixed when it is a generic kernel's main
  // thread (in an SPMD kernel another thread may fault first at the same place).
  const faultKernel = a.fault?.kernel === undefined ? undefined : m.functions.find((f) => f.name === a.fault!.kernel);
  const c = compareRuns(a, b, faultKernel?.mode === "generic");
  result.mismatch = c.mismatch;
  result.reordered = c.reordered;
  if (result.mismatch === null && b.races.length > 0) {
    result.mismatch = { kind: "race", message: `the transformed program races (${b.races.length} report${b.races.length > 1 ? "s" : ""}): ${describeRace(b.races[0]!)}` };
  }
  return result;
}

export interface FormatRunOptions {
  /** Output grouped per thread (outputByThread) instead of in time order. */
  byThread?: boolean;
  /** Append the final host memory. */
  hostMemory?: boolean;
}

/**
 * A run as golden text (the `run` filetest kind): the output, then `-- exit N`, the fault
 * (if any) as `ompir run` reports it, and optionally `-- host memory` lines.
 */
export function formatRun(r: RunResult, source: string, opts: FormatRunOptions = {}): string {
  let text = opts.byThread ? outputByThread(r.stdout) : r.stdout;
  if (text !== "" && !text.endsWith("\n")) text += "\n";
  text += `-- exit ${r.exitCode}\n`;
  if (r.fault !== null) text += `-- ${formatFault(r.fault, source)}\n`;
  if (opts.hostMemory) text += `-- host memory\n${r.hostMemory}${r.hostMemory === "" ? "" : "\n"}`;
  return text;
}
