// How a C program's run ends as a process: kept apart from the front end so the commands that
// only run programs need not load the parser to report an exit status.

import type { Module } from "../../ir/ir.js";

/** A fault of a C program that C reports as a signal: abort() and failed asserts exit 134. */
export function cExitCode(m: Module, fault: { message: string; loc: { file?: string } } | null, code: number): number {
  const fromC = (f: string | undefined): boolean => f !== undefined && /\.c$/.test(f);
  if (fault !== null && (fromC(m.file) || fromC(fault.loc.file)) && fault.message.startsWith("abort() called")) return 134;
  return code;
}
