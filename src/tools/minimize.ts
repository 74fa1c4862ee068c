// Test-case minimisation for the SPMD-ization fuzzer: delta debugging (Zeller and
// Hildebrandt, "Simplifying and Isolating Failure-Inducing Input", TSE 2002) over the
// canonical text of a failing program, at three granularities — top-level items (globals,
// functions), blocks, single lines — followed by local rewrites that cut dependences
// (`cond_br` → `br` to one arm, a value's definition → a constant, smaller launches), and
// again until nothing changes. Every candidate must parse and verify and still fail; the
// predicate decides what "fail" means (the fuzzer: the same kind of mismatch).

import { DiagnosticError } from "../ir/diagnostics.js";
import { parseModule } from "../ir/parse.js";
import { printModule } from "../ir/printer.js";
import { verifyModule } from "../ir/verifier.js";

/** Stops a minimisation that would exceed its test budget. */
class Budget {
  used = 0;
  constructor(readonly max: number) {}
  get spent(): boolean {
    return this.used >= this.max;
  }
}

/**
 * ddmin: a 1-minimal subsequence of `items` (removing any single remaining item makes
 * `fails` false), given that `fails(items)` holds. Tests complements of n chunks, doubling
 * n when none fails. At most `maxTests` calls of `fails` (then the best so far).
 */
export function ddmin<T>(items: readonly T[], fails: (subset: T[]) => boolean, maxTests = Infinity): T[] {
  return ddminBudget(items, fails, new Budget(maxTests));
}

function ddminBudget<T>(items: readonly T[], fails: (subset: T[]) => boolean, budget: Budget): T[] {
  let cur = [...items];
  let n = 2;
  while (cur.length >= 1 && !budget.spent) {
    n = Math.min(n, cur.length);
    const chunk = Math.ceil(cur.length / n);
    let reduced = false;
    for (let start = 0; start < cur.length && !budget.spent; start += chunk) {
      const cand = cur.slice(0, start).concat(cur.slice(start + chunk));
      budget.used++;
      if (fails(cand)) {
        cur = cand;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (n >= cur.length) break;
      n = Math.min(cur.length, n * 2);
    }
  }
  return cur;
}

export interface MinimizeOptions {
  /** Upper bound on predicate calls (default 20000). */
  maxTests?: number;
}

export interface MinimizeResult {
  text: string;
  tests: number;
  /** Lines of the canonical input and of the result. */
  linesBefore: number;
  linesAfter: number;
}

/** True if the text parses and verifies (no errors). */
export function isValidProgram(text: string): boolean {
  try {
    return !verifyModule(parseModule(text, "candidate.oir")).some((d) => d.severity === "error");
  } catch (e) {
    if (e instanceof DiagnosticError) return false;
    throw e;
  }
}

type Level = "items" | "blocks" | "lines";

/** Partitions lines into removal units: top-level items, blocks (plus single lines outside them), or lines. */
function units(lines: readonly string[], level: Level): string[][] {
  if (level === "lines") return lines.map((l) => [l]);
  const out: string[][] = [];
  let cur: string[] | null = null;
  const flush = () => {
    if (cur !== null && cur.length) out.push(cur);
    cur = null;
  };
  for (const l of lines) {
    if (level === "items") {
      const top = l !== "" && !/^\s/.test(l) && !l.startsWith("^") && l !== "}";
      if (top) flush();
      (cur ??= []).push(l);
      if (l === "}") flush();
    } else {
      if (l.startsWith("^")) {
        flush();
        cur = [l];
      } else if (cur !== null && /^\s/.test(l)) {
        cur.push(l);
      } else {
        flush();
        out.push([l]);
      }
    }
  }
  flush();
  return out;
}

/** Local rewrites of one line that keep the program meaningful but cut dependences. */
function rewrites(line: string): string[] {
  const out: string[] = [];
  const cb = /^(\s*)cond_br [^,]+, (\^[^,(]+(?:\([^)]*\))?), (\^.+)$/.exec(line);
  if (cb) out.push(`${cb[1]}br ${cb[2]}`, `${cb[1]}br ${cb[3]}`);
  const def = /^(\s*)(%[^\s=]+) = (.*)$/.exec(line);
  if (def && !/^(add i32 0, 0|icmp eq i32 0, 0|add i64 0, 0)$/.test(def[3]!)) {
    for (const c of ["add i32 0, 0", "icmp eq i32 0, 0", "add i64 0, 0"]) out.push(`${def[1]}${def[2]} = ${c}`);
  }
  if (/teams\((?!1\))\d+\)/.test(line)) out.push(line.replace(/teams\(\d+\)/, "teams(1)"));
  if (/threads\((?!32\))\d+\)/.test(line)) out.push(line.replace(/threads\(\d+\)/, "threads(32)"));
  return out;
}

/**
 * Minimises a failing program. `fails(text)` is only called on texts that parse and
 * verify. The input is first put in canonical form (if that still fails).
 */
export function minimizeProgram(text: string, fails: (text: string) => boolean, opts: MinimizeOptions = {}): MinimizeResult {
  const budget = new Budget(opts.maxTests ?? 20000);
  const test = (t: string): boolean => {
    budget.used++;
    return isValidProgram(t) && fails(t);
  };
  let start = text;
  if (isValidProgram(text)) {
    const canon = printModule(parseModule(text, "input.oir"));
    if (canon !== text && test(canon)) start = canon;
  }
  let lines = start.replace(/\n+$/, "").split("\n");
  const linesBefore = lines.length;
  for (let changed = true; changed && !budget.spent; ) {
    changed = false;
    for (const level of ["items", "blocks", "lines"] as const) {
      const us = units(lines, level);
      const kept = ddminBudget(us, (sub) => test(sub.flat().join("\n") + "\n"), budget);
      if (kept.length < us.length) {
        lines = kept.flat();
        changed = true;
      }
    }
    for (let i = 0; i < lines.length && !budget.spent; i++) {
      for (const alt of rewrites(lines[i]!)) {
        const cand = [...lines];
        cand[i] = alt;
        if (test(cand.join("\n") + "\n")) {
          lines = cand;
          changed = true;
          break;
        }
      }
    }
  }
  let result = lines.join("\n") + "\n";
  // Leave it canonical (blank lines between items, …) if that still fails: one test past the budget.
  if (isValidProgram(result)) {
    const canon = printModule(parseModule(result, "minimised.oir"));
    if (canon !== result && test(canon)) result = canon;
  }
  return { text: result, tests: budget.used, linesBefore, linesAfter: result.replace(/\n$/, "").split("\n").length };
}
