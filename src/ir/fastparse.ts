// The fast reader of `.oir` text: a hand-written lexer and recursive-descent parser for
// well-formed input, giving the very AST the chevrotain grammar (lexer.ts, parser.ts) gives,
// with the same locations. It has no error messages and no recovery: at anything it does not
// accept it gives up (returns null), and the caller reads the text again with chevrotain,
// whose diagnostics are the only ones. So it must never accept what chevrotain rejects or
// read anything differently; where a corner of chevrotain's behaviour is odd (a number run
// into a word, `-inf` run into a word) it declines rather than imitate it.
//
// Lexing works on char codes of the whole text between two offsets: no regular expressions,
// no token objects, no slices of the text for punctuation; one token of lookahead is held
// in fields, and the two places that look further (`loc(` suffixes, `ret` before `%x =`)
// lex ahead and rewind.

import type {
  AttrAst, AttrItemAst, BlockAst, BlockRefAst, FunctionAst, GlobalAst, InstAst, InstBodyAst, ItemAst, LiteralAst,
  MapAst, ModuleAst, NameAst, OperandAst, ParamAst, TypeAst,
} from "./ast.js";
import type { AtomicOp, BinaryOp, CastOp, FMathFn, FcmpPred, FuncKind, IcmpPred, KernelMode, MapKind, OmpQuery } from "./ir.js";
import type { KeywordClass } from "./keywords.js";
import { KEYWORDS } from "./keywords.js";
import type { Loc } from "./loc.js";
import type { PlainForm, PlainKind } from "./opcodes.js";
import { OPCODES, isPlainKind, plainForm } from "./opcodes.js";
import type { LineMap } from "./text.js";
import { decodeString, parseIntImage } from "./text.js";
import type { RetType, Space, Type } from "./types.js";

// Token kinds (typed `number`: the current kind changes under the checker's feet).
const EOF: number = 0;
const IDENT: number = 1;
const KW: number = 2; // a keyword: `word` holds it
const GLOBAL: number = 3; // @name
const LOCAL: number = 4; // %name
const BLOCK: number = 5; // ^name
const INT: number = 6;
const FLOAT: number = 7;
const NEG_INF: number = 8;
const STRING: number = 9;
const ARROW: number = 10;
const LPAREN: number = 11;
const RPAREN: number = 12;
const LBRACE: number = 13;
const RBRACE: number = 14;
const LBRACKET: number = 15;
const RBRACKET: number = 16;
const COMMA: number = 17;
const COLON: number = 18;
const EQUALS: number = 19;

/** Thrown at anything the fast reader does not accept; caught where it gives up. */
const DECLINE = new Error("fastparse: declined");

// ---------------------------------------------------------------------------------------
// Keywords: each word's one shared string and classes; the instructions by first word.

interface Keyword {
  word: string;
  classes: ReadonlySet<KeywordClass>;
}

const KEYWORD = new Map<string, Keyword>();
for (const [w, cs] of KEYWORDS) KEYWORD.set(w, { word: w, classes: new Set(cs) });

/** OpenMP query names without `omp.`, as shared strings (parser.ts WORDS). */
const QUERY_NAME = new Map<string, string>();
for (const w of KEYWORDS.keys()) if (w.startsWith("omp.")) QUERY_NAME.set(w.slice(4), w.slice(4));

// How an instruction starts, in the order of the chevrotain grammar's alternatives.
const I_BINARY = 1;
const I_FMATH = 2;
const I_ICMP = 3;
const I_FCMP = 4;
const I_CAST = 5;
const I_ALLOCA = 6;
const I_LOAD = 7;
const I_STORE = 8;
const I_ATOMIC = 9;
const I_CMPXCHG = 10;
const I_CALL = 11;
const I_CALL_INDIRECT = 12;
const I_PRINT = 13;
const I_TRAP = 14;
const I_PARALLEL = 15;
const I_QUERY = 16;
const I_REVERSE = 17;
const I_TARGET = 18;
const I_ENTER = 19;
const I_EXIT = 20;
const I_UPDATE = 21;
const I_BR = 22;
const I_COND_BR = 23;
const I_RET = 24;
const I_PLAIN = 25;

