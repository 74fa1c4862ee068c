// Source locations. Every instruction, block, function and global records where it was
// parsed from; inlined instructions keep their callee's location, so remarks and runtime
// faults still point at the line the user wrote.

export interface Loc {
  readonly line: number; // 1-based
  readonly col: number; // 1-based
  /** The source file when it is not the module's own (an instruction lowered from C and
   *  printed with a `loc("prog.c":12:5)` suffix, then parsed back). */
  readonly file?: string;
}

export const NO_LOC: Loc = Object.freeze({ line: 0, col: 0 });

export function locString(file: string, loc: Loc): string {
  return loc.line > 0 ? `${loc.file ?? file}:${loc.line}:${loc.col}` : file;
}

export function compareLoc(a: Loc, b: Loc): number {
  return a.line - b.line || a.col - b.col;
}
