// Runtime faults: what stops a run, where, and how it is shown to the user.

import type { Loc } from "../ir/loc.js";

export type FaultKind =
  | "out-of-bounds" | "null" | "wrong-space" | "invalid-pointer" | "div-by-zero"
  | "partial-barrier" | "deadlock" | "max-steps" | "no-body" | "trap" | "unreachable"
  | "unsupported" | "map" | "bad-launch" | "out-of-memory";

export interface RuntimeFault {
  kind: FaultKind;
  message: string;
  file: string;
  loc: Loc;
  /** The function the faulting instruction is in (without `@`). */
  func: string | null;
  /** Device faults: the kernel (without `@`), team and thread (index in the team). */
  kernel?: string;
  team?: number;
  thread?: number;
  /** Simulated cycle of the fault. */
  cycle: number;
}

/** Thrown inside the simulator; caught by execute(), never escapes it. */
export class FaultSignal {
  constructor(readonly fault: RuntimeFault) {}
}

/** `file:line:col: runtime error: msg (kernel @k, team T, thread N)` + source line + caret. */
export function formatFault(f: RuntimeFault, source: string): string {
  const where = f.loc.line > 0 ? `${f.file}:${f.loc.line}:${f.loc.col}` : f.file;
  const ctx = f.kernel !== undefined ? ` (kernel @${f.kernel}, team ${f.team}, thread ${f.thread})` : f.func !== null ? ` (host, in @${f.func})` : "";
  const lines = [`${where}: runtime error: ${f.message}${ctx}`];
  if (f.loc.line > 0) {
    const text = source.split("\n")[f.loc.line - 1]?.replace(/\r$/, "");
    if (text !== undefined && source !== "") {
      lines.push(text);
      lines.push(text.slice(0, f.loc.col - 1).replace(/[^\t]/g, " ") + "^");
    }
  }
  return lines.join("\n");
}
