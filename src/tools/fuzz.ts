// `npm run fuzz -- [--lang=oir|c] --count N [--seed S] [--jobs J] [--guard-scheme=auto|branch|mask|naive]
//                 [--out DIR] [--rev-offload=on|off] [--max-tests M]`
//
// The SPMD-ization fuzz campaign (docs/TESTING.md; `--lang=c`: the C campaign of src/tools/cfuzz.ts): programs from the
// generic-kernel generator (src/tools/genkernels.ts) with seeds S, S+1, …, S+N-1, each run
// before and after `-O` and compared (src/tools/differential.ts). Every failing case is
// minimised (src/tools/minimize.ts) and written as a filetest `<DIR>/<program seed>.oir` that
// the filetest harness runs (`run-by-thread` without and with `--passes=-O`; both sections
// hold the original program's run, so the file fails until the miscompilation is fixed).
//
// The programs run in a pool of worker threads (node:worker_threads, one per core unless
// `--jobs`); each case is independent and deterministic, and results are gathered by seed,
// so the summary and the failure list (sorted by seed) do not depend on the worker count or
// on timing. Progress (count, failures, rate, ETA) goes to stderr when it is a terminal, a
// one-line report otherwise; the summary and failures to stdout; exit status 1 if any case
// failed. The same seed gives the same programs, verdicts and files (docs/TESTING.md).

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { runSeedPool } from "./seed-pool.js";
import { execute } from "../runtime/execute.js";
import { parseModule } from "../ir/parse.js";
import { DIFF_MAX_STEPS, differential, formatRun } from "./differential.js";
import type { RuntimeFault } from "../runtime/faults.js";
import type { DiffResult, MismatchKind } from "./differential.js";
import { GEN_DANGLING_READ, GEN_HEAP_READ, GEN_FAULT_DIV, GEN_FAULT_LOOP, GEN_NEGATIVE_ALLOCA, GEN_FAULT_OOB, GEN_PARTIAL_BARRIER_KERNEL, GEN_STACK_FAULT, GEN_STACK_FAULT_KERNEL, GEN_TRAP, generateGenericProgram, onlyShapes, optInShapes } from "./genkernels.js";
import type { GenericOptions } from "./genkernels.js";
import type { PassInfo } from "../passes/manager.js";
import { minimizeProgram } from "./minimize.js";
import { parseGuardScheme } from "../passes/spmdize.js";

export const DEFAULT_SEED = 1_000_000;
export const DEFAULT_OUT = "test/filetests/spmdize/fuzz";

export interface CampaignOptions {
  count: number;
  seed: number;
  gen?: GenericOptions;
  /** Where minimised failures go (null: do not write). */
  out: string | null;
  maxTests?: number;
  /** The pipeline under test (default "-O"; tests plant wrong passes here). */
  pipeline?: string | readonly PassInfo[];
  /** spmdize's guard scheme (default: the pass's default, auto). */
  guardScheme?: string;
  /** Step limit of each run (default DIFF_MAX_STEPS). */
  maxSteps?: number;
  /** Lanes per warp of both runs (default the machine's). */
  warpSize?: number;
  /** The `--shapes` argument behind `gen` (for reproduction commands). */
  shapes?: string;
  /** Failure lines (in-process campaigns). */
  progress?: (line: string) => void;
  /** Called after each case, in completion order. */
  onCase?: (c: CaseOutcome) => void;
}

export interface CaseFailure {
  seed: number;
  kind: MismatchKind;
  message: string;
  file: string | null;
  linesBefore: number;
  linesAfter: number;
}

export interface CampaignResult {
  programs: number;
  /** Programs whose generic kernels were all converted, and kernel counts. */
  converted: number;
  kernels: number;
  kernelsConverted: number;
  reordered: number;
  failures: CaseFailure[];
}

