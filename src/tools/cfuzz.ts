// `npm run fuzz -- --lang=c --count N [--seed S] [--jobs J] [--guard-schemes=auto,branch,mask,naive]
//                 [--out DIR] [--max-tests M] [--gcc PATH] [--extra] [--nested] [--num-threads] [--pointers] [--heap] [--local-pointers] [--levels] [--tails] [--if-tasks] [--array-reductions]`   (also `node dist/tools/cfuzz.js …`)
//
// The C fuzz campaign (docs/TESTING.md): programs from the OpenMP C generator
// (src/tools/cgen.ts) with seeds S … S+N-1, each
//   1. compiled by `gcc -fopenmp -O0` and run with OMP_NUM_THREADS=1 and =3 (target regions
//      fall back to the host): the oracle. gcc rejecting it, a crash, a timeout or the two
//      runs disagreeing is a generator bug (counted apart, kept near zero);
//   2. run by `ompir run prog.c` (with per-seed --teams/--threads): stdout and exit status
//      must equal gcc's. A located "not supported" error is a generator bug; an internal
//      error a crash; any other difference a front-end (or runtime) bug;
//   3. run by `ompir run prog.c -O --guard-scheme G` for each scheme: must equal step 2.
// A failing program is written to DIR as `<seed>.c` and reduced (lines and braced blocks
// deleted while the same kind of failure persists, src/tools/minimize.ts's ddmin) to
// `<seed>.min.c`. Cases run on a pool of worker threads, results gathered by seed, so the
// summary does not depend on the worker count; the same seed gives the same programs.

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { runSeedPool } from "./seed-pool.js";
import { main } from "../cli/main.js";
import { generateCProgram } from "./cgen.js";
import { ddmin } from "./minimize.js";
import { Rng } from "./rng.js";

export const C_DEFAULT_SEED = 6_400_000;
export const C_DEFAULT_OUT = "cfuzz-failures";
export const GUARD_SCHEMES = ["auto", "branch", "mask", "naive"] as const;

/** What went wrong with one program; generator bugs are the first four. */
export type CFailKind =
  | "gcc-reject" | "gcc-run" | "gcc-nondet" | "ompir-reject" // generator bugs
  | "crash" // ompir ended in an internal error
  | "frontend" // `ompir run` differs from gcc
  | "opt"; // `ompir run -O` differs from `ompir run`

export const GENERATOR_BUGS: readonly CFailKind[] = ["gcc-reject", "gcc-run", "gcc-nondet", "ompir-reject"];

export interface CCaseOptions {
  schemes: readonly string[];
  out: string | null;
  maxTests: number;
  gcc: string;
  /** Scratch directory for sources and executables. */
  tmp: string;
  /** The generator's extended shapes (CGenOptions.extra). */
  extra?: boolean;
  /** The generator's nested shapes (CGenOptions.nested). */
  nested?: boolean;
  /** The generator's num_threads shapes (CGenOptions.numThreads). */
  numThreads?: boolean;
  /** The generator's pointer shapes (CGenOptions.pointers). */
  pointers?: boolean;
  /** The generator's host heap shapes (CGenOptions.heap). */
  heap?: boolean;
  /** The generator's local pointer shapes (CGenOptions.localPointers). */
  localPointers?: boolean;
  /** The generator's level shapes (CGenOptions.levels). */
  levels?: boolean;
  /** The generator's if-clause and host task shapes (CGenOptions.ifTasks). */
  ifTasks?: boolean;
  /** The generator's array reduction shapes (CGenOptions.arrayReductions). */
  arrayReductions?: boolean;
  /** The generator's sequential tails (CGenOptions.tails). */
  tails?: boolean;
}

export interface CCaseOutcome {
  seed: number;
  kind: CFailKind | null;
  /** The guard scheme of an `opt` failure. */
  scheme?: string;
  message: string;
  file: string | null;
  linesBefore: number;
  linesAfter: number;
}

interface Observed {
  out: string;
  code: number;
}

const show = (o: Observed) => `exit ${o.code}, ${JSON.stringify(o.out.length > 600 ? o.out.slice(0, 600) + "…" : o.out)}`;

function firstDiff(a: string, b: string): string {
  const la = a.split("\n");
  const lb = b.split("\n");
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `line ${i + 1}: expected ${JSON.stringify(la[i] ?? "<end>")}, got ${JSON.stringify(lb[i] ?? "<end>")}`;
  }
  return "same output";
}

function describe(want: Observed, got: Observed): string {
  return want.out !== got.out ? `output differs at ${firstDiff(want.out, got.out)}` : `exit status: expected ${want.code}, got ${got.code}`;
}

