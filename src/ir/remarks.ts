// Optimization remarks: structured, located notes a pass leaves for the user about what it
// did (passed), could not do and why (missed), or learned (analysis). Modelled on LLVM's
// optimization remarks (-Rpass, -fsave-optimization-record) and documented in docs/REMARKS.md.
//
// Remarks are collected, never printed by a pass. The CLI prints them sorted by location as
// clang does, `file:line:col: remark: message [ID] [-Rpass=PASS]` plus the source line and a
// caret (formatRemarkClang), filters them by kind and pass like LLVM's -pass-remarks*
// (selectRemarks), and writes them as LLVM's remark YAML (remarksToYaml, read by opt-viewer)
// or as JSON. Golden filetests keep the one-line form (formatRemark).

import { formatDiagnostic } from "./diagnostics.js";
import type { Loc, SrcLoc } from "./loc.js";
import { NO_LOC, toLoc } from "./loc.js";

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
  kind: RemarkKind, pass: string, id: string, fn: string, loc: Loc | SrcLoc | undefined, message: string,
  args: Record<string, RemarkArg> = {},
): Remark {
  const at = loc === undefined ? NO_LOC : typeof loc === "number" ? toLoc(loc) : loc;
  return { id, kind, pass, function: fn.startsWith("@") ? fn : `@${fn}`, loc: at, message, args };
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

/**
 * The pass name LLVM users know a remark by: `openmp-opt` for the OMP-numbered remarks
 * (OMP110–OMP113, OMP120, OMP121, OMP130–OMP133, OMP190: the ids and texts of LLVM's OpenMPOpt, so the same tag), else
 * ompir's pass name (`inline`, `mem2reg`, `spmdize`, …).
 */
export function remarkPassTag(r: Remark): string {
  return /^OMP\d+$/.test(r.id) ? "openmp-opt" : r.pass;
}

/** clang's flag for a kind: `-Rpass`, `-Rpass-missed`, `-Rpass-analysis`. */
export const RPASS_FLAG: Readonly<Record<RemarkKind, string>> = { passed: "-Rpass", missed: "-Rpass-missed", analysis: "-Rpass-analysis" };

/**
 * As clang prints a remark: `file:line:col: remark: message [ID] [-Rpass=openmp-opt]`, then
 * the source line and a caret (no source line for a remark without a location).
 */
export function formatRemarkClang(file: string, r: Remark, source: string): string {
  const message = `${r.message} [${r.id}] [${RPASS_FLAG[r.kind]}=${remarkPassTag(r)}]`;
  return formatDiagnostic({ severity: "remark", message, file, loc: r.loc }, source);
}

/**
 * Which remarks to show, LLVM style: a remark of kind K is shown when the regex for K
 * (`-pass-remarks`, `-pass-remarks-missed`, `-pass-remarks-analysis`) matches its pass name
 * or its tag (remarkPassTag; unanchored, as LLVM's), or when `passes` (ompir's `--remarks`)
 * is given and is empty (every remark) or lists its pass. The selections add up.
 */
export interface RemarkSelection {
  passed?: RegExp;
  missed?: RegExp;
  analysis?: RegExp;
  passes?: readonly string[];
}

export function selectRemarks(rs: readonly Remark[], sel: RemarkSelection): Remark[] {
  return rs.filter((r) => {
    if (sel.passes !== undefined && (sel.passes.length === 0 || sel.passes.includes(r.pass))) return true;
    const re = sel[r.kind];
    return re !== undefined && (re.test(r.pass) || re.test(remarkPassTag(r)));
  });
}

/** Keeps remarks whose pass is in `passes` (all when `passes` is undefined or empty). */
export function filterRemarks(rs: readonly Remark[], passes?: readonly string[]): Remark[] {
  if (passes === undefined || passes.length === 0) return [...rs];
  return rs.filter((r) => passes.includes(r.pass));
}

/** Version of the `--remarks-output` JSON document (schemas/remarks.schema.json). */
export const REMARKS_JSON_VERSION = 1;

/**
 * The JSON form (`--remarks-output`): `{ "version": 1, "file": …, "remarks": [ … ] }`,
 * remarks sorted by location, keys in a fixed order and args sorted by name, so the file is
 * deterministic.
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
  return JSON.stringify({ version: REMARKS_JSON_VERSION, file, remarks: out }, null, 2) + "\n";
}

/** A YAML single-quoted scalar (the only escape is '' for '). */
function yamlQuote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

const YAML_TAG: Readonly<Record<RemarkKind, string>> = { passed: "!Passed", missed: "!Missed", analysis: "!Analysis" };

/**
 * LLVM's remark YAML (what clang's -fsave-optimization-record writes; read by opt-viewer,
 * opt-diff, llvm-remarkutil): one document per remark, sorted by location:
 *
 *   --- !Passed
 *   Pass:            openmp-opt
 *   Name:            OMP120
 *   DebugLoc:        { File: 'k.oir', Line: 9, Column: 3 }
 *   Function:        k
 *   Args:
 *     - String:          'Transformed generic-mode kernel to SPMD-mode.'
 *   ...
 *
 * `Pass` is remarkPassTag, `Name` the id, `Function` without `@`; a remark without a location
 * has no DebugLoc (as in LLVM). The message is the first String argument; each structured
 * arg follows as `- String: '; key: '` then `- key: 'value'`, so tools that join the
 * arguments (opt-viewer) show `message; key: value`.
 */
export function remarksToYaml(file: string, rs: readonly Remark[]): string {
  let out = "";
  for (const r of sortRemarks(rs)) {
    out += `--- ${YAML_TAG[r.kind]}\n`;
    out += `Pass:            ${yamlQuote(remarkPassTag(r))}\n`;
    out += `Name:            ${yamlQuote(r.id)}\n`;
    if (r.loc.line > 0) out += `DebugLoc:        { File: ${yamlQuote(file)}, Line: ${r.loc.line}, Column: ${r.loc.col} }\n`;
    out += `Function:        ${yamlQuote(r.function.replace(/^@/, ""))}\n`;
    out += "Args:\n";
    out += `  - String:          ${yamlQuote(r.message)}\n`;
    for (const k of Object.keys(r.args).sort()) {
      out += `  - String:          ${yamlQuote(`; ${k}: `)}\n`;
      out += `  - ${k}: ${yamlQuote(String(r.args[k]))}\n`;
    }
    out += "...\n";
  }
  return out;
}
