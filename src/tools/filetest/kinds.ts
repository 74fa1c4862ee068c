// The filetest kinds: `; test <kind> [options]` runs kinds[kind](input, options, file).
//
// A kind returns its output, which the harness compares with (or blesses into) the file's
// `; ----- <kind> [options]` section; or null when it checks inline expectations itself
// (like `verifier`), has no section, and throws a FiletestFailure on a mismatch.
// Other kinds (run, opt, remarks, print-after-all) are added here by their owners.

import type { Diagnostic } from "../../ir/diagnostics.js";
import { DiagnosticError, formatDiagnostic, sortDiagnostics } from "../../ir/diagnostics.js";
import { parseModule } from "../../ir/parse.js";
import * as fs from "node:fs";
import { CError, compileC } from "../../frontend/c/index.js";
import { printModule } from "../../ir/printer.js";
import { verifyModule } from "../../ir/verifier.js";
import { formatRemark, sortRemarks } from "../../ir/remarks.js";
import type { PipelineOptions, PipelineResult } from "../../passes/pipeline.js";
import { PassVerifyError, runPipeline } from "../../passes/pipeline.js";
import { unifiedDiff } from "../../passes/textdiff.js";
import { execute } from "../../runtime/execute.js";
import type { RunOptions } from "../../runtime/execute.js";
import { formatFault } from "../../runtime/faults.js";
import { formatRace } from "../../runtime/races.js";
import { DIFF_MAX_STEPS, formatRun } from "../differential.js";

export type KindFn = (input: string, options: string[], file: string) => string | null | Promise<string | null>;

/** A test failure whose message is the whole explanation (no stack trace needed). */
export class FiletestFailure extends Error {
  override name = "FiletestFailure";
}

/** Parses, turning diagnostics into a readable failure (for kinds that need a module). */
export function parseOrFail(input: string, file: string) {
  try {
    return parseModule(input, file);
  } catch (e) {
    if (e instanceof DiagnosticError) {
      throw new FiletestFailure(`input does not parse:\n${e.diagnostics.map((d) => formatDiagnostic(d, input)).join("\n")}`);
    }
    throw e;
  }
}

/** `cat`: the canonical form; also checks that printing is a fixed point of parse∘print. */
function cat(input: string, options: string[], file: string): string {
  if (options.length) throw new FiletestFailure(`'cat' takes no options, got: ${options.join(" ")}`);
  const once = printModule(parseOrFail(input, file));
  const twice = printModule(parseOrFail(once, `${file} (printed)`));
  if (once !== twice) throw new FiletestFailure(`print(parse(print(m))) differs from print(m):\n${unifiedDiff(once, twice, ["print", "print(parse(print))"])}`);
  return once;
}

/** Parse + verify diagnostics (errors only), in position order. */
export function moduleErrors(input: string, file: string): Diagnostic[] {
  let ds: Diagnostic[];
  try {
    ds = verifyModule(parseModule(input, file));
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    ds = [...e.diagnostics];
  }
  return sortDiagnostics(ds.filter((d) => d.severity === "error"));
}

export interface ExpectedError {
  line: number;
  /** Required column, if written as `; error@COL: …`. */
  col: number | null;
  substring: string;
}

const ERROR_MARK = /;\s*error(?:@(\d+))?:/g;

/** The `; error: <substring>` (or `; error@COL: <substring>`) annotations, by line. */
export function expectedErrors(input: string): ExpectedError[] {
  const out: ExpectedError[] = [];
  input.split("\n").forEach((text, i) => {
    const marks = [...text.matchAll(ERROR_MARK)];
    marks.forEach((m, k) => {
      const from = m.index! + m[0].length;
      const to = k + 1 < marks.length ? marks[k + 1]!.index! : text.length;
      out.push({ line: i + 1, col: m[1] ? Number(m[1]) : null, substring: text.slice(from, to).trim() });
    });
  });
  return out;
}

/**
 * `verifier`: passes iff parsing + verification report exactly the annotated errors: each
 * on the annotated line (and column, if given) with a message containing the substring.
 * A file without annotations must be clean.
 */
