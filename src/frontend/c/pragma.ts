// The `#pragma omp` language: directive names and clauses, parsed with chevrotain (as the
// IR is, src/ir/parser.ts). C expressions inside clauses (`num_teams(n/2)`, the bounds of
// `a[lo:len]`) are kept as text spans and parsed later by the C grammar (lower.ts), so the
// two grammars never disagree about C.
//
//   pragma := item*            item := IDENT ['(' balanced ')']
//
// Leading items without parentheses that are directive words form the directive name
// (`target teams distribute parallel for`); the rest are clauses. Each clause's balanced
// argument tokens are split here into modifiers (before a top-level ':'), list items
// (top-level commas) and, for list items, array sections.

import { createToken, EmbeddedActionsParser, Lexer } from "chevrotain";
import type { IToken } from "chevrotain";
import type { SrcPos } from "./errors.js";
import { cerror } from "./errors.js";

const WS = createToken({ name: "WS", pattern: /\s+/, group: Lexer.SKIPPED });
const Ident = createToken({ name: "Ident", pattern: /[A-Za-z_]\w*/ });
const Num = createToken({ name: "Num", pattern: /\.?\d(?:[eEpP][+-]|[\w.])*/ });
const Str = createToken({ name: "Str", pattern: /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/ });
const LParen = createToken({ name: "LParen", pattern: /\(/ });
const RParen = createToken({ name: "RParen", pattern: /\)/ });
const Punct = createToken({ name: "Punct", pattern: /->|<<=|>>=|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^!~<>=?:;,.[\]{}]/ });
const ALL = [WS, Ident, Num, Str, LParen, RParen, Punct];
const lexer = new Lexer(ALL, { positionTracking: "onlyOffset", ensureOptimizations: false });

interface RawItem {
  name: IToken;
  args: IToken[] | null; // tokens between the parentheses
  close: IToken | null;
}

class PragmaParser extends EmbeddedActionsParser {
  constructor() {
    super(ALL, { recoveryEnabled: false });
    this.performSelfAnalysis();
  }
  pragma = this.RULE("pragma", (): RawItem[] => {
    const items: RawItem[] = [];
    this.MANY(() => items.push(this.SUBRULE(this.item)));
    return items;
  });
  item = this.RULE("item", (): RawItem => {
    const name = this.CONSUME(Ident);
    let args: IToken[] | null = null;
    let close: IToken | null = null;
    this.OPTION(() => {
      this.CONSUME(LParen);
      args = this.SUBRULE(this.balanced);
      close = this.CONSUME(RParen);
    });
    return { name, args, close };
  });
  balanced = this.RULE("balanced", (): IToken[] => {
    const out: IToken[] = [];
    this.MANY(() => {
      this.OR([
        { ALT: () => out.push(this.CONSUME(Ident)) },
        { ALT: () => out.push(this.CONSUME(Num)) },
        { ALT: () => out.push(this.CONSUME(Str)) },
        { ALT: () => out.push(this.CONSUME(Punct)) },
        {
          ALT: () => {
            out.push(this.CONSUME(LParen));
            const inner = this.SUBRULE(this.balanced);
            // SUBRULE returns a placeholder while chevrotain records the grammar.
            this.ACTION(() => out.push(...inner));
            out.push(this.CONSUME(RParen));
          },
        },
      ]);
    });
    return out;
  });
}

let parser: PragmaParser | null = null;

/** A C expression as text, with where it starts in the source. */
export interface ExprText {
  text: string;
  pos: SrcPos;
}

export interface ListItem {
  /** The variable or expression before any section (`a`, `s.x`, `p->q`). */
  base: ExprText;
  /** Array sections `[lo:len]` or `[lo:len:stride]`, outermost first; each part may be absent. */
  sections: { lo: ExprText | null; len: ExprText | null; stride: ExprText | null; pos: SrcPos }[];
  pos: SrcPos;
}

export interface Clause {
  name: string;
  pos: SrcPos;
  /** Text between the parentheses, or null without them. */
  arg: ExprText | null;
  /** Identifiers/operators before a top-level ':' (map kinds, reduction op, depend type, …). */
  modifiers: string[];
  /** The comma-separated items after the modifiers. */
  items: ListItem[];
}

export interface Directive {
  /** Directive words joined by one space: "target teams distribute parallel for". */
  name: string;
  /** A name in parentheses after the directive (`critical(lock)`). */
  dirArg: string | null;
  clauses: Clause[];
  pos: SrcPos;
}