/** The launch shape ompir runs a seed with (team and thread counts that programs must not depend on). */
export function launchArgs(seed: number): string[] {
  const r = new Rng(seed ^ 0x2545f491);
  return ["--teams", String(r.pick([1, 2, 3, 4, 5])), "--threads", String(r.pick([1, 7, 32, 33, 64, 128]))];
}

/** `ompir ARGS` in this thread: the campaign checks the command users run (exit codes,
 *  `abort()`, located errors), not a library path next to it. */
async function ompir(args: string[]): Promise<Observed & { err: string }> {
  let out = "";
  let err = "";
  const io = {
    stdout: (s: string) => void (out += s),
    stderr: (s: string) => void (err += s),
    readFile: (p: string) => fs.readFileSync(p, "utf8"),
    readStdin: async () => "",
    writeFile: () => {
      throw new Error("cfuzz: ompir must not write files");
    },
    sameFile: () => false,
    env: {},
  };
  const code = await main(args, io);
  return { out, err, code };
}

/** gcc's verdict on a program: its output, or why it is not a valid test (a generator bug). */
function oracle(file: string, gcc: string): Observed | { kind: CFailKind; message: string } {
  const exe = file.replace(/\.c$/, "");
  const cc = spawnSync(gcc, ["-fopenmp", "-O0", "-w", "-o", exe, file, "-lm"], { encoding: "utf8", timeout: 60000 });
  if (cc.error) throw new Error(`cfuzz: cannot run ${gcc}: ${cc.error.message}`);
  if (cc.status !== 0) return { kind: "gcc-reject", message: `gcc rejects the program: ${cc.stderr.split("\n").slice(0, 3).join(" | ")}` };
  const runs: Observed[] = [];
  try {
    for (const threads of ["1", "3"]) {
      const r = spawnSync(exe, [], { encoding: "utf8", timeout: 20000, env: { ...process.env, OMP_NUM_THREADS: threads } });
      if (r.error || r.signal !== null) return { kind: "gcc-run", message: `the gcc binary (OMP_NUM_THREADS=${threads}) ${r.signal ? `died of ${r.signal}` : r.error?.message}` };
      runs.push({ out: r.stdout, code: r.status ?? -1 });
    }
  } finally {
    fs.rmSync(exe, { force: true });
  }
  const [a, b] = runs as [Observed, Observed];
  if (a.out !== b.out || a.code !== b.code) return { kind: "gcc-nondet", message: `gcc's runs on 1 and 3 threads differ: ${describe(a, b)}` };
  return a;
}

/** Checks one program text; null when every run agrees. */
export async function checkProgram(text: string, file: string, seed: number, o: Pick<CCaseOptions, "schemes" | "gcc">): Promise<{ kind: CFailKind; scheme?: string; message: string } | null> {
  fs.writeFileSync(file, text);
  const ref = oracle(file, o.gcc);
  if ("kind" in ref) return ref;
  // A program may ask for run options (`// ompir-args: --devices 2`), as test/c's do.
  const launch = [...launchArgs(seed), ...(/^\/\/ ompir-args: (.+)$/m.exec(text)?.[1]!.trim().split(/\s+/) ?? [])];
  const plain = await ompir(["run", file, ...launch]);
  if (/internal error/.test(plain.err)) return { kind: "crash", message: `ompir run: ${plain.err.split("\n")[0]}` };
  if (plain.code === 2 && /: error: .*not supported/.test(plain.err)) return { kind: "ompir-reject", message: plain.err.split("\n")[0]! };
  if (plain.out !== ref.out || plain.code !== ref.code) {
    return { kind: "frontend", message: `ompir run ${launch.join(" ")} differs from gcc: ${describe(ref, plain)}${plain.err ? ` (stderr: ${plain.err.split("\n")[0]})` : ""}` };
  }
  for (const g of o.schemes) {
    const opt = await ompir(["run", file, "-O", "--guard-scheme", g, ...launch]);
    if (/internal error/.test(opt.err)) return { kind: "crash", scheme: g, message: `ompir run -O --guard-scheme ${g}: ${opt.err.split("\n")[0]}` };
    if (opt.out !== plain.out || opt.code !== plain.code) {
      return { kind: "opt", scheme: g, message: `-O --guard-scheme ${g} ${launch.join(" ")} differs from ompir run: ${describe(plain, opt)}` };
    }
  }
  return null;
}

/** Removal units of a C text: a line ending in `{` with everything to its matching `}`
 *  (and the pragma lines right above it), or a single line. */