function verifier(input: string, options: string[], file: string): null {
  if (options.length) throw new FiletestFailure(`'verifier' takes no options, got: ${options.join(" ")}`);
  const expected = expectedErrors(input);
  const actual = moduleErrors(input, file);
  const used = new Array<boolean>(expected.length).fill(false);
  const unexpected: Diagnostic[] = [];
  for (const d of actual) {
    const k = expected.findIndex((e, i) => !used[i] && e.line === d.loc.line && (e.col === null || e.col === d.loc.col) && d.message.includes(e.substring));
    if (k < 0) unexpected.push(d);
    else used[k] = true;
  }
  const missing = expected.filter((_, i) => !used[i]);
  if (unexpected.length === 0 && missing.length === 0) return null;
  const lines: string[] = [];
  for (const d of unexpected) lines.push(`unexpected: ${formatDiagnostic(d, input)}`);
  for (const e of missing) lines.push(`missing:    ${file}:${e.line}${e.col === null ? "" : `:${e.col}`}: error containing '${e.substring}'`);
  if (actual.length) lines.push("", "all errors reported:", ...actual.map((d) => `  ${d.loc.line}:${d.loc.col}: ${d.message}`));
  throw new FiletestFailure(lines.join("\n"));
}

/** `check`: what `ompir check` prints — every diagnostic with source line and caret. */
function check(input: string, options: string[], file: string): string {
  if (options.length) throw new FiletestFailure(`'check' takes no options, got: ${options.join(" ")}`);
  const ds = moduleErrors(input, file);
  return ds.length === 0 ? "ok\n" : ds.map((d) => formatDiagnostic(d, input) + "\n").join("");
}

/** Parses, verifies the input, and runs the pipeline (options[0]); a bad input or a pass that
 *  breaks the IR is a failure with the verifier's report. */
