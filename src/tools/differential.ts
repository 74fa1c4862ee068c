// Differential check of SPMD-ization (DESIGN.md section 4, "What SPMD-ization must
// preserve"): run a program as written (generic kernels) and after a pipeline (default
// `-O`), and compare everything observable.
//
// Compared: exit code; fault (kind, message, location); final host memory
// (RunResult.hostMemory: host globals and main's allocas); output. Output is compared
// exactly, or else per thread: lines tagged `t<team>.<thread>|` (as the generic-kernel
// generator tags them) are grouped by tag and each thread's sequence must be identical,
// while the interleaving of different threads may change — it is a scheduling artifact
// (teams run concurrently and a transformation changes their timing). Untagged lines form
// one more sequence that must be identical. Reverse-offload calls are compared per
// (launch, team, thread) through RunResult.revOffloadCalls (host function and arguments, in
// program order), and the generator's host callees also print the calling thread's tag.

import { DiagnosticError, formatDiagnostic } from "../ir/diagnostics.js";
import { parseModule } from "../ir/parse.js";
import { verifyModule } from "../ir/verifier.js";
import type { PassInfo, PassOptions } from "../passes/manager.js";
import { runPipeline } from "../passes/pipeline.js";
import type { RunOptions, RunResult } from "../runtime/execute.js";
import { execute } from "../runtime/execute.js";
import type { RuntimeFault } from "../runtime/faults.js";
import type { RaceReport } from "../runtime/races.js";
import { formatFault } from "../runtime/faults.js";

export type MismatchKind =
  | "bad-input" // does not parse or verify
  | "input-fault" // the original faults where it must not (a generator bug)
  | "pipeline" // a pass threw or broke the IR
  | "input-race" // the original has a data race (a generator bug)
  | "exit" | "fault" | "host-memory" | "stdout" | "rev-offload"
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
 * Output as per-thread sequences: the untagged lines first, then each tag's lines in
 * (team, thread) order, each group under a `== t<team>.<thread>` header.
 */
export function outputByThread(stdout: string): string {
  const groups = new Map<string, { team: number; thread: number; lines: string[] }>();
  const untagged: string[] = [];
  const lines = stdout.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  for (const l of lines) {
    const m = TAG.exec(l);
    if (m === null) {
      untagged.push(l);
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
export type Observed = Pick<RunResult, "exitCode" | "stdout" | "fault" | "hostMemory"> & Partial<Pick<RunResult, "revOffloadCalls">>;

/** Compares two runs; null when they agree. */
export function compareRuns(a: Observed, b: Observed): { mismatch: Mismatch | null; reordered: boolean } {
  const fa = faultKey(a.fault);
  const fb = faultKey(b.fault);
  if (fa !== fb) return { mismatch: { kind: "fault", message: `fault differs: expected ${fa}, got ${fb}` }, reordered: false };
  if (a.exitCode !== b.exitCode) return { mismatch: { kind: "exit", message: `exit code differs: expected ${a.exitCode}, got ${b.exitCode}` }, reordered: false };
  let reordered = false;
  if (a.stdout !== b.stdout) {
    const ca = outputByThread(a.stdout);
    const cb = outputByThread(b.stdout);
    if (ca !== cb) return { mismatch: { kind: "stdout", message: `output differs at ${firstDifference(ca, cb)}` }, reordered: false };
    reordered = true;
  }
  if (a.hostMemory !== b.hostMemory) {
    return { mismatch: { kind: "host-memory", message: `final host memory differs at ${firstDifference(a.hostMemory, b.hostMemory)}` }, reordered };
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
  const runOpts: RunOptions = { maxSteps: DIFF_MAX_STEPS, detectRaces: opts.detectRaces ?? true, ...opts.run };
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
  const m2 = load();
  try {
    const p = runPipeline(m2, opts.pipeline ?? "-O", { passOptions: opts.passOptions ?? {} });
    result.converted = p.remarks.filter((r) => r.id === "OMP120").length;
  } catch (e) {
    result.mismatch = { kind: "pipeline", message: `the pipeline failed: ${e instanceof Error ? e.message : String(e)}` };
    return result;
  }
  result.spmdKernels = m2.functions.filter((f) => f.kind === "kernel" && f.mode === "spmd").length;
  const b0 = run(m2, "transformed");
  if ("kind" in b0) {
    result.mismatch = b0;
    return result;
  }
  const b = (result.transformed = b0);
  const c = compareRuns(a, b);
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