/** Instruction start per keyword; -1 where a word could start two (the reader declines). */
const INST_START = new Map<string, number>();
const PLAIN = new Map<string, { kind: PlainKind; form: PlainForm }>();
function instStart(word: string, what: number): void {
  INST_START.set(word, INST_START.has(word) ? -1 : what);
}
for (const [w, cs] of KEYWORDS) {
  if (cs.includes("binop")) instStart(w, I_BINARY);
  if (cs.includes("fmath")) instStart(w, I_FMATH);
  if (cs.includes("cast")) instStart(w, I_CAST);
  if (cs.includes("query")) instStart(w, I_QUERY);
}
for (const [w, what] of [
  ["icmp", I_ICMP], ["fcmp", I_FCMP], ["alloca", I_ALLOCA], ["load", I_LOAD], ["store", I_STORE], ["atomic", I_ATOMIC],
  ["cmpxchg", I_CMPXCHG], ["call", I_CALL], ["call_indirect", I_CALL_INDIRECT], ["print", I_PRINT], ["trap", I_TRAP],
  ["omp.parallel", I_PARALLEL], ["omp.reverse_offload", I_REVERSE], ["omp.target", I_TARGET],
  ["omp.target_enter_data", I_ENTER], ["omp.target_exit_data", I_EXIT], ["omp.target_update", I_UPDATE],
  ["br", I_BR], ["cond_br", I_COND_BR], ["ret", I_RET],
] as const) instStart(w, what);
for (const kind of Object.keys(OPCODES) as (keyof typeof OPCODES)[]) {
  if (!isPlainKind(kind)) continue;
  const m = OPCODES[kind].mnemonic!;
  instStart(m, I_PLAIN);
  PLAIN.set(m, { kind, form: plainForm(kind)! });
}

// The IR keeps the strings the reader hands it: `%`/`^` names, which repeat from function to
// function, go through a bounded intern table (as in parser.ts).
const interned = new Map<string, string>();
function intern(s: string): string {
  const c = interned.get(s);
  if (c !== undefined) return c;
  if (interned.size < 1 << 16) interned.set(s, s);
  return s;
}

// ---------------------------------------------------------------------------------------
// Characters: one table lookup per character (the reader runs mostly before V8 optimises it,
// where a call per character costs).

const C_DIGIT = 1; // [0-9]
const C_HEX = 2; // [0-9a-fA-F]
const C_IDENT_START = 4; // [A-Za-z_]
const C_IDENT = 8; // [A-Za-z0-9_.]
const C_NAME = 16; // [A-Za-z0-9_.$-]: a sigil name
const C_SPACE = 32; // [ \t\r\n]
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  let k = 0;
  if (/[0-9]/.test(ch)) k |= C_DIGIT;
  if (/[0-9a-fA-F]/.test(ch)) k |= C_HEX;
  if (/[A-Za-z_]/.test(ch)) k |= C_IDENT_START;
  if (/[A-Za-z0-9_.]/.test(ch)) k |= C_IDENT;
  if (/[A-Za-z0-9_.$-]/.test(ch)) k |= C_NAME;
  if (/[ \t\r\n]/.test(ch)) k |= C_SPACE;
  CLASS[c] = k;
}

/** Whether char code `c` (or -1 past the end) is of class `k`. */
function is(c: number, k: number): boolean {
  return c >= 0 && c < 128 && (CLASS[c]! & k) !== 0;
}

// ---------------------------------------------------------------------------------------
// The reader

class Reader {
  private readonly text: string;
  private readonly lines: LineMap;
  private end: number;
  /** Where lexing continues: just after the current token. */
  private pos: number;
  /** The current token: kind, start and end offsets, and its keyword or identifier word. */
  private k = EOF;
  private ts = 0;
  private te = 0;
  private word = "";
  private kwc: Keyword | null = null;

  constructor(text: string, lines: LineMap, start: number, end: number) {
    this.text = text;
    this.lines = lines;
    this.end = end;
    this.pos = start;
    this.next();
  }

  // ---- lexing

