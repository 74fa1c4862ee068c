// tree-sitter parsing of preprocessed C (web-tree-sitter + the tree-sitter-c grammar's
// .wasm, loaded once per process). Loading is asynchronous, so the front end's entry
// point (compileC) is async; everything after parsing is synchronous.

import { createRequire } from "node:module";
import { Language, Parser } from "web-tree-sitter";
import type { Node, Tree } from "web-tree-sitter";
import { CError } from "./errors.js";
import type { SrcPos } from "./errors.js";

export type { Node } from "web-tree-sitter";

let loading: Promise<Parser> | null = null;

/** The C parser, created on first use. */
export function cParser(): Promise<Parser> {
  loading ??= (async () => {
    await Parser.init();
    const require = createRequire(import.meta.url);
    const lang = await Language.load(require.resolve("tree-sitter-c/tree-sitter-c.wasm"));
    const p = new Parser();
    p.setLanguage(lang);
    return p;
  })();
  return loading;
}

/**
 * Parses `text`; a syntax error is a CError at the first ERROR or MISSING node.
 *
 * tree-sitter cannot know which names are types, and takes some casts for other things
 * and some expressions for casts. Two repairs, each keeping every offset, then a new parse:
 * - a cast to a lone name that no typedef declares (`(x) - y * 2`, `(a) && (b - c)` read
 *   as a cast to `x` of `-y`, of `&&(b - c)`): the parentheses around it are blanked, since
 *   `(x)` is `x` as an expression;
 * - a typedef name in parentheses read as an expression (`(real)(n)` as a call, `(real) -n`
 *   as a subtraction): the name is written over with `int` and spaces, which parses as the
 *   cast it is, and `typeAliases` (by the offset of that `int`) gives the name back, for the
 *   lowering. Not for names of one or two letters, nor for typedef names that also name a
 *   variable somewhere (the text does not say which is meant).
 */
export async function parseC(text: string, posOf: (row: number, col: number) => SrcPos, typeAliases?: Map<number, string>): Promise<Tree> {
  const p = await cParser();
  let tree = p.parse(text);
  for (let round = 0; tree !== null && round < 16; round++) {
    const fixed = repairCasts(tree.rootNode, text, typeAliases);
    if (fixed === text) break;
    text = fixed;
    tree = p.parse(text);
  }
  if (tree === null) throw new CError([{ pos: posOf(0, 0), message: "the C parser gave no tree" }]);
  if (tree.rootNode.hasError) {
    const bad = firstError(tree.rootNode);
    if (bad !== null) {
      const at = posOf(bad.startPosition.row, bad.startPosition.column);
      if (bad.isMissing) throw new CError([{ pos: at, message: `syntax error: expected '${bad.type}'` }]);
      const snippet = bad.text.split("\n")[0]!.slice(0, 30);
      throw new CError([{ pos: at, message: snippet.trim() === "" ? "syntax error" : `syntax error near '${snippet.trim()}'` }]);
    }
  }
  return tree;
}

/** `text` with the casts parseC describes repaired (the same text if there are none). */
function repairCasts(root: Node, text: string, typeAliases: Map<number, string> | undefined): string {
  const typedefs = new Set<string>();
  const variables = new Set<string>();
  const casts: Node[] = [];
  const parens: Node[] = [];
  const nameOf = (d: Node | null, kind: string): Node | null => {
    // A parenthesized declarator (`(*binop)`) holds its inner one without a field name.
    while (d !== null && d.type !== kind) d = d.childForFieldName("declarator") ?? d.namedChildren.find((c) => c !== null && (c.type === kind || c.type.endsWith("declarator"))) ?? null;
    return d;
  };
  const walk = (n: Node): void => {
    if (n.type === "type_definition") {
      for (const d of n.childrenForFieldName("declarator")) {
        const id = nameOf(d, "type_identifier");
        if (id !== null) typedefs.add(id.text);
      }
    } else if (n.type === "declaration" || n.type === "parameter_declaration" || n.type === "field_declaration") {
      for (const d of n.childrenForFieldName("declarator")) {
        const id = nameOf(d, "identifier") ?? nameOf(d, "field_identifier");
        if (id !== null) variables.add(id.text);
      }
    }
    if (n.type === "cast_expression") {
      const t = n.childForFieldName("type");
      if (t !== null && t.namedChildCount === 1 && t.namedChildren[0]!.type === "type_identifier") casts.push(n);
    }
    if (n.type === "parenthesized_expression" && n.namedChildCount === 1 && n.namedChildren[0]!.type === "identifier") parens.push(n);
    for (const c of n.namedChildren) if (c !== null) walk(c);
  };
  walk(root);
  // Edits as (offset, replacement character); the text is rebuilt only if there are some.
  const edits: [number, string][] = [];
  for (const c of casts) {
    const id = c.childForFieldName("type")!.namedChildren[0]!;
    if (typedefs.has(id.text)) continue;
    const open = c.startIndex;
    let close = id.endIndex;
    while (close < text.length && /\s/.test(text[close]!)) close++;
    if (text[open] !== "(" || text[close] !== ")") continue;
    edits.push([open, " "], [close, " "]);
  }
  if (typeAliases !== undefined) {
    for (const pe of parens) {
      const id = pe.namedChildren[0]!;
      if (!typedefs.has(id.text) || variables.has(id.text) || id.text.length < 3) continue;
      const at = id.startIndex;
      if (text.slice(at, id.endIndex) !== id.text) continue;
      for (let k = 0; k < id.text.length; k++) edits.push([at + k, k < 3 ? "int"[k]! : " "]);
      typeAliases.set(at, id.text);
    }
  }
  if (edits.length === 0) return text;
  const out = text.split("");
  for (const [at, ch] of edits) out[at] = ch;
  return out.join("");
}

function firstError(n: Node): Node | null {
  if (n.isError || n.isMissing) return n;
  for (const c of n.children) {
    if (c === null || !(c.hasError || c.isMissing)) continue;
    const e = firstError(c);
    if (e !== null) return e;
  }
  return null;
}
