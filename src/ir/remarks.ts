// Optimization remarks: structured, located notes a pass leaves for the user about what it
// did (passed), could not do and why (missed), or learned (analysis). Modelled on LLVM's
// optimization remarks (-Rpass, -fsave-optimization-record) and documented in docs/REMARKS.md.
//
// Remarks are collected, never printed by a pass; the CLI prints them sorted by location as
// `file:line:col: remark: message [ID]` and can write them all as JSON.

import type { Loc } from "./loc.js";
import { NO_LOC } from "./loc.js";

export type RemarkKind = "passed" | "missed" | "analysis";

/** A remark argument value: small, printable, JSON-safe. */
export type RemarkArg = string | number | boolean;

export interface Remark {
  /** Stable identifier, `<pass>.<what>` (e.g. `inline.inlined`, `mem2reg.escapes`). */
  id: string;
  kind: RemarkKind;
  /** The pass that emitted it. */
  pass: string;
  /** The function it is about, with `@`. */
  function: string;
  /** Where it points (NO_LOC: the function as a whole, printed without line:col). */
  loc: Loc;
  message: string;
  /** Structured details, for tools; printed only in the JSON form. */
  args: Readonly<Record<string, RemarkArg>>;
}

export interface RemarkSink {
  emit(remark: Remark): void;
}

/** A sink that keeps remarks in emission order. */
export class RemarkCollector implements RemarkSink {
  readonly remarks: Remark[] = [];
  emit(remark: Remark): void {
    this.remarks.push(remark);
  }
}

export function remark(
  kind: RemarkKind, pass: string, id: string, fn: string, loc: Loc | undefined, message: string,
  args: Record<string, RemarkArg> = {},
): Remark {
  return { id, kind, pass, function: fn.startsWith("@") ? fn : `@${fn}`, loc: loc ?? NO_LOC, message, args };
}

/**
 * Sorted by location (line, column), ties kept in emission order (which is deterministic:
 * pipeline order, then each pass's own order). Remarks without a location come first.
 */
export function sortRemarks(rs: readonly Remark[]): Remark[] {
  return rs
    .map((r, i) => ({ r, i }))
    .sort((a, b) => a.r.loc.line - b.r.loc.line || a.r.loc.col - b.r.loc.col || a.i - b.i)
    .map((x) => x.r);
}

/** `file:line:col: remark: message [ID]` (no line:col when the remark has no location). */
export function formatRemark(file: string, r: Remark): string {
  const where = r.loc.line > 0 ? `${r.loc.file ?? file}:${r.loc.line}:${r.loc.col}` : file;
  return `${where}: remark: ${r.message} [${r.id}]`;
}

/** Keeps remarks whose pass is in `passes` (all when `passes` is undefined or empty). */
export function filterRemarks(rs: readonly Remark[], passes?: readonly string[]): Remark[] {
  if (passes === undefined || passes.length === 0) return [...rs];
  return rs.filter((r) => passes.includes(r.pass));
}

/**
 * The JSON form (`--remarks-output`): `{ "file": …, "remarks": [ … ] }`, remarks sorted by
 * location, keys in a fixed order and args sorted by name, so the file is deterministic.
 */
export function remarksToJson(file: string, rs: readonly Remark[]): string {
  const out = sortRemarks(rs).map((r) => ({
    id: r.id,
    kind: r.kind,
    pass: r.pass,
    function: r.function,
    line: r.loc.line,
    col: r.loc.col,
    message: r.message,
    args: Object.fromEntries(Object.keys(r.args).sort().map((k) => [k, r.args[k]])),
  }));
  return JSON.stringify({ file, remarks: out }, null, 2) + "\n";
}