  private next(): void {
    const text = this.text;
    const end = this.end;
    let p = this.pos;
    for (;;) {
      if (p >= end) {
        this.k = EOF;
        this.ts = this.te = this.pos = end;
        return;
      }
      const c = text.charCodeAt(p);
      if (c < 128 && (CLASS[c]! & C_SPACE) !== 0) {
        p++;
      } else if (c === 59) {
        while (p < end && text.charCodeAt(p) !== 10) p++;
      } else {
        break;
      }
    }
    const s = p;
    const c = text.charCodeAt(p);
    this.ts = s;
    this.kwc = null;
    const cls = c < 128 ? CLASS[c]! : 0;
    if ((cls & C_IDENT_START) !== 0) {
      p++;
      for (let d; p < end && (d = text.charCodeAt(p)) < 128 && (CLASS[d]! & C_IDENT) !== 0;) p++;
      const w = text.slice(s, p);
      const kw = KEYWORD.get(w);
      if (kw !== undefined) {
        this.k = KW;
        this.kwc = kw;
        this.word = kw.word;
      } else {
        this.k = IDENT;
        this.word = w;
      }
    } else if (c === 37 || c === 64 || c === 94) {
      p++;
      for (let d; p < end && (d = text.charCodeAt(p)) < 128 && (CLASS[d]! & C_NAME) !== 0;) p++;
      if (p === s + 1) throw DECLINE;
      this.k = c === 37 ? LOCAL : c === 64 ? GLOBAL : BLOCK;
    } else if ((cls & C_DIGIT) !== 0) {
      p = this.number(s);
    } else if (c === 45) {
      const d = p + 1 < end ? text.charCodeAt(p + 1) : -1;
      if (d === 62) {
        p += 2;
        this.k = ARROW;
      } else if (is(d, C_DIGIT)) {
        p = this.number(s + 1);
      } else if (d === 105 && p + 4 <= end && text.startsWith("-inf", p)) {
        p += 4;
        if (p < end && is(text.charCodeAt(p), C_IDENT)) throw DECLINE;
        this.k = NEG_INF;
      } else {
        throw DECLINE;
      }
    } else if (c === 34) {
      // "(?:[^"\\\n]|\\.)*": `.` matches no line terminator.
      p++;
      for (;;) {
        if (p >= end) throw DECLINE;
        const d = text.charCodeAt(p);
        if (d === 34) break;
        if (d === 10) throw DECLINE;
        if (d === 92) {
          const e = p + 1 < end ? text.charCodeAt(p + 1) : 10;
          if (e === 10 || e === 13 || e === 0x2028 || e === 0x2029) throw DECLINE;
          p += 2;
        } else {
          p++;
        }
      }
      p++;
      this.k = STRING;
    } else {
      switch (c) {
        case 40: this.k = LPAREN; break;
        case 41: this.k = RPAREN; break;
        case 123: this.k = LBRACE; break;
        case 125: this.k = RBRACE; break;
        case 91: this.k = LBRACKET; break;
        case 93: this.k = RBRACKET; break;
        case 44: this.k = COMMA; break;
        case 58: this.k = COLON; break;
        case 61: this.k = EQUALS; break;
        default: throw DECLINE;
      }
      p++;
    }
    this.te = this.pos = p;
  }

  /** The char code at `i`, or -1 past the end. */
  private at(i: number): number {
    return i < this.end ? this.text.charCodeAt(i) : -1;
  }

  /** The end of `[eE][+-]?[0-9]+` at `i`, or -1. */
  private exponent(i: number): number {
    if (this.at(i) !== 101 && this.at(i) !== 69) return -1;
    let j = i + 1;
    if (this.at(j) === 43 || this.at(j) === 45) j++;
    if (!is(this.at(j), C_DIGIT)) return -1;
    while (is(this.at(j), C_DIGIT)) j++;
    return j;
  }

  /** A FloatLit or IntLit whose digits start at `d` (after any `-`); returns its end. */
  private number(d: number): number {
    let p = d;
    let kind = INT;
    if (this.at(p) === 48 && (this.at(p + 1) === 120 || this.at(p + 1) === 88) && is(this.at(p + 2), C_HEX)) {
      p += 3;
      while (is(this.at(p), C_HEX)) p++;
    } else {
      while (is(this.at(p), C_DIGIT)) p++;
      if (this.at(p) === 46 && is(this.at(p + 1), C_DIGIT)) {
        p += 2;
        while (is(this.at(p), C_DIGIT)) p++;
        const e = this.exponent(p);
        if (e >= 0) p = e;
        kind = FLOAT;
      } else {
        const e = this.exponent(p);
        if (e >= 0) {
          p = e;
          kind = FLOAT;
        }
      }
    }
    // A number run into a word or a dot: chevrotain splits it in ways not worth copying.
    const n = this.at(p);
    if (is(n, C_IDENT) || n === 36) throw DECLINE;
    this.k = kind;
    return p;
  }

