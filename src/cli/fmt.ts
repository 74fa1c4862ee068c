// `ompir fmt FILE [-o OUT]`: print the canonical form (printModule ∘ parseModule).
//
// Writing never loses what the user wrote: OUT is replaced atomically (write-file-atomic: a
// symlink's target is written, the file's mode kept), nothing is written when the input does
// not parse, and because the canonical form drops comments, overwriting the input file
// itself (in-place formatting, as `clang-format -i`) is refused when it has any.

import { printModule } from "../ir/printer.js";
import { ErrorBudget, hasErrors, reportDiagnostics, checkSource } from "./check.js";
import type { Command } from "./io.js";
import { ExitError, UsageError, checkOutputs, errorLimit, parseCommandArgs, printable, readSource, writeOutput } from "./io.js";

/** Whether `text` has a `;` comment (outside string literals). */
export function hasComments(text: string): boolean {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"' || c === "\n") inString = false;
    } else if (c === '"') inString = true;
    else if (c === ";") return true;
  }
  return false;
}

export const fmtCommand: Command = {
  name: "fmt",
  summary: "print the canonical form",
  help: [
    "usage: ompir fmt FILE [-o OUT | -i]",
    "",
    "Parses FILE (`-` reads standard input) and prints it in canonical form to standard",
    "output, or to OUT (`-o -` is standard output). OUT is replaced atomically; nothing is",
    "written if FILE does not parse. `-o` never names FILE itself: -i formats FILE in place",
    "(as clang-format -i), and is refused when FILE has comments (the canonical form has none).",
    "",
    "options:",
    "  -o, --out OUT     write to OUT instead of standard output",
    "  -i, --in-place    rewrite FILE itself (refused if it has comments)",
    "  -ferror-limit=N   stop after N errors (default 20; 0: no limit)",
  ].join("\n"),
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs("fmt", argv, { out: { type: "string", short: "o" }, "in-place": { type: "boolean", short: "i" } });
    if (positionals.length !== 1) throw new UsageError(`fmt: expected one input file, got ${positionals.length} (try 'ompir fmt --help')`);
    const file = positionals[0]!;
    if (/\.[ch]$/.test(file)) throw new UsageError(`fmt: formats ompir IR; '${printable(file)}' is C (its IR: 'ompir cc ${printable(file)}')`);
    const inPlace = values["in-place"] === true;
    if (inPlace && (values.out !== undefined || file === "-")) throw new UsageError(file === "-" ? "fmt: -i needs a file, not standard input" : "fmt: give either -o or -i, not both");
    const out = inPlace ? file : values.out ?? "-";
    const limit = errorLimit("fmt", values["ferror-limit"]);
    // Only -i writes over the input (checked below for comments); -o never does.
    checkOutputs(io, "fmt", inPlace ? [] : [file], [[inPlace ? "-i" : "-o", out]]);
    const src = await readSource(io, file);
    // fmt is a formatter, not a checker: it needs the module to parse, not to verify.
    const { module, diagnostics } = await checkSource(src, { verify: false });
    reportDiagnostics(io, diagnostics, src.text, new ErrorBudget(limit));
    if (module === null || hasErrors(diagnostics)) throw new ExitError(2);
    const text = printModule(module);
    if (inPlace && text !== src.text && hasComments(src.text)) {
      throw new UsageError(`fmt: refusing to overwrite '${file}': its comments would be lost (write to another file)`);
    }
    writeOutput(io, out, text);
    return 0;
  },
};
