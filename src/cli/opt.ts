// `ompir opt FILE --passes=a,b | -O`: run a pass pipeline and print the resulting module,
// with the dumps, remarks, statistics and timings of docs/PASSES.md. A thin shell over
// runPipeline: every option maps to one PipelineOptions field. Pass options are not listed
// here: their flags and help come from the pass registry (passOptionFlags below).
//
// Streams: the module goes to standard output (or -o OUT); dumps, remarks, statistics and
// timings go to standard error, as with LLVM's opt. Exit status: 0 success, 2 bad input or
// usage (one line naming the flag), 70 when a pass breaks the IR (the verifier's report
// names the pass and prints the function).

import { DiagnosticError } from "../ir/diagnostics.js";
import type { Module } from "../ir/ir.js";
import { printModule } from "../ir/printer.js";
import type { Remark, RemarkSelection } from "../ir/remarks.js";
import { formatRemarkClang, remarksToJson, remarksToYaml, selectRemarks, sortRemarks } from "../ir/remarks.js";
import type { PassOptions, PassStats } from "../passes/manager.js";
import type { PipelineOptions, PipelineResult, PrintChanged } from "../passes/pipeline.js";
import { PassVerifyError, formatTimings, pipelineToJson, runPipeline } from "../passes/pipeline.js";
import { PipelineError, findPass, formatPassList, optionValues, parsePipeline, passOptionList, resolvePassOptions } from "../passes/registry.js";
import { loadModule, reportDiagnostics } from "./check.js";
import { C_OPTIONS, inputOptions } from "./cc.js";
import type { Command, Io, OptionSpec } from "./io.js";
import { ExitError, UsageError, checkOutputs, errorLimit, formatRows, parseCommandArgs, writeOutput } from "./io.js";

const EXIT_PASS_BROKE_IR = 70;

/** The pipeline named by `--passes` / `-O` (both or neither: null). */
export function pipelineFromFlags(command: string, passes: string | undefined, O: boolean | undefined): string | null {
  if (passes !== undefined && O) throw new UsageError(`${command}: give either --passes or -O, not both`);
  if (O) return "-O";
  if (passes === undefined) return null;
  return passes;
}

/** Checks a pipeline string before any input is read (`--passes: unknown pass …`). */
export function checkPipeline(command: string, pipeline: string): string[] {
  try {
    return parsePipeline(pipeline).map((p) => p.name);
  } catch (e) {
    if (e instanceof PipelineError) throw new UsageError(`${command}: --passes: ${e.message}`);
    throw e;
  }
}

/**
 * Runs `pipeline` over `m` for a command (`opt`, `run`, `dot`): a bad pipeline becomes a
 * one-line usage error naming --passes; a pass that breaks the IR prints the verifier's
 * report and exits 70. `ompir run FILE --passes=…|-O` calls this before executing. `m`
 * comes from loadModule, which verified it.
 */
export function optimizeForCommand(io: Io, command: string, m: Module, pipeline: string, opts: PipelineOptions = {}): PipelineResult {
  try {
    return runPipeline(m, pipeline, { verifiedInput: true, ...opts });
  } catch (e) {
    if (e instanceof PipelineError) throw new UsageError(`${command}: --passes: ${e.message}`);
    if (e instanceof PassVerifyError) {
      io.stderr(`ompir: ${e.message}\n`);
      throw new ExitError(EXIT_PASS_BROKE_IR);
    }
    // A check pass (verify-uniform-barriers) found errors in the program: bad input, located.
    if (e instanceof DiagnosticError) {
      reportDiagnostics(io, e.diagnostics, m.source);
      throw new ExitError(2);
    }
    throw e;
  }
}

// ---------------------------------------------------------------------------------------
// Pass options, derived from the registry

/** The flag of a pass option: its name (`--guard-scheme`), or `--pass.name` if two passes share it. */
function flagOf(pass: string, option: string): string {
  return passOptionList().filter((x) => x.option.name === option).length === 1 ? option : `${pass}.${option}`;
}

/** `--pass-opt` and one flag per registered pass option, for opt, run and dot. */
export function passOptionFlags(): OptionSpec {
  const spec: OptionSpec = { "pass-opt": { type: "string", multiple: true } };
  for (const { pass, option } of passOptionList()) spec[flagOf(pass.name, option.name)] = { type: "string" };
  return spec;
}