  private image(): string {
    return this.text.slice(this.ts, this.te);
  }

  private loc(): Loc {
    return this.lines.loc(this.ts);
  }

  private expect(k: number): void {
    if (this.k !== k) throw DECLINE;
    this.next();
  }

  private isKw(w: string): boolean {
    return this.k === KW && this.word === w;
  }

  private expectKw(w: string): void {
    if (this.k !== KW || this.word !== w) throw DECLINE;
    this.next();
  }

  /** The current keyword if it is of class `c` (then consumed); declines otherwise. */
  private kwOf(c: KeywordClass): string {
    if (this.k !== KW || !this.kwc!.classes.has(c)) throw DECLINE;
    const w = this.word;
    this.next();
    return w;
  }

  /** Lexes the next `n` tokens' kinds (up to 2) and rewinds. */
  private peek(n: 1 | 2): number {
    const save = [this.pos, this.k, this.ts, this.te, this.word, this.kwc] as const;
    let k: number;
    try {
      this.next();
      if (n === 2) this.next();
      k = this.k;
    } catch {
      k = -1; // not a token: no rule's lookahead matches it
    }
    [this.pos, this.k, this.ts, this.te, this.word, this.kwc] = save;
    return k;
  }

  /** `loc ( "…"` ahead (parser.ts atLoc). */
  private atLoc(): boolean {
    return this.k === IDENT && this.word === "loc" && this.peek(1) === LPAREN && this.peek(2) === STRING;
  }

  // ---- items

  module(): ModuleAst {
    const items: ItemAst[] = [];
    while (this.k !== EOF) items.push(this.item());
    return { items };
  }

  private item(): ItemAst {
    if (this.k !== KW) throw DECLINE;
    switch (this.word) {
      case "global": return this.global();
      case "requires": return this.requires();
      case "declare": return this.declaration();
      case "device": case "host": case "kernel": return this.definition();
      default: throw DECLINE;
    }
  }

  private requires(): ItemAst {
    const loc = this.loc();
    this.next();
    const clauses: NameAst[] = [];
    for (;;) {
      if (this.k !== IDENT) throw DECLINE;
      clauses.push({ name: this.word, loc: this.loc(), length: this.te - this.ts });
      this.next();
      if (this.k !== COMMA) break;
      this.next();
    }
    return { item: "requires", clauses, loc };
  }

  private global(): ItemAst {
    const loc = this.loc();
    this.next();
    const name = this.name(GLOBAL);
    this.expect(COLON);
    const space = this.kwOf("space") as Space;
    const type = this.type();
    let count: GlobalAst["count"] = null;
    if (this.isKw("x")) {
      this.next();
      if (this.k !== INT) throw DECLINE;
      count = { value: parseIntImage(this.image()), loc: this.loc(), length: this.te - this.ts };
      this.next();
    }
    let init: LiteralAst[] | null = null;
    if (this.k === EQUALS) {
      this.next();
      if (this.k === LBRACKET) {
        this.next();
        init = [];
        if (this.k !== RBRACKET) {
          init.push(this.literal());
          while (this.k === COMMA) {
            this.next();
            init.push(this.literal());
          }
        }
        this.expect(RBRACKET);
      } else {
        init = [this.literal()];
      }
    }
    const g: GlobalAst = { name, space, type, count, init, loc };
    return { item: "global", ...g };
  }

  private declaration(): ItemAst {
    const loc = this.loc();
    this.next();
    const kind = this.funcKind();
    const name = this.name(GLOBAL);
    const params: ParamAst[] = [];
    this.expect(LPAREN);
    if (this.k !== RPAREN) {
      params.push({ name: null, type: this.type() });
      while (this.k === COMMA) {
        this.next();
        params.push({ name: null, type: this.type() });
      }
    }
    this.expect(RPAREN);
    const ret = this.retArrow();
    const mode = this.mode();
    const attrs = this.attrs();
    const f: FunctionAst = { kind, declaration: true, name, params, ret: ret ?? "void", mode, attrs, blocks: [], loc };
    return { item: "function", ...f };
  }

