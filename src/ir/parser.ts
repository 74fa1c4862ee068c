// The ompir grammar: a chevrotain EmbeddedActionsParser from tokens to the typed AST of
// ast.ts. One instance is built once (performSelfAnalysis is the expensive part) and reused
// by setting `input`. Recovery is off: the first parse error is the one reported.
//
// Rules run once in chevrotain's recording phase, where CONSUME/SUBRULE return placeholders;
// every read of a token or sub-result therefore happens inside this.ACTION. The grammar is
// deliberately permissive where the resolver can give a better message (optional `%r =` on
// every instruction, any identifier as an attribute, optional kernel mode and return type).

import { EmbeddedActionsParser, EOF, tokenLabel } from "./chevrotain.js";
import type { IParserErrorMessageProvider, IRecognitionException, IToken, TokenType } from "chevrotain";
import type {
  AttrAst, BlockAst, BlockRefAst, FunctionAst, GlobalAst, InstAst, InstBodyAst, ItemAst, LiteralAst,
  MapAst, ModuleAst, NameAst, OperandAst, ParamAst, TypeAst,
} from "./ast.js";
import type { AtomicOp, BinaryOp, CastOp, FMathFn, FcmpPred, FuncKind, IcmpPred, KernelMode, MapKind, OmpQuery } from "./ir.js";
import {
  ALL_TOKENS, Arrow, AtomicOpKw, BinOpKw, BlockName, CastOpKw, Colon, Comma, Equals, FcmpPredKw, FloatLit,
  GlobalName, IcmpPredKw, Ident, IntLit, LBrace, LBracket, LocalName, LParen, MapKindKw, NegInf, QueryKw, FMathKw,
  KW, RBrace, RBracket, RParen, SpaceKw, StringLit, TypeKw, decodeString, kw, tokenEndLoc, tokenLoc, validateLexer,
} from "./lexer.js";
import type { Loc } from "./loc.js";
import type { PlainKind } from "./opcodes.js";
import { parseIntImage } from "./text.js";
import { OPCODES, isPlainKind, plainForm } from "./opcodes.js";
import type { RetType, Space, Type } from "./types.js";

// ---------------------------------------------------------------------------------------
// Messages: "expected X but found 'y'" / "expected X at end of input".

function found(t: IToken | undefined): string {
  return t === undefined || t.tokenType === EOF ? "at end of input" : `but found '${t.image}'`;
}

function alternatives(labels: string[]): string {
  const uniq = [...new Set(labels)];
  if (uniq.length <= 1) return uniq[0] ?? "something else";
  return uniq.slice(0, -1).join(", ") + " or " + uniq[uniq.length - 1];
}