/** The help lines of the pass-option flags. */
export function passOptionHelp(): string[] {
  const rows = passOptionList().map(({ pass, option }) => [`--${flagOf(pass.name, option.name)}=${optionValues(option)}`, `${pass.name}: ${option.help} (default ${String(option.default)})`] as const);
  return ["pass options, from the pass registry (also --pass-opt PASS.NAME=VALUE, repeatable):", ...(rows.length === 0 ? ["  (none)"] : formatRows(rows))];
}

/** The pass options given by flags, keyed `pass.option`, checked against the registry. */
export function passOptionsFromFlags(command: string, values: Record<string, unknown>): PassOptions {
  const out: PassOptions = {};
  const check = (flag: string, key: string, value: string) => {
    try {
      resolvePassOptions({ [key]: value });
    } catch (e) {
      if (e instanceof PipelineError) throw new UsageError(`${command}: ${flag}: ${e.message}`);
      throw e;
    }
    out[key] = value;
  };
  for (const item of (values["pass-opt"] as string[] | undefined) ?? []) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new UsageError(`${command}: --pass-opt: expected PASS.NAME=VALUE, got '${item}'`);
    check("--pass-opt", item.slice(0, eq), item.slice(eq + 1));
  }
  for (const { pass, option } of passOptionList()) {
    const flag = flagOf(pass.name, option.name);
    const v = values[flag] as string | undefined;
    if (v !== undefined) check(`--${flag}`, `${pass.name}.${option.name}`, v);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Remarks: printed as clang does, selected like LLVM's -pass-remarks*, saved as YAML or JSON

/** The remark flags of opt and run. */
export const REMARK_OPTIONS = {
  remarks: { type: "string", optionalValue: "" },
  "pass-remarks": { type: "string" },
  "pass-remarks-missed": { type: "string" },
  "pass-remarks-analysis": { type: "string" },
  "remarks-output": { type: "string" },
} as const satisfies OptionSpec;

export const REMARK_HELP: readonly (readonly [string, string])[] = [
  ["--remarks[=P1,P2]", "print every remark (of these passes) as clang does: file:line:col: remark: msg [ID] [-Rpass=PASS]"],
  ["--pass-remarks=REGEX", "print passed remarks (-Rpass) of passes matching REGEX (as LLVM's -pass-remarks)"],
  ["--pass-remarks-missed=REGEX", "print missed remarks (-Rpass-missed) of passes matching REGEX"],
  ["--pass-remarks-analysis=REGEX", "print analysis remarks (-Rpass-analysis) of passes matching REGEX"],
  ["--remarks-output FILE", "write every remark to FILE: LLVM remark YAML (.yaml/.yml, for opt-viewer) or JSON (.json)"],
];

/** The remarks to print (RemarkSelection), or null when no remark flag asks for any. */
export function remarkSelection(command: string, values: Record<string, unknown>): RemarkSelection | null {
  const sel: RemarkSelection = {};
  let any = false;
  const re = (flag: string): RegExp | undefined => {
    const v = values[flag];
    if (typeof v !== "string") return undefined;
    any = true;
    try {
      return new RegExp(v);
    } catch (e) {
      throw new UsageError(`${command}: --${flag}: bad regular expression '${v}': ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const passed = re("pass-remarks");
  const missed = re("pass-remarks-missed");
  const analysis = re("pass-remarks-analysis");
  if (passed) sel.passed = passed;
  if (missed) sel.missed = missed;
  if (analysis) sel.analysis = analysis;
  if (typeof values.remarks === "string") {
    const passes = splitList([values.remarks]);
    for (const n of passes) if (findPass(n) === undefined) throw new UsageError(`${command}: --remarks: unknown pass '${n}'`);
    sel.passes = passes;
    any = true;
  }
  return any ? sel : null;
}

/** The format of `--remarks-output FILE`, by its extension. */
export function remarksOutputFormat(command: string, file: string | undefined): "yaml" | "json" | null {
  if (file === undefined) return null;
  if (/\.json$/i.test(file)) return "json";
  if (/\.ya?ml$/i.test(file)) return "yaml";
  throw new UsageError(`${command}: --remarks-output: name the format by the extension: FILE.yaml (LLVM remark YAML) or FILE.json, got '${file}'`);
}

/** Prints the selected remarks (sorted by location) and writes `--remarks-output`. */
export function emitRemarks(io: Io, m: Module, remarks: readonly Remark[], sel: RemarkSelection | null, output: string | undefined): void {
  if (sel !== null) for (const r of sortRemarks(selectRemarks(remarks, sel))) io.stderr(formatRemarkClang(m.file, r, m.source) + "\n");
  const format = remarksOutputFormat("", output);
  if (output !== undefined) writeOutput(io, output, format === "yaml" ? remarksToYaml(m.file, remarks) : remarksToJson(m.file, remarks));
}

function checkPassNames(flag: string, names: readonly string[]): void {
  for (const n of names) {
    if (findPass(n) === undefined) throw new UsageError(`opt: ${flag}: unknown pass '${n}'`);
  }
}

const splitList = (xs: readonly string[] | undefined): string[] =>
  (xs ?? []).flatMap((x) => x.split(",")).map((s) => s.trim()).filter((s) => s !== "");

const PRINT_CHANGED: readonly PrintChanged[] = ["full", "diff", "quiet", "diff-quiet"];

/** `--stats-json`: the pass counters as `{ version, stats: [{ pass, counter, value }] }`, sorted. */
export function passStatsToJson(stats: PassStats): string {
  return JSON.stringify({ version: 1, stats: stats.entries() }, null, 2) + "\n";
}

const OPT_OPTIONS = {
  passes: { type: "string" },
  O: { type: "boolean", short: "O" },
  out: { type: "string", short: "o" },
  "print-after-all": { type: "boolean" },
  "print-before-all": { type: "boolean" },
  "print-before": { type: "string", multiple: true },
  "print-after": { type: "string", multiple: true },
  "print-changed": { type: "string", optionalValue: "full" },
  "filter-fn": { type: "string", multiple: true },
  "time-passes": { type: "boolean" },
  stats: { type: "boolean" },
  "stats-json": { type: "string" },
  "dump-pipeline-json": { type: "string" },
  ...REMARK_OPTIONS,
  "verify-each": { type: "boolean" },
  "no-verify-each": { type: "boolean" },
  "print-pipeline-passes": { type: "boolean" },
  "debug-pass-manager": { type: "boolean" },
} as const satisfies OptionSpec;

export const optCommand: Command = {
  name: "opt",
  summary: "run passes (--passes=a,b or -O) and print the module",
  get help() {
    return [
      "usage: ompir opt FILE (--passes=a,b,... | -O) [options]",
      "",
      "Runs the passes over FILE (`-` reads standard input) and prints the resulting module",
      "to standard output. Dumps, remarks, statistics and timings go to standard error.",
      "The verifier runs after every pass; a failure names the pass and prints the function.",
      "Every long option may be spelled with one dash, as in LLVM (-passes=inline, -stats).",
      "",
      "options:",
      "  --passes=P1,P2,...        the pipeline (a name may be -O: the default pipeline)",
      "  -O, -O1, -O2, -O3         the default pipeline (docs/PASSES.md)",
      "  -o, --out OUT             write the module to OUT instead of standard output (never the input)",
      "  --print-pipeline-passes   print the pipeline's passes (-O expanded) and exit",
      "  --print-after-all         dump each function after every pass",
      "  --print-before-all        dump each function before every pass",
      "  --print-before=P          dump before pass P (repeatable, or P1,P2)",
      "  --print-after=P           dump after pass P (repeatable, or P1,P2)",
      "  --print-changed[=MODE]    dump the input, then only functions a pass changed; MODE: full (default),",
      "                            diff (a unified diff), quiet / diff-quiet (no input dump, no unchanged lines)",
      "  --filter-fn=@F            restrict dumps and --dump-pipeline-json to @F (repeatable)",
      "  --debug-pass-manager      log each pass and the analyses run, cached and invalidated",
      "  --time-passes             print the time spent in each pass",
      "  --stats                   print counters (calls inlined, instructions removed, ...)",
      "  --stats-json FILE         write the counters as JSON ({ version, stats: [{ pass, counter, value }] })",
      "  --dump-pipeline-json FILE write each function before/after every pass as JSON (schemas/pipeline.schema.json)",
      // This help's own column (28), not formatRows' (26).
      ...REMARK_HELP.flatMap(([k, t]) => (k.length < 26 ? [`  ${k.padEnd(26)}${t}`] : [`  ${k}`, `${" ".repeat(28)}${t}`])),
      "  --verify-each             run the verifier after each pass (the default)",
      "  --no-verify-each          do not run the verifier after each pass",
      "  -ferror-limit=N           stop after N input errors (default 20; 0: no limit)",
      "",
      ...passOptionHelp(),
      "",
      "passes:",
      formatPassList(),
    ].join("\n");
  },
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs("opt", argv, { ...OPT_OPTIONS, ...passOptionFlags(), ...C_OPTIONS });
    const pipeline = pipelineFromFlags("opt", values.passes, values.O);
    if (pipeline === null) throw new UsageError("opt: no passes given (use --passes=a,b or -O)");
    const names = checkPipeline("opt", pipeline);
    if (values["print-pipeline-passes"]) {
      io.stdout(names.join(",") + "\n");
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(`opt: expected one input file, got ${positionals.length} (try 'ompir opt --help')`);
    const printChanged = values["print-changed"];
    if (printChanged !== undefined && !(PRINT_CHANGED as readonly string[]).includes(printChanged)) {
      throw new UsageError(`opt: --print-changed: expected nothing, diff, quiet or diff-quiet, got '${printChanged}'`);
    }
    if (values["verify-each"] && values["no-verify-each"]) throw new UsageError("opt: give either --verify-each or --no-verify-each, not both");
    const printBefore = splitList(values["print-before"]);
    const printAfter = splitList(values["print-after"]);
    checkPassNames("--print-before", printBefore);
    checkPassNames("--print-after", printAfter);
    const remarkSel = remarkSelection("opt", values);
    const filterFns = splitList(values["filter-fn"]);
    const passOptions = passOptionsFromFlags("opt", values);
    const input = positionals[0]!;
    checkOutputs(io, "opt", [input], [
      ["-o", values.out],
      ["--remarks-output", values["remarks-output"]],
      ["--dump-pipeline-json", values["dump-pipeline-json"]],
      ["--stats-json", values["stats-json"]],
    ]);
    remarksOutputFormat("opt", values["remarks-output"]);

    const m = await loadModule(io, input, { errorLimit: errorLimit("opt", values["ferror-limit"]), input: inputOptions(values) });
    for (const fn of filterFns) {
      if (!m.functions.some((f) => f.name === fn.replace(/^@/, ""))) throw new UsageError(`opt: --filter-fn: no function '@${fn.replace(/^@/, "")}' in ${m.file}`);
    }
    const result = optimizeForCommand(io, "opt", m, pipeline, {
      verifyEach: !values["no-verify-each"],
      printAfterAll: values["print-after-all"] ?? false,
      printBeforeAll: values["print-before-all"] ?? false,
      printBefore,
      printAfter,
      printChanged: printChanged === undefined ? false : (printChanged as PrintChanged),
      filterFns,
      timePasses: values["time-passes"] ?? false,
      recordPipeline: values["dump-pipeline-json"] !== undefined,
      debugPassManager: values["debug-pass-manager"] ?? false,
      passOptions,
      dump: (s) => io.stderr(s),
      keepRemarks: remarkSel !== null || values["remarks-output"] !== undefined,
    });

    emitRemarks(io, m, result.remarks, remarkSel, values["remarks-output"]);
    if (values["dump-pipeline-json"] !== undefined) writeOutput(io, values["dump-pipeline-json"], pipelineToJson(result.pipeline ?? {}));
    if (values.stats) io.stderr(result.stats.format());
    if (values["stats-json"] !== undefined) writeOutput(io, values["stats-json"], passStatsToJson(result.stats));
    if (result.timings) io.stderr(formatTimings(result.timings));
    writeOutput(io, values.out ?? "-", printModule(m));
    return 0;
  },
};