  /** A definition's part before its body and `loc(…)` suffix (parser.ts header). */
  header(): FunctionAst {
    const loc = this.loc();
    const kind = this.funcKind();
    const name = this.name(GLOBAL);
    const params: ParamAst[] = [];
    this.expect(LPAREN);
    if (this.k !== RPAREN) {
      params.push(this.param());
      while (this.k === COMMA) {
        this.next();
        params.push(this.param());
      }
    }
    this.expect(RPAREN);
    const ret = this.retArrow();
    const mode = this.mode();
    const attrs = this.attrs();
    return { kind, declaration: false, name, params, ret: ret ?? "void", mode, attrs, blocks: [], loc };
  }

  /** The optional `loc(…)` before a body. */
  srcLocSuffix(): Loc | null {
    return this.atLoc() ? this.locSuffix() : null;
  }

  private definition(): ItemAst {
    const h = this.header();
    const srcLoc = this.srcLocSuffix();
    this.expect(LBRACE);
    const blocks: BlockAst[] = [];
    if (this.k !== BLOCK) throw DECLINE;
    while (this.k === BLOCK) blocks.push(this.block());
    this.expect(RBRACE);
    const f: FunctionAst = { ...h, blocks, srcLoc };
    return { item: "function", ...f };
  }

  /** At the end of the reader's range (after the last token). */
  atEnd(): boolean {
    return this.k === EOF;
  }

  private funcKind(): FuncKind {
    if (this.k === KW && (this.word === "device" || this.word === "host" || this.word === "kernel")) {
      const w = this.word as FuncKind;
      this.next();
      return w;
    }
    throw DECLINE;
  }

  private mode(): KernelMode | null {
    if (this.k === KW && (this.word === "generic" || this.word === "spmd")) {
      const w = this.word as KernelMode;
      this.next();
      return w;
    }
    return null;
  }

  private retArrow(): RetType | null {
    if (this.k !== ARROW) return null;
    this.next();
    return this.retType();
  }

  private retType(): RetType {
    if (this.isKw("void")) {
      this.next();
      return "void";
    }
    return this.kwOf("type") as Type;
  }

  private locSuffix(): Loc {
    this.next(); // loc
    this.expect(LPAREN);
    if (this.k !== STRING) throw DECLINE;
    const file = this.string();
    this.expect(COLON);
    if (this.k !== INT) throw DECLINE;
    const line = Number(this.image());
    this.next();
    this.expect(COLON);
    if (this.k !== INT) throw DECLINE;
    const col = Number(this.image());
    this.next();
    this.expect(RPAREN);
    return { line, col, file };
  }

  private attrs(): AttrAst[] {
    const attrs: AttrAst[] = [];
    while (this.k === IDENT && !this.atLoc()) {
      const name = this.word;
      const loc = this.loc();
      const length = this.te - this.ts;
      this.next();
      let arg: AttrAst["arg"] = null;
      if (this.k === LPAREN) {
        const openLoc = this.loc();
        const open = this.ts;
        this.next();
        if (this.k === STRING) {
          const l = this.loc();
          const len = this.te - this.ts;
          arg = { kind: "string", value: this.string(), loc: l, length: len };
        } else if (this.k === INT) {
          arg = { kind: "int", value: parseIntImage(this.image()), loc: this.loc(), length: this.te - this.ts };
          this.next();
        } else {
          const items: AttrItemAst[] = [];
          for (;;) {
            if (this.k === GLOBAL) items.push({ name: this.text.slice(this.ts + 1, this.te), global: true, loc: this.loc(), length: this.te - this.ts });
            else if (this.k === IDENT) items.push({ name: this.word, global: false, loc: this.loc(), length: this.te - this.ts });
            else throw DECLINE;
            this.next();
            if (this.k !== COMMA) break;
            this.next();
          }
          if (this.k !== RPAREN) throw DECLINE;
          arg = { kind: "list", items, loc: openLoc, length: this.ts + 1 - open };
        }
        this.expect(RPAREN);
      }
      attrs.push({ name, loc, length, arg });
    }
    return attrs;
  }

  private param(): ParamAst {
    const name = this.name(LOCAL);
    this.expect(COLON);
    return { name, type: this.type() };
  }

  private type(): TypeAst {
    const loc = this.loc();
    return { type: this.kwOf("type") as Type, loc };
  }

  /** A `@`, `%` or `^` name token of kind `k` (parser.ts nameOf). */
  private name(k: number): NameAst {
    if (this.k !== k) throw DECLINE;
    const bare = this.text.slice(this.ts + 1, this.te);
    const n: NameAst = { name: k === GLOBAL ? bare : intern(bare), loc: this.loc(), length: this.te - this.ts };
    this.next();
    return n;
  }

