// `ompir test FILE.oir|DIR...`: runs golden filetests the way `lit` and Cranelift's
// `clif-util test` do, with the very code the Jest driver (test/filetests.test.ts) uses
// (src/tools/filetest/). One line per file (`PASS: f`, `FAIL: f` followed by why, with a
// unified diff, or `BLESSED: f`), then `N passed, N failed`. A directory means every
// `*.oir` under it. Paths (and `; input:` headers) are relative to the current directory,
// as the Jest driver's are to the repository root, so run it from there.
//
// Never writes unless --bless (then every differing or missing section is rewritten).
// Exit status: 0 all passed, 1 any failed, 2 bad usage or an unreadable file.

import * as fs from "node:fs";
import * as path from "node:path";
import { parseFiletest } from "../tools/filetest/format.js";
import type { BlessMode } from "../tools/filetest/harness.js";
import { BLESS_HINT, findFiletests, runFiletest } from "../tools/filetest/harness.js";
import type { Command } from "./io.js";
import { UsageError, describeFsError, parseCommandArgs, printable } from "./io.js";

const TEST_OPTIONS = {
  bless: { type: "boolean" },
} as const;

/** The files named on the command line, directories expanded, relative to `root`. */
function expand(root: string, args: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    const abs = path.resolve(root, a);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (e) {
      throw new UsageError(`test: cannot read '${printable(a)}': ${describeFsError(e)}`);
    }
    if (st.isDirectory()) {
      const found = findFiletests(abs, root);
      if (found.length === 0) throw new UsageError(`test: no .oir files under '${printable(a)}'`);
      out.push(...found);
    } else out.push(path.relative(root, abs).split(path.sep).join("/"));
  }
  return [...new Set(out)];
}

const indent = (s: string) => s.replace(/\s+$/, "").split("\n").map((l) => (l === "" ? "" : `  ${l}`)).join("\n");

export const testCommand: Command = {
  name: "test",
  summary: "run golden filetests (like lit / clif-util test), --bless to update them",
  help: [
    "usage: ompir test FILE.oir|DIR... [--bless]",
    "",
    "Runs each `; test <kind> [options]` line of each file (a directory: every .oir under it)",
    "and compares the output with the file's `; ----- <kind> [options]` section (docs/TESTING.md).",
    "Prints `PASS: FILE` or `FAIL: FILE` and why (a unified diff of expected and actual), then",
    "`N passed, N failed` (files). Paths and `; input:` headers are relative to the current",
    "directory: run it from the repository root.",
    "",
    "options:",
    "  --bless   rewrite differing or missing sections with the actual output (BLESSED: FILE)",
    "",
    "exit status: 0 all passed, 1 any failed, 2 bad usage or unreadable file",
  ].join("\n"),
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs("test", argv, TEST_OPTIONS);
    if (positionals.length === 0) throw new UsageError("test: no input files (try 'ompir test --help')");
    const root = io.cwd ?? process.cwd();
    const files = expand(root, positionals);
    const mode: BlessMode = values.bless ? "all" : "none";
    let passed = 0;
    let failed = 0;
    for (const [i, rel] of files.entries()) {
      io.progress?.update(() => `testing ${i + 1}/${files.length}: ${rel}`);
      const problems: string[] = [];
      let blessed = false;
      let text: string;
      try {
        text = fs.readFileSync(path.join(root, rel), "utf8");
      } catch (e) {
        throw new UsageError(`test: cannot read '${printable(rel)}': ${describeFsError(e)}`);
      }
      const { tests } = parseFiletest(text);
      if (tests.length === 0) problems.push(`${rel}: no '; test <kind> [options]' line at the top of the file`);
      for (const t of tests) {
        try {
          if ((await runFiletest(root, rel, t, mode)) === "written") blessed = true;
        } catch (e) {
          const msg = e instanceof Error ? e.message : String(e);
          problems.push(msg.replace(`CI never writes one; ${BLESS_HINT}`, "--bless writes it").replace(BLESS_HINT, "run `ompir test --bless FILE` to update"));
        }
      }
      if (problems.length === 0) {
        passed++;
        io.stdout(`${blessed ? "BLESSED" : "PASS"}: ${rel}\n`);
      } else {
        failed++;
        io.stdout(`FAIL: ${rel}\n${problems.map(indent).join("\n")}\n`);
      }
    }
    io.stdout(`${passed} passed, ${failed} failed\n`);
    return failed === 0 ? 0 : 1;
  },
};
