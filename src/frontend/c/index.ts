// The C front end's entry point: preprocess, parse with tree-sitter, lower to IR, verify.
//
//   const m = await compileC(text, "prog.c", { defines: ["N=4"], includeDirs: ["inc"], readFile })
//
// Every problem in the input is a CError (located, `file:line:col: error: …`); a lowering
// that produces IR the verifier rejects is a bug of the front end and is thrown as such.

import type { Module } from "../../ir/ir.js";
import { verifyModule } from "../../ir/verifier.js";
import { formatDiagnostic } from "../../ir/diagnostics.js";
import { srcLoc } from "../../ir/loc.js";
import { CError } from "./errors.js";
export { cExitCode } from "./exit.js";
import type { SrcPos } from "./errors.js";
import { Lowerer, setDesignatorError } from "./lower.js";
import { LIBC_FILE, libcSource } from "./libc.js";
import { Omp } from "./omp.js";
import type { Node } from "./parse.js";
import { cParser, parseC } from "./parse.js";
import type { PPOptions } from "./preprocess.js";
import { preprocess } from "./preprocess.js";

export { CError } from "./errors.js";
export type { CDiag, SrcPos } from "./errors.js";

export interface CompileOptions extends PPOptions {}

export async function compileC(text: string, file: string, opts: CompileOptions = {}): Promise<Module> {
  const pp = preprocess(text, file, opts);
  const posOf = (row: number, col: number): SrcPos => {
    const l = pp.lines[row] ?? pp.lines[pp.lines.length - 1] ?? { file, line: 1, col: 1 };
    return { file: l.file, line: l.line, col: col + 1 };
  };
  const locOf = (row: number, col: number) => {
    const l = pp.lines[row];
    const s = pp.sites[row];
    if (l === undefined || s === undefined) return { line: 0, col: 0 };
    // Code from a user header is located in the header (the Loc names that file).
    return l.file === file ? { line: l.line, col: col + 1 } : l.file.startsWith("<") ? { line: s.line, col: s.col } : { line: l.line, col: col + 1, file: l.file };
  };
  const typeAliases = new Map<number, string>();
  const tree = await parseC(pp.text, posOf, typeAliases);
  const parser = await cParser();
  const L = new Lowerer(file, text, pp.pragmas, posOf, locOf);
  L.noinlineAt = pp.noinline;
  L.typeAliases = typeAliases;
  L.typeAliasRoot = tree.rootNode.id;
  L.usesLevel = /\bomp_get_level\b/.test(pp.text);
  L.setsNumThreads = /\bomp_set_num_threads\b/.test(pp.text);
  setDesignatorError((n) => new CError([{ pos: L.pos(n), message: "designated initializers are not supported" }]));
  // Clause expressions (num_teams(n/2), a[lo:len]) are C: parsed by the same grammar, located at the clause.
  const exprTrees = new Map<number, SrcPos>();
  const parsed = new Map<string, Node>();
  const parseExpr = (e: { text: string; pos: SrcPos }): Node => {
    // Each clause expression is parsed once (the lowering asks again for its node).
    const key = `${e.pos.file}:${e.pos.line}:${e.pos.col}:${e.text}`;
    const hit = parsed.get(key);
    if (hit !== undefined) return hit;
    const node = parseExprUncached(e);
    parsed.set(key, node);
    return node;
  };
  const parseExprUncached = (e: { text: string; pos: SrcPos }): Node => {
    const t = parser.parse(`void __ompir_clause(void) { (${e.text}); }`);
    if (t === null || t.rootNode.hasError) throw new CError([{ pos: e.pos, message: `bad expression '${e.text}' in an OpenMP clause` }]);
    const body = t.rootNode.namedChildren[0]!.childForFieldName("body")!;
    const stmt = body.namedChildren[0]!;
    exprTrees.set(t.rootNode.id, e.pos);
    return stmt.namedChildren[0]!;
  };
  const basePos = L.pos.bind(L);
  const baseLoc = L.loc.bind(L);
  const clausePos = (n: Node): SrcPos | undefined => exprTrees.get(n.tree.rootNode.id);
  // The library functions written in C (libc.ts) are located in their own text, `<libc>`.
  let libcRoot = -1;
  const libcPos = (n: Node): SrcPos | undefined =>
    n.tree.rootNode.id === libcRoot ? { file: LIBC_FILE, line: n.startPosition.row + 1, col: n.startPosition.column + 1 } : undefined;
  L.pos = (n: Node) => clausePos(n) ?? libcPos(n) ?? basePos(n);
  L.loc = (n: Node) => {
    const p = clausePos(n) ?? libcPos(n);
    return p ? srcLoc(p.file === file ? { line: p.line, col: p.col } : p.file === LIBC_FILE ? p : { line: 0, col: 0 }) : baseLoc(n);
  };
  new Omp(L, parseExpr);
  L.translationUnit(tree.rootNode);
  const libc = libcSource(pp.text, (name) => L.funcs.get(name)?.def != null || L.globals.has(name));
  if (libc !== null) {
    const t = await parseC(libc.text, (row, col) => ({ file: LIBC_FILE, line: row + 1, col: col + 1 }));
    libcRoot = t.rootNode.id;
    L.libcNames = libc.names;
    L.noinlineAt = [];
    L.translationUnit(t.rootNode);
  }
  L.lowerProgram();
  const ds = verifyModule(L.m).filter((d) => d.severity === "error");
  if (ds.length > 0) {
    throw new Error(`internal error: the C front end produced invalid IR:\n${ds.slice(0, 5).map((d) => formatDiagnostic(d, "")).join("\n")}`);
  }
  return L.m;
}

/** `file:line:col: error: message` lines with the source line and a caret, for the CLI. */
export function formatCError(e: CError, readSource: (file: string) => string | undefined): string {
  return e.diags
    .map((d) => {
      const head = `${d.pos.file}:${d.pos.line}:${d.pos.col}: error: ${d.message}`;
      const src = readSource(d.pos.file)?.split("\n")[d.pos.line - 1];
      if (src === undefined) return head;
      return `${head}\n${src}\n${" ".repeat(Math.max(0, d.pos.col - 1))}^`;
    })
    .join("\n");
}