/** The run-by-thread filetest for a minimised failing program. */
export function failureFiletest(text: string, file: string, seed: number, campaignSeed: number, r: DiffResult, opts: GenericOptions, guardScheme?: string, shapes?: string, warpSize?: number): string {
  const m = parseModule(text, file);
  const expected = formatRun(execute(m, { maxSteps: DIFF_MAX_STEPS, ...(warpSize !== undefined ? { warpSize } : {}) }), text, { byThread: true, hostMemory: true });
  const flags = (opts.reverseOffload ? " --rev-offload=on" : " --rev-offload=off") + (guardScheme ? ` --guard-scheme=${guardScheme}` : "") + (shapes ? ` --shapes=${shapes}` : "") + (warpSize !== undefined ? ` --warp-size ${warpSize}` : "");
  const header = [
    "; test run-by-thread",
    "; test run-by-thread --passes=-O",
    `;; Found by \`npm run fuzz -- --seed ${seed} --count 1${flags}\` (campaign seed ${campaignSeed}), minimised.`,
    `;; ${r.mismatch!.kind}: ${r.mismatch!.message.split("\n")[0]}`,
    ...(warpSize !== undefined ? [`;; Found at warp size ${warpSize}: run-by-thread runs at 32, so make it a \`run --warp-size=${warpSize}\` test by hand.`] : []),
    ";; Both sections hold the run of the program as written: -O must reproduce it, so do",
    ";; not bless the -O section; fix the pass instead.",
    "",
  ].join("\n");
  const section = (key: string) => [`; ----- ${key}`, ...expected.replace(/\n$/, "").split("\n").map((l) => (l === "" ? ";" : `; ${l}`))].join("\n");
  return `${header}\n${text.replace(/\n+$/, "\n")}\n${section("run-by-thread")}\n${section("run-by-thread --passes=-O")}\n`;
}

/** Whether the original's fault is one the generator planted (a trap the program takes
 *  deterministically, or the partialBarrier kernel's barrier reached by part of the team,
 *  a partial-barrier fault or, within one warp, a deadlock, or its partialDoomed variant's
 *  `unreachable`; the faultAfter, allocaSlots,
 *  allocaPun and faultLoop shapes' divisions, masked load, dangling read and negative alloca;
 *  the stackFault shape's recursion past the call stack and free of a uniform block; the
 *  quarantine shape's read of a freed heap block):
 *  then the transformed run must fault identically. */
export function plantedFault(f: RuntimeFault): boolean {
  return (f.kind === "trap" && f.message.startsWith(GEN_TRAP)) || ((f.kind === "partial-barrier" || f.kind === "deadlock" || f.kind === "unreachable") && f.kernel === GEN_PARTIAL_BARRIER_KERNEL) ||
    (f.kind === "div-by-zero" && (f.func === GEN_FAULT_DIV || f.func === GEN_FAULT_LOOP)) || (f.kind === "out-of-bounds" && f.func === GEN_FAULT_OOB) ||
    (f.kind === "invalid-pointer" && (f.func === GEN_DANGLING_READ || f.func === GEN_HEAP_READ)) || (f.kind === "out-of-memory" && (f.func === GEN_NEGATIVE_ALLOCA || f.func === GEN_STACK_FAULT)) ||
    (f.kind === "invalid-pointer" && f.func === GEN_STACK_FAULT_KERNEL);
}

/** What one case needs; plain data except `pipeline` (a PassInfo list runs only in-process). */
export interface CaseOptions {
  gen: GenericOptions;
  pipeline?: string | readonly PassInfo[];
  guardScheme?: string;
  out: string | null;
  maxTests?: number;
  campaignSeed: number;
  maxSteps?: number;
  /** Lanes per warp of both runs (`--warp-size`; default the machine's 32). */
  warpSize?: number;
  /** The `--shapes` argument that chose `gen.shapes` (for the reproduction command). */
  shapes?: string;
}

export interface CaseOutcome {
  seed: number;
  genericKernels: number;
  converted: number;
  reordered: boolean;
  failure: CaseFailure | null;
}

