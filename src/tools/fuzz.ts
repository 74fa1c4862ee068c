// `npm run fuzz -- --count N [--seed S] [--out DIR] [--rev-offload=auto|on|off] [--max-tests M]`
//
// The SPMD-ization fuzz campaign (issue 6 point 7): programs from the generic-kernel
// generator (src/tools/genkernels.ts) with seeds S, S+1, …, S+N-1, each run before and
// after `-O` and compared (src/tools/differential.ts). Every failing case is minimised
// (src/tools/minimize.ts) and written as a filetest `<DIR>/<program seed>.oir` that the
// filetest harness runs (`run-by-thread` without and with `--passes=-O`; both sections hold
// the original program's run, so the file fails until the miscompilation is fixed).
// Progress goes to stderr, the summary to stdout; exit status 1 if any case failed.
// The same seed gives the same programs, verdicts and files (docs/TESTING.md).

import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { execute } from "../runtime/execute.js";
import { parseModule } from "../ir/parse.js";
import { DIFF_MAX_STEPS, differential, formatRun, reverseOffloadSupported } from "./differential.js";
import type { DiffResult, MismatchKind } from "./differential.js";
import { generateGenericProgram } from "./genkernels.js";
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
  progress?: (line: string) => void;
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
export function failureFiletest(text: string, file: string, seed: number, campaignSeed: number, r: DiffResult, opts: GenericOptions): string {
  const m = parseModule(text, file);
  const expected = formatRun(execute(m, { maxSteps: DIFF_MAX_STEPS }), text, { byThread: true, hostMemory: true });
  const flags = opts.reverseOffload ? " --rev-offload=on" : " --rev-offload=off";
  const header = [
    "; test run-by-thread",
    "; test run-by-thread --passes=-O",
    `;; Found by \`npm run fuzz -- --seed ${seed} --count 1${flags}\` (campaign seed ${campaignSeed}), minimised.`,
    `;; ${r.mismatch!.kind}: ${r.mismatch!.message.split("\n")[0]}`,
    ";; Both sections hold the run of the program as written: -O must reproduce it, so do",
    ";; not bless the -O section; fix the pass instead.",
    "",
  ].join("\n");
  const section = (key: string) => [`; ----- ${key}`, ...expected.replace(/\n$/, "").split("\n").map((l) => (l === "" ? ";" : `; ${l}`))].join("\n");
  return `${header}\n${text.replace(/\n+$/, "\n")}\n${section("run-by-thread")}\n${section("run-by-thread --passes=-O")}\n`;
}

/** Runs the campaign; writes minimised failures to `out`. */
export function runCampaign(o: CampaignOptions): CampaignResult {
  const gen = o.gen ?? {};
  const res: CampaignResult = { programs: 0, converted: 0, kernels: 0, kernelsConverted: 0, reordered: 0, failures: [] };
  const log = o.progress ?? (() => {});
  for (let i = 0; i < o.count; i++) {
    const seed = o.seed + i;
    const text = generateGenericProgram(seed, gen);
    const r = differential(text, `${seed}.oir`, { pipeline: o.pipeline, passOptions: o.guardScheme ? { "guard-scheme": o.guardScheme } : {} });
    res.programs++;
    res.kernels += r.genericKernels;
    res.kernelsConverted += Math.min(r.converted, r.genericKernels);
    if (r.genericKernels > 0 && r.converted >= r.genericKernels) res.converted++;
    if (r.reordered) res.reordered++;
    if (r.mismatch !== null) {
      const kind = r.mismatch.kind;
      log(`seed ${seed}: ${kind}: ${r.mismatch.message.split("\n")[0]} — minimising`);
      const min = minimizeProgram(text, (t) => differential(t, `${seed}.oir`, { pipeline: o.pipeline, passOptions: o.guardScheme ? { "guard-scheme": o.guardScheme } : {} }).mismatch?.kind === kind, { maxTests: o.maxTests });
      let file: string | null = null;
      if (o.out !== null) {
        const r2 = differential(min.text, `${seed}.oir`, { pipeline: o.pipeline, passOptions: o.guardScheme ? { "guard-scheme": o.guardScheme } : {} });
        fs.mkdirSync(o.out, { recursive: true });
        file = path.join(o.out, `${seed}.oir`);
        fs.writeFileSync(file, failureFiletest(min.text, file.split(path.sep).join("/"), seed, o.seed, r2.mismatch !== null ? r2 : r, gen));
      }
      log(`seed ${seed}: minimised ${min.linesBefore} → ${min.linesAfter} lines in ${min.tests} tests${file ? `, wrote ${file}` : ""}`);
      res.failures.push({ seed, kind, message: r.mismatch.message, file, linesBefore: min.linesBefore, linesAfter: min.linesAfter });
    }
    if ((i + 1) % 100 === 0 || i + 1 === o.count) log(`${i + 1}/${o.count} programs, ${res.failures.length} failures`);
  }
  return res;
}

export function summary(r: CampaignResult): string {
  return `${r.programs} programs, ${r.converted} converted (${r.kernelsConverted} of ${r.kernels} kernels), ${r.failures.length} failures`;
}

const USAGE = "usage: npm run fuzz -- --count N [--seed S] [--out DIR] [--rev-offload=auto|on|off] [--guard-scheme=auto|branch|mask|naive] [--max-tests M]";

function intArg(name: string, v: string | undefined, dflt: number, min: number): number {
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v) || Number(v) < min || !Number.isSafeInteger(Number(v))) throw new Error(`fuzz: ${name} expects an integer >= ${min}, got '${v}'\n${USAGE}`);
  return Number(v);
}

/** The CLI; returns the exit status. */
export function fuzzMain(argv: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void }): number {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        count: { type: "string" }, seed: { type: "string" }, out: { type: "string" },
        "rev-offload": { type: "string" }, "max-tests": { type: "string" }, "guard-scheme": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }).values;
    if (values.help) {
      io.stdout(USAGE + "\n");
      return 0;
    }
    if (values.count === undefined) throw new Error(`fuzz: --count is required\n${USAGE}`);
    const ro = values["rev-offload"] ?? "auto";
    if (!["auto", "on", "off"].includes(ro)) throw new Error(`fuzz: --rev-offload expects auto, on or off, got '${ro}'`);
    const reverseOffload = ro === "on" || (ro === "auto" && reverseOffloadSupported());
    const count = intArg("--count", values.count, 0, 1);
    const seed = intArg("--seed", values.seed, DEFAULT_SEED, 0);
    const maxTests = intArg("--max-tests", values["max-tests"], 20000, 1);
    const scheme = values["guard-scheme"];
    if (scheme !== undefined && "error" in parseGuardScheme(scheme)) throw new Error(`fuzz: --guard-scheme: ${(parseGuardScheme(scheme) as { error: string }).error}`);
    io.stderr(`fuzz: ${count} programs from seed ${seed}, reverse offload ${reverseOffload ? "on" : "off"}${scheme ? `, guard scheme ${scheme}` : ""}\n`);
    const r = runCampaign({
      count, seed, gen: { reverseOffload }, out: values.out ?? DEFAULT_OUT, maxTests, guardScheme: scheme,
      progress: (l) => io.stderr(`fuzz: ${l}\n`),
    });
    io.stdout(summary(r) + "\n");
    return r.failures.length > 0 ? 1 : 0;
  } catch (e) {
    io.stderr(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = fuzzMain(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });
}
