// The ompir lexer (chevrotain). One Lexer instance, built once and reused.
//
// Keywords are exact-word tokens with `longer_alt: Ident`, so `addx` lexes as an identifier
// rather than `add` + `x`. Keywords that play several roles (`add` is a binary and an atomic
// op; `ult` an icmp and an fcmp predicate; `global` a top-level keyword and a space) carry
// one token type each plus token categories, so the parser consumes "any binary operator"
// with one CONSUME and reads the image. chevrotain's lexer silently drops characters it
// cannot match; `lex` turns every such drop, every unterminated string and every bad escape
// into a located diagnostic.

import { createToken, Lexer } from "./chevrotain.js";
import type { IToken, TokenType } from "chevrotain";
import {
  ATOMIC_OPS, BINARY_OPS, CAST_OPS, FCMP_PREDS, ICMP_PREDS, MAP_KINDS, OMP_QUERIES, FMATH_FNS,
} from "./ir.js";
import { SPACES, TYPES } from "./types.js";
import { OPCODES } from "./opcodes.js";
import type { Loc } from "./loc.js";

// ---------------------------------------------------------------------------------------
// Token categories (never matched themselves)

function category(name: string, label: string): TokenType {
  return createToken({ name, pattern: Lexer.NA, label });
}

export const TypeKw = category("TypeKw", "type");
export const SpaceKw = category("SpaceKw", "memory space");
export const BinOpKw = category("BinOpKw", "binary operator");
export const IcmpPredKw = category("IcmpPredKw", "icmp predicate");
export const FcmpPredKw = category("FcmpPredKw", "fcmp predicate");
export const CastOpKw = category("CastOpKw", "cast operator");
export const AtomicOpKw = category("AtomicOpKw", "atomic operator");
export const MapKindKw = category("MapKindKw", "map kind");
export const QueryKw = category("QueryKw", "OpenMP query");
export const FMathKw = category("FMathKw", "math function");

// ---------------------------------------------------------------------------------------
// Plain tokens

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED, line_breaks: true });
export const Comment = createToken({ name: "Comment", pattern: /;[^\n]*/, group: Lexer.SKIPPED });

export const Ident = createToken({ name: "Ident", pattern: /[A-Za-z_][A-Za-z0-9_.]*/, label: "identifier" });
export const GlobalName = createToken({ name: "GlobalName", pattern: /@[A-Za-z0-9_.$-]+/, label: "@name" });
export const LocalName = createToken({ name: "LocalName", pattern: /%[A-Za-z0-9_.$-]+/, label: "%name" });
export const BlockName = createToken({ name: "BlockName", pattern: /\^[A-Za-z0-9_.$-]+/, label: "^block" });

export const FloatLit = createToken({
  name: "FloatLit",
  pattern: /-?[0-9]+(?:\.[0-9]+(?:[eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)/,
  label: "float literal",
});
export const IntLit = createToken({ name: "IntLit", pattern: /-?(?:0[xX][0-9a-fA-F]+|[0-9]+)/, label: "integer literal" });
export const NegInf = createToken({ name: "NegInf", pattern: /-inf/, label: "'-inf'", longer_alt: Ident });
export const StringLit = createToken({ name: "StringLit", pattern: /"(?:[^"\\\n]|\\.)*"/, label: "string literal" });
/** A string without its closing quote on the same line; always reported as an error. */
export const UnterminatedString = createToken({ name: "UnterminatedString", pattern: /"(?:[^"\\\n]|\\.)*\\?/, label: "string literal" });

export const Arrow = createToken({ name: "Arrow", pattern: /->/, label: "'->'" });
export const LParen = createToken({ name: "LParen", pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: "RParen", pattern: /\)/, label: "')'" });
export const LBrace = createToken({ name: "LBrace", pattern: /\{/, label: "'{'" });
export const RBrace = createToken({ name: "RBrace", pattern: /\}/, label: "'}'" });
export const LBracket = createToken({ name: "LBracket", pattern: /\[/, label: "'['" });
export const RBracket = createToken({ name: "RBracket", pattern: /\]/, label: "']'" });
export const Comma = createToken({ name: "Comma", pattern: /,/, label: "','" });
export const Colon = createToken({ name: "Colon", pattern: /:/, label: "':'" });
export const Equals = createToken({ name: "Equals", pattern: /=/, label: "'='" });

// ---------------------------------------------------------------------------------------
// Keywords

const keywordCategories = new Map<string, TokenType[]>();
function addCategory(words: readonly string[], cat: TokenType): void {
  for (const w of words) {
    const cats = keywordCategories.get(w) ?? [];
    cats.push(cat);
    keywordCategories.set(w, cats);
  }
}
addCategory(TYPES, TypeKw);
addCategory(SPACES, SpaceKw);
addCategory(BINARY_OPS, BinOpKw);
addCategory(ICMP_PREDS, IcmpPredKw);
addCategory(FCMP_PREDS, FcmpPredKw);
addCategory(CAST_OPS, CastOpKw);
addCategory(ATOMIC_OPS, AtomicOpKw);
addCategory(MAP_KINDS, MapKindKw);
addCategory(OMP_QUERIES.map((q) => `omp.${q}`), QueryKw);
addCategory(FMATH_FNS.map((q) => `fmath.${q}`), FMathKw);

