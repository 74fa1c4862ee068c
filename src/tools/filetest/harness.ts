// Runs one (file, test line) of a filetest and decides pass, fail or bless. Shared by the
// Jest driver (test/filetests.test.ts) and `ompir test` (src/cli/test.ts, which passes
// "none", or "all" with --bless).
//
// Bless modes follow Jest's snapshot modes so `npm test -- -u` works as users expect:
// "all" (jest -u, or BLESS=1) rewrites any differing section; "new" (the local default)
// writes only missing sections; "none" (CI, or jest --ci) never writes, and a missing
// section is a failure.

import * as fs from "node:fs";
import * as path from "node:path";
import { unifiedDiff } from "../../passes/textdiff.js";
import type { TestLine } from "./format.js";
import { parseFiletest, spliceSection } from "./format.js";
import { FiletestFailure, kinds } from "./kinds.js";

export type BlessMode = "none" | "new" | "all";

export const BLESS_HINT = "run `npm test -- -u` or BLESS=1 npm test to update";

function truthy(v: string | undefined): boolean {
  return v !== undefined && v !== "" && v !== "0" && v !== "false";
}

/** `snapshotUpdate` is Jest's `expect.getState().snapshotState._updateSnapshot`. */
export function blessMode(env: Readonly<Record<string, string | undefined>>, snapshotUpdate: string | undefined): BlessMode {
  if (truthy(env.CI) || snapshotUpdate === "none") return "none";
  if (truthy(env.BLESS) || snapshotUpdate === "all") return "all";
  return "new";
}

/** Recursively lists `*.oir` files under `dir`, sorted, as paths relative to `root`. */
export function findFiletests(dir: string, root: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    const entries = fs.readdirSync(d, { withFileTypes: true }).map((e) => e.name).sort();
    for (const name of entries) {
      const p = path.join(d, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".oir")) out.push(path.relative(root, p).split(path.sep).join("/"));
    }
  };
  walk(dir);
  return out;
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

export type Outcome = "passed" | "written";

/**
 * Runs `test` of the file at `root/rel`. Returns what happened, or throws a
 * FiletestFailure explaining the mismatch (with a unified diff and the bless hint).
 */
export async function runFiletest(root: string, rel: string, test: TestLine, mode: BlessMode): Promise<Outcome> {
  const abs = path.join(root, rel);
  // Re-read: an earlier test of the same file may have blessed its own section.
  const text = fs.readFileSync(abs, "utf8");
  const ft = parseFiletest(text);
  if (ft.problems.length) throw new FiletestFailure(`${rel}: malformed expectation region:\n${ft.problems.join("\n")}`);
  const kind = kinds[test.kind];
  if (kind === undefined) {
    throw new FiletestFailure(`${rel}:${test.line}: unknown test kind '${test.kind}' (known: ${Object.keys(kinds).sort().join(", ")})`);
  }
  const output = ft.inputFile === null
    ? await kind(ft.input, test.options, rel)
    : await kind(fs.readFileSync(path.join(root, ft.inputFile), "utf8"), test.options, ft.inputFile);
  if (output === null) return "passed"; // the kind checked inline annotations itself
  const section = ft.sections.find((s) => s.key === test.key);
  if (section?.expected === output) return "passed";
  const mayWrite = mode === "all" || (mode === "new" && section === undefined);
  if (mayWrite) {
    writeAtomic(abs, spliceSection(text, test.key, output));
    return "written";
  }
  if (section === undefined) {
    throw new FiletestFailure(`${rel}: no expectation section '; ----- ${test.key}' (CI never writes one; ${BLESS_HINT})\nactual output:\n${output}`);
  }
  throw new FiletestFailure(
    `${rel}:${section.line}: output of '${test.key}' differs from the expectation\n${unifiedDiff(section.expected, output, ["expected", "actual"]).trimEnd()}\n\n${BLESS_HINT}`,
  );
}
