// parseModule: text → IR Module, or a DiagnosticError.
//
// Stages and what each reports: the lexer, every bad character, unterminated string and
// bad escape; the parser, the first syntax error; the resolver (resolve.ts), every name,
// literal, arity and callee-kind error. A later stage runs only if the earlier ones were
// clean. Structural and type rules are the verifier's (verifier.ts).

import type { Diagnostic } from "./diagnostics.js";
import { DiagnosticError, error, sortDiagnostics } from "./diagnostics.js";
import type { Module } from "./ir.js";
import { lex } from "./lexer.js";
import { parseTokens } from "./parser.js";
import type { ModuleAst } from "./ast.js";
import { resolveModule } from "./resolve.js";

/** Lexes and parses `text` to its AST (no name resolution). */
export function parseAst(text: string, file = "<input>"): ModuleAst {
  const lexed = lex(text);
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
  const ast = parseAst(text, file);
  const { module, diagnostics } = resolveModule(ast, file, text);
  if (diagnostics.length > 0) throw new DiagnosticError(sortDiagnostics(diagnostics as Diagnostic[]));
  module.file = file;
  module.source = text;
  return module;
}
