// Source locations. Every instruction, block, function and global records where it was
// parsed from; inlined instructions keep their callee's location, so remarks and runtime
// faults still point at the line the user wrote.
//
// Two forms: `Loc`, an object, in what is reported (diagnostics, remarks, faults) and in the
// parser's AST; `SrcLoc`, one small integer, in the IR, where an object per instruction and
// block was a tenth of the live heap. A SrcLoc packs the line and column (line·512 + col, at
// most 2³¹−1: a V8 small integer stored in the instruction itself, and a 32-bit integer for
// the bit operations below); a location that does not fit, or names another file, is kept
// once in a table and its SrcLoc is its negated index.

export interface Loc {
  readonly line: number; // 1-based
  readonly col: number; // 1-based
  /** The source file when it is not the module's own (an instruction lowered from C and
   *  printed with a `loc("prog.c":12:5)` suffix, then parsed back). */
  readonly file?: string;
}

export const NO_LOC: Loc = Object.freeze({ line: 0, col: 0 });

/** A Loc packed in a number (see above); read it with srcLine, srcCol, srcFile or toLoc. */
export type SrcLoc = number & { readonly __srcLoc: true };

export const NO_SRC_LOC = 0 as SrcLoc;

const COL_BITS = 9;
const COL_LIMIT = 1 << COL_BITS;
const LINE_LIMIT = 1 << (31 - COL_BITS);

/** Locations that do not pack: index k is SrcLoc −(k+1). Each is kept once, so the table is
 *  bounded by the distinct such places of the programs a process reads. */
const wide: Loc[] = [];
const wideIndex = new Map<string, number>();

export function packLoc(line: number, col: number, file?: string): SrcLoc {
  if (file === undefined && line >= 0 && line < LINE_LIMIT && col >= 0 && col < COL_LIMIT && Number.isInteger(line) && Number.isInteger(col)) {
    return (line * COL_LIMIT + col) as SrcLoc;
  }
  const key = `${line}:${col}:${file ?? ""}`;
  let k = wideIndex.get(key);
  if (k === undefined) {
    k = wide.length;
    wide.push(Object.freeze(file === undefined ? { line, col } : { line, col, file }));
    wideIndex.set(key, k);
  }
  return -(k + 1) as SrcLoc;
}

export function srcLoc(loc: Loc): SrcLoc {
  return packLoc(loc.line, loc.col, loc.file);
}

export function srcLine(s: SrcLoc): number {
  return s >= 0 ? s >>> COL_BITS : wide[-s - 1]!.line;
}

export function srcCol(s: SrcLoc): number {
  return s >= 0 ? s & (COL_LIMIT - 1) : wide[-s - 1]!.col;
}

export function srcFile(s: SrcLoc): string | undefined {
  return s >= 0 ? undefined : wide[-s - 1]!.file;
}

/** The Loc object of a SrcLoc, for reports. */
export function toLoc(s: SrcLoc): Loc {
  if (s === NO_SRC_LOC) return NO_LOC;
  if (s < 0) return wide[-s - 1]!;
  return { line: s >>> COL_BITS, col: s & (COL_LIMIT - 1) };
}

export function locString(file: string, loc: Loc): string {
  return loc.line > 0 ? `${loc.file ?? file}:${loc.line}:${loc.col}` : file;
}

export function srcLocString(file: string, s: SrcLoc): string {
  return locString(file, toLoc(s));
}

export function compareLoc(a: Loc, b: Loc): number {
  return a.line - b.line || a.col - b.col;
}
