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
import type { KeywordClass } from "./keywords.js";
import { KEYWORDS } from "./keywords.js";
import type { Loc } from "./loc.js";
import { LineMap, decodeString } from "./text.js";

export { LineMap, decodeString, encodeString } from "./text.js";

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

const CATEGORY: Record<KeywordClass, TokenType> = {
  type: TypeKw, space: SpaceKw, binop: BinOpKw, icmp: IcmpPredKw, fcmp: FcmpPredKw, cast: CastOpKw,
  atomic: AtomicOpKw, mapkind: MapKindKw, query: QueryKw, fmath: FMathKw,
};

/** Keyword token types by their exact word. */
export const KW = new Map<string, TokenType>();
for (const [word, classes] of KEYWORDS) {
  const name = "Kw_" + word.replace(/\./g, "_");
  KW.set(word, createToken({
    name, pattern: new RegExp(word.replace(/\./g, "\\.")), label: `'${word}'`, longer_alt: Ident, categories: classes.map((c) => CATEGORY[c]),
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
// Built on first use (about 20 ms): a well-formed file never reaches it (fastparse.ts).
let lexer: Lexer | undefined;

/** Builds the lexer with chevrotain's validations on (throws on a broken token definition). */
export function validateLexer(): void {
  new Lexer(ALL_TOKENS, LEXER_CONFIG);
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
  lexer ??= new Lexer(ALL_TOKENS, { ...LEXER_CONFIG, skipValidations: true });
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