  private string(): string {
    const d = decodeString(this.image());
    if (typeof d !== "string") throw DECLINE;
    this.next();
    return d;
  }

  private block(): BlockAst {
    const loc = this.loc();
    const name = this.name(BLOCK);
    const params: ParamAst[] = [];
    if (this.k === LPAREN) {
      this.next();
      if (this.k !== RPAREN) {
        params.push(this.param());
        while (this.k === COMMA) {
          this.next();
          params.push(this.param());
        }
      }
      this.expect(RPAREN);
    }
    this.expect(COLON);
    const insts: InstAst[] = [];
    while (this.k === LOCAL || (this.k === KW && INST_START.has(this.word))) insts.push(this.inst());
    return { name, params, insts, loc };
  }

  // ---- operands

  private operand(): OperandAst {
    if (this.k === LOCAL) {
      const o: OperandAst = { kind: "value", name: intern(this.text.slice(this.ts + 1, this.te)), loc: this.loc(), length: this.te - this.ts };
      this.next();
      return o;
    }
    if (this.k === GLOBAL) {
      const o: OperandAst = { kind: "symbol", name: this.text.slice(this.ts + 1, this.te), loc: this.loc(), length: this.te - this.ts };
      this.next();
      return o;
    }
    return this.literal();
  }

  private atOperand(): boolean {
    return this.k === LOCAL || this.k === GLOBAL || this.atLiteral();
  }

  private atLiteral(): boolean {
    switch (this.k) {
      case INT: case FLOAT: case NEG_INF: return true;
      case KW: {
        const w = this.word;
        return w === "inf" || w === "nan" || w === "true" || w === "false" || w === "null" || w === "undef";
      }
      default: return false;
    }
  }

  private literal(): LiteralAst {
    if (!this.atLiteral()) throw DECLINE;
    const text = this.k === KW ? this.word : this.image();
    const loc = this.loc();
    const length = this.te - this.ts;
    const k = this.k;
    this.next();
    switch (text) {
      case "inf": return { kind: "float", value: Infinity, text, loc, length };
      case "-inf": return { kind: "float", value: -Infinity, text, loc, length };
      case "nan": return { kind: "float", value: NaN, text, loc, length };
      case "true": return { kind: "bool", value: true, text, loc, length };
      case "false": return { kind: "bool", value: false, text, loc, length };
      case "null": return { kind: "null", text, loc, length };
      case "undef": return { kind: "undef", text, loc, length };
    }
    if (k === INT) return { kind: "int", value: parseIntImage(text), text, loc, length };
    return { kind: "float", value: Number(text), text, loc, length };
  }

  private operandList(): OperandAst[] {
    const ops: OperandAst[] = [];
    this.expect(LPAREN);
    if (this.k !== RPAREN) {
      ops.push(this.operand());
      while (this.k === COMMA) {
        this.next();
        ops.push(this.operand());
      }
    }
    this.expect(RPAREN);
    return ops;
  }

  private blockRef(): BlockRefAst {
    const block = this.name(BLOCK);
    const args = this.k === LPAREN ? this.operandList() : [];
    return { block, args };
  }

  private maps(): MapAst[] {
    const all: MapAst[] = [];
    while (this.isKw("map")) {
      const mapLoc = this.loc();
      this.next();
      this.expect(LPAREN);
      let always = false;
      if (this.isKw("always")) {
        this.next();
        this.expect(COMMA);
        always = true;
      }
      const kind = this.kwOf("mapkind") as MapKind;
      this.expect(COLON);
      let first = true;
      for (;;) {
        const elemType = this.type();
        const base = this.operand();
        this.expect(LBRACKET);
        const lo = this.operand();
        this.expect(COLON);
        const len = this.operand();
        this.expect(RBRACKET);
        all.push({ kind, always, elemType, base, lo, len, loc: first ? mapLoc : elemType.loc });
        first = false;
        if (this.k !== COMMA) break;
        this.next();
      }
      this.expect(RPAREN);
    }
    return all;
  }

  /** `kw(<operand>)` if the current token is keyword `kw`. */
  private clause(kw: string): OperandAst | null {
    if (!this.isKw(kw)) return null;
    this.next();
    this.expect(LPAREN);
    const n = this.operand();
    this.expect(RPAREN);
    return n;
  }

  // ---- instructions

