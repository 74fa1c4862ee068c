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

/** Parses `text`; a syntax error is a CError at the first ERROR or MISSING node. */
export async function parseC(text: string, posOf: (row: number, col: number) => SrcPos): Promise<Tree> {
  const p = await cParser();
  const tree = p.parse(text);
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

function firstError(n: Node): Node | null {
  if (n.isError || n.isMissing) return n;
  for (const c of n.children) {
    if (c === null || !(c.hasError || c.isMissing)) continue;
    const e = firstError(c);
    if (e !== null) return e;
  }
  return null;
}