/** Generates, checks and (on failure) minimises and writes one program. */
export function runCase(seed: number, o: CaseOptions): CaseOutcome {
  const text = generateGenericProgram(seed, o.gen);
  const check = (t: string) => differential(t, `${seed}.oir`, {
    pipeline: o.pipeline, passOptions: o.guardScheme ? { "guard-scheme": o.guardScheme } : {}, allowFault: plantedFault,
    run: o.maxSteps !== undefined || o.warpSize !== undefined ? { ...(o.maxSteps !== undefined ? { maxSteps: o.maxSteps } : {}), ...(o.warpSize !== undefined ? { warpSize: o.warpSize } : {}) } : undefined,
  });
  const r = check(text);
  const outcome: CaseOutcome = { seed, genericKernels: r.genericKernels, converted: r.converted, reordered: r.reordered, failure: null };
  if (r.mismatch === null) return outcome;
  const kind = r.mismatch.kind;
  let min = { text, linesBefore: text.split("\n").length, linesAfter: text.split("\n").length };
  // a crash (e.g. simulated memory exhausted) costs seconds a test: a small budget
  const maxTests = kind === "crash" ? Math.min(o.maxTests ?? 20000, 200) : o.maxTests ?? 20000;
  if (maxTests > 0) min = minimizeProgram(text, (t) => check(t).mismatch?.kind === kind, { maxTests });
  let file: string | null = null;
  if (o.out !== null) {
    const r2 = check(min.text);
    fs.mkdirSync(o.out, { recursive: true });
    file = path.join(o.out, `${seed}.oir`);
    fs.writeFileSync(file, failureFiletest(min.text, file.split(path.sep).join("/"), seed, o.campaignSeed, r2.mismatch !== null ? r2 : r, o.gen, o.guardScheme, o.shapes, o.warpSize));
  }
  outcome.failure = { seed, kind, message: r.mismatch.message, file, linesBefore: min.linesBefore, linesAfter: min.linesAfter };
  return outcome;
}

/** runCase, with an exception (a generator or harness bug) reported as the case's failure. */
function runCaseSafely(seed: number, o: CaseOptions): CaseOutcome {
  try {
    return runCase(seed, o);
  } catch (e) {
    const message = `the harness threw: ${e instanceof Error ? e.stack ?? e.message : String(e)}`;
    return { seed, genericKernels: 0, converted: 0, reordered: false, failure: { seed, kind: "crash", message, file: null, linesBefore: 0, linesAfter: 0 } };
  }
}

function emptyResult(): CampaignResult {
  return { programs: 0, converted: 0, kernels: 0, kernelsConverted: 0, reordered: 0, failures: [] };
}

/** Adds outcomes to a result in seed order (so the result does not depend on who ran what). */
function aggregate(outcomes: readonly CaseOutcome[]): CampaignResult {
  const res = emptyResult();
  for (const c of [...outcomes].sort((a, b) => a.seed - b.seed)) {
    res.programs++;
    res.kernels += c.genericKernels;
    res.kernelsConverted += Math.min(c.converted, c.genericKernels);
    if (c.genericKernels > 0 && c.converted >= c.genericKernels) res.converted++;
    if (c.reordered) res.reordered++;
    if (c.failure !== null) res.failures.push(c.failure);
  }
  return res;
}

function caseOptions(o: CampaignOptions): CaseOptions {
  return { gen: o.gen ?? {}, pipeline: o.pipeline, guardScheme: o.guardScheme, out: o.out, maxTests: o.maxTests, campaignSeed: o.seed, maxSteps: o.maxSteps, warpSize: o.warpSize, shapes: o.shapes };
}

/** Runs the campaign in this thread; writes minimised failures to `out`. */
export function runCampaign(o: CampaignOptions): CampaignResult {
  const co = caseOptions(o);
  const outcomes: CaseOutcome[] = [];
  for (let i = 0; i < o.count; i++) {
    const c = runCaseSafely(o.seed + i, co);
    outcomes.push(c);
    o.onCase?.(c);
    if (c.failure !== null) o.progress?.(`seed ${c.seed}: ${c.failure.kind}: ${c.failure.message.split("\n")[0]}`);
  }
  return aggregate(outcomes);
}

/** This module's file as a worker script, when it runs compiled (not under ts transpilers). */
function defaultWorkerScript(): string | null {
  const f = fileURLToPath(import.meta.url);
  return f.endsWith(".js") ? f : null;
}

/**
 * Runs the campaign on `jobs` worker threads (in this thread when jobs is 1, the pipeline is
 * a pass list, or no compiled worker script exists). Seeds are handed out one at a time, so
 * slow programs do not hold up a whole batch.
 */
