// `ompir opt FILE --passes=a,b | -O`: run a pass pipeline and print the resulting module,
// with the dumps, remarks, statistics and timings of docs/PASSES.md. A thin shell over
// runPipeline: every option maps to one PipelineOptions field.
//
// Streams: the module goes to standard output (or -o OUT); dumps, remarks, statistics and
// timings go to standard error, as with LLVM's opt. Exit status: 0 success, 2 bad input or
// usage (one line naming the flag), 70 when a pass breaks the IR (the verifier's report
// names the pass and prints the function).

import type { Module } from "../ir/ir.js";
import { printModule } from "../ir/printer.js";
import { filterRemarks, formatRemark, remarksToJson, sortRemarks } from "../ir/remarks.js";
import type { PassOptions } from "../passes/manager.js";
import type { PipelineOptions, PipelineResult } from "../passes/pipeline.js";
import { PassVerifyError, formatTimings, pipelineToJson, runPipeline } from "../passes/pipeline.js";
import { PipelineError, findPass, formatPassList } from "../passes/registry.js";
import { parseGuardScheme } from "../passes/spmdize.js";
import { loadModule } from "./check.js";
import { C_OPTIONS, inputOptions } from "./cc.js";
import type { Command, Io } from "./io.js";
import { ExitError, UsageError, parseCommandArgs, writeOutput } from "./io.js";

const EXIT_PASS_BROKE_IR = 70;

/** Flags whose value is optional (`--print-changed` = `--print-changed=full`). */
const OPTIONAL_VALUE: Record<string, string> = { "--print-changed": "full", "--remarks": "" };

function normaliseArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of argv) {
    if (a === "--") {
      out.push(...argv.slice(argv.indexOf(a)));
      break;
    }
    out.push(a in OPTIONAL_VALUE ? `${a}=${OPTIONAL_VALUE[a]}` : a);
  }
  return out;
}

/** The pipeline named by `--passes` / `-O` (both or neither: null). */
export function pipelineFromFlags(command: string, passes: string | undefined, O: boolean | undefined): string | null {
  if (passes !== undefined && O) throw new UsageError(`${command}: give either --passes or -O, not both`);
  if (O) return "-O";
  if (passes === undefined) return null;
  return passes;
}

/**
 * Runs `pipeline` over `m` for a command (`opt`, `run`, `dot`): a bad pipeline becomes a
 * one-line usage error naming --passes; a pass that breaks the IR prints the verifier's
 * report and exits 70. `ompir run FILE --passes=…|-O` calls this before executing.
 */
export function optimizeForCommand(io: Io, command: string, m: Module, pipeline: string, opts: PipelineOptions = {}): PipelineResult {
  try {
    return runPipeline(m, pipeline, opts);
  } catch (e) {
    if (e instanceof PipelineError) throw new UsageError(`${command}: --passes: ${e.message}`);
    if (e instanceof PassVerifyError) {
      io.stderr(`ompir: ${e.message}\n`);
      throw new ExitError(EXIT_PASS_BROKE_IR);
    }
    throw e;
  }
}

function checkPassNames(flag: string, names: readonly string[]): void {
  for (const n of names) {
    if (findPass(n) === undefined) throw new UsageError(`opt: ${flag}: unknown pass '${n}'`);
  }
}

const splitList = (xs: readonly string[] | undefined): string[] =>
  (xs ?? []).flatMap((x) => x.split(",")).map((s) => s.trim()).filter((s) => s !== "");

/** `--guard-scheme=branch|naive|auto` for spmdize, checked here so a bad value is a usage error. */
export function guardSchemeFlag(command: string, v: string): string {
  const r = parseGuardScheme(v);
  if ("error" in r) throw new UsageError(`${command}: --guard-scheme: ${r.error}`);
  return v;
}