  private inst(): InstAst {
    let result: NameAst | null = null;
    if (this.k === LOCAL) {
      result = this.name(LOCAL);
      this.expect(EQUALS);
    }
    if (this.k !== KW) throw DECLINE;
    const opcode = this.word;
    const opLoc = this.loc();
    const what = INST_START.get(opcode);
    if (what === undefined || what < 0) throw DECLINE;
    this.next();
    // The common fields are added to the body (parser.ts spreads the body into a new
    // object: the same AST, but a spread of many shapes is slow).
    const inst = this.instBody(what, opcode) as InstAst;
    inst.result = result;
    inst.opcode = opcode;
    inst.opLoc = opLoc;
    inst.loc = result === null ? opLoc : result.loc;
    inst.srcLoc = this.atLoc() ? this.locSuffix() : null;
    return inst;
  }

  private instBody(what: number, opcode: string): InstBodyAst {
    switch (what) {
      case I_BINARY: {
        const type = this.type();
        const lhs = this.operand();
        this.expect(COMMA);
        return { kind: "binary", op: opcode as BinaryOp, type, lhs, rhs: this.operand() };
      }
      case I_FMATH: {
        const type = this.type();
        const a = this.operand();
        let b: OperandAst | null = null;
        if (this.k === COMMA) {
          this.next();
          b = this.operand();
        }
        return { kind: "fmath", fn: opcode.slice("fmath.".length) as FMathFn, type, a, b };
      }
      case I_ICMP: case I_FCMP: {
        const pred = this.kwOf(what === I_ICMP ? "icmp" : "fcmp");
        const type = this.type();
        const lhs = this.operand();
        this.expect(COMMA);
        const rhs = this.operand();
        return what === I_ICMP
          ? { kind: "icmp", pred: pred as IcmpPred, type, lhs, rhs }
          : { kind: "fcmp", pred: pred as FcmpPred, type, lhs, rhs };
      }
      case I_CAST: {
        const from = this.type();
        const value = this.operand();
        this.expectKw("to");
        return { kind: "cast", op: opcode as CastOp, from, value, to: this.type() };
      }
      case I_ALLOCA: {
        const elemType = this.type();
        let count: OperandAst | null = null;
        if (this.k === COMMA) {
          this.next();
          count = this.operand();
        }
        return { kind: "alloca", elemType, count };
      }
      case I_LOAD: {
        const type = this.type();
        this.expect(COMMA);
        const space = this.kwOf("space") as Space;
        return { kind: "load", type, space, ptr: this.operand() };
      }
      case I_STORE: {
        const type = this.type();
        const value = this.operand();
        this.expect(COMMA);
        const space = this.kwOf("space") as Space;
        return { kind: "store", type, value, space, ptr: this.operand() };
      }
      case I_ATOMIC: {
        const op = this.kwOf("atomic") as AtomicOp;
        const type = this.type();
        this.expect(COMMA);
        const space = this.kwOf("space") as Space;
        const ptr = this.operand();
        this.expect(COMMA);
        return { kind: "atomic", op, type, space, ptr, value: this.operand() };
      }
      case I_CMPXCHG: {
        const type = this.type();
        this.expect(COMMA);
        const space = this.kwOf("space") as Space;
        const ptr = this.operand();
        this.expect(COMMA);
        const expected = this.operand();
        this.expect(COMMA);
        return { kind: "cmpxchg", type, space, ptr, expected, desired: this.operand() };
      }
      case I_CALL: {
        const callee = this.name(GLOBAL);
        return { kind: "call", callee, args: this.operandList() };
      }
      case I_CALL_INDIRECT: {
        const callee = this.operand();
        const args = this.operandList();
        this.expect(COLON);
        this.expect(LPAREN);
        const paramTypes: TypeAst[] = [];
        if (this.k !== RPAREN) {
          paramTypes.push(this.type());
          while (this.k === COMMA) {
            this.next();
            paramTypes.push(this.type());
          }
        }
        this.expect(RPAREN);
        this.expect(ARROW);
        const ret = this.retType();
        if (!this.isKw("callees")) return { kind: "call_indirect", callee, args, paramTypes, ret };
        this.next();
        this.expect(LPAREN);
        const callees: NameAst[] = [];
        if (this.k !== RPAREN) {
          callees.push(this.name(GLOBAL));
          while (this.k === COMMA) {
            this.next();
            callees.push(this.name(GLOBAL));
          }
        }
        this.expect(RPAREN);
        return { kind: "call_indirect", callee, args, paramTypes, ret, callees };
      }
      case I_PRINT: {
        if (this.k !== STRING) throw DECLINE;
        const format = this.string();
        const args: OperandAst[] = [];
        while (this.k === COMMA) {
          this.next();
          args.push(this.operand());
        }
        return { kind: "print", format, args };
      }
      case I_TRAP: {
        if (this.k !== STRING) throw DECLINE;
        return { kind: "trap", message: this.string() };
      }
      case I_PARALLEL: {
        const region = this.name(GLOBAL);
        const args = this.operandList();
        return { kind: "omp.parallel", region, args, threads: this.clause("threads") };
      }
      case I_QUERY: {
        const q = opcode.slice("omp.".length);
        return { kind: "omp.query", query: (QUERY_NAME.get(q) ?? q) as OmpQuery };
      }
      case I_REVERSE: {
        const callee = this.name(GLOBAL);
        const args = this.operandList();
        const maps = this.maps();
        const nowait = this.isKw("nowait");
        if (nowait) this.next();
        return { kind: "omp.reverse_offload", callee, args, maps, nowait };
      }
      case I_TARGET: {
        const kernel = this.name(GLOBAL);
        const args = this.operandList();
        const teams = this.clause("teams");
        const threads = this.clause("threads");
        const device = this.clause("device");
        const maps = this.maps();
        const nowait = this.isKw("nowait");
        if (nowait) this.next();
        return { kind: "omp.target", kernel, args, teams, threads, device, maps, nowait };
      }
      case I_ENTER: {
        const device = this.clause("device");
        return { kind: "omp.target_enter_data", device, maps: this.maps() };
      }
      case I_EXIT: {
        const device = this.clause("device");
        return { kind: "omp.target_exit_data", device, maps: this.maps() };
      }
      case I_UPDATE: {
        const device = this.clause("device");
        return { kind: "omp.target_update", device, maps: this.maps() };
      }
      case I_BR:
        return { kind: "br", target: this.blockRef() };
      case I_COND_BR: {
        const cond = this.operand();
        this.expect(COMMA);
        const then = this.blockRef();
        this.expect(COMMA);
        return { kind: "cond_br", cond, then, else: this.blockRef() };
      }
      case I_RET: {
        // `ret` followed by `%x = …` is a bare ret and the next instruction.
        const value = this.atOperand() && !(this.k === LOCAL && this.peek(1) === EQUALS) ? this.operand() : null;
        return { kind: "ret", value };
      }
      case I_PLAIN:
        return this.plain(opcode);
      default:
        throw DECLINE;
    }
  }