function runPasses(kind: string, input: string, options: string[], file: string, opts: PipelineOptions): PipelineResult {
  const scheme = options.find((o) => o.startsWith("--guard-scheme="));
  // `--pass-opt=PASS.OPTION=VALUE`, as many as needed (e.g. deglobalize.shared-limit=64).
  const passOpts = options.filter((o) => o.startsWith("--pass-opt="));
  const rest = options.filter((o) => o !== scheme && !passOpts.includes(o));
  if (rest.length !== 1) throw new FiletestFailure(`'${kind}' takes one pipeline (e.g. inline,simplify or -O) and optionally --guard-scheme=S and --pass-opt=P.O=V, got: ${options.join(" ") || "nothing"}`);
  const given: Record<string, string> = {};
  if (scheme !== undefined) given["guard-scheme"] = scheme.slice("--guard-scheme=".length);
  for (const o of passOpts) {
    const kv = o.slice("--pass-opt=".length);
    const eq = kv.indexOf("=");
    if (eq <= 0) throw new FiletestFailure(`'${kind}': --pass-opt takes PASS.OPTION=VALUE, got: ${o}`);
    given[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  if (Object.keys(given).length > 0) opts = { ...opts, passOptions: given };
  options = rest;
  const m = parseOrFail(input, file);
  const errors = verifyModule(m).filter((d) => d.severity === "error");
  if (errors.length) throw new FiletestFailure(`input does not verify:\n${errors.map((d) => formatDiagnostic(d, input)).join("\n")}`);
  try {
    return runPipeline(m, options[0]!, opts);
  } catch (e) {
    if (e instanceof PassVerifyError) throw new FiletestFailure(e.message);
    throw e;
  }
}

/** `opt <pipeline>`: the module after the pipeline (verified after every pass). */
function opt(input: string, options: string[], file: string): string {
  return printModule(runPasses("opt", input, options, file, {}).module);
}

/** `remarks <pipeline>`: every remark, sorted by location, as `ompir opt --remarks` prints them. */
function remarks(input: string, options: string[], file: string): string {
  const r = runPasses("remarks", input, options, file, {});
  return sortRemarks(r.remarks).map((x) => formatRemark(file, x) + "\n").join("");
}

/** `print-after-all <pipeline>`: the dumps of `ompir opt --print-after-all`. */
function printAfterAll(input: string, options: string[], file: string): string {
  return runPasses("print-after-all", input, options, file, { printAfterAll: true }).dumps;
}

/** `run [--teams N] [--threads N] [--warp-size N] [--max-steps N] [--memory-limit N] [--device-heap N] [--passes=P] [--rev-offload=M]
 *  [--rev-offload-threads N] [--mailbox-slots N] [--mailbox-fault=F] [--detect-races=on]`: the
 *  program's stdout, then a runtime fault's message if any, then each data race the
 *  detector reports, then `exit <status>`. */
function run(input: string, options: string[], file: string): string {
  const opts: RunOptions = {};
  let pipeline: string | null = null;
  let scheme: string | null = null;
  const args = options.flatMap((o) => (o.startsWith("--") && o.includes("=") ? [o.slice(0, o.indexOf("=")), o.slice(o.indexOf("=") + 1)] : [o]));
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    const value = args[++i];
    if (value === undefined) throw new FiletestFailure(`'run': ${flag} needs a value`);
    const n = Number(value);
    switch (flag) {
      case "--teams": opts.teams = n; break;
      case "--threads": opts.threads = n; break;
      case "--warp-size": opts.warpSize = n; break;
      case "--max-steps": opts.maxSteps = n; break;
      case "--memory-limit": opts.memoryLimit = n; break;
      case "--device-heap": opts.deviceHeap = n; break;
      case "--passes": pipeline = value; break;
      case "--guard-scheme": scheme = value; break;
      case "--rev-offload": opts.revOffload = value as RunOptions["revOffload"]; break;
      case "--rev-offload-threads": opts.revOffloadThreads = n; break;
      case "--mailbox-slots": opts.mailboxSlots = n; break;
      case "--mailbox-fault": opts.mailboxFault = value as RunOptions["mailboxFault"]; break;
      case "--detect-races": opts.detectRaces = value === "on"; break;
      case "--devices": opts.devices = n; break;
      case "--machine": opts.machine = value as RunOptions["machine"]; break;
      default: throw new FiletestFailure(`'run': unknown option ${flag} (known: --teams --threads --warp-size --max-steps --memory-limit --device-heap --passes --guard-scheme --rev-offload --rev-offload-threads --mailbox-slots --mailbox-fault --detect-races --devices --machine)`);
    }
  }
  let m = parseOrFail(input, file);
  const errors = verifyModule(m).filter((d) => d.severity === "error");
  if (errors.length) throw new FiletestFailure(`input does not verify:\n${errors.map((d) => formatDiagnostic(d, input)).join("\n")}`);
  if (pipeline !== null) m = runPipeline(m, pipeline, scheme === null ? {} : { passOptions: { "guard-scheme": scheme } }).module;
  const r = execute(m, opts);
  let out = r.stdout;
  if (out !== "" && !out.endsWith("\n")) out += "\n";
  if (r.fault) out += formatFault(r.fault, input) + "\n";
  for (const race of r.races) out += formatRace(file, race) + "\n";
  return out + `exit ${r.exitCode}\n`;
}

/** `run-by-thread [--passes=P]`: like `run`, but the output grouped per thread tag
 *  (`t<team>.<thread>|`, src/tools/differential.ts), so only each thread's own sequence is
 *  fixed, plus the final host memory — what the SPMD-ization differential check compares
 *  (fuzz and regression cases under test/filetests/spmdize/). */
function runByThread(input: string, options: string[], file: string): string {
  const pipeline = options.length === 0 ? null : /^--passes=(.+)$/.exec(options.join(" "))?.[1];
  if (pipeline === undefined) throw new FiletestFailure(`'run-by-thread' takes only --passes=P, got: ${options.join(" ")}`);
  const m = parseOrFail(input, file);
  const errors = verifyModule(m).filter((d) => d.severity === "error");
  if (errors.length) throw new FiletestFailure(`input does not verify:\n${errors.map((d) => formatDiagnostic(d, input)).join("\n")}`);
  if (pipeline !== null) runPipeline(m, pipeline, {});
  return formatRun(execute(m, { maxSteps: DIFF_MAX_STEPS }), input, { byThread: true, hostMemory: true });
}

/** `cc [-O]`: the C front end's lowering of a C input (`; input: file.c`), printed; with
 *  -O, after the default pipeline. A C error is the output (so bad programs can be golden too). */
async function cc(input: string, options: string[], file: string): Promise<string> {
  if (options.some((o) => o !== "-O")) throw new FiletestFailure(`'cc' takes only -O, got: ${options.join(" ")}`);
  try {
    const m = await compileC(input, file, { readFile: (p) => (fs.existsSync(p) ? fs.readFileSync(p, "utf8") : undefined) });
    return printModule(options.includes("-O") ? runPipeline(m, "-O", {}).module : m);
  } catch (e) {
    if (e instanceof CError) return e.message + "\n";
    throw e;
  }
}

export const kinds: Record<string, KindFn> = {
  cc,
  run,
  "run-by-thread": runByThread,
  cat,
  verifier,
  check,
  opt,
  remarks,
  "print-after-all": printAfterAll,
};
