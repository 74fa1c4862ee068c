// parseModule: text → IR Module, or a DiagnosticError.
//
// Stages and what each reports: the lexer, every bad character, unterminated string and
// bad escape; the parser, the first syntax error; the resolver (resolve.ts), every name,
// literal, arity and callee-kind error. A later stage runs only if the earlier ones were
// clean. Structural and type rules are the verifier's (verifier.ts).
//
// Memory: a well-formed file is read item by item (read.ts), and no item's tokens or AST
// outlive it. At the first lexer or parser error anywhere, the whole text is parsed again in
// one piece, so every diagnostic is exactly the one-piece parser's (bad files pay twice).
//
// Speed: the items are first read by the hand-written reader (fastparse.ts), which gives the
// chevrotain grammar's very AST for well-formed text and gives up at anything else; then
// the text is read again, item by item and if need be in one piece, with chevrotain, whose
// lexer and parser are built only then. So a well-formed file never builds them, and every
// diagnostic comes from chevrotain alone.

import type { Diagnostic } from "./diagnostics.js";
import { DiagnosticError, error, sortDiagnostics } from "./diagnostics.js";
import type { Module } from "./ir.js";
import { lex } from "./lexer.js";
import { parseHeaderTokens, parseTokens } from "./parser.js";
import type { ModuleAst } from "./ast.js";
import type { ItemReader } from "./read.js";
import { FAST_READER, parseByItems } from "./read.js";
import { LineMap, bomAsSpace } from "./text.js";
import { resolveModule } from "./resolve.js";
import { checkMemory } from "./limits.js";

/** Lexes and parses `text` to its AST (no name resolution). */
export function parseAst(text: string, file = "<input>", lines = new LineMap(text)): ModuleAst {
  text = bomAsSpace(text);
  const lexed = lex(text, lines);
  if (lexed.errors.length > 0) {
    throw new DiagnosticError(lexed.errors.map((e) => error(file, e.loc, e.message, e.length)));
  }
  const parsed = parseTokens(lexed.tokens);
  if (parsed.error !== null) {
    const e = parsed.error;
    throw new DiagnosticError([error(file, e.loc, e.message, e.length)]);
  }
  return parsed.ast;
}

/** Parses and resolves a module. Throws DiagnosticError on bad input. */
export function parseModule(text: string, file = "<input>"): Module {
  return parseModuleWith(text, file, "fast");
}

/** parseModule, reading with the hand-written reader first (`fast`) or with chevrotain
 *  alone (`chevrotain`: the tests compare the two; the CLI, after readModule gave up). */
export function parseModuleWith(text: string, file: string, reader: "fast" | "chevrotain"): Module {
  text = bomAsSpace(text);
  const lines = new LineMap(text);
  let module = reader === "chevrotain" ? null : parseByItems(text, file, lines, FAST_READER);
  module ??= parseByItems(text, file, lines, CHEVROTAIN);
  if (module === null) {
    // The one-piece parse holds every token and the whole AST at once (~45 heap bytes
    // per input byte on bad input): stop with one line rather than a V8 abort.
    checkMemory(text.length * ONE_PIECE_BYTES_PER_BYTE);
    const ast = parseAst(text, file, lines);
    const r = resolveModule(ast, file, text);
    if (r.diagnostics.length > 0) throw new DiagnosticError(sortDiagnostics(r.diagnostics as Diagnostic[]));
    module = r.module;
  }
  module.file = file;
  module.source = text;
  return module;
}

// ---------------------------------------------------------------------------------------
// chevrotain's reader

/** Live heap bytes per input byte of the one-piece parse: tokens (~21) and AST (~24). */
const ONE_PIECE_BYTES_PER_BYTE = 45;

const CHEVROTAIN: ItemReader = {
  items: parseSlice,
  header(text, lines, start, end) {
    const lexed = lex(text.slice(start, end), lines, start);
    return lexed.errors.length > 0 ? null : parseHeaderTokens(lexed.tokens);
  },
};

/** The AST of text[start, end) (positions in the whole text); null on any error. */
function parseSlice(text: string, lines: LineMap, start: number, end: number): ModuleAst | null {
  const lexed = lex(text.slice(start, end), lines, start);
  if (lexed.errors.length > 0) return null;
  const parsed = parseTokens(lexed.tokens);
  return parsed.error === null ? parsed.ast : null;
}
