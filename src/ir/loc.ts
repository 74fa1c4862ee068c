// Source locations. Every instruction, block, function and global records where it was
// parsed from; inlined instructions keep their callee's location, so remarks and runtime
// faults still point at the line the user wrote.
//
// Two forms: `Loc`, an object, in what is reported (diagnostics, remarks, faults) and in the
// parser's AST; `SrcLoc`, one small integer, in the IR, where an object per instruction and
// block was a tenth of the live heap. A SrcLoc packs the line and column (line·512 + col, at
// most 2³¹−1: a V8 small integer stored in the instruction itself, and a 32-bit integer for
// the bit operations below); one in another file packs the file's index in a table of names
// into a negative number; a location that fits neither is kept once in a table. Those two
// tables belong to the process (or worker): a SrcLoc naming a file means nothing in another.

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
const COL_MASK = (1 << COL_BITS) - 1;
const LINE_LIMIT = 1 << (31 - COL_BITS);
// A location in another file (C lowered by `ompir cc`): −(1 + file·2²⁵ + line·2⁹ + col) for
// the first 32 file names, lines below 65536 and columns below 512.
const FILE_LINE_BITS = 16;
const FILE_SHIFT = FILE_LINE_BITS + COL_BITS;
const FILE_LIMIT = 1 << (30 - FILE_SHIFT);
const FILE_RANGE = 1 << 30;

const files: string[] = [];
const fileIndex = new Map<string, number>();

/** Locations that pack neither way: index k is SrcLoc −(2³⁰ + 1 + k). Each is kept once, so
 *  the table is bounded by the distinct such places of the programs a process reads. */
const wide: Loc[] = [];
const wideIndex = new Map<string, number>();

export function packLoc(line: number, col: number, file?: string): SrcLoc {
  const small = Number.isInteger(line) && Number.isInteger(col) && line >= 0 && col >= 0 && col <= COL_MASK;
  if (small && file === undefined && line < LINE_LIMIT) return ((line << COL_BITS) | col) as SrcLoc;
  if (small && file !== undefined && line < 1 << FILE_LINE_BITS) {
    let k = fileIndex.get(file);
    if (k === undefined && files.length < FILE_LIMIT) {
      k = files.length;
      files.push(file);
      fileIndex.set(file, k);
    }
    if (k !== undefined) return -(1 + k * (1 << FILE_SHIFT) + ((line << COL_BITS) | col)) as SrcLoc;
  }
  const key = file === undefined ? `${line}:${col}` : `${line}:${col}:${file}`;
  let k = wideIndex.get(key);
  if (k === undefined) {
    k = wide.length;
    wide.push(Object.freeze(file === undefined ? { line, col } : { line, col, file }));
    wideIndex.set(key, k);
  }
  return -(FILE_RANGE + 1 + k) as SrcLoc;
}

export function srcLoc(loc: Loc): SrcLoc {
  return packLoc(loc.line, loc.col, loc.file);
}

export function srcLine(s: SrcLoc): number {
  if (s >= 0) return s >>> COL_BITS;
  if (s >= -FILE_RANGE) return ((-s - 1) >>> COL_BITS) & ((1 << FILE_LINE_BITS) - 1);
  return wide[-s - FILE_RANGE - 1]!.line;
}

export function srcCol(s: SrcLoc): number {
  if (s >= -FILE_RANGE) return (s >= 0 ? s : -s - 1) & COL_MASK;
  return wide[-s - FILE_RANGE - 1]!.col;
}

export function srcFile(s: SrcLoc): string | undefined {
  if (s >= 0) return undefined;
  if (s >= -FILE_RANGE) return files[(-s - 1) >>> FILE_SHIFT];
  return wide[-s - FILE_RANGE - 1]!.file;
}

/** The Loc object of a SrcLoc, for reports. */
export function toLoc(s: SrcLoc): Loc {
  if (s === NO_SRC_LOC) return NO_LOC;
  if (s < -FILE_RANGE) return wide[-s - FILE_RANGE - 1]!;
  const file = srcFile(s);
  return file === undefined ? { line: srcLine(s), col: srcCol(s) } : { line: srcLine(s), col: srcCol(s), file };
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