function cUnits(lines: readonly string[], blocks: boolean): string[][] {
  if (!blocks) return lines.map((l) => [l]);
  const out: string[][] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j < lines.length && lines[j]!.startsWith("#pragma omp") && !/declare target/.test(lines[j]!)) j++;
    if (j < lines.length && lines[j]!.trimEnd().endsWith("{")) {
      let depth = 0;
      let k = j;
      for (; k < lines.length; k++) {
        for (const ch of lines[k]!) depth += ch === "{" ? 1 : ch === "}" ? -1 : 0;
        if (depth <= 0) break;
      }
      out.push(lines.slice(i, k + 1));
      i = k + 1;
    } else {
      out.push([lines[i]!]);
      i++;
    }
  }
  return out;
}

/** Reduces a failing C program while `fails` holds (at most maxTests checks). */
export async function reduceC(text: string, fails: (t: string) => Promise<boolean>, maxTests: number): Promise<string> {
  // ddmin is synchronous: collect one candidate's verdict at a time through a replay loop.
  let lines = text.replace(/\n+$/, "").split("\n");
  let used = 0;
  const cache = new Map<string, boolean>();
  for (let changed = true; changed && used < maxTests; ) {
    changed = false;
    for (const blocks of [true, false]) {
      const us = cUnits(lines, blocks);
      // ddmin asks synchronously; answer from the cache and restart after each new verdict.
      for (;;) {
        let pending: string | null = null;
        const kept = ddmin(us, (sub) => {
          const t = sub.flat().join("\n") + "\n";
          const v = cache.get(t);
          if (v !== undefined) return v;
          pending ??= t;
          return false;
        });
        if (pending === null || used >= maxTests) {
          if (kept.length < us.length) {
            lines = kept.flat();
            changed = true;
          }
          break;
        }
        used++;
        cache.set(pending, await fails(pending));
      }
    }
  }
  return lines.join("\n") + "\n";
}

export async function runCCase(seed: number, o: CCaseOptions): Promise<CCaseOutcome> {
  const text = generateCProgram(seed, { extra: o.extra, nested: o.nested, numThreads: o.numThreads, pointers: o.pointers, heap: o.heap, localPointers: o.localPointers, levels: o.levels, tails: o.tails, ifTasks: o.ifTasks, arrayReductions: o.arrayReductions });
  const file = path.join(o.tmp, `${seed}.c`);
  const verdict = await checkProgram(text, file, seed, o);
  const lines = text.split("\n").length;
  const outcome: CCaseOutcome = { seed, kind: verdict?.kind ?? null, scheme: verdict?.scheme, message: verdict?.message ?? "", file: null, linesBefore: lines, linesAfter: lines };
  if (verdict !== null && o.out !== null) {
    fs.mkdirSync(o.out, { recursive: true });
    const dst = path.join(o.out, `${seed}.c`);
    fs.writeFileSync(dst, text);
    outcome.file = dst;
    if (o.maxTests > 0 && !GENERATOR_BUGS.includes(verdict.kind)) {
      const schemes = verdict.scheme ? [verdict.scheme] : o.schemes;
      const cand = path.join(o.tmp, `${seed}.cand.c`);
      const min = await reduceC(text, async (t) => (await checkProgram(t, cand, seed, { ...o, schemes }))?.kind === verdict.kind, o.maxTests);
      fs.rmSync(cand, { force: true });
      fs.writeFileSync(path.join(o.out, `${seed}.min.c`), `// ${verdict.kind}${verdict.scheme ? ` (${verdict.scheme})` : ""}: ${verdict.message.split("\n")[0]}\n// reduced from cgen seed ${seed}; ompir args: ${launchArgs(seed).join(" ")}\n${min}`);
      outcome.linesAfter = min.split("\n").length;
    }
  }
  fs.rmSync(file, { force: true });
  return outcome;
}

async function runCCaseSafely(seed: number, o: CCaseOptions): Promise<CCaseOutcome> {
  try {
    return await runCCase(seed, o);
  } catch (e) {
    return { seed, kind: "crash", message: `the harness threw: ${e instanceof Error ? e.stack ?? e.message : String(e)}`, file: null, linesBefore: 0, linesAfter: 0 };
  }
}

export interface CCampaignResult {
  programs: number;
  /** Failures by seed (generator bugs included; see GENERATOR_BUGS). */
  failures: CCaseOutcome[];
}

function defaultWorkerScript(): string | null {
  const f = fileURLToPath(import.meta.url);
  return f.endsWith(".js") ? f : null;
}

const WORKER_FLAG = "ompirCFuzzWorker";