export async function runCampaignPool(o: CampaignOptions & { jobs: number; workerScript?: string }): Promise<CampaignResult> {
  const script = o.workerScript ?? defaultWorkerScript();
  const jobs = Math.min(o.jobs, o.count);
  if (jobs <= 1 || script === null || (o.pipeline !== undefined && typeof o.pipeline !== "string")) return runCampaign(o);
  const co = caseOptions(o);
  const outcomes: CaseOutcome[] = [];
  await runSeedPool<CaseOutcome>({
    script, workerData: { [WORKER_FLAG]: true, opts: co }, seed: o.seed, count: o.count, jobs, name: "fuzz",
    onResult: (c) => {
      outcomes.push(c);
      o.onCase?.(c);
    },
  });
  return aggregate(outcomes);
}

const WORKER_FLAG = "ompirFuzzWorker";

export function summary(r: CampaignResult): string {
  return `${r.programs} programs, ${r.converted} converted (${r.kernelsConverted} of ${r.kernels} kernels), ${r.failures.length} failures`;
}

/** A mismatch message's first line, with the first detail line when it only introduces them. */
export function brief(message: string): string {
  const [first = "", second] = message.split("\n");
  return first.endsWith(":") && second !== undefined ? `${first} ${second.trim()}` : first;
}

/** The command that re-runs one case. */
export function reproduce(seed: number, opts: { reverseOffload?: boolean; guardScheme?: string; shapes?: string }): string {
  return `npm run fuzz -- --seed ${seed} --count 1${opts.reverseOffload === false ? " --rev-offload=off" : ""}${opts.guardScheme ? ` --guard-scheme=${opts.guardScheme}` : ""}${opts.shapes ? ` --shapes=${opts.shapes}` : ""}`;
}

const USAGE = "usage: npm run fuzz -- --count N [--seed S] [--jobs J] [--guard-scheme=auto|branch|mask|naive] [--out DIR] [--rev-offload=on|off] [--max-tests M] [--max-steps K] [--warp-size W] [--shapes=all|none|a,b,...]";

function intArg(name: string, v: string | undefined, dflt: number, min: number): number {
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v) || Number(v) < min || !Number.isSafeInteger(Number(v))) throw new Error(`fuzz: ${name} expects an integer >= ${min}, got '${v}'\n${USAGE}`);
  return Number(v);
}