const PLAIN_KEYWORDS = [
  "declare", "device", "kernel", "generic", "spmd", "x", "void", "requires",
  ...Object.values(OPCODES).flatMap((o) => (o.mnemonic === null ? [] : [o.mnemonic])),
  "map", "always", "teams", "threads", "nowait", "callees", "uniform",
  "true", "false", "null", "undef", "inf", "nan",
];
for (const w of PLAIN_KEYWORDS) if (!keywordCategories.has(w)) keywordCategories.set(w, []);

/** Keyword token types by their exact word. */
export const KW = new Map<string, TokenType>();
for (const [word, cats] of keywordCategories) {
  const name = "Kw_" + word.replace(/\./g, "_");
  KW.set(word, createToken({
    name, pattern: new RegExp(word.replace(/\./g, "\\.")), label: `'${word}'`, longer_alt: Ident, categories: cats,
  }));
}

/** The keyword token type for `word` (throws on a typo in the parser). */
export function kw(word: string): TokenType {
  const t = KW.get(word);
  if (t === undefined) throw new Error(`internal error: no keyword '${word}'`);
  return t;
}

// Longer keywords first: the lexer takes the first pattern that matches, so `or` listed
// before `ord` would claim the prefix of `ord`.
const keywordTokens = [...KW.entries()].sort((a, b) => b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1)).map((e) => e[1]);

export const ALL_TOKENS: TokenType[] = [
  WhiteSpace, Comment,
  TypeKw, SpaceKw, BinOpKw, IcmpPredKw, FcmpPredKw, CastOpKw, AtomicOpKw, MapKindKw, QueryKw,
  NegInf, FloatLit, IntLit,
  ...keywordTokens,
  Ident, GlobalName, LocalName, BlockName, StringLit, UnterminatedString,
  Arrow, LParen, RParen, LBrace, RBrace, LBracket, RBracket, Comma, Colon, Equals,
];

// Tokens carry offsets only (no line and column): a token is a few fields, and positions
// come from a LineMap on demand, for the few tokens that end up in the AST.
// Validations (about 150 ms at every start) are skipped here and run by validateLexer in the tests.
const LEXER_CONFIG = { positionTracking: "onlyOffset", ensureOptimizations: true } as const;
const lexer = new Lexer(ALL_TOKENS, { ...LEXER_CONFIG, skipValidations: true });

/** Builds the lexer with chevrotain's validations on (throws on a broken token definition). */
export function validateLexer(): void {
  new Lexer(ALL_TOKENS, LEXER_CONFIG);
}

// ---------------------------------------------------------------------------------------
// Positions from offsets

/**
 * Line starts of a text, counted as chevrotain's full position tracking counted them: a line
 * ends at `\n`, `\r\n` or a lone `\r` between tokens; a `\r` inside a comment or a string
 * literal is not a line break (those tokens may not span lines). One Int32Array entry per
 * line; `loc(offset)` is amortised O(1) for offsets visited in increasing order.
 */
export class LineMap {
  private readonly starts: Int32Array;
  private readonly count: number;
  private cursor = 0;

  constructor(text: string) {
    let starts = new Int32Array(1024);
    let n = 1; // starts[0] = 0
    const push = (o: number): void => {
      if (n === starts.length) {
        const bigger = new Int32Array(starts.length * 2);
        bigger.set(starts);
        starts = bigger;
      }
      starts[n++] = o;
    };
    const len = text.length;
    let i = 0;
    while (i < len) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        push(++i);
      } else if (c === 13) {
        i += text.charCodeAt(i + 1) === 10 ? 2 : 1;
        push(i);
      } else if (c === 59) {
        // `;` comment: up to the next \n (which the next round counts).
        while (i < len && text.charCodeAt(i) !== 10) i++;
      } else if (c === 34) {
        // A string literal (StringLit or UnterminatedString): ends after `"`, before a \n,
        // or after a backslash that escapes nothing (`\\.` does not match line terminators).
        i++;
        while (i < len) {
          const d = text.charCodeAt(i);
          if (d === 34) {
            i++;
            break;
          }
          if (d === 10) break;
          if (d === 92) {
            const e = i + 1 < len ? text.charCodeAt(i + 1) : -1;
            if (e === -1 || e === 10 || e === 13 || e === 0x2028 || e === 0x2029) {
              i++; // the trailing `\\?` of UnterminatedString; the token ends here
              break;
            }
            i += 2;
            continue;
          }
          i++;
        }
      } else {
        i++;
      }
    }
    this.starts = starts;
    this.count = n;
  }

  /** The 1-based line and column of `offset`. */
  loc(offset: number): Loc {
    const s = this.starts;
    let c = this.cursor;
    if (!(s[c]! <= offset && (c + 1 === this.count || s[c + 1]! > offset))) {
      if (s[c]! <= offset && c + 2 < this.count && s[c + 2]! > offset) {
        c++;
      } else {
        let lo = 0;
        let hi = this.count - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >>> 1;
          if (s[mid]! <= offset) lo = mid;
          else hi = mid - 1;
        }
        c = lo;
      }
      this.cursor = c;
    }
    return { line: c + 1, col: offset - s[c]! + 1 };
  }
}

