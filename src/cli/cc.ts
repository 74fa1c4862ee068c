// `ompir cc FILE.c [-o OUT.oir]`: the C front end (src/frontend/c) as a command, plus the
// pieces the other commands share to accept `.c` input: the -D/-U/-I/-x options and
// loadC(), which check.ts's loadModule() calls for C sources.

import type { Module } from "../ir/ir.js";
import { printModule } from "../ir/printer.js";
export { cExitCode } from "../frontend/c/exit.js";
import type { CompileOptions } from "../frontend/c/index.js";
import { loadModule } from "./check.js";
import type { Command, Io, Source } from "./io.js";
import { ExitError, UsageError, checkOutputs, parseCommandArgs, writeOutput } from "./io.js";

/** Options every command that reads a program takes, for C input. */
export const C_OPTIONS = {
  D: { type: "string", short: "D", multiple: true },
  U: { type: "string", short: "U", multiple: true },
  I: { type: "string", short: "I", multiple: true },
  x: { type: "string", short: "x" },
} as const;

export interface InputOptions {
  /** `-x c` / `-x oir`; otherwise chosen by the file's extension. */
  lang?: "c" | "oir";
  c?: CompileOptions;
}

/** Reads the C-related options out of a command's parsed values. */
export function inputOptions(values: Record<string, unknown>): InputOptions {
  const x = values["x"] as string | undefined;
  if (x !== undefined && x !== "c" && x !== "oir") throw new UsageError(`-x expects c or oir, got '${x}'`);
  const list = (k: string): string[] => (values[k] as string[] | undefined) ?? [];
  return { lang: x as InputOptions["lang"], c: { defines: list("D"), undefs: list("U"), includeDirs: list("I") } };
}

export function isCInput(file: string, opts: InputOptions): boolean {
  return opts.lang === "c" || (opts.lang === undefined && /\.[ch]$/.test(file));
}

/** Compiles a C source; a CError is printed (with its source line) and becomes exit 2. */
export async function loadC(io: Io, src: Source, opts: InputOptions): Promise<Module> {
  const readFile = (p: string): string | undefined => {
    try {
      return io.readFile(p);
    } catch {
      return undefined;
    }
  };
  // Loaded on first use: tree-sitter and the C front end would slow every .oir command's start.
  const { CError, compileC, formatCError } = await import("../frontend/c/index.js");
  try {
    return await compileC(src.text, src.file, { ...opts.c, readFile });
  } catch (e) {
    if (e instanceof CError) {
      io.stderr(formatCError(e, (f) => (f === src.file ? src.text : readFile(f))) + "\n");
      throw new ExitError(2);
    }
    throw e;
  }
}

export const ccCommand: Command = {
  name: "cc",
  summary: "compile OpenMP C to ompir IR (print the lowered module)",
  help: [
    "usage: ompir cc FILE.c [-o OUT.oir] [-D NAME[=VALUE]] [-U NAME] [-I DIR] [--no-locs]",
    "",
    "Preprocesses, parses and lowers FILE (`-` reads standard input) the way clang lowers",
    "OpenMP offloading (docs/C.md), verifies the result and prints it (or writes OUT).",
    "Each instruction ends with its C location, loc(\"FILE.c\":LINE:COL), so remarks and",
    "runtime errors of the .oir still point into the C file; --no-locs leaves them out.",
    "Unsupported C or OpenMP features are located errors (exit 2).",
  ].join("\n"),
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs("cc", argv, { ...C_OPTIONS, out: { type: "string", short: "o" }, "no-locs": { type: "boolean" } });
    if (positionals.length !== 1) throw new UsageError(`cc: expected one input file, got ${positionals.length} (try 'ompir cc --help')`);
    const opts = inputOptions(values);
    // `cc prog.c -o prog.c` would replace the C source with its IR.
    checkOutputs(io, "cc", [positionals[0]!], [["-o", values.out]]);
    const m = await loadModule(io, positionals[0]!, { input: { ...opts, lang: opts.lang ?? "c" } });
    // Each instruction carries its C location (`loc("prog.c":12:5)`), so a later
    // `ompir opt prog.oir --remarks` still points into the C file.
    writeOutput(io, values.out ?? "-", printModule(m, { locs: !values["no-locs"] }));
    return 0;
  },
};
