// Runtime faults: what stops a run, where, and how it is shown to the user.

import type { Loc } from "../ir/loc.js";

export type FaultKind =
  | "out-of-bounds" | "null" | "wrong-space" | "invalid-pointer" | "div-by-zero"
  | "partial-barrier" | "deadlock" | "max-steps" | "no-body" | "trap" | "unreachable"
  | "unsupported" | "map" | "bad-launch" | "out-of-memory" | "mailbox" | "state-machine";

/** Where a reverse offload was issued: the device side of a fault in host code it ran. */
export interface RevOffloadSite {
  loc: Loc;
  func: string;
  kernel: string;
  /** The launch, when its kernel has been launched more than once (as RuntimeFault.launch). */
  launch?: { index: number; loc: Loc };
  team: number;
  thread: number;
}

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
  /** Device faults in a kernel launched more than once: which launch (from 0, in launch
   *  order over the run) and the omp.target that made it. */
  launch?: { index: number; loc: Loc };
  /** Device faults raised by an instruction: the launch (from 0, as OutputLine.launch) and the
   *  team's synchronisations before the fault (as OutputLine.epoch). Every line the team
   *  printed with a smaller epoch precedes the fault and is never lost. */
  sync?: { launch: number; epoch: number };
  /** Simulated cycle of the fault. */
  cycle: number;
  /** A fault in host code run by reverse offload: the device call site that requested it. */
  revOffload?: RevOffloadSite;
}

/** Thrown inside the simulator; caught by execute(), never escapes it. */
export class FaultSignal {
  /** The output printed up to this cycle came before the fault (RunResult.stdout keeps it):
   *  the fault's cycle, or, for a fault inside a segment, its instruction's own time, which
   *  a line printed before it in the segment is stamped under (a segment's faults report its
   *  start as their cycle). */
  outputUntil: number;
  constructor(readonly fault: RuntimeFault) {
    this.outputUntil = fault.cycle;
  }
}

/** `file:line:col: runtime error: msg (kernel @k, team T, thread N)` + source line + caret;
 *  for a fault in host code run by reverse offload, a second `note:` at the device call site. */
export function formatFault(f: RuntimeFault, source: string): string {
  const where = f.loc.line > 0 ? `${f.loc.file ?? f.file}:${f.loc.line}:${f.loc.col}` : f.file;
  const launchOf = (l: RuntimeFault["launch"]): string => (l === undefined ? "" : `, launch #${l.index} by omp.target at ${l.loc.line > 0 ? `${l.loc.file ?? f.file}:${l.loc.line}:${l.loc.col}` : f.file}`);
  const ctx = f.kernel !== undefined ? ` (kernel @${f.kernel}${launchOf(f.launch)}, team ${f.team}, thread ${f.thread})` : f.func !== null ? ` (host, in @${f.func})` : "";
  const lines = [`${where}: runtime error: ${f.message}${ctx}`];
  quote(lines, source, f.loc);
  const r = f.revOffload;
  if (r !== undefined) {
    const at = r.loc.line > 0 ? `${r.loc.file ?? f.file}:${r.loc.line}:${r.loc.col}` : f.file;
    lines.push(`${at}: note: in host code run by the reverse offload issued here (kernel @${r.kernel}${launchOf(r.launch)}, team ${r.team}, thread ${r.thread}, in @${r.func})`);
    quote(lines, source, r.loc);
  }
  return lines.join("\n");
}

function quote(lines: string[], source: string, loc: Loc): void {
  // A location in another file (loc("prog.c":…)): its text is not the module's source.
  if (loc.line <= 0 || source === "" || loc.file !== undefined) return;
  const text = source.split("\n")[loc.line - 1]?.replace(/\r$/, "");
  if (text === undefined) return;
  lines.push(text);
  lines.push(text.slice(0, loc.col - 1).replace(/[^\t]/g, " ") + "^");
}