  private plain(mnemonic: string): InstBodyAst {
    const { kind, form } = PLAIN.get(mnemonic)!;
    let flag = false;
    if (form.flag !== undefined && this.isKw(form.flag)) {
      this.next();
      flag = true;
    }
    const type = form.type === null ? null : this.type();
    if (form.type !== null && form.typeComma) this.expect(COMMA);
    const operands: OperandAst[] = [];
    for (let i = 0; i < form.operands.length; i++) {
      if (i > 0) this.expect(COMMA);
      operands.push(this.operand());
    }
    return flag ? { kind, type, operands, flag: true } : { kind, type, operands };
  }
}

// ---------------------------------------------------------------------------------------
// Entry points (parse.ts)

/** The items of text[start, end) (positions in the whole text), as parser.ts's `module`
 *  rule gives them; null where the fast reader declines. */
export function fastParseItems(text: string, lines: LineMap, start: number, end: number): ModuleAst | null {
  try {
    return new Reader(text, lines, start, end).module();
  } catch (e) {
    if (e === DECLINE) return null;
    throw e;
  }
}

/** The header of the definition in text[start, end) as parser.ts's `header` rule gives it,
 *  `end` being its body's `{`; with a `loc(…)` before the body, that as its srcLoc (which
 *  the one-piece parse declares the function with). Null where the fast reader declines. */
export function fastParseHeader(text: string, lines: LineMap, start: number, end: number): FunctionAst | null {
  try {
    const r = new Reader(text, lines, start, end);
    const h = r.header();
    const srcLoc = r.srcLocSuffix();
    if (!r.atEnd()) return null;
    return srcLoc === null ? h : { ...h, srcLoc };
  } catch (e) {
    if (e === DECLINE) return null;
    throw e;
  }
}