function duration(s: number): string {
  if (!Number.isFinite(s)) return "?";
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, "0")}s` : `${s.toFixed(1)}s`;
}

export interface FuzzIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** stderr is a terminal: show a live progress line. */
  isTTY?: boolean;
  /** Milliseconds (for rates; tests may fix it). */
  now?: () => number;
}

/** The CLI; resolves to the exit status. `--lang=c` runs the C campaign (src/tools/cfuzz.ts). */
export async function fuzzMain(argv: string[], io: FuzzIo): Promise<number> {
  const lang = argv.findIndex((a) => a === "--lang" || a.startsWith("--lang="));
  if (lang >= 0) {
    const v = argv[lang] === "--lang" ? argv[lang + 1] : argv[lang]!.slice("--lang=".length);
    if (v === "c") return (await import("./cfuzz.js")).cfuzzMain(argv, io);
    if (v !== "oir") {
      io.stderr(`fuzz: --lang expects oir or c, got '${v ?? ""}'\n`);
      return 2;
    }
    argv = argv.filter((_, i) => i !== lang && !(argv[lang] === "--lang" && i === lang + 1));
  }
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        count: { type: "string" }, seed: { type: "string" }, out: { type: "string" }, jobs: { type: "string" },
        "rev-offload": { type: "string" }, "max-tests": { type: "string" }, "guard-scheme": { type: "string" },
        "max-steps": { type: "string" }, "warp-size": { type: "string" }, shapes: { type: "string" }, help: { type: "boolean", short: "h" },
      },
      strict: true,
    }).values;
    if (values.help) {
      io.stdout(`${USAGE}\n  --shapes=all (the default) is the default mix, which never makes these; name them to have them: ${optInShapes().join(", ")}\n`);
      return 0;
    }
    if (values.count === undefined) throw new Error(`fuzz: --count is required\n${USAGE}`);
    // Reverse offload is implemented: on unless asked off (`auto` kept for old command lines).
    const ro = values["rev-offload"] ?? "on";
    if (!["auto", "on", "off"].includes(ro)) throw new Error(`fuzz: --rev-offload expects on or off, got '${ro}'`);
    const reverseOffload = ro !== "off";
    const count = intArg("--count", values.count, 0, 1);
    const seed = intArg("--seed", values.seed, DEFAULT_SEED, 0);
    const maxTests = intArg("--max-tests", values["max-tests"], 20000, 0);
    const jobs = intArg("--jobs", values.jobs, os.availableParallelism(), 1);
    const maxSteps = values["max-steps"] === undefined ? undefined : intArg("--max-steps", values["max-steps"], 0, 1);
    const warpSize = values["warp-size"] === undefined ? undefined : intArg("--warp-size", values["warp-size"], 32, 1);
    if (warpSize !== undefined && warpSize > 64) throw new Error(`fuzz: --warp-size: at most 64, got ${warpSize}`);
    const scheme = values["guard-scheme"];
    if (scheme !== undefined && "error" in parseGuardScheme(scheme)) throw new Error(`fuzz: --guard-scheme: ${(parseGuardScheme(scheme) as { error: string }).error}`);
    const gen: GenericOptions = { reverseOffload };
    if (values.shapes !== undefined && values.shapes !== "all") {
      const only = onlyShapes(values.shapes === "none" ? [] : values.shapes.split(","));
      if ("error" in only) throw new Error(`fuzz: --shapes: ${only.error}`);
      Object.assign(gen, only);
    }
    io.stderr(`fuzz: ${count} programs from seed ${seed}, reverse offload ${reverseOffload ? "on" : "off"}${scheme ? `, guard scheme ${scheme}` : ""}${values.shapes ? `, shapes ${values.shapes}` : ""}\n`);
    const now = io.now ?? (() => Date.now());
    const t0 = now();
    let done = 0;
    let failed = 0;
    let shown = 0;
    const line = () => {
      const secs = (now() - t0) / 1000;
      const rate = secs > 0 ? done / secs : 0;
      return `${done}/${count} programs, ${failed} failures, ${rate.toFixed(1)} programs/s, ETA ${duration(rate > 0 ? (count - done) / rate : Infinity)}`;
    };
    const r = await runCampaignPool({
      count, seed, gen, out: values.out ?? DEFAULT_OUT, maxTests, guardScheme: scheme, jobs, maxSteps, warpSize, shapes: values.shapes,
      onCase: (c) => {
        done++;
        if (c.failure !== null) failed++;
        if (io.isTTY && (now() - shown >= 250 || done === count)) {
          shown = now();
          io.stderr(`\r\x1b[Kfuzz: ${line()}`);
        }
      },
    });
    const secs = (now() - t0) / 1000;
    if (io.isTTY) io.stderr("\n");
    io.stderr(`fuzz: ${count} programs in ${secs.toFixed(1)} s (${(secs > 0 ? count / secs : 0).toFixed(1)} programs/s, ${Math.min(jobs, count)} worker${jobs > 1 ? "s" : ""})\n`);
    io.stdout(summary(r) + "\n");
    for (const f of r.failures) {
      io.stdout(`seed ${f.seed}: ${f.kind}: ${brief(f.message)} (${reproduce(f.seed, { reverseOffload, guardScheme: scheme, shapes: values.shapes })})${f.file ? ` → ${f.file}` : ""}\n`);
    }
    return r.failures.length > 0 ? 1 : 0;
  } catch (e) {
    io.stderr(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}

// A pool worker: runs the cases it is sent with the options it was started with.
if (!isMainThread && (workerData as Record<string, unknown> | null)?.[WORKER_FLAG] === true) {
  const co = (workerData as { opts: CaseOptions }).opts;
  parentPort!.on("message", (seed: number | null) => {
    if (seed === null) parentPort!.close();
    else parentPort!.postMessage(runCaseSafely(seed, co));
  });
  parentPort!.postMessage("ready");
}

if (isMainThread && process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void fuzzMain(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), isTTY: process.stderr.isTTY === true,
  }).then((code) => {
    process.exitCode = code;
  });
}
