// `ompir check FILE...`: parse and verify each file, print every diagnostic (with the source
// line and a caret), exit 2 if any file is bad. Also the shared front door of the other
// commands: loadModule() parses + verifies one input or reports why not.

import type { Diagnostic } from "../ir/diagnostics.js";
import { DiagnosticError, formatDiagnostic, sortDiagnostics } from "../ir/diagnostics.js";
import type { Module } from "../ir/ir.js";
import { readModule } from "../ir/read.js";
import { verifyModule } from "../ir/verifier.js";
import type { Command, Io, Source } from "./io.js";
import { ExitError, UsageError, errorLimit, parseCommandArgs, printable, printableSource, readSource } from "./io.js";
import type { InputOptions } from "./cc.js";
import { C_OPTIONS, inputOptions, isCInput, loadC } from "./cc.js";

export interface Checked {
  module: Module | null;
  diagnostics: Diagnostic[];
}

/**
 * Parses and (if parsing succeeded) verifies; never throws a DiagnosticError. chevrotain
 * (parse.ts, a big module) is loaded only for text the fast reader gives up on.
 */
export async function checkSource(src: Source, opts: { verify?: boolean } = {}): Promise<Checked> {
  let module: Module;
  try {
    module = readModule(src.text, src.file) ?? (await import("../ir/parse.js")).parseModuleWith(src.text, src.file, "chevrotain");
  } catch (e) {
    if (e instanceof DiagnosticError) return { module: null, diagnostics: sortDiagnostics([...e.diagnostics]) };
    throw e;
  }
  const diagnostics = opts.verify === false ? [] : sortDiagnostics(verifyModule(module));
  return { module, diagnostics };
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === "error");
}

/**
 * How many more errors a command may print (`-ferror-limit`, clang's rule): the first error
 * past the limit prints one "too many errors" line instead, and the command stops.
 */
export class ErrorBudget {
  constructor(public left: number) {}
  exhausted = false;
}

/**
 * Prints diagnostics to stderr, each with its source line and caret, never a raw control
 * byte. With a budget, stops at its limit (ErrorBudget.exhausted says so).
 */
export function reportDiagnostics(io: Io, ds: readonly Diagnostic[], source: string, budget?: ErrorBudget): void {
  const shown = ds.length === 0 ? source : printableSource(source);
  for (const d of ds) {
    if (d.severity === "error" && budget !== undefined) {
      if (budget.left <= 0) {
        budget.exhausted = true;
        io.stderr("ompir: too many errors emitted, stopping now [-ferror-limit=]\n");
        return;
      }
      budget.left--;
    }
    const clean: Diagnostic = { ...d, file: printable(d.file), message: printable(d.message), ...(d.notes ? { notes: d.notes.map(printable) } : {}) };
    io.stderr(formatDiagnostic(clean, shown) + "\n");
  }
}

/**
 * Reads, parses and verifies FILE (`-` = stdin). On bad input prints the diagnostics (at
 * most `errorLimit` errors) and throws ExitError(2), so a command can simply
 * `const m = await loadModule(io, file)`.
 */
export async function loadModule(io: Io, file: string, opts: { verify?: boolean; errorLimit?: number; input?: InputOptions } = {}): Promise<Module> {
  const src = await readSource(io, file);
  if (isCInput(file, opts.input ?? {})) return loadC(io, src, opts.input ?? {});
  const { module, diagnostics } = await checkSource(src, opts);
  reportDiagnostics(io, diagnostics, src.text, new ErrorBudget(opts.errorLimit ?? 20));
  if (module === null || hasErrors(diagnostics)) throw new ExitError(2);
  return module;
}

export const checkCommand: Command = {
  name: "check",
  summary: "parse and verify; print diagnostics only",
  help: [
    "usage: ompir check FILE... [-ferror-limit=N]",
    "",
    "Parses and verifies each FILE (`-` reads standard input) and prints every diagnostic",
    "as `file:line:col: error: message` with the source line and a caret. Prints nothing",
    "when all files are good. Exit status: 0 all good, 2 any file bad or unreadable.",
    "",
    "options:",
    "  -ferror-limit=N   stop after N errors (default 20; 0: no limit)",
  ].join("\n"),
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs("check", argv, { ...C_OPTIONS });
    const input = inputOptions(values);
    if (positionals.length === 0) throw new UsageError("check: no input files (try 'ompir check --help')");
    const budget = new ErrorBudget(errorLimit("check", values["ferror-limit"]));
    let status = 0;
    for (const file of positionals) {
      let src: Source;
      try {
        src = await readSource(io, file);
      } catch (e) {
        // One unreadable file does not hide the diagnostics of the others.
        if (!(e instanceof UsageError)) throw e;
        io.stderr(`ompir: ${e.message}\n`);
        status = 2;
        continue;
      }
      if (isCInput(file, input)) {
        try {
          await loadC(io, src, input);
        } catch (e) {
          if (!(e instanceof ExitError)) throw e;
          status = 2;
        }
        continue;
      }
      const { diagnostics } = await checkSource(src);
      reportDiagnostics(io, diagnostics, src.text, budget);
      if (hasErrors(diagnostics)) status = 2;
      if (budget.exhausted) break;
    }
    return status;
  },
};