/** Runs seeds seed … seed+count-1 on `jobs` worker threads (in this thread when 1). */
export async function runCCampaign(o: CCaseOptions & { count: number; seed: number; jobs: number; onCase?: (c: CCaseOutcome) => void; workerScript?: string }): Promise<CCampaignResult> {
  const outcomes: CCaseOutcome[] = [];
  const co: CCaseOptions = { schemes: o.schemes, out: o.out, maxTests: o.maxTests, gcc: o.gcc, tmp: o.tmp, extra: o.extra, nested: o.nested, numThreads: o.numThreads, pointers: o.pointers, heap: o.heap, localPointers: o.localPointers, levels: o.levels, tails: o.tails, ifTasks: o.ifTasks, arrayReductions: o.arrayReductions };
  const script = o.workerScript ?? defaultWorkerScript();
  const jobs = Math.min(o.jobs, o.count);
  if (jobs <= 1 || script === null) {
    for (let i = 0; i < o.count; i++) {
      const c = await runCCaseSafely(o.seed + i, co);
      outcomes.push(c);
      o.onCase?.(c);
    }
  } else {
    await runSeedPool<CCaseOutcome>({
      script, workerData: { [WORKER_FLAG]: true, opts: co }, seed: o.seed, count: o.count, jobs, name: "cfuzz",
      onResult: (c) => {
        outcomes.push(c);
        o.onCase?.(c);
      },
    });
  }
  outcomes.sort((a, b) => a.seed - b.seed);
  return { programs: outcomes.length, failures: outcomes.filter((c) => c.kind !== null) };
}

export function cSummary(r: CCampaignResult, schemes: readonly string[]): string {
  const count = (k: CFailKind) => r.failures.filter((f) => f.kind === k).length;
  const gen = r.failures.filter((f) => GENERATOR_BUGS.includes(f.kind!)).length;
  const real = r.failures.length - gen;
  const perScheme = schemes.map((g) => `${g} ${r.failures.filter((f) => f.kind === "opt" && f.scheme === g).length}`).join(", ");
  return `${r.programs} C programs (each under ${schemes.length} guard scheme${schemes.length === 1 ? "" : "s"}), ${real} failures ` +
    `(front end ${count("frontend")}, crash ${count("crash")}, -O ${count("opt")}${schemes.length ? `: ${perScheme}` : ""}), ` +
    `${gen} generator bugs (gcc-reject ${count("gcc-reject")}, gcc-run ${count("gcc-run")}, gcc-nondet ${count("gcc-nondet")}, ompir-reject ${count("ompir-reject")})`;
}

const USAGE = "usage: npm run fuzz -- --lang=c --count N [--seed S] [--jobs J] [--guard-schemes=auto,branch,mask,naive] [--out DIR] [--max-tests M] [--gcc PATH] [--extra] [--nested] [--num-threads] [--pointers] [--heap] [--local-pointers] [--levels] [--tails] [--if-tasks] [--array-reductions]";

function intArg(name: string, v: string | undefined, dflt: number, min: number): number {
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v) || Number(v) < min || !Number.isSafeInteger(Number(v))) throw new Error(`cfuzz: ${name} expects an integer >= ${min}, got '${v}'\n${USAGE}`);
  return Number(v);
}

export interface CFuzzIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY?: boolean;
  now?: () => number;
}

