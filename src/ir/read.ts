// The item-by-item reading of parseModule (parse.ts), with no chevrotain in reach: the
// fast path alone is readModule, which the `ompir` command calls first so that a
// well-formed file never loads chevrotain (parse.ts does, on first import).
//
// Memory: the tokens and the AST of a whole file are several times the file's size, so a
// well-formed file is read item by item and no item's tokens or AST outlive it. A cheap scan
// (splitItems) cuts the text before every top-level keyword that starts a line outside a
// body; then (1) every global and declaration, and the header of every definition, is parsed
// and declared in source order, so forward references resolve; (2) each definition is lexed,
// parsed and resolved, and its tokens and AST dropped before the next. Cutting only between
// tokens at item boundaries, a text whose items all parse gives the same AST items as parsing
// it whole. An ItemReader does the parsing: the hand-written one (fastparse.ts) or
// chevrotain's (parse.ts).

import type { Diagnostic } from "./diagnostics.js";
import { DiagnosticError, sortDiagnostics } from "./diagnostics.js";
import type { Function, Module } from "./ir.js";
import type { FunctionAst, ItemAst, ModuleAst } from "./ast.js";
import { fastParseHeader, fastParseItems } from "./fastparse.js";
import { LineMap, bomAsSpace } from "./text.js";
import { Resolver } from "./resolve.js";
import { checkMemory } from "./limits.js";

/**
 * The module read by the fast reader alone: null where it gives up (then parseModule, in
 * parse.ts, reads the text with chevrotain). Throws DiagnosticError on a name, literal or
 * arity error (the resolver's), as parseModule does.
 */
export function readModule(text: string, file = "<input>", lines = new LineMap(text)): Module | null {
  text = bomAsSpace(text);
  const module = parseByItems(text, file, lines, FAST_READER);
  if (module !== null) {
    module.file = file;
    module.source = text;
  }
  return module;
}

const ITEM_KEYWORDS = new Set(["global", "requires", "declare", "device", "host", "kernel"]);

interface Items {
  /** Offset where each item starts (the first from 0, so leading comments belong to it). */
  starts: number[];
  /** The keyword each item starts with. */
  keywords: string[];
  /** Offset of the `{` opening each item's body, -1 if it has none. */
  bodies: number[];
}

function isIdentChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46;
}

/** What splitItems stops at within a line: a line end, a comment, a string, a brace. */
const SPLIT_SPECIAL = /[\n;"{}]/g;

/**
 * Cuts the text before each item keyword that starts a line (after blanks) at brace depth 0,
 * skipping comments and string literals (as the lexer delimits them). Null when the text
 * has no such keyword.
 */
function splitItems(text: string): Items | null {
  const starts: number[] = [];
  const keywords: string[] = [];
  const bodies: number[] = [];
  const len = text.length;
  let depth = 0;
  let lineStart = true;
  let i = 0;
  while (i < len) {
    if (!lineStart) {
      // Inside a line only these characters matter; a regular expression finds the next
      // faster than a loop per character that V8 has not optimised yet.
      SPLIT_SPECIAL.lastIndex = i;
      if (!SPLIT_SPECIAL.test(text)) break;
      i = SPLIT_SPECIAL.lastIndex - 1;
    }
    const c = text.charCodeAt(i);
    if (c === 10) {
      lineStart = true;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) {
      i++;
      continue;
    }
    if (lineStart && depth === 0 && c >= 97 && c <= 122) {
      let j = i + 1;
      while (j < len && isIdentChar(text.charCodeAt(j))) j++;
      const word = text.slice(i, j);
      if (ITEM_KEYWORDS.has(word)) {
        starts.push(starts.length === 0 ? 0 : i);
        keywords.push(word);
        bodies.push(-1);
      }
      lineStart = false;
      i = j;
      continue;
    }
    lineStart = false;
    if (c === 59) {
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? len : nl;
    } else if (c === 34) {
      i++;
      while (i < len) {
        const d = text.charCodeAt(i);
        if (d === 34 || d === 10) break;
        i += d === 92 ? 2 : 1;
      }
      if (i < len && text.charCodeAt(i) === 34) i++;
    } else {
      if (c === 123) {
        if (depth === 0 && bodies.length > 0 && bodies[bodies.length - 1] === -1) bodies[bodies.length - 1] = i;
        depth++;
      } else if (c === 125 && depth > 0) {
        depth--;
      }
      i++;
    }
  }
  return starts.length === 0 ? null : { starts, keywords, bodies };
}

/** A reader of items: text[start, end) to its AST items, or a definition's header up to its
 *  body's `{` at `end`; null where it gives up. Positions are in the whole text. */
export interface ItemReader {
  items(text: string, lines: LineMap, start: number, end: number): ModuleAst | null;
  header(text: string, lines: LineMap, start: number, end: number): FunctionAst | null;
}

export const FAST_READER: ItemReader = { items: fastParseItems, header: fastParseHeader };

/**
 * The module, parsed and resolved item by item; null if any item does not lex or parse
 * cleanly (the caller then parses the whole text for the exact diagnostics).
 */
export function parseByItems(text: string, file: string, lines: LineMap, reader: ItemReader): Module | null {
  const items = splitItems(text);
  if (items === null) return null;
  const n = items.starts.length;
  const end = (k: number): number => (k + 1 < n ? items.starts[k + 1]! : text.length);
  const r = new Resolver(file, text);
  const defined: (Function | null)[] = new Array(n).fill(null);

  // 1. Globals, declarations and definition headers, in source order.
  for (let k = 0; k < n; k++) {
    const start = items.starts[k]!;
    const kw = items.keywords[k]!;
    if (kw === "global" || kw === "declare" || kw === "requires") {
      const ast = reader.items(text, lines, start, end(k));
      if (ast === null || ast.items.some((it) => it.item === "function" && !it.declaration)) return null;
      for (const it of ast.items) r.declare(it);
    } else {
      const body = items.bodies[k]!;
      if (body < 0 || body >= end(k)) return null;
      const header = reader.header(text, lines, start, body);
      if (header === null) return null;
      defined[k] = r.declare({ item: "function", ...header });
    }
    if ((k & 1023) === 1023) checkMemory();
  }

  // 2. Bodies, one item at a time.
  for (let k = 0; k < n; k++) {
    const f = defined[k];
    if (f === null || f === undefined) continue;
    const ast = reader.items(text, lines, items.starts[k]!, end(k));
    if (ast === null || ast.items.length !== 1) return null;
    const it = ast.items[0]! as ItemAst;
    if (it.item !== "function" || it.declaration || it.name.name !== f.name) return null;
    r.body(f, it as FunctionAst);
    if ((k & 255) === 255) checkMemory();
  }
  const { module, diagnostics } = r.finish();
  if (diagnostics.length > 0) throw new DiagnosticError(sortDiagnostics(diagnostics as Diagnostic[]));
  return module;
}