const DIRECTIVE_WORDS = new Set([
  "target", "teams", "distribute", "parallel", "for", "simd", "loop", "data", "enter", "exit", "update",
  "declare", "begin", "end", "single", "master", "masked", "critical", "atomic", "barrier", "taskwait",
  "taskgroup", "task", "taskloop", "flush", "requires", "section", "sections", "ordered", "cancel",
  "cancellation", "point", "threadprivate", "scan", "tile", "unroll", "metadirective", "workshare",
  "interop", "dispatch", "allocate", "depobj", "taskyield", "error", "nothing", "assume", "assumes",
  "scope", "reduction", "mapper", "variant", "simd", "depobj",
]);
/** Words that are directive words only right after `declare` (`declare target`), else clauses. */
const AFTER_DECLARE = new Set(["target", "reduction", "mapper", "variant", "simd"]);

const pragmaCache = new Map<string, Directive>();

/** Parses the text of a `#pragma omp` line (after `omp`); `pos` is where the text starts. */
export function parsePragma(text: string, pos: SrcPos): Directive {
  const key = `${pos.file}:${pos.line}:${pos.col}:${text}`;
  let d = pragmaCache.get(key);
  if (d === undefined) {
    d = parsePragmaUncached(text, pos);
    if (pragmaCache.size > 10000) pragmaCache.clear();
    pragmaCache.set(key, d);
  }
  return d;
}

function parsePragmaUncached(text: string, pos: SrcPos): Directive {
  parser ??= new PragmaParser();
  const lx = lexer.tokenize(text);
  const at = (off: number): SrcPos => ({ file: pos.file, line: pos.line, col: pos.col + off });
  if (lx.errors.length > 0) throw cerror(at(lx.errors[0]!.offset), `unexpected character '${text[lx.errors[0]!.offset]}' in '#pragma omp'`);
  parser.input = lx.tokens;
  const items = parser.pragma();
  if (parser.errors.length > 0) {
    const e = parser.errors[0]!;
    const tok = e.token;
    const off = Number.isFinite(tok.startOffset) ? tok.startOffset : text.length;
    throw cerror(at(off), tok.image ? `unexpected '${tok.image}' in '#pragma omp ${text}'` : `unbalanced parentheses in '#pragma omp ${text}'`);
  }
  if (items.length === 0) throw cerror(pos, "'#pragma omp' without a directive");
  const words: string[] = [];
  let i = 0;
  let dirArg: string | null = null;
  for (; i < items.length; i++) {
    const it = items[i]!;
    const w = it.name.image;
    const prev = words[words.length - 1];
    if (!DIRECTIVE_WORDS.has(w)) break;
    if (AFTER_DECLARE.has(w) && prev !== "declare" && !(w === "target" && (words.length === 0 || prev === "begin" || prev === "end" ))) {
      if (w !== "simd") break; // `simd` alone, or after `for`, `distribute` …
    }
    if (w === "update" && prev === "atomic") break; // atomic's update/read/write/capture are clauses
    if (w === "ordered" && words.length > 0) break; // `for ordered`: the clause
    if (it.args !== null) {
      if (w === "critical" || w === "reduction" || w === "mapper" || w === "variant" || w === "allocate" || w === "flush" || w === "threadprivate" || w === "depobj" || w === "scan") {
        words.push(w);
        dirArg = slice(text, it.args, it.close!);
        i++;
      }
      break;
    }
    words.push(w);
  }
  const clauses: Clause[] = [];
  for (; i < items.length; i++) {
    const it = items[i]!;
    clauses.push(clause(text, it, at));
  }
  return { name: words.join(" "), dirArg, clauses, pos };
}

function slice(text: string, toks: IToken[], close: IToken): string {
  return toks.length === 0 ? "" : text.slice(toks[0]!.startOffset, close.startOffset);
}

