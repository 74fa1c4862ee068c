// Messages between the page and its workers. Everything crossing is plain data (structured
// clone): texts, numbers and the library's JSON-shaped results, never Module objects.

import type { RunStats, TraceEvent } from "../../src/core.js";

export type Lang = "oir" | "c";

/** What to compile: the editor text and how (the same choices as `ompir opt`). */
export interface Job {
  lang: Lang;
  /** The file name diagnostics, remarks and faults name (an example's base name). */
  file: string;
  text: string;
  /** `--passes` text, "-O", or "" for no passes. */
  pipeline: string;
  guardScheme: string;
}

/** A located message for the editor: an error, a warning or a remark. */
export interface Mark {
  line: number;
  col: number;
  severity: "error" | "warning" | "info";
  /** The line the CLI would print for it. */
  text: string;
}

export interface PassRow {
  name: string;
  changed: boolean;
}

export interface Compiled {
  ok: boolean;
  /** Diagnostics of bad input, or a failing pipeline (bad --passes, a pass that broke the IR). */
  marks: Mark[];
  /** A problem without a line: a bad pass name, an internal error. */
  message: string;
  /** The input as IR: the .oir text, or what the C front end produced. */
  inputIr: string;
  passes: PassRow[];
  /** Per function (`@f`), per pass run: its text before and after. */
  pipeline: Record<string, { pass: string; before: string; after: string; changed: boolean }[]>;
  functions: string[];
  remarks: Mark[];
  finalIr: string;
  ms: number;
}

export interface RunSummary {
  label: string;
  exitCode: number;
  cycles: number;
  barriers: number;
  dispatches: number;
  warpInstructions: number;
  output: string;
}

export interface Ran {
  ok: boolean;
  /** Why nothing ran (bad input, no @main). */
  message: string;
  marks: Mark[];
  output: string;
  exitCode: number;
  /** The CLI's fault report (with source line and caret), or "". */
  fault: string;
  faultMark: Mark | null;
  races: string[];
  stats: RunStats | null;
  statsText: string;
  trace: TraceEvent[];
  /** Generic (no passes) against -O, both with the job's guard scheme. */
  comparison: RunSummary[];
  ms: number;
}

export type Request =
  | { id: number; type: "compile"; job: Job }
  | { id: number; type: "cfg"; job: Job; fn: string; /** Pass runs to apply first (0: the input). */ after: number }
  | { id: number; type: "run"; job: Job; compare: boolean };

export type Reply =
  | { id: number; type: "compiled"; result: Compiled }
  | { id: number; type: "cfg"; dot: string; svg: string; message: string }
  | { id: number; type: "progress"; text: string }
  | { id: number; type: "ran"; result: Ran }
  | { id: number; type: "ready"; guardSchemes: string[]; passNames: string[] };
