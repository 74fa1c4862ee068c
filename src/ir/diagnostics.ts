// Diagnostics: located messages rendered as `file:line:col: error: message`, the source
// line and a caret (AssemblyScript/clang style). Errors are collected, then reported
// together; a DiagnosticError carries them out of the library to the CLI.

import type { Loc, SrcLoc } from "./loc.js";
import { toLoc } from "./loc.js";

export type Severity = "error" | "warning" | "note" | "remark";

export interface Diagnostic {
  severity: Severity;
  message: string;
  file: string;
  loc: Loc;
  /** Width of the underline (1 = a caret only). */
  length?: number;
  /** Extra lines printed after the caret (e.g. the printed instruction). */
  notes?: string[];
}

/** An error at `loc` (an IR location is turned into its Loc here). */
export function error(file: string, loc: Loc | SrcLoc, message: string, length = 1): Diagnostic {
  return { severity: "error", message, file, loc: typeof loc === "number" ? toLoc(loc) : loc, length };
}

/** Thrown by library entry points (parse, verify) when the input is bad. */
export class DiagnosticError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => `${d.file}:${d.loc.line}:${d.loc.col}: ${d.severity}: ${d.message}`).join("\n"));
    this.name = "DiagnosticError";
    this.diagnostics = diagnostics;
  }
}

/** Renders one diagnostic with its source line and a caret (no colour). */
export function formatDiagnostic(d: Diagnostic, source: string): string {
  const where = d.loc.line > 0 ? `${d.loc.file ?? d.file}:${d.loc.line}:${d.loc.col}` : d.file;
  const lines = [`${where}: ${d.severity}: ${d.message}`];
  if (d.loc.line > 0 && d.loc.file === undefined) {
    const text = sourceLine(source, d.loc.line);
    if (text !== undefined) {
      lines.push(text);
      const pad = text.slice(0, d.loc.col - 1).replace(/[^\t]/g, " ");
      lines.push(pad + "^" + "~".repeat(Math.max(0, Math.min((d.length ?? 1) - 1, text.length - d.loc.col))));
    }
  }
  for (const n of d.notes ?? []) lines.push(n);
  return lines.join("\n");
}

export function formatDiagnostics(ds: readonly Diagnostic[], source: string): string {
  return ds.map((d) => formatDiagnostic(d, source)).join("\n");
}

function sourceLine(source: string, line: number): string | undefined {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = source.indexOf("\n", start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  const end = source.indexOf("\n", start);
  const text = source.slice(start, end < 0 ? source.length : end).replace(/\r$/, "");
  return start > source.length ? undefined : text;
}

/** Orders diagnostics by position so output does not depend on discovery order. */
export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort((a, b) => a.file.localeCompare(b.file) || a.loc.line - b.loc.line || a.loc.col - b.loc.col);
}