function parsePassOptions(items: readonly string[]): PassOptions {
  const out: PassOptions = {};
  for (const item of items) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new UsageError(`opt: --pass-opt: expected key=value, got '${item}'`);
    const key = item.slice(0, eq);
    const raw = item.slice(eq + 1);
    out[key] = raw === "true" ? true : raw === "false" ? false : raw !== "" && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}

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
      "",
      "options:",
      "  --passes=P1,P2,...        the pipeline (a name may be -O: the default pipeline)",
      "  -O                        the default pipeline (docs/PASSES.md)",
      "  -o, --out OUT             write the module to OUT instead of standard output",
      "  --print-after-all         dump each function after every pass",
      "  --print-before-all        dump each function before every pass",
      "  --print-before=P          dump before pass P (repeatable, or P1,P2)",
      "  --print-after=P           dump after pass P (repeatable, or P1,P2)",
      "  --print-changed[=diff]    dump the input, then only functions a pass changed (diff: as a unified diff)",
      "  --filter-fn=@F            restrict dumps and --dump-pipeline-json to @F (repeatable)",
      "  --time-passes             print the time spent in each pass",
      "  --stats                   print counters (calls inlined, instructions removed, ...)",
      "  --dump-pipeline-json FILE write { \"@fn\": [{ pass, before, after, changed }] } to FILE",
      "  --remarks[=P1,P2]         print remarks (of these passes) as file:line:col: remark: msg [ID]",
      "  --remarks-output FILE     write every remark to FILE as JSON",
      "  --pass-opt KEY=VALUE      an option for the passes (repeatable)",
      "  --guard-scheme=S          spmdize guards: auto (default), branch, mask, or naive (one region per side effect)",
      "  --no-verify-each          do not run the verifier after each pass",
      "",
      "passes:",
      formatPassList(),
    ].join("\n");
  },
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs("opt", normaliseArgv(argv), {
      passes: { type: "string" },
      O: { type: "boolean", short: "O" },
      out: { type: "string", short: "o" },
      "print-after-all": { type: "boolean" },
      "print-before-all": { type: "boolean" },
      "print-before": { type: "string", multiple: true },
      "print-after": { type: "string", multiple: true },
      "print-changed": { type: "string" },
      "filter-fn": { type: "string", multiple: true },
      "time-passes": { type: "boolean" },
      stats: { type: "boolean" },
      "dump-pipeline-json": { type: "string" },
      remarks: { type: "string" },
      "remarks-output": { type: "string" },
      "pass-opt": { type: "string", multiple: true },
      "guard-scheme": { type: "string" },
      "no-verify-each": { type: "boolean" },
      ...C_OPTIONS,
    });
    if (positionals.length !== 1) throw new UsageError(`opt: expected one input file, got ${positionals.length} (try 'ompir opt --help')`);
    const pipeline = pipelineFromFlags("opt", values.passes, values.O);
    if (pipeline === null) throw new UsageError("opt: no passes given (use --passes=a,b or -O)");
    const printChanged = values["print-changed"];
    if (printChanged !== undefined && printChanged !== "full" && printChanged !== "diff") {
      throw new UsageError(`opt: --print-changed: expected nothing or 'diff', got '${printChanged}'`);
    }
    const printBefore = splitList(values["print-before"]);
    const printAfter = splitList(values["print-after"]);
    checkPassNames("--print-before", printBefore);
    checkPassNames("--print-after", printAfter);
    const remarkPasses = values.remarks === undefined ? null : splitList([values.remarks]);
    if (remarkPasses) checkPassNames("--remarks", remarkPasses);
    const filterFns = splitList(values["filter-fn"]);
    const passOptions = parsePassOptions(values["pass-opt"] ?? []);
    if (values["guard-scheme"] !== undefined) passOptions["guard-scheme"] = guardSchemeFlag("opt", values["guard-scheme"]);

    const m = await loadModule(io, positionals[0]!, { input: inputOptions(values) });
    for (const fn of filterFns) {
      if (!m.functions.some((f) => f.name === fn.replace(/^@/, ""))) throw new UsageError(`opt: --filter-fn: no function '@${fn.replace(/^@/, "")}' in ${m.file}`);
    }
    const result = optimizeForCommand(io, "opt", m, pipeline, {
      verifyEach: !values["no-verify-each"],
      printAfterAll: values["print-after-all"] ?? false,
      printBeforeAll: values["print-before-all"] ?? false,
      printBefore,
      printAfter,
      printChanged: printChanged === undefined ? false : (printChanged as "full" | "diff"),
      filterFns,
      timePasses: values["time-passes"] ?? false,
      recordPipeline: values["dump-pipeline-json"] !== undefined,
      passOptions,
      dump: (s) => io.stderr(s),
    });

    if (remarkPasses !== null) {
      for (const r of sortRemarks(filterRemarks(result.remarks, remarkPasses))) io.stderr(formatRemark(m.file, r) + "\n");
    }
    if (values["remarks-output"] !== undefined) writeOutput(io, values["remarks-output"], remarksToJson(m.file, result.remarks));
    if (values["dump-pipeline-json"] !== undefined) writeOutput(io, values["dump-pipeline-json"], pipelineToJson(result.pipeline ?? {}));
    if (values.stats) io.stderr(result.stats.format());
    if (result.timings) io.stderr(formatTimings(result.timings));
    writeOutput(io, values.out ?? "-", printModule(m));
    return 0;
  },
};