function clause(text: string, it: RawItem, at: (off: number) => SrcPos): Clause {
  const name = it.name.image;
  const pos = at(it.name.startOffset);
  if (it.args === null) return { name, pos, arg: null, modifiers: [], items: [] };
  const toks = it.args;
  const closeOff = it.close!.startOffset;
  const span = (from: number, to: number): ExprText => {
    const start = from < toks.length ? toks[from]!.startOffset : closeOff;
    const end = to < toks.length ? toks[to]!.startOffset : closeOff;
    return { text: text.slice(start, end).trim(), pos: at(start) };
  };
  const arg = span(0, toks.length);
  // A top-level ':' separates modifiers, unless the clause takes an expression (a ?: inside).
  let colon = -1;
  if (!["num_teams", "thread_limit", "num_threads", "collapse", "schedule", "dist_schedule", "final", "priority", "safelen", "simdlen"].includes(name)) {
    let depth = 0;
    for (let k = 0; k < toks.length; k++) {
      const s = toks[k]!.image;
      if (s === "(" || s === "[") depth++;
      else if (s === ")" || s === "]") depth--;
      else if (s === "?" && depth === 0) break;
      else if (s === ":" && depth === 0) {
        colon = k;
        break;
      }
    }
  }
  // `if(n > 0)` has no modifier; `if(target: c)` has; `device(ancestor: 1)` has.
  // …and `if(target enter data: c)` has a modifier of several words.
  if (colon >= 0 && name === "if" && !(colon >= 1 && toks.slice(0, colon).every((t) => t.tokenType === Ident))) colon = -1;
  const modifiers = colon < 0 ? [] : splitTop(toks, 0, colon).map((r) => text.slice(toks[r[0]]!.startOffset, r[1] < toks.length ? toks[r[1]]!.startOffset : closeOff).trim()).filter((s) => s !== "");
  const items = splitTop(toks, colon + 1, toks.length).map(([s, e]) => listItem(text, toks, s, e, closeOff, at));
  return { name, pos, arg, modifiers, items };
}

/** Ranges [start, end) of tokens between top-level commas. */
function splitTop(toks: IToken[], from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  let depth = 0;
  let start = from;
  for (let k = from; k < to; k++) {
    const s = toks[k]!.image;
    if (s === "(" || s === "[") depth++;
    else if (s === ")" || s === "]") depth--;
    else if (s === "," && depth === 0) {
      out.push([start, k]);
      start = k + 1;
    }
  }
  if (to > start) out.push([start, to]);
  return out;
}

function listItem(text: string, toks: IToken[], s: number, e: number, closeOff: number, at: (off: number) => SrcPos): ListItem {
  const off = (k: number): number => (k < toks.length ? toks[k]!.startOffset : closeOff);
  const endOff = (k: number): number => (k < e ? toks[k]!.startOffset : k < toks.length ? toks[k]!.startOffset : closeOff);
  const sections: ListItem["sections"] = [];
  let baseEnd = e;
  // Sections are the trailing `[...]` groups that contain a top-level ':'.
  let k = s;
  let depth = 0;
  for (; k < e; k++) {
    const t = toks[k]!.image;
    if (t === "[" && depth === 0) {
      let d = 0;
      let colon = -1;
      let colon2 = -1;
      let j = k;
      for (; j < e; j++) {
        const x = toks[j]!.image;
        if (x === "[" || x === "(") d++;
        else if (x === "]" || x === ")") {
          d--;
          if (d === 0) break;
        } else if (x === ":" && d === 1) {
          if (colon < 0) colon = j;
          else if (colon2 < 0) colon2 = j;
        }
      }
      if (colon >= 0) {
        if (sections.length === 0) baseEnd = k;
        const lo = colon > k + 1 ? { text: text.slice(off(k + 1), off(colon)).trim(), pos: at(off(k + 1)) } : null;
        const lenEnd = colon2 >= 0 ? colon2 : j;
        const len = lenEnd > colon + 1 ? { text: text.slice(off(colon + 1), off(lenEnd)).trim(), pos: at(off(colon + 1)) } : null;
        const stride = colon2 >= 0 && j > colon2 + 1 ? { text: text.slice(off(colon2 + 1), off(j)).trim(), pos: at(off(colon2 + 1)) } : null;
        if (colon2 >= 0 && stride === null) throw cerror(at(off(colon2)), "an array section's stride is missing ('[lo:len:stride]')");
        sections.push({ lo, len, stride, pos: at(off(k)) });
      } else if (sections.length > 0) {
        // An index after a section (`a[0:n][2]`) is not a section item we support.
        throw cerror(at(off(k)), "array section followed by a subscript is not supported");
      }
      k = j;
      continue;
    }
    if (t === "(") depth++;
    else if (t === ")") depth--;
  }
  return { base: { text: text.slice(off(s), endOff(baseEnd)).trim(), pos: at(off(s)) }, sections, pos: at(off(s)) };
}
