// Located errors of the C front end. Every unsupported feature, syntax error and bad
// directive becomes a CError naming it; the CLI prints `file:line:col: error: …` with the
// source line (from the file or header the position names) and exits 2.

export interface SrcPos {
  readonly file: string;
  readonly line: number; // 1-based
  readonly col: number; // 1-based
}

export interface CDiag {
  pos: SrcPos;
  message: string;
}

export class CError extends Error {
  constructor(readonly diags: CDiag[]) {
    super(diags.map((d) => `${d.pos.file}:${d.pos.line}:${d.pos.col}: error: ${d.message}`).join("\n"));
    this.name = "CError";
  }
}

export function cerror(pos: SrcPos, message: string): CError {
  return new CError([{ pos, message }]);
}