function firstLabels(paths: TokenType[][]): string[] {
  return paths.filter((p) => p.length > 0).map((p) => tokenLabel(p[0]!));
}

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual, ruleName }) =>
    // The '}' closing a body is reached after the instruction and block loops gave up.
    expected === RBrace && ruleName === "definition"
      ? `expected an instruction, a block label or '}' ${found(actual)}`
      : `expected ${tokenLabel(expected)} ${found(actual)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) =>
    `expected a top-level item ('global', 'requires', 'declare', 'device', 'host' or 'kernel') ${found(firstRedundant)}`,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, customUserDescription }) =>
    `expected ${customUserDescription ?? alternatives(expectedPathsPerAlt.flatMap(firstLabels))} ${found(actual[0])}`,
  buildEarlyExitMessage: ({ expectedIterationPaths, actual, customUserDescription }) =>
    `expected ${customUserDescription ?? alternatives(firstLabels(expectedIterationPaths))} ${found(actual[0])}`,
};

// ---------------------------------------------------------------------------------------
// Token helpers (called only inside ACTION)

// The IR keeps the strings the parser hands it, one per token unless shared: keywords map
// to their one canonical string, and `%`/`^` names (which repeat from function to function)
// go through a bounded intern table.

/** Each keyword's word, and each OpenMP query's name without `omp.`. */
const WORDS = new Map<string, string>();
for (const w of KW.keys()) {
  WORDS.set(w, w);
  if (w.startsWith("omp.")) WORDS.set(w.slice(4), w.slice(4));
}

/** A keyword token's word, as one shared string. */
function word(t: IToken): string {
  return WORDS.get(t.image) ?? t.image;
}

const interned = new Map<string, string>();

/** `s`, or an equal string seen before (the table stops growing at 64k entries). */
function intern(s: string): string {
  const c = interned.get(s);
  if (c !== undefined) return c;
  if (interned.size < 1 << 16) interned.set(s, s);
  return s;
}

function attrArg(a: IToken | IToken[], open: IToken, close: IToken): NonNullable<AttrAst["arg"]> {
  if (Array.isArray(a)) {
    const items = a.map((t) => ({ name: t.tokenType === GlobalName ? t.image.slice(1) : t.image, global: t.tokenType === GlobalName, loc: tokenLoc(t), length: t.image.length }));
    return { kind: "list", items, loc: tokenLoc(open), length: close.startOffset + 1 - open.startOffset };
  }
  return a.tokenType === StringLit
    ? { kind: "string", value: stringOf(a), loc: tokenLoc(a), length: a.image.length }
    : { kind: "int", value: parseIntImage(a.image), loc: tokenLoc(a), length: a.image.length };
}

function nameOf(t: IToken): NameAst {
  const bare = t.image.slice(1);
  return { name: t.tokenType === GlobalName ? bare : intern(bare), loc: tokenLoc(t), length: t.image.length };
}


function stringOf(t: IToken): string {
  const d = decodeString(t.image);
  return typeof d === "string" ? d : ""; // bad escapes were reported by the lexer
}

class OirParser extends EmbeddedActionsParser {
  /** `validate`: check the grammar (ambiguities, left recursion …). The instance the
   *  compiler uses skips that (it costs start-up time); checkGrammar runs it in the tests. */
  constructor(validate = false) {
    super(ALL_TOKENS, { recoveryEnabled: false, maxLookahead: 3, errorMessageProvider: messages, skipValidations: !validate });
    this.performSelfAnalysis();
  }

  module = this.RULE("module", (): ModuleAst => {
    const items: ItemAst[] = [];
    this.MANY(() => {
      const it = this.OR([
        { ALT: () => this.SUBRULE(this.global) },
        { ALT: () => this.SUBRULE(this.requires) },
        { ALT: () => this.SUBRULE(this.declaration) },
        { ALT: () => this.SUBRULE(this.definition) },
      ]);
      this.ACTION(() => items.push(it));
    });
    return { items };
  });

  // requires <clause>, ...
  private requires = this.RULE("requires", (): ItemAst => {
    const kwTok = this.CONSUME(kw("requires"));
    const clauses: NameAst[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        const t = this.CONSUME(Ident);
        this.ACTION(() => clauses.push({ name: t.image, loc: tokenLoc(t), length: t.image.length }));
      },
    });
    return this.ACTION((): ItemAst => ({ item: "requires", clauses, loc: tokenLoc(kwTok) }));
  });

  // global @name : <space> <type> [x <count>] [= <lit> | = [<lit>, ...]]
  private global = this.RULE("global", (): ItemAst => {
    const kwTok = this.CONSUME(kw("global"));
    const name = this.CONSUME(GlobalName);
    this.CONSUME(Colon);
    const space = this.CONSUME(SpaceKw);
    const type = this.SUBRULE(this.type);
    const count = this.OPTION(() => {
      this.CONSUME(kw("x"));
      return this.CONSUME(IntLit);
    });
    const init = this.OPTION2(() => {
      this.CONSUME(Equals);
      return this.OR([
        { ALT: () => [this.SUBRULE(this.literal)] },
        {
          ALT: () => {
            const list: LiteralAst[] = [];
            this.CONSUME(LBracket);
            this.MANY_SEP({
              SEP: Comma,
              DEF: () => {
                const l = this.SUBRULE2(this.literal);
                this.ACTION(() => list.push(l));
              },
            });
            this.CONSUME(RBracket);
            return list;
          },
        },
      ]);
    });
    return this.ACTION((): ItemAst => {
      const g: GlobalAst = {
        name: nameOf(name), space: word(space) as Space, type,
        count: count === undefined ? null : { value: parseIntImage(count.image), loc: tokenLoc(count), length: count.image.length },
        init: init ?? null, loc: tokenLoc(kwTok),
      };
      return { item: "global", ...g };
    });
  });

  // declare <host|device|kernel> @name(<type>, ...) [-> <type>] [generic|spmd] <attr>*
  private declaration = this.RULE("declaration", (): ItemAst => {
    const kwTok = this.CONSUME(kw("declare"));
    const kind = this.SUBRULE(this.funcKind);
    const name = this.CONSUME(GlobalName);
    const params: ParamAst[] = [];
    this.CONSUME(LParen);
    this.MANY_SEP({
      SEP: Comma,
      DEF: () => {
        const t = this.SUBRULE(this.type);
        this.ACTION(() => params.push({ name: null, type: t }));
      },
    });
    this.CONSUME(RParen);
    const ret = this.OPTION(() => this.SUBRULE(this.retArrow));
    const mode = this.OPTION2(() => this.SUBRULE(this.mode));
    const attrs = this.SUBRULE(this.attrs);
    return this.ACTION((): ItemAst => {
      const f: FunctionAst = {
        kind, declaration: true, name: nameOf(name), params, ret: ret ?? "void", mode: mode ?? null, attrs, blocks: [], loc: tokenLoc(kwTok),
      };
      return { item: "function", ...f };
    });
  });

  // <device|host|kernel> @name(%p: <type>, ...) [-> <type>] [generic|spmd] <attr>* { <block>+ }
  private definition = this.RULE("definition", (): ItemAst => {
    const kindTok = this.LA(1);
    const kind = this.SUBRULE(this.funcKind);
    const name = this.CONSUME(GlobalName);
    const params: ParamAst[] = [];
    this.CONSUME(LParen);
    this.MANY_SEP({
      SEP: Comma,
      DEF: () => {
        const p = this.SUBRULE(this.param);
        this.ACTION(() => params.push(p));
      },
    });
    this.CONSUME(RParen);
    const ret = this.OPTION(() => this.SUBRULE(this.retArrow));
    const mode = this.OPTION2(() => this.SUBRULE(this.mode));
    const attrs = this.SUBRULE(this.attrs);
    const srcLoc = this.OPTION3({ GATE: () => this.atLoc(), DEF: () => this.SUBRULE(this.locSuffix) });
    this.CONSUME(LBrace);
    const blocks: BlockAst[] = [];
    this.AT_LEAST_ONE({
      DEF: () => {
        const b = this.SUBRULE(this.block);
        this.ACTION(() => blocks.push(b));
      },
      ERR_MSG: "a block label (^name)",
    });
    this.CONSUME(RBrace);
    return this.ACTION((): ItemAst => {
      const f: FunctionAst = {
        kind, declaration: false, name: nameOf(name), params, ret: ret ?? "void", mode: mode ?? null, attrs, blocks, loc: tokenLoc(kindTok), srcLoc: srcLoc ?? null,
      };
      return { item: "function", ...f };
    });
  });

  // The part of a definition before its body, for the first pass of parse.ts (which learns
  // every signature before it resolves any body). Never reached from `module`.
  header = this.RULE("header", (): FunctionAst => {
    const kindTok = this.LA(1);
    const kind = this.SUBRULE(this.funcKind);
    const name = this.CONSUME(GlobalName);
    const params: ParamAst[] = [];
    this.CONSUME(LParen);
    this.MANY_SEP({
      SEP: Comma,
      DEF: () => {
        const p = this.SUBRULE(this.param);
        this.ACTION(() => params.push(p));
      },
    });
    this.CONSUME(RParen);
    const ret = this.OPTION(() => this.SUBRULE(this.retArrow));
    const mode = this.OPTION2(() => this.SUBRULE(this.mode));
    const attrs = this.SUBRULE(this.attrs);
    return this.ACTION((): FunctionAst => ({
      kind, declaration: false, name: nameOf(name), params, ret: ret ?? "void", mode: mode ?? null, attrs, blocks: [], loc: tokenLoc(kindTok),
    }));
  });

  private funcKind = this.RULE("funcKind", (): FuncKind => {
    const t = this.OR([
      { ALT: () => this.CONSUME(kw("device")) },
      { ALT: () => this.CONSUME(kw("host")) },
      { ALT: () => this.CONSUME(kw("kernel")) },
    ]);
    return this.ACTION(() => word(t) as FuncKind);
  });

  private mode = this.RULE("mode", (): KernelMode => {
    const t = this.OR([{ ALT: () => this.CONSUME(kw("generic")) }, { ALT: () => this.CONSUME(kw("spmd")) }]);
    return this.ACTION(() => word(t) as KernelMode);
  });

  private retArrow = this.RULE("retArrow", (): RetType => {
    this.CONSUME(Arrow);
    return this.SUBRULE(this.retType);
  });

  private retType = this.RULE("retType", (): RetType => {
    const t = this.OR([{ ALT: () => this.CONSUME(TypeKw) }, { ALT: () => this.CONSUME(kw("void")) }]);
    return this.ACTION(() => word(t) as RetType);
  });

  /** `loc("file":line:col)`: where an instruction or function came from (MLIR style). */
  private locSuffix = this.RULE("locSuffix", (): Loc => {
    this.CONSUME(Ident);
    this.CONSUME(LParen);
    const file = this.CONSUME(StringLit);
    this.CONSUME(Colon);
    const line = this.CONSUME(IntLit);
    this.CONSUME2(Colon);
    const col = this.CONSUME2(IntLit);
    this.CONSUME(RParen);
    return this.ACTION((): Loc => ({ line: Number(line.image), col: Number(col.image), file: stringOf(file) }));
  });

  private atLoc(): boolean {
    return this.LA(1).tokenType === Ident && this.LA(1).image === "loc" && this.LA(2).tokenType === LParen && this.LA(3).tokenType === StringLit;
  }

  // <ident> [ '(' STRING | INT | item (',' item)* ')' ], item := GNAME | IDENT
  private attrs = this.RULE("attrs", (): AttrAst[] => {
    const attrs: AttrAst[] = [];
    this.MANY({ GATE: () => !this.atLoc(), DEF: () => {
      const name = this.CONSUME(Ident);
      const arg = this.OPTION(() => {
        const open = this.CONSUME(LParen);
        const a = this.OR([
          { ALT: () => this.CONSUME(StringLit) },
          { ALT: () => this.CONSUME(IntLit) },
          {
            ALT: () => {
              const items: IToken[] = [];
              this.AT_LEAST_ONE_SEP({
                SEP: Comma,
                DEF: () => {
                  const t = this.OR2([{ ALT: () => this.CONSUME(GlobalName) }, { ALT: () => this.CONSUME2(Ident) }]);
                  this.ACTION(() => items.push(t));
                },
              });
              return items;
            },
          },
        ]);
        const close = this.CONSUME(RParen);
        return { a, open, close };
      });
      this.ACTION(() => {
        attrs.push({ name: name.image, loc: tokenLoc(name), length: name.image.length, arg: arg === undefined ? null : attrArg(arg.a, arg.open, arg.close) });
      });
    } });
    return attrs;
  });

  private param = this.RULE("param", (): ParamAst => {
    const name = this.CONSUME(LocalName);
    this.CONSUME(Colon);
    const type = this.SUBRULE(this.type);
    return this.ACTION(() => ({ name: nameOf(name), type }));
  });

  private type = this.RULE("type", (): TypeAst => {
    const t = this.CONSUME(TypeKw);
    return this.ACTION(() => ({ type: word(t) as Type, loc: tokenLoc(t) }));
  });

  private space = this.RULE("space", (): Space => {
    const t = this.CONSUME(SpaceKw);
    return this.ACTION(() => word(t) as Space);
  });

  // ^name[(%x: <type>, ...)]: <inst>*
  private block = this.RULE("block", (): BlockAst => {
    const name = this.CONSUME(BlockName);
    const params: ParamAst[] = [];
    this.OPTION(() => {
      this.CONSUME(LParen);
      this.MANY_SEP({
        SEP: Comma,
        DEF: () => {
          const p = this.SUBRULE(this.param);
          this.ACTION(() => params.push(p));
        },
      });
      this.CONSUME(RParen);
    });
    this.CONSUME(Colon);
    const insts: InstAst[] = [];
    this.MANY(() => {
      const i = this.SUBRULE(this.inst);
      this.ACTION(() => insts.push(i));
    });
    return this.ACTION(() => ({ name: nameOf(name), params, insts, loc: tokenLoc(name) }));
  });

  // ---------------------------------------------------------------------------------------
  // Operands

  private operand = this.RULE("operand", (): OperandAst => {
    return this.OR({ ERR_MSG: "an operand", DEF: [
      {
        ALT: () => {
          const t = this.CONSUME(LocalName);
          return this.ACTION((): OperandAst => ({ kind: "value", name: intern(t.image.slice(1)), loc: tokenLoc(t), length: t.image.length }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(GlobalName);
          return this.ACTION((): OperandAst => ({ kind: "symbol", name: t.image.slice(1), loc: tokenLoc(t), length: t.image.length }));
        },
      },
      { ALT: () => this.SUBRULE(this.literal) },
    ] });
  });

  private literal = this.RULE("literal", (): LiteralAst => {
    const t = this.OR({ ERR_MSG: "a literal", DEF: [
      { ALT: () => this.CONSUME(IntLit) },
      { ALT: () => this.CONSUME(FloatLit) },
      { ALT: () => this.CONSUME(kw("inf")) },
      { ALT: () => this.CONSUME(NegInf) },
      { ALT: () => this.CONSUME(kw("nan")) },
      { ALT: () => this.CONSUME(kw("true")) },
      { ALT: () => this.CONSUME(kw("false")) },
      { ALT: () => this.CONSUME(kw("null")) },
      { ALT: () => this.CONSUME(kw("undef")) },
    ] });
    return this.ACTION((): LiteralAst => {
      const common = { text: t.image, loc: tokenLoc(t), length: t.image.length };
      switch (t.image) {
        case "inf": return { kind: "float", value: Infinity, ...common };
        case "-inf": return { kind: "float", value: -Infinity, ...common };
        case "nan": return { kind: "float", value: NaN, ...common };
        case "true": return { kind: "bool", value: true, ...common };
        case "false": return { kind: "bool", value: false, ...common };
        case "null": return { kind: "null", ...common };
        case "undef": return { kind: "undef", ...common };
      }
      if (t.tokenType === IntLit) return { kind: "int", value: parseIntImage(t.image), ...common };
      return { kind: "float", value: Number(t.image), ...common };
    });
  });

  private operandList = this.RULE("operandList", (): OperandAst[] => {
    const ops: OperandAst[] = [];
    this.CONSUME(LParen);
    this.MANY_SEP({
      SEP: Comma,
      DEF: () => {
        const o = this.SUBRULE(this.operand);
        this.ACTION(() => ops.push(o));
      },
    });
    this.CONSUME(RParen);
    return ops;
  });

  private blockRef = this.RULE("blockRef", (): BlockRefAst => {
    const t = this.CONSUME(BlockName);
    const args = this.OPTION(() => this.SUBRULE(this.operandList));
    return this.ACTION(() => ({ block: nameOf(t), args: args ?? [] }));
  });

  private callee = this.RULE("callee", (): NameAst => {
    const t = this.CONSUME(GlobalName);
    return this.ACTION(() => nameOf(t));
  });

  // map([always, ]<kind>: <type> <ptr>[<lo>:<len>], ...)
  private mapClause = this.RULE("mapClause", (): MapAst[] => {
    const mapTok = this.CONSUME(kw("map"));
    this.CONSUME(LParen);
    const always = this.OPTION(() => {
      this.CONSUME(kw("always"));
      this.CONSUME(Comma);
      return true;
    });
    const kind = this.CONSUME(MapKindKw);
    this.CONSUME(Colon);
    const items: MapAst[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        const elemType = this.SUBRULE(this.type);
        const base = this.SUBRULE(this.operand);
        this.CONSUME(LBracket);
        const lo = this.SUBRULE2(this.operand);
        this.CONSUME2(Colon);
        const len = this.SUBRULE3(this.operand);
        this.CONSUME(RBracket);
        this.ACTION(() => items.push({
          kind: word(kind) as MapKind, always: always === true, elemType, base, lo, len,
          loc: items.length === 0 ? tokenLoc(mapTok) : elemType.loc,
        }));
      },
    });
    this.CONSUME(RParen);
    return items;
  });

  private maps = this.RULE("maps", (): MapAst[] => {
    const all: MapAst[] = [];
    this.MANY(() => {
      const m = this.SUBRULE(this.mapClause);
      this.ACTION(() => all.push(...m));
    });
    return all;
  });

  // ---------------------------------------------------------------------------------------
  // Instructions

  private inst = this.RULE("inst", (): InstAst => {
    const result = this.OPTION(() => {
      const t = this.CONSUME(LocalName);
      this.CONSUME(Equals);
      return t;
    });
    const opTok = this.LA(1);
    const body = this.OR({ ERR_MSG: "an instruction", DEF: this.instAlts ??= [
      { ALT: () => this.SUBRULE(this.binaryInst) },
      { ALT: () => this.SUBRULE(this.fmathInst) },
      { ALT: () => this.SUBRULE(this.cmpInst) },
      { ALT: () => this.SUBRULE(this.castInst) },
      { ALT: () => this.SUBRULE(this.memInst) },
      { ALT: () => this.SUBRULE(this.callInst) },
      { ALT: () => this.SUBRULE(this.miscInst) },
      { ALT: () => this.SUBRULE(this.ompInst) },
      { ALT: () => this.SUBRULE(this.termInst) },
      { ALT: () => this.SUBRULE(this.plainInst) },
    ] });
    // An MLIR-style source location suffix: `loc("prog.c":12:5)`.
    const srcLoc = this.OPTION9({ GATE: () => this.atLoc(), DEF: () => this.SUBRULE(this.locSuffix) });
    return this.ACTION((): InstAst => ({
      ...body,
      result: result === undefined ? null : nameOf(result),
      opcode: opTok.image,
      opLoc: tokenLoc(opTok),
      loc: tokenLoc(result ?? opTok),
      srcLoc: srcLoc ?? null,
    }));
  });
  private instAlts?: { ALT: () => InstBodyAst }[];

  private binaryInst = this.RULE("binaryInst", (): InstBodyAst => {
    const op = this.CONSUME(BinOpKw);
    const type = this.SUBRULE(this.type);
    const lhs = this.SUBRULE(this.operand);
    this.CONSUME(Comma);
    const rhs = this.SUBRULE2(this.operand);
    return this.ACTION((): InstBodyAst => ({ kind: "binary", op: word(op) as BinaryOp, type, lhs, rhs }));
  });

  private fmathInst = this.RULE("fmathInst", (): InstBodyAst => {
    const fn = this.CONSUME(FMathKw);
    const type = this.SUBRULE(this.type);
    const a = this.SUBRULE(this.operand);
    const b = this.OPTION(() => {
      this.CONSUME(Comma);
      return this.SUBRULE2(this.operand);
    });
    return this.ACTION((): InstBodyAst => ({ kind: "fmath", fn: fn.image.slice("fmath.".length) as FMathFn, type, a, b: b ?? null }));
  });

  private cmpInst = this.RULE("cmpInst", (): InstBodyAst => {
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(kw("icmp"));
          const pred = this.CONSUME(IcmpPredKw);
          const type = this.SUBRULE(this.type);
          const lhs = this.SUBRULE(this.operand);
          this.CONSUME(Comma);
          const rhs = this.SUBRULE2(this.operand);
          return this.ACTION((): InstBodyAst => ({ kind: "icmp", pred: word(pred) as IcmpPred, type, lhs, rhs }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw("fcmp"));
          const pred = this.CONSUME(FcmpPredKw);
          const type = this.SUBRULE2(this.type);
          const lhs = this.SUBRULE3(this.operand);
          this.CONSUME2(Comma);
          const rhs = this.SUBRULE4(this.operand);
          return this.ACTION((): InstBodyAst => ({ kind: "fcmp", pred: word(pred) as FcmpPred, type, lhs, rhs }));
        },
      },
    ]);
  });

  private castInst = this.RULE("castInst", (): InstBodyAst => {
    const op = this.CONSUME(CastOpKw);
    const from = this.SUBRULE(this.type);
    const value = this.SUBRULE(this.operand);
    this.CONSUME(kw("to"));
    const to = this.SUBRULE2(this.type);
    return this.ACTION((): InstBodyAst => ({ kind: "cast", op: word(op) as CastOp, from, value, to }));
  });

  private memInst = this.RULE("memInst", (): InstBodyAst => {
    return this.OR([
      {
        // alloca <type>[, <count>]
        ALT: () => {
          this.CONSUME(kw("alloca"));
          const elemType = this.SUBRULE(this.type);
          const count = this.OPTION(() => {
            this.CONSUME(Comma);
            return this.SUBRULE(this.operand);
          });
          return this.ACTION((): InstBodyAst => ({ kind: "alloca", elemType, count: count ?? null }));
        },
      },
      {
        // load <type>, <space> <ptr>
        ALT: () => {
          this.CONSUME(kw("load"));
          const type = this.SUBRULE2(this.type);
          this.CONSUME2(Comma);
          const space = this.SUBRULE(this.space);
          const ptr = this.SUBRULE2(this.operand);
          return this.ACTION((): InstBodyAst => ({ kind: "load", type, space, ptr }));
        },
      },
      {
        // store <type> <v>, <space> <ptr>
        ALT: () => {
          this.CONSUME(kw("store"));
          const type = this.SUBRULE3(this.type);
          const value = this.SUBRULE3(this.operand);
          this.CONSUME3(Comma);
          const space = this.SUBRULE2(this.space);
          const ptr = this.SUBRULE4(this.operand);
          return this.ACTION((): InstBodyAst => ({ kind: "store", type, value, space, ptr }));
        },
      },
      {
        // atomic <op> <type>, <space> <ptr>, <v>
        ALT: () => {
          this.CONSUME(kw("atomic"));
          const op = this.CONSUME(AtomicOpKw);
          const type = this.SUBRULE5(this.type);
          this.CONSUME6(Comma);
          const space = this.SUBRULE3(this.space);
          const ptr = this.SUBRULE7(this.operand);
          this.CONSUME7(Comma);
          const value = this.SUBRULE8(this.operand);
          return this.ACTION((): InstBodyAst => ({ kind: "atomic", op: word(op) as AtomicOp, type, space, ptr, value }));
        },
      },
      {
        // cmpxchg <type>, <space> <ptr>, <expected>, <desired>
        ALT: () => {
          this.CONSUME(kw("cmpxchg"));
          const type = this.SUBRULE6(this.type);
          this.CONSUME8(Comma);
          const space = this.SUBRULE4(this.space);
          const ptr = this.SUBRULE9(this.operand);
          this.CONSUME9(Comma);
          const expected = this.subrule(10, this.operand);
          this.consume(10, Comma);
          const desired = this.subrule(11, this.operand);
          return this.ACTION((): InstBodyAst => ({ kind: "cmpxchg", type, space, ptr, expected, desired }));
        },
      },
    ]);
  });

  private callInst = this.RULE("callInst", (): InstBodyAst => {
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(kw("call"));
          const callee = this.SUBRULE(this.callee);
          const args = this.SUBRULE(this.operandList);
          return this.ACTION((): InstBodyAst => ({ kind: "call", callee, args }));
        },
      },
      {
        // call_indirect <fp>(<args>) : (<type>, ...) -> <type|void>
        ALT: () => {
          this.CONSUME(kw("call_indirect"));
          const callee = this.SUBRULE(this.operand);
          const args = this.SUBRULE2(this.operandList);
          this.CONSUME(Colon);
          this.CONSUME(LParen);
          const paramTypes: TypeAst[] = [];
          this.MANY_SEP({
            SEP: Comma,
            DEF: () => {
              const t = this.SUBRULE(this.type);
              this.ACTION(() => paramTypes.push(t));
            },
          });
          this.CONSUME(RParen);
          this.CONSUME(Arrow);
          const ret = this.SUBRULE(this.retType);
          // [callees(@f, ...)]: the functions it may call
          const callees = this.OPTION(() => {
            this.CONSUME(kw("callees"));
            this.CONSUME2(LParen);
            const names: NameAst[] = [];
            this.MANY_SEP2({
              SEP: Comma,
              DEF: () => {
                const n = this.SUBRULE2(this.callee);
                this.ACTION(() => names.push(n));
              },
            });
            this.CONSUME2(RParen);
            return names;
          });
          return this.ACTION((): InstBodyAst => ({ kind: "call_indirect", callee, args, paramTypes, ret, ...(callees === undefined ? {} : { callees }) }));
        },
      },
    ]);
  });

  private miscInst = this.RULE("miscInst", (): InstBodyAst => {
    return this.OR([
      {
        // print "<format>"[, <args>]
        ALT: () => {
          this.CONSUME(kw("print"));
          const fmt = this.CONSUME(StringLit);
          const args: OperandAst[] = [];
          this.MANY(() => {
            this.CONSUME(Comma);
            const a = this.SUBRULE(this.operand);
            this.ACTION(() => args.push(a));
          });
          return this.ACTION((): InstBodyAst => ({ kind: "print", format: stringOf(fmt), args }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw("trap"));
          const msg = this.CONSUME2(StringLit);
          return this.ACTION((): InstBodyAst => ({ kind: "trap", message: stringOf(msg) }));
        },
      },
    ]);
  });

  private ompInst = this.RULE("ompInst", (): InstBodyAst => {
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(kw("omp.parallel"));
          const region = this.SUBRULE(this.callee);
          const args = this.SUBRULE(this.operandList);
          const threads = this.OPTION9(() => {
            this.CONSUME3(kw("threads"));
            this.CONSUME3(LParen);
            const n = this.SUBRULE6(this.operand);
            this.CONSUME3(RParen);
            return n;
          });
          return this.ACTION((): InstBodyAst => ({ kind: "omp.parallel", region, args, threads: threads ?? null }));
        },
      },
      {
        ALT: () => {
          const q = this.CONSUME(QueryKw);
          return this.ACTION((): InstBodyAst => ({ kind: "omp.query", query: (WORDS.get(q.image.slice("omp.".length)) ?? q.image.slice("omp.".length)) as OmpQuery }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw("omp.reverse_offload"));
          const callee = this.SUBRULE2(this.callee);
          const args = this.SUBRULE2(this.operandList);
          const maps = this.SUBRULE(this.maps);
          const nowait = this.OPTION8(() => this.CONSUME2(kw("nowait")));
          return this.ACTION((): InstBodyAst => ({ kind: "omp.reverse_offload", callee, args, maps, nowait: nowait !== undefined }));
        },
      },
      {
        // omp.target @k(<args>) [teams(<n>)] [threads(<n>)] [device(<n>)] <map>* [nowait]
        ALT: () => {
          this.CONSUME(kw("omp.target"));
          const kernel = this.SUBRULE3(this.callee);
          const args = this.SUBRULE3(this.operandList);
          const teams = this.OPTION(() => {
            this.CONSUME(kw("teams"));
            this.CONSUME(LParen);
            const n = this.SUBRULE4(this.operand);
            this.CONSUME(RParen);
            return n;
          });
          const threads = this.OPTION2(() => {
            this.CONSUME(kw("threads"));
            this.CONSUME2(LParen);
            const n = this.SUBRULE5(this.operand);
            this.CONSUME2(RParen);
            return n;
          });
          const device = this.OPTION4(() => this.SUBRULE(this.deviceClause));
          const maps = this.SUBRULE2(this.maps);
          const nowait = this.OPTION3(() => this.CONSUME(kw("nowait")));
          return this.ACTION((): InstBodyAst => ({
            kind: "omp.target", kernel, args, teams: teams ?? null, threads: threads ?? null, device: device ?? null, maps, nowait: nowait !== undefined,
          }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw("omp.target_enter_data"));
          const device = this.OPTION5(() => this.SUBRULE2(this.deviceClause));
          const maps = this.SUBRULE3(this.maps);
          return this.ACTION((): InstBodyAst => ({ kind: "omp.target_enter_data", device: device ?? null, maps }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw("omp.target_exit_data"));
          const device = this.OPTION6(() => this.SUBRULE3(this.deviceClause));
          const maps = this.SUBRULE4(this.maps);
          return this.ACTION((): InstBodyAst => ({ kind: "omp.target_exit_data", device: device ?? null, maps }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw("omp.target_update"));
          const device = this.OPTION7(() => this.SUBRULE4(this.deviceClause));
          const maps = this.SUBRULE5(this.maps);
          return this.ACTION((): InstBodyAst => ({ kind: "omp.target_update", device: device ?? null, maps }));
        },
      },
    ]);
  });

  // device(<n>) on omp.target and the data directives
  private deviceClause = this.RULE("deviceClause", (): OperandAst => {
    this.CONSUME(kw("device"));
    this.CONSUME(LParen);
    const n = this.SUBRULE(this.operand);
    this.CONSUME(RParen);
    return n;
  });

  private termInst = this.RULE("termInst", (): InstBodyAst => {
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(kw("br"));
          const target = this.SUBRULE(this.blockRef);
          return this.ACTION((): InstBodyAst => ({ kind: "br", target }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw("cond_br"));
          const cond = this.SUBRULE(this.operand);
          this.CONSUME(Comma);
          const then = this.SUBRULE2(this.blockRef);
          this.CONSUME2(Comma);
          const els = this.SUBRULE3(this.blockRef);
          return this.ACTION((): InstBodyAst => ({ kind: "cond_br", cond, then, else: els }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw("ret"));
          // `ret` followed by `%x = …` is a bare ret and the next instruction, not `ret %x`.
          const value = this.OPTION({
            GATE: () => !(this.LA(1).tokenType === LocalName && this.LA(2).tokenType === Equals),
            DEF: () => this.SUBRULE2(this.operand),
          });
          return this.ACTION((): InstBodyAst => ({ kind: "ret", value: value ?? null }));
        },
      },
    ]);
  });

  // The plain instructions, one alternative per kind built from its form in the opcode
  // table: `mnemonic [T[,]] a, b, …`. Each alternative has its own block of occurrence
  // indices, which chevrotain needs distinct within a rule.
  private plainInst = this.RULE("plainInst", (): InstBodyAst => this.OR(this.plainAlts ??= PLAIN_KINDS.map((kind, k) => ({ ALT: () => this.plainBody(kind, k * PLAIN_INDICES) }))));
  private plainAlts?: { ALT: () => InstBodyAst }[];

  private plainBody(kind: PlainKind, at: number): InstBodyAst {
    const form = plainForm(kind)!;
    this.consume(at, kw(OPCODES[kind].mnemonic));
    const flag = form.flag === undefined ? undefined : this.option(at, () => this.consume(at + 7, kw(form.flag!)));
    const type = form.type === null ? null : this.subrule(at, this.type);
    if (form.type !== null && form.typeComma) this.consume(at + 1, Comma);
    const operands: OperandAst[] = [];
    form.operands.forEach((_, i) => {
      if (i > 0) this.consume(at + 1 + i, Comma);
      const o = this.subrule(at + i, this.operand);
      this.ACTION(() => operands.push(o));
    });
    return this.ACTION((): InstBodyAst => (flag !== undefined ? { kind, type, operands, flag: true } : { kind, type, operands }));
  }
}

const PLAIN_KINDS = (Object.keys(OPCODES) as (keyof typeof OPCODES)[]).filter(isPlainKind);
/** Occurrence indices per plain alternative (a form has at most 7 operands; chevrotain allows 255 in a rule). */
const PLAIN_INDICES = 8;

// Built on first use (performSelfAnalysis, about 20 ms): a well-formed file never reaches
// it (fastparse.ts).
let instance: OirParser | undefined;
function theParser(): OirParser {
  return (instance ??= new OirParser());
}

/** Builds the lexer and the parser with chevrotain's validations on; throws if the token
 *  definitions or the grammar are broken (test/parse-items.test.ts). */
export function checkGrammar(): void {
  validateLexer();
  new OirParser(true);
}

export interface ParseError {
  loc: Loc;
  length: number;
  message: string;
}

/** Parses a token stream (from `lex`) into the AST, or gives the first parse error. */
export function parseTokens(tokens: IToken[]): { ast: ModuleAst; error: null } | { ast: null; error: ParseError } {
  const parser = theParser();
  parser.input = tokens;
  const ast = parser.module();
  const e = parser.errors[0];
  const out = e !== undefined ? { ast: null, error: toParseError(e) } : { ast, error: null };
  parser.input = []; // the parser would otherwise keep every token alive until the next parse
  return out;
}

/** Parses the tokens of a definition's header (up to its `{`); null on any error. */
export function parseHeaderTokens(tokens: IToken[]): FunctionAst | null {
  const parser = theParser();
  parser.input = tokens;
  const f = parser.header();
  const ok = parser.errors.length === 0;
  parser.input = [];
  return ok ? f : null;
}

function toParseError(e: IRecognitionException): ParseError {
  const t = e.token;
  if (t.tokenType !== EOF && !Number.isNaN(t.startOffset)) {
    return { loc: tokenLoc(t), length: t.image.length, message: e.message };
  }
  // EOF has no position: point at the end of the last real token.
  const prev = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
  if (prev !== undefined && prev.tokenType !== EOF && !Number.isNaN(prev.startOffset)) {
    return { loc: tokenEndLoc(prev), length: 1, message: e.message };
  }
  return { loc: { line: 1, col: 1 }, length: 1, message: e.message };
}