/** Where tokenLoc reads positions: the text's LineMap and the offset of the lexed slice in it. */
let positions: { lines: LineMap; base: number } = { lines: new LineMap(""), base: 0 };

/** Sets the LineMap and slice offset that tokenLoc uses (parse.ts, before each parse). */
export function setPositions(lines: LineMap, base: number): void {
  positions = { lines, base };
}

export interface LexError {
  loc: Loc;
  length: number;
  message: string;
}

export interface LexResult {
  tokens: IToken[];
  errors: LexError[];
}

/**
 * Tokenizes `text`, reporting every character the lexer could not match. `text` may be a
 * slice of a larger one starting at `base`; `lines` maps offsets of the whole text (the
 * tokens' own offsets stay relative to the slice). Sets the positions tokenLoc uses.
 */
export function lex(text: string, lines: LineMap = new LineMap(text), base = 0): LexResult {
  setPositions(lines, base);
  const r = lexer.tokenize(text);
  const errors: LexError[] = [];
  for (const e of r.errors) {
    const bad = text.slice(e.offset, e.offset + e.length);
    const what = bad.length === 1 ? `unexpected character ${quoteChar(bad)}` : `unexpected characters ${JSON.stringify(bad)}`;
    errors.push({ loc: lines.loc(base + e.offset), length: e.length, message: what });
  }
  for (const t of r.tokens) {
    if (t.tokenType === UnterminatedString) {
      errors.push({ loc: tokenLoc(t), length: t.image.length, message: "unterminated string literal" });
    } else if (t.tokenType === StringLit) {
      const d = decodeString(t.image);
      if (typeof d !== "string") {
        const at = tokenLoc(t);
        errors.push({ loc: { line: at.line, col: at.col + d.offset }, length: d.length, message: d.message });
      }
    }
  }
  errors.sort((a, b) => a.loc.line - b.loc.line || a.loc.col - b.loc.col);
  return { tokens: r.tokens, errors };
}

function quoteChar(c: string): string {
  const code = c.codePointAt(0)!;
  return code < 0x20 || code === 0x7f ? `U+${code.toString(16).toUpperCase().padStart(4, "0")}` : `'${c}'`;
}

export function tokenLoc(t: IToken): Loc {
  return positions.lines.loc(positions.base + t.startOffset);
}

/** The position of a token's last character (tokens never span lines). */
export function tokenEndLoc(t: IToken): Loc {
  return positions.lines.loc(positions.base + t.startOffset + Math.max(0, t.image.length - 1));
}

// ---------------------------------------------------------------------------------------
// String literals: escapes \n \t \r \0 \\ \" \xHH. The printer writes the same set.

/** Decodes a string token (quotes included), or describes its first bad escape
 *  (offset from the opening quote). */
export function decodeString(image: string): string | { offset: number; length: number; message: string } {
  let out = "";
  for (let i = 1; i < image.length - 1; i++) {
    const c = image[i]!;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = image[i + 1]!;
    switch (e) {
      case "n": out += "\n"; break;
      case "t": out += "\t"; break;
      case "r": out += "\r"; break;
      case "0": out += "\0"; break;
      case "\\": out += "\\"; break;
      case "\"": out += "\""; break;
      case "x": {
        const hex = image.slice(i + 2, i + 4);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) return { offset: i, length: 2, message: "escape \\x needs two hex digits" };
        out += String.fromCharCode(parseInt(hex, 16));
        i += 2;
        break;
      }
      default:
        return { offset: i, length: 2, message: `unknown escape '\\${e}' in string literal` };
    }
    i++;
  }
  return out;
}

/** The quoted form of `s`, using only the escapes decodeString reads. */
export function encodeString(s: string): string {
  let out = "\"";
  for (const c of s) {
    const code = c.codePointAt(0)!;
    if (c === "\\") out += "\\\\";
    else if (c === "\"") out += "\\\"";
    else if (c === "\n") out += "\\n";
    else if (c === "\t") out += "\\t";
    else if (c === "\r") out += "\\r";
    else if (code < 0x20 || code === 0x7f) out += "\\x" + code.toString(16).padStart(2, "0");
    else out += c;
  }
  return out + "\"";
}