/** The CLI; resolves to the exit status (1 when a program failed, generator bugs included). */
export async function cfuzzMain(argv: string[], io: CFuzzIo): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        lang: { type: "string" }, count: { type: "string" }, seed: { type: "string" }, jobs: { type: "string" }, out: { type: "string" },
        "max-tests": { type: "string" }, "guard-schemes": { type: "string" }, "guard-scheme": { type: "string" }, gcc: { type: "string" }, extra: { type: "boolean" }, nested: { type: "boolean" }, "num-threads": { type: "boolean" }, pointers: { type: "boolean" }, heap: { type: "boolean" }, "local-pointers": { type: "boolean" }, levels: { type: "boolean" }, tails: { type: "boolean" }, "if-tasks": { type: "boolean" }, "array-reductions": { type: "boolean" }, help: { type: "boolean", short: "h" },
      },
      strict: true,
    });
    if (values.help) {
      io.stdout(USAGE + "\n");
      return 0;
    }
    if (values.lang !== undefined && values.lang !== "c") throw new Error(`cfuzz: --lang expects c, got '${values.lang}'`);
    if (values.count === undefined) throw new Error(`cfuzz: --count is required\n${USAGE}`);
    const count = intArg("--count", values.count, 0, 1);
    const seed = intArg("--seed", values.seed, C_DEFAULT_SEED, 0);
    const jobs = intArg("--jobs", values.jobs, os.availableParallelism(), 1);
    const maxTests = intArg("--max-tests", values["max-tests"], 300, 0);
    const schemes = (values["guard-schemes"] ?? values["guard-scheme"] ?? GUARD_SCHEMES.join(",")).split(",").filter((s) => s !== "");
    for (const g of schemes) if (!(GUARD_SCHEMES as readonly string[]).includes(g)) throw new Error(`cfuzz: unknown guard scheme '${g}' (known: ${GUARD_SCHEMES.join(", ")})`);
    const gcc = values.gcc ?? "gcc";
    const probe = spawnSync(gcc, ["--version"], { encoding: "utf8" });
    if (probe.error || probe.status !== 0) throw new Error(`cfuzz: the oracle compiler '${gcc}' does not run${probe.error ? `: ${probe.error.message}` : ""}`);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ompir-cfuzz-"));
    const out = values.out ?? C_DEFAULT_OUT;
    io.stderr(`cfuzz: ${count} C programs from seed ${seed}, guard schemes ${schemes.join(",")}${values.extra ? ", extended shapes" : ""}${values.nested ? ", nested shapes" : ""}${values["num-threads"] ? ", num_threads shapes" : ""}${values.pointers ? ", pointer shapes" : ""}${values.heap ? ", host heap shapes" : ""}${values["local-pointers"] ? ", local pointer shapes" : ""}${values.levels ? ", level shapes" : ""}${values.tails ? ", sequential tails" : ""}${values["if-tasks"] ? ", if clauses and host tasks" : ""}${values["array-reductions"] ? ", array reductions" : ""}\n`);
    const now = io.now ?? (() => Date.now());
    const t0 = now();
    let done = 0;
    let failed = 0;
    let shown = 0;
    let r: CCampaignResult;
    try {
      r = await runCCampaign({
        count, seed, jobs, schemes, out, maxTests, gcc, tmp, extra: values.extra === true, nested: values.nested === true, numThreads: values["num-threads"] === true, pointers: values.pointers === true, heap: values.heap === true, localPointers: values["local-pointers"] === true, levels: values.levels === true, tails: values.tails === true, ifTasks: values["if-tasks"] === true, arrayReductions: values["array-reductions"] === true,
        onCase: (c) => {
          done++;
          if (c.kind !== null) failed++;
          if (io.isTTY && (now() - shown >= 250 || done === count)) {
            shown = now();
            const secs = (now() - t0) / 1000;
            io.stderr(`\r\x1b[Kcfuzz: ${done}/${count} programs, ${failed} failures, ${(done / Math.max(secs, 1e-3)).toFixed(2)} programs/s`);
          }
        },
      });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    const secs = (now() - t0) / 1000;
    if (io.isTTY) io.stderr("\n");
    io.stderr(`cfuzz: ${count} programs in ${secs.toFixed(1)} s (${(secs > 0 ? count / secs : 0).toFixed(2)} programs/s, ${Math.min(jobs, count)} worker${jobs > 1 ? "s" : ""})\n`);
    io.stdout(cSummary(r, schemes) + "\n");
    for (const f of r.failures) {
      io.stdout(`seed ${f.seed}: ${f.kind}${f.scheme ? ` (${f.scheme})` : ""}: ${f.message.split("\n")[0]} (npm run fuzz -- --lang=c --seed ${f.seed} --count 1${values.extra ? " --extra" : ""}${values.nested ? " --nested" : ""}${values["num-threads"] ? " --num-threads" : ""}${values.pointers ? " --pointers" : ""}${values.heap ? " --heap" : ""}${values["local-pointers"] ? " --local-pointers" : ""}${values.levels ? " --levels" : ""}${values.tails ? " --tails" : ""}${values["if-tasks"] ? " --if-tasks" : ""}${values["array-reductions"] ? " --array-reductions" : ""})${f.file ? ` → ${f.file}` : ""}\n`);
    }
    return r.failures.length > 0 ? 1 : 0;
  } catch (e) {
    io.stderr(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}

if (!isMainThread && (workerData as Record<string, unknown> | null)?.[WORKER_FLAG] === true) {
  const co = (workerData as { opts: CCaseOptions }).opts;
  parentPort!.on("message", (seed: number | null) => {
    if (seed === null) parentPort!.close();
    else void runCCaseSafely(seed, co).then((c) => parentPort!.postMessage(c));
  });
  parentPort!.postMessage("ready");
}

if (isMainThread && process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void cfuzzMain(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), isTTY: process.stderr.isTTY === true,
  }).then((code) => {
    process.exitCode = code;
  });
}
