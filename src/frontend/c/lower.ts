// Lowering of the C subset (docs/C.md) to ompir IR, the way clang -O0 does it: every local
// variable is an `alloca` (mem2reg in -O promotes them), every function is lowered for the
// host, and again for the device when target code calls it (clang's implicit `declare
// target`). OpenMP directives arrive as labels `__omp_pragma_N:` in front of the statement
// they apply to (preprocess.ts); omp.ts lowers them with the helpers exported here.
//
// Memory spaces: the IR states the space of every access. Host code uses `host`. On the
// device a local is `local`, a globalized local `shared`, mapped data and device globals
// `global`. A pointer value carries the space it points into when it is known (RVal.ps);
// pointers of unknown origin on the device point into `global` (device helpers' pointer
// parameters), which is a documented limit (docs/C.md).

import type { Attrs, FMathFn, Function as IrFunction, InstData, Module, OmpQuery } from "../../ir/ir.js";
import { FMATH_BINARY } from "../../ir/ir.js";
import { addBlock, emptyAttrs, addConst, addFunction, addGlobal, addValue, appendInst, constValue, removeBlock, successors, terminatorOf, isTerminator } from "../../ir/ir.js";
import type { Loc, SrcLoc } from "../../ir/loc.js";
import { srcLoc } from "../../ir/loc.js";
import type { BlockId, GlobalId, InstId, Space, Type, ValueId } from "../../ir/types.js";
import { NO_VALUE } from "../../ir/types.js";
import { freshSymbol } from "../../ir/names.js";
import type { CType, StructInfo } from "./ctypes.js";
import { BOOL, CHAR, DOUBLE, FLOAT, INT, LONG, UINT, ULONG, VOID, alignofC, irType, isArith, isFloat, isInt, isScalar, leafElem, promote, ptrTo, sizeofC, typeName, usualArith } from "./ctypes.js";
import { CError } from "./errors.js";
import { LIBC_FILE, libcHostOnly } from "./libc.js";
import type { SrcPos } from "./errors.js";
import type { Node } from "./parse.js";
import type { Clause } from "./pragma.js";
import type { Pragma } from "./preprocess.js";
import { charValue, unescapeC } from "./preprocess.js";
import type { PtrVarUses } from "./spaces.js";
import { findSpaceConflict } from "./spaces.js";

export type Side = "host" | "device";

export interface RVal {
  v: ValueId;
  t: CType;
  /** For pointers: the space they point into, when known. */
  ps?: Space;
  /** A string literal's text (printf formats, %s arguments). */
  str?: string;
}

export interface Var {
  name: string;
  t: CType;
  addr: ValueId;
  sp: Space;
  /** For pointer variables: where the pointer's value points (learned from assignments). */
  ps?: Space;
  /** For arrays of pointers: where the pointers stored in its elements point, learned from
   *  the stores lowered so far; null once two disagree or one is not known. */
  eps?: Space | null;
  /** For one-dimensional arrays of pointers: where the element at a constant index points,
   *  from the stores at that index since the last store at an index not known (null: not
   *  known); an element load at a constant index reads it before `eps`. */
  epsAt?: Map<number, Space | null>;
  /** A module global (its address is materialised per function). */
  global?: GlobalId;
  /** Host locals: the host `parallel` constructs of its function around its declaration
   *  (a task shares it only when declared outside the innermost one around the task). */
  level?: number;
}

export interface LVal {
  addr: ValueId;
  t: CType;
  sp: Space;
  ps?: Space;
  v?: Var;
  /** An element (at any depth) of this array variable. */
  arr?: Var;
  /** The element's constant index, when `arr` is a one-dimensional array of pointers. */
  arrIdx?: number;
}

type Sym = { k: "var"; v: Var } | { k: "enum"; value: bigint } | { k: "typedef"; t: CType };

/** A reference to a `device_type(nohost)` function outside one (clang-16's rule). */
function nohostMessage(name: string): string {
  return `function '${name}' is 'declare target device_type(nohost)' and cannot be called on the host (clang compiles every other function for the host, target regions too, for their host fallback)`;
}

export interface CFunc {
  name: string;
  t: Extract<CType, { k: "func" }>;
  def: Node | null;
  host?: IrFunction;
  dev?: IrFunction;
  /** Device versions whose pointer parameters point into other spaces than `global`, by
   *  the spaces' key (devFunc): clang's generic address space, done by cloning. */
  devClones?: Map<string, IrFunction>;
  pos: SrcPos;
  /** `declare target device_type(host|nohost)`: the only side the function exists on. */
  only?: "host" | "nohost";
}

export interface CGlobal {
  name: string;
  t: CType;
  init: Node | null;
  host?: GlobalId;
  dev?: GlobalId;
  pos: SrcPos;
  /** `declare target`: target regions use the device copy instead of mapping the variable. */
  declTarget?: boolean;
  /** `declare target link`: mapped tofrom where a target region uses it, with no device copy of its own. */
  link?: boolean;
  /** `threadprivate`: one copy per host thread, which host teams of one thread make the global itself. */
  threadprivate?: boolean;
}

/** The error for a threadprivate variable a target region or device function uses. */
export function threadprivateOnDevice(name: string): string {
  return `'${name}' is threadprivate: using it in a target region or device function is not supported`;
}

/** The whole translation unit's state. */
/** omp.h routines that are one thread or team query: the IR query and the host's value. */
/** Device versions of one function for the spaces of its pointer arguments (devFunc). */
const MAX_SPACE_CLONES = 8;
/** `main(int argc, char **argv)` (or `char *argv[]`): the one parameter list of main taken. */
function isArgcArgv(ps: readonly CType[]): boolean {
  const argv = ps[1];
  const strs = argv?.k === "ptr" ? argv.to : argv?.k === "array" ? argv.of : null;
  return ps.length === 2 && ps[0]!.k === "int" && ps[0]!.size === 4 && strs?.k === "ptr" && strs.to.k === "int" && strs.to.size === 1;
}

/** Where a pointer into each space points, as a C programmer says it. */
const SPACE_WORDS: Record<Space, string> = { host: "host memory", global: "global memory", shared: "team-shared memory", local: "a local variable" };

const TEAM_QUERIES = new Map<string, [OmpQuery, number]>([
  ["omp_get_thread_num", ["thread_num", 0]],
  ["omp_get_num_threads", ["num_threads", 1]],
  ["omp_get_team_num", ["team_num", 0]],
  ["omp_get_num_teams", ["num_teams", 1]],
  ["omp_get_max_threads", ["hw_num_threads", 1]],
  ["omp_get_thread_limit", ["hw_num_threads", 1]],
]);

export class Lowerer {
  readonly m: Module;
  readonly funcs = new Map<string, CFunc>();
  readonly globals = new Map<string, CGlobal>();
  readonly fileScope = new Map<string, Sym>();
  readonly tags = new Map<string, StructInfo | { enumTag: true }>();
  readonly strings = new Map<string, { host?: GlobalId; dev?: GlobalId }>();
  /** Device bodies still to lower (callees of target code). */
  readonly work: (() => void)[] = [];
  requiresReverseOffload = false;
  /** The program calls omp_get_level: host parallel constructs keep the level in a host
   *  global, so that a function they call answers it (hostLevelGlobal). */
  usesLevel = false;
  /** The program calls omp_set_num_threads: the host's omp_get_max_threads loads nthreads-var. */
  setsNumThreads = false;
  /** By device function id: the space every pointer it returns points into, when they agree
   *  (a clone's result may point where its arguments do; FB.body). */
  readonly retSpace = new Map<number, Space>();
  private hostLevelId: GlobalId | null = null;
  private hostNthreadsId: GlobalId | null = null;
  /** `declare mapper`s per struct type, by mapper identifier ("default" when unnamed). */
  readonly mappers = new Map<StructInfo, Map<string, Mapper>>();
  /** Nesting of `begin declare target` / `declare target` … `end declare target`. */
  declareTargetDepth = 0;
  /** The `device_type` of each open `begin declare target` block, innermost last. */
  readonly deviceTypes: ("any" | "host" | "nohost")[] = [];
  /** Set by omp.ts: lowers a statement carrying a directive. */
  ompStmt: ((fb: FB, p: Pragma, stmt: Node | null, label: Node) => void) | null = null;
  ompDecl: ((p: Pragma, node: Node) => void) | null = null;
  /** Set by omp.ts: the names nested parallel regions of a subtree use. */
  parallelUses: ((n: Node) => Set<string>) | null = null;
  /** Where `__attribute__((noinline))` stood (preprocess.ts), in order. */
  noinlineAt: readonly { row: number; col: number }[] = [];
  /** Typedef names parse.ts wrote over with `int` (by offset), in the tree of root typeAliasRoot. */
  typeAliases: ReadonlyMap<number, string> = new Map();
  typeAliasRoot = -1;
  /** The library functions this program gets from libc.ts (their names). */
  libcNames: ReadonlySet<string> = new Set();
  /** Whether the top-level item being lowered carries one. */
  private itemNoinline = false;
  /** Functions declared `noinline` somewhere: their IR functions get the attribute. */
  private readonly noinlineNames = new Set<string>();

  constructor(
    readonly file: string,
    source: string,
    readonly pragmas: Pragma[],
    readonly posOf: (row: number, col: number) => SrcPos,
    readonly locOf: (row: number, col: number) => Loc,
  ) {
    this.m = { file, source, globals: [], functions: [] };
  }

  pos(n: Node): SrcPos {
    return this.posOf(n.startPosition.row, n.startPosition.column);
  }
  loc(n: Node): SrcLoc {
    return srcLoc(this.locOf(n.startPosition.row, n.startPosition.column));
  }
  err(n: Node | SrcPos, message: string): never {
    const pos = "file" in n ? n : this.pos(n);
    throw new CError([{ pos, message }]);
  }
  unsupported(n: Node, what: string): never {
    const plural = !what.startsWith("subtraction") && /(pointers|labels|fields|members|literals|expressions|functions|arrays|initializers)$/.test(what);
    return this.err(n, `${what} ${plural ? "are" : "is"} not supported`);
  }

  // ---------------------------------------------------------------------------------------
  // Types

  /** The type named by a declaration's specifiers (`type` field plus qualifiers). */
  baseType(decl: Node, scope: Scope | null): CType {
    const tn = decl.childForFieldName("type");
    if (tn === null) return this.err(decl, "declaration without a type");
    return this.typeSpec(tn, scope);
  }

  typeSpec(tn: Node, scope: Scope | null): CType {
    switch (tn.type) {
      case "primitive_type": {
        // A typedef name parse.ts wrote over with `int` to have a cast parsed as one.
        const alias = tn.tree.rootNode.id === this.typeAliasRoot ? this.typeAliases.get(tn.startIndex) : undefined;
        if (alias !== undefined) {
          const s = scope?.lookup(alias) ?? this.fileScope.get(alias);
          if (s?.k === "typedef") return s.t;
          return this.err(tn, `unknown type '${alias}'`);
        }
        return this.primitive(tn, tn.text);
      }
      case "sized_type_specifier": {
        const words = tn.children.filter((c): c is Node => c !== null).map((c) => c.text);
        return this.sized(tn, words);
      }
      case "type_identifier": {
        if (tn.text === "_Bool" || tn.text === "bool") return BOOL;
        const s = scope?.lookup(tn.text) ?? this.fileScope.get(tn.text);
        if (s?.k === "typedef") return s.t;
        return this.err(tn, `unknown type '${tn.text}'`);
      }
      case "struct_specifier":
      case "union_specifier":
        return this.structSpec(tn, scope);
      case "enum_specifier":
        this.enumSpec(tn, scope);
        return INT;
      case "macro_type_specifier":
        return this.err(tn, `unknown type '${tn.text}'`);
      default:
        return this.unsupported(tn, `type '${tn.text}'`);
    }
  }

  primitive(n: Node, s: string): CType {
    switch (s) {
      case "void": return VOID;
      case "char": return CHAR;
      case "int": return INT;
      case "long": return LONG;
      case "float": return FLOAT;
      case "double": return DOUBLE;
      case "_Bool": case "bool": return BOOL;
      case "size_t": case "uintptr_t": case "uint64_t": return ULONG;
      case "ssize_t": case "ptrdiff_t": case "intptr_t": case "int64_t": return LONG;
      case "int32_t": return INT;
      case "uint32_t": return UINT;
      case "int8_t": return CHAR;
      case "uint8_t": return { k: "int", size: 1, signed: false };
      case "short": case "int16_t": return { k: "int", size: 2, signed: true };
      case "uint16_t": return { k: "int", size: 2, signed: false };
      default: return this.unsupported(n, `type '${s}'`);
    }
  }

  sized(n: Node, words: string[]): CType {
    let signed = true;
    let longs = 0;
    let short = false;
    let base = "int";
    for (const w of words) {
      if (w === "unsigned") signed = false;
      else if (w === "signed") signed = true;
      else if (w === "long") longs++;
      else if (w === "short") short = true;
      else if (w === "char" || w === "int" || w === "double" || w === "float") base = w;
      else if (w === "const" || w === "volatile") continue;
      else return this.unsupported(n, `type '${words.join(" ")}'`);
    }
    if (base === "double") return longs > 0 ? this.unsupported(n, "'long double'") : DOUBLE;
    if (base === "char") return { k: "int", size: 1, signed };
    if (short) return { k: "int", size: 2, signed };
    if (longs > 0) return signed ? LONG : ULONG;
    return signed ? INT : UINT;
  }

  structSpec(tn: Node, scope: Scope | null): CType {
    const union = tn.type === "union_specifier";
    const nameNode = tn.childForFieldName("name");
    const body = tn.childForFieldName("body");
    const tag = (union ? "union " : "struct ") + (nameNode?.text ?? `<anon@${tn.startIndex}>`);
    let info = (scope?.tag(tag) ?? this.tags.get(tag)) as StructInfo | undefined;
    if (body === null) {
      if (info === undefined) {
        info = { name: nameNode?.text ?? "<anon>", union, fields: [], size: 0, align: 1, complete: false };
        (scope ?? this).tags.set(tag, info);
      }
      return { k: "struct", s: info };
    }
    info ??= { name: nameNode?.text ?? "<anon>", union, fields: [], size: 0, align: 1, complete: false };
    if (info.complete) return this.err(tn, `redefinition of '${tag}'`);
    (scope ?? this).tags.set(tag, info);
    let off = 0;
    let size = 0;
    let align = 1;
    for (const fd of body.namedChildren) {
      if (fd === null || fd.type === "comment") continue;
      if (fd.type !== "field_declaration") this.unsupported(fd, `'${fd.type}' in a struct`);
      const bt = this.baseType(fd, scope);
      const decls = fd.childrenForFieldName("declarator").filter((d): d is Node => d !== null);
      for (const d of decls) {
        if (d.type === "bitfield_clause") this.unsupported(d, "bit-fields");
        const { name, t } = this.declarator(d, bt, scope);
        if (t.k === "func") this.err(d, "a function cannot be a struct member");
        if (t.k === "array" && t.n === null) this.unsupported(d, "flexible array members");
        if (t.k === "struct" && !t.s.complete) this.err(d, `field '${name}' has incomplete type`);
        const a = alignofC(t);
        const o = union ? 0 : Math.ceil(off / a) * a;
        info.fields.push({ name, type: t, offset: o });
        off = o + sizeofC(t);
        size = Math.max(size, off);
        align = Math.max(align, a);
      }
      const bf = fd.namedChildren.find((c) => c !== null && c.type === "bitfield_clause");
      if (bf) this.unsupported(bf, "bit-fields");
    }
    info.size = Math.ceil(size / align) * align;
    info.align = align;
    info.complete = true;
    return { k: "struct", s: info };
  }

  enumSpec(tn: Node, scope: Scope | null): void {
    const body = tn.childForFieldName("body");
    if (body === null) return;
    let next = 0n;
    for (const e of body.namedChildren) {
      if (e === null || e.type !== "enumerator") continue;
      const name = e.childForFieldName("name")!.text;
      const val = e.childForFieldName("value");
      if (val !== null) next = this.constInt(val, scope);
      const sym: Sym = { k: "enum", value: next };
      if (scope) scope.set(name, sym);
      else this.fileScope.set(name, sym);
      next++;
    }
  }

  /** Applies a declarator to a base type: the declared name and its full type. */
  declarator(d: Node, t: CType, scope: Scope | null): { name: string; t: CType; node: Node; params?: { name: string | null; t: CType; node: Node }[] } {
    switch (d.type) {
      case "identifier":
      case "field_identifier":
      case "type_identifier":
      case "primitive_type": // typedef names the grammar knows (size_t, int32_t, …)
        return { name: d.text, t, node: d };
      case "pointer_declarator": {
        const inner = d.childForFieldName("declarator")!;
        return this.declarator(inner, ptrTo(t), scope);
      }
      case "array_declarator": {
        const inner = d.childForFieldName("declarator")!;
        const sz = d.childForFieldName("size");
        let n: number | null = null;
        if (sz !== null) {
          const v = this.tryConstInt(sz, scope);
          if (v === null) return { ...this.declarator(inner, { k: "array", of: t, n: null }, scope), vla: sz } as ReturnType<Lowerer["declarator"]>;
          if (v < 0n) this.err(sz, "array size is negative");
          n = Number(v);
        }
        // int a[2][3]: the outer declarator applies last.
        return this.declarator(inner, { k: "array", of: t, n }, scope);
      }
      case "function_declarator": {
        const inner = d.childForFieldName("declarator")!;
        const { ps, variadic } = this.funcParams(d.childForFieldName("parameters")!, scope);
        const ft: CType = { k: "func", ret: t, params: ps.map((p) => p.t), variadic };
        // `int (*f)(int)`: the inner declarator applies to the function type.
        if (inner.type !== "identifier") return this.declarator(inner, ft, scope);
        return { name: inner.text, t: ft, node: inner, params: ps };
      }
      case "parenthesized_declarator":
        return this.declarator(d.namedChildren[0]!, t, scope);
      case "attributed_declarator":
        return this.declarator(d.namedChildren[0]!, t, scope);
      default:
        return this.unsupported(d, `declarator '${d.text}'`);
    }
  }

  /** A parameter list: the parameters' names and (adjusted) types, and `...`. */
  funcParams(plist: Node, scope: Scope | null): { ps: { name: string | null; t: CType; node: Node }[]; variadic: boolean } {
    const params: { name: string | null; t: CType; node: Node }[] = [];
    let variadic = false;
    for (const p of plist.namedChildren) {
      if (p === null || p.type === "comment") continue;
      if (p.type === "variadic_parameter") {
        variadic = true;
        continue;
      }
      if (p.type !== "parameter_declaration") this.unsupported(p, `parameter '${p.text}'`);
      const bt = this.baseType(p, scope);
      const pd = p.childForFieldName("declarator");
      if (pd === null) {
        params.push({ name: null, t: bt, node: p });
        continue;
      }
      const r = pd.type.startsWith("abstract") ? { name: null, t: this.abstract(pd, bt, scope) } : this.declarator(pd, bt, scope);
      let pt = r.t;
      if (pt.k === "array") pt = ptrTo(pt.of);
      if (pt.k === "func") pt = ptrTo(pt);
      params.push({ name: r.name, t: pt, node: p });
    }
    const ps = params.length === 1 && params[0]!.t.k === "void" && params[0]!.name === null ? [] : params;
    return { ps, variadic };
  }

  abstract(d: Node | null, t: CType, scope: Scope | null): CType {
    if (d === null) return t;
    switch (d.type) {
      case "abstract_function_declarator": {
        const { ps, variadic } = this.funcParams(d.childForFieldName("parameters")!, scope);
        return this.abstract(d.childForFieldName("declarator"), { k: "func", ret: t, params: ps.map((p) => p.t), variadic }, scope);
      }
      case "abstract_pointer_declarator":
        return this.abstract(d.childForFieldName("declarator"), ptrTo(t), scope);
      case "abstract_array_declarator": {
        const sz = d.childForFieldName("size");
        const n = sz === null ? null : Number(this.constInt(sz, scope));
        return this.abstract(d.childForFieldName("declarator"), { k: "array", of: t, n }, scope);
      }
      case "abstract_parenthesized_declarator":
        return this.abstract(d.namedChildren[0] ?? null, t, scope);
      default:
        return this.unsupported(d, `type '${d.text}'`);
    }
  }

  /** The type of a `type_descriptor` (casts, sizeof). */
  typeDescriptor(n: Node, scope: Scope | null): CType {
    const bt = this.baseType(n, scope);
    return this.abstract(n.childForFieldName("declarator"), bt, scope);
  }

  // ---------------------------------------------------------------------------------------
  // Integer constant expressions (array sizes, enum values, case labels)

  constInt(n: Node, scope: Scope | null): bigint {
    const v = this.tryConstInt(n, scope);
    if (v === null) return this.err(n, `'${n.text}' is not an integer constant expression`);
    return v;
  }

  tryConstInt(n: Node, scope: Scope | null): bigint | null {
    switch (n.type) {
      case "number_literal": {
        const r = parseNumber(n.text);
        return r !== null && r.kind === "int" ? r.value : null;
      }
      case "char_literal":
        return BigInt(charValue(n.text));
      case "parenthesized_expression":
        return this.tryConstInt(n.namedChildren[0]!, scope);
      case "identifier": {
        const s = scope?.lookup(n.text) ?? this.fileScope.get(n.text);
        return s?.k === "enum" ? s.value : null;
      }
      case "unary_expression": {
        const a = this.tryConstInt(n.childForFieldName("argument")!, scope);
        if (a === null) return null;
        const op = n.childForFieldName("operator")!.type;
        return op === "-" ? -a : op === "+" ? a : op === "~" ? ~a : op === "!" ? (a === 0n ? 1n : 0n) : null;
      }
      case "binary_expression": {
        const a = this.tryConstInt(n.childForFieldName("left")!, scope);
        const b = this.tryConstInt(n.childForFieldName("right")!, scope);
        if (a === null || b === null) return null;
        const op = n.childForFieldName("operator")!.type;
        const B = (x: boolean): bigint => (x ? 1n : 0n);
        switch (op) {
          case "+": return a + b;
          case "-": return a - b;
          case "*": return a * b;
          case "/": return b === 0n ? null : a / b;
          case "%": return b === 0n ? null : a % b;
          case "<<": return a << b;
          case ">>": return a >> b;
          case "&": return a & b;
          case "|": return a | b;
          case "^": return a ^ b;
          case "<": return B(a < b);
          case ">": return B(a > b);
          case "<=": return B(a <= b);
          case ">=": return B(a >= b);
          case "==": return B(a === b);
          case "!=": return B(a !== b);
          case "&&": return B(a !== 0n && b !== 0n);
          case "||": return B(a !== 0n || b !== 0n);
          default: return null;
        }
      }
      case "sizeof_expression": {
        const tn = n.childForFieldName("type");
        if (tn !== null) return BigInt(sizeofC(this.typeDescriptor(tn, scope)));
        return null;
      }
      case "conditional_expression": {
        const c = this.tryConstInt(n.childForFieldName("condition")!, scope);
        if (c === null) return null;
        return this.tryConstInt(n.childForFieldName(c !== 0n ? "consequence" : "alternative")!, scope);
      }
      case "cast_expression": {
        return this.tryConstInt(n.childForFieldName("value")!, scope);
      }
      default:
        return null;
    }
  }

  // ---------------------------------------------------------------------------------------
  // Top level

  translationUnit(root: Node): void {
    let k = 0;
    const at = this.noinlineAt;
    for (const item of root.namedChildren) {
      if (item === null) continue;
      // `__attribute__((noinline))` before a top-level item or inside it marks the functions
      // it declares (the preprocessor blanked the text and kept where it stood).
      const end = item.endPosition;
      this.itemNoinline = false;
      while (k < at.length && (at[k]!.row < end.row || (at[k]!.row === end.row && at[k]!.col < end.column))) {
        this.itemNoinline = true;
        k++;
      }
      this.topLevel(item);
    }
  }

  topLevel(item: Node): void {
    switch (item.type) {
      case "comment":
      case ";":
        return;
      case "function_definition":
        return this.functionDefinition(item);
      case "declaration":
        return this.fileDeclaration(item);
      case "type_definition":
        return this.typedef(item, null);
      case "struct_specifier":
      case "union_specifier":
      case "enum_specifier":
        this.typeSpec(item, null);
        return;
      case "preproc_call": {
        const m = /^#pragma omp (\d+)/.exec(item.text.trim());
        if (m) {
          this.ompDecl?.(this.pragmas[Number(m[1])]!, item);
          return;
        }
        return this.unsupported(item, `'${item.text.trim()}'`);
      }
      case "expression_statement":
        if (item.text.trim() === ";") return;
        return this.err(item, "expected a declaration");
      case "linkage_specification":
        return this.unsupported(item, "'extern \"C\"'");
      default:
        return this.err(item, `unexpected '${item.text.split("\n")[0]!.slice(0, 40)}' at file scope`);
    }
  }

  typedef(item: Node, scope: Scope | null): void {
    const bt = this.baseType(item, scope);
    for (const d of item.childrenForFieldName("declarator")) {
      if (d === null) continue;
      const r = this.declarator(d, bt, scope);
      const sym: Sym = { k: "typedef", t: r.t };
      if (scope) scope.set(r.name, sym);
      else this.fileScope.set(r.name, sym);
    }
  }

  storage(decl: Node): string[] {
    return decl.namedChildren.filter((c): c is Node => c !== null && c.type === "storage_class_specifier").map((c) => c.text);
  }

  fileDeclaration(decl: Node): void {
    const bt = this.baseType(decl, null);
    const st = this.storage(decl);
    for (const d of decl.childrenForFieldName("declarator")) {
      if (d === null) continue;
      const init = d.type === "init_declarator" ? d.childForFieldName("value") : null;
      const dd = d.type === "init_declarator" ? d.childForFieldName("declarator")! : d;
      const r = this.declarator(dd, bt, null);
      if (r.t.k === "func") {
        if (this.itemNoinline) this.noinlineNames.add(r.name);
        if (!this.funcs.has(r.name)) this.funcs.set(r.name, { name: r.name, t: r.t, def: null, pos: this.pos(dd) });
        continue;
      }
      let t = r.t;
      if (t.k === "array" && t.n === null && init !== null && init.type === "initializer_list") t = { ...t, n: init.namedChildren.filter((c) => c !== null && c.type !== "comment").length };
      if (t.k === "array" && t.n === null && init !== null && init.type === "string_literal") t = { ...t, n: stringLiteral(init).length + 1 };
      const prev = this.globals.get(r.name);
      if (prev !== undefined) {
        if (init !== null) prev.init = init;
        if (prev.t.k === "array" && prev.t.n === null) prev.t = t;
        if (this.inDeclareTarget()) prev.declTarget = true;
        continue;
      }
      if (st.includes("extern") && init === null) {
        this.globals.set(r.name, { name: r.name, t, init: null, pos: this.pos(dd), declTarget: this.inDeclareTarget() });
        continue;
      }
      this.globals.set(r.name, { name: r.name, t, init, pos: this.pos(dd), declTarget: this.inDeclareTarget() });
    }
  }

  /** Inside `begin declare target` whose variables live on the device (not `device_type(host)`). */
  inDeclareTarget(): boolean {
    return this.declareTargetDepth > 0 && this.deviceTypes.at(-1) !== "host";
  }

  /** The host or device copy of a global, created on first use. */
  globalFor(g: CGlobal, side: Side, at?: Node): GlobalId {
    const have = side === "host" ? g.host : g.dev;
    if (have !== undefined) return have;
    if (g.threadprivate && side === "device") this.err(at ?? g.pos, threadprivateOnDevice(g.name));
    if (g.link && side === "device") this.err(at ?? g.pos, `using the 'declare target link' variable '${g.name}' in a device function is not supported (use it in the target region, or declare it with 'enter')`);
    if (g.t.k === "struct" && !g.t.s.complete) this.err(g.pos, `'${g.name}' has incomplete type`);
    if (g.t.k === "array" && g.t.n === null) this.err(g.pos, `array '${g.name}' has no size`);
    const leaf = leafElem(g.t);
    const scalarArray = isScalar(leaf);
    const ty: Type = scalarArray ? irType(leaf) : "i8";
    const count = scalarArray ? Math.max(1, sizeofC(g.t) / sizeofC(leaf)) : Math.max(1, sizeofC(g.t));
    let init = null;
    if (g.init !== null) init = scalarArray ? this.constInitializer(g.init, g.t, leaf, count) : this.byteInitializer(g.init, g.t);
    const name = freshSymbol(this.m, side === "host" ? g.name : `${g.name}.dev`);
    const id = addGlobal(this.m, name, side === "host" ? "host" : "global", ty, count, init, srcLoc(this.locOf(0, 0)));
    if (side === "host") g.host = id;
    else g.dev = id;
    return id;
  }

  /**
   * `list` for an aggregate of type `t` with its braces made explicit (C11 6.7.9 p20): a
   * member that is itself an aggregate, met by an item that is not a braced list, takes as
   * many items of the enclosing list as it has scalars (`int a[2][2] = {1, 2, 3, 4}`),
   * unless `whole` says the item initializes it whole (a struct-typed expression) or it is a
   * char array met by a string literal.
   */
  braceList(list: Node, t: CType, whole: (n: Node, t: CType) => boolean): Braced {
    const items = listItems(list);
    const pos = { i: 0 };
    const r = this.braceFrom(items, pos, t, list, whole);
    if (pos.i < items.length) this.err(items[pos.i]!, `excess elements in ${t.k === "struct" ? "struct" : "array"} initializer`);
    return r;
  }

  private braceFrom(items: readonly Node[], pos: { i: number }, t: CType, at: Node, whole: (n: Node, t: CType) => boolean): Braced {
    const members: CType[] = t.k === "array" ? Array.from({ length: t.n ?? items.length }, () => t.of) : t.k === "struct" ? (t.s.union ? t.s.fields.slice(0, 1) : t.s.fields).map((f) => f.type) : [t];
    const out: (Init | undefined)[] = [];
    for (const mt of members) {
      const it = items[pos.i];
      if (it === undefined) break;
      const aggregate = mt.k === "array" || mt.k === "struct";
      if (it.type === "initializer_list") {
        out.push(aggregate ? this.braceList(it, mt, whole) : it);
        pos.i++;
      } else if (aggregate && !(mt.k === "array" && it.type === "string_literal" && isInt(mt.of) && sizeofC(mt.of) === 1) && !whole(it, mt)) {
        out.push(this.braceFrom(items, pos, mt, it, whole)); // its braces elided
      } else {
        out.push(it);
        pos.i++;
      }
    }
    return { braced: true, at, items: out };
  }

  /** A constant initializer of an aggregate with fields of several types, as its bytes
   *  (little-endian, as the targets lay them out). */
  byteInitializer(n: Node, t: CType): bigint[] {
    const bytes = new Uint8Array(Math.max(1, sizeofC(t)));
    const dv = new DataView(bytes.buffer);
    const put = (init: Init | undefined, ty: CType, at: number): void => {
      if (init === undefined) return;
      if (ty.k === "struct") {
        if (!isBraced(init) && init.type !== "initializer_list") this.err(init, "a struct initializer must be a braced list");
        const b = isBraced(init) ? init : this.braceList(init, ty, () => false);
        const fields = ty.s.union ? ty.s.fields.slice(0, 1) : ty.s.fields;
        b.items.forEach((it, i) => put(it, fields[i]!.type, at + fields[i]!.offset));
        return;
      }
      if (ty.k === "array") {
        if (!isBraced(init) && init.type === "string_literal" && isInt(ty.of) && sizeofC(ty.of) === 1) {
          const s = stringLiteral(init);
          for (let i = 0; i < Math.min(ty.n!, s.length); i++) bytes[at + i] = s.charCodeAt(i) & 255;
          return;
        }
        if (!isBraced(init) && init.type !== "initializer_list") this.err(init, "an array initializer must be a braced list");
        const b = isBraced(init) ? init : this.braceList(init, ty, () => false);
        b.items.forEach((it, i) => put(it, ty.of, at + i * sizeofC(ty.of)));
        return;
      }
      if (isBraced(init)) return put(init.items[0], ty, at);
      const node = init;
      if (node.type === "initializer_list") {
        const first = listItems(node)[0];
        if (first) put(first, ty, at);
        return;
      }
      const v = this.constScalar(node, ty);
      if (ty.k === "float") {
        if (ty.size === 4) dv.setFloat32(at, Number(v), true);
        else dv.setFloat64(at, Number(v), true);
      } else if (ty.k === "int") {
        const b = BigInt.asUintN(ty.size * 8, v as bigint);
        for (let i = 0; i < ty.size; i++) bytes[at + i] = Number((b >> BigInt(8 * i)) & 255n);
      }
      // Pointers can only be null here (constScalar rejects the rest): zero bytes.
    };
    put(n, t, 0);
    return [...bytes].map((b) => BigInt.asIntN(8, BigInt(b)));
  }

  constInitializer(n: Node, t: CType, leaf: CType, count: number): (bigint | number | null)[] {
    const out: (bigint | number | null)[] = [];
    const zero = (): bigint | number | null => (leaf.k === "float" ? 0 : leaf.k === "ptr" ? null : 0n);
    const fill = (init: Init | null, ty: CType, at: number): void => {
      const cells = sizeofC(ty) / sizeofC(leaf);
      if (init === null) {
        for (let i = 0; i < cells; i++) out[at + i] = zero();
        return;
      }
      if (ty.k === "array") {
        if (!isBraced(init) && init.type === "string_literal" && isInt(ty.of)) {
          const s = stringLiteral(init);
          for (let i = 0; i < ty.n!; i++) out[at + i] = BigInt(i < s.length ? s.charCodeAt(i) : 0);
          return;
        }
        if (!isBraced(init) && init.type !== "initializer_list") this.err(init, "an array initializer must be a braced list");
        const b = isBraced(init) ? init : this.braceList(init, ty, () => false);
        const per = sizeofC(ty.of) / sizeofC(leaf);
        for (let i = 0; i < ty.n!; i++) fill(b.items[i] ?? null, ty.of, at + i * per);
        return;
      }
      if (isBraced(init)) return fill(init.items[0] ?? null, ty, at);
      const node = init;
      if (node.type === "initializer_list") {
        const items = node.namedChildren.filter((c): c is Node => c !== null && c.type !== "comment");
        return fill(items[0] ?? null, ty, at);
      }
      out[at] = this.constScalar(node, ty);
    };
    fill(n, t, 0);
    for (let i = 0; i < count; i++) out[i] ??= zero();
    return out;
  }

  constScalar(n: Node, t: CType): bigint | number | null {
    const f = this.tryConstFloat(n);
    if (t.k === "float") {
      if (f === null) this.err(n, `'${n.text}' is not a constant`);
      return t.size === 4 ? Math.fround(f) : f;
    }
    if (t.k === "ptr") {
      if (/^\(?\s*\(\s*void\s*\*\s*\)\s*0\s*\)?$|^0$/.test(n.text)) return null;
      return this.unsupported(n, "a pointer initializer of a global");
    }
    const v = this.tryConstInt(n, null);
    if (v !== null) return BigInt.asIntN(sizeofC(t) * 8, v);
    if (f !== null) return BigInt.asIntN(sizeofC(t) * 8, BigInt(Math.trunc(f)));
    return this.err(n, `'${n.text}' is not a constant`);
  }

  tryConstFloat(n: Node): number | null {
    if (n.type === "number_literal") {
      const r = parseNumber(n.text);
      return r === null ? null : r.kind === "int" ? Number(r.value) : r.value;
    }
    if (n.type === "parenthesized_expression") return this.tryConstFloat(n.namedChildren[0]!);
    if (n.type === "unary_expression" && n.childForFieldName("operator")!.type === "-") {
      const a = this.tryConstFloat(n.childForFieldName("argument")!);
      return a === null ? null : -a;
    }
    if (n.type === "binary_expression") {
      const a = this.tryConstFloat(n.childForFieldName("left")!);
      const b = this.tryConstFloat(n.childForFieldName("right")!);
      if (a === null || b === null) return null;
      switch (n.childForFieldName("operator")!.type) {
        case "+": return a + b;
        case "-": return a - b;
        case "*": return a * b;
        case "/": return a / b;
      }
      return null;
    }
    const i = this.tryConstInt(n, null);
    return i === null ? null : Number(i);
  }

  functionDefinition(def: Node): void {
    const bt = this.baseType(def, null);
    const r = this.declarator(def.childForFieldName("declarator")!, bt, null);
    if (r.t.k !== "func") this.err(def, "expected a function");
    const prev = this.funcs.get(r.name);
    if (prev?.def) this.err(r.node, `redefinition of '${r.name}'`);
    const cf: CFunc = { name: r.name, t: r.t, def, pos: this.pos(r.node) };
    if (this.itemNoinline) this.noinlineNames.add(r.name);
    const only = this.deviceTypes.at(-1);
    if (only === "host" || only === "nohost") cf.only = only;
    else if (prev?.only !== undefined) cf.only = prev.only;
    this.funcs.set(r.name, cf);
  }

  /** Lowers every host function reachable from main (and main itself). */
  lowerProgram(): void {
    const main = this.funcs.get("main");
    if (main === undefined || main.def === null) throw new CError([{ pos: { file: this.file, line: 1, col: 1 }, message: "the program has no 'main' function" }]);
    this.checkNohostReferences();
    this.hostFunc(main);
    while (this.work.length) this.work.shift()!();
  }

  /**
   * clang compiles every function that is not `device_type(nohost)` for the host too, a
   * target region included (its host fallback), whether or not anything calls it; so a call
   * to (or the address of) a nohost function anywhere else is an error there ("function with
   * 'device_type(nohost)' is not available on host"), even in a target region or a function
   * only target code calls. Operands of `sizeof` are not evaluated and do not count.
   */
  private checkNohostReferences(): void {
    const nohost = new Set([...this.funcs.values()].filter((f) => f.only === "nohost").map((f) => f.name));
    if (nohost.size === 0) return;
    const declarators = new Set(["function_declarator", "init_declarator", "pointer_declarator", "array_declarator", "parenthesized_declarator", "parameter_declaration", "declaration"]);
    for (const cf of this.funcs.values()) {
      if (cf.def === null || cf.only === "nohost") continue;
      // A name the function declares itself (a parameter or local) is not the function.
      const own = new Set<string>();
      const refs: Node[] = [];
      const walk = (n: Node): void => {
        if (n.type === "sizeof_expression") return;
        if (n.type === "identifier" && nohost.has(n.text)) {
          if (n.parent !== null && declarators.has(n.parent.type)) own.add(n.text);
          else refs.push(n);
        }
        for (const c of n.namedChildren) if (c !== null) walk(c);
      };
      const body = cf.def.childForFieldName("body");
      const decl = cf.def.childForFieldName("declarator");
      if (decl !== null) walk(decl);
      if (body !== null) walk(body);
      const bad = refs.find((r) => !own.has(r.text));
      if (bad !== undefined) this.err(bad, nohostMessage(bad.text));
    }
  }

  /** The IR function of a C function on one side, created (and queued for lowering) on
   *  demand; on the device, the version for the spaces its pointer arguments point into
   *  (`spaces`, by C parameter; absent or undefined: global). */
  funcFor(cf: CFunc, side: Side, at: Node, spaces?: readonly (Space | undefined)[]): IrFunction {
    return side === "host" ? this.hostFunc(cf, at) : this.devFunc(cf, at, spaces);
  }

  sig(cf: CFunc, at: Node | null): { params: Type[]; ret: Type | "void" } {
    const t = cf.t;
    if (t.params === null) return this.err(at ?? cf.pos, `'${cf.name}' has no prototype`);
    // Structs travel by reference to a copy (clang's byval), a returned struct through a
    // first parameter pointing at the caller's slot (sret).
    const params: Type[] = t.params.map((p) => (p.k === "struct" ? "ptr" : irType(p)));
    if (t.ret.k === "struct") return { params: ["ptr", ...params], ret: "void" };
    return { params, ret: t.ret.k === "void" ? "void" : irType(t.ret) };
  }

  paramNames(cf: CFunc): (string | null)[] {
    const r = this.declarator(cf.def!.childForFieldName("declarator")!, this.baseType(cf.def!, null), null);
    const names = (r.params ?? []).map((p) => p.name);
    return cf.t.ret.k === "struct" ? ["sret", ...names] : names;
  }

  /** The IR attributes of a C function's versions: `noinline` where the C said so. */
  attrsOf(cf: CFunc): Attrs | undefined {
    return this.noinlineNames.has(cf.name) ? { ...emptyAttrs(), noinline: true } : undefined;
  }

  hostFunc(cf: CFunc, at?: Node): IrFunction {
    if (cf.host) return cf.host;
    if (cf.only === "nohost") return this.err(at ?? cf.pos, nohostMessage(cf.name));
    if (cf.def === null) return this.err(at ?? cf.pos, `function '${cf.name}' is declared but not defined (only the builtins in docs/C.md are known)`);
    const isMain = cf.name === "main";
    const mainArgs = isMain && (cf.t.params?.length ?? 0) > 0;
    if (mainArgs && !isArgcArgv(cf.t.params!)) this.unsupported(cf.def, "'main' with parameters other than (int argc, char **argv)");
    if (isMain && !(cf.t.ret.k === "int" && cf.t.ret.size === 4)) this.err(cf.def, "'main' must return int");
    const s = this.sig(cf, at ?? null);
    // main(argc, argv) is the IR's main(): FB.body makes its two parameters' values.
    const f = addFunction(this.m, freshSymbol(this.m, cf.name), "host", mainArgs ? [] : s.params, s.ret, { loc: this.loc(cf.def), paramNames: mainArgs ? [] : this.paramNames(cf), attrs: this.attrsOf(cf) });
    cf.host = f;
    this.work.push(this.atLibcSite(cf, at, () => new FB(this, f, "host").body(cf)));
    return f;
  }

  /**
   * The device version of `cf` for pointer arguments into `spaces` (by C parameter). A
   * device function's pointer parameters point into `global`; a call passing the address
   * of a local (or of team-shared memory) gets a clone whose parameter points there, named
   * after the spaces of its pointer parameters (`@swap.dev.ll`: both local), and the clone's
   * calls pass the spaces on, so the cloning is transitive. At most MAX_SPACE_CLONES clones
   * per function (a located error past it). *clang*: one function taking generic pointers.
   */
  devFunc(cf: CFunc, at?: Node, spaces?: readonly (Space | undefined)[]): IrFunction {
    const ptrSpaces = (cf.t.params ?? []).map((p, i) => (p.k === "ptr" ? (spaces?.[i] ?? "global") : null));
    const key = ptrSpaces.filter((s) => s !== null).map((s) => s![0]).join("");
    const clone = /[ls]/.test(key);
    if (!clone && cf.dev) return cf.dev;
    const have = clone ? cf.devClones?.get(key) : undefined;
    if (have !== undefined) return have;
    if (cf.only === "host") return this.err(at ?? cf.pos, `function '${cf.name}' is 'declare target device_type(host)' and cannot be called in a target region`);
    if (cf.def === null) return this.err(at ?? cf.pos, `function '${cf.name}' is declared but not defined (only the builtins in docs/C.md are known)`);
    if (clone && (cf.devClones?.size ?? 0) >= MAX_SPACE_CLONES) {
      return this.err(at ?? cf.pos, `more than ${MAX_SPACE_CLONES} versions of '${cf.name}' for the memory spaces its pointer arguments point into (local, team-shared, global) are not supported`);
    }
    const s = this.sig(cf, at ?? null);
    const f = addFunction(this.m, freshSymbol(this.m, clone ? `${cf.name}.dev.${key}` : `${cf.name}.dev`), "device", s.params, s.ret, { loc: this.loc(cf.def), paramNames: this.paramNames(cf), attrs: this.attrsOf(cf) });
    if (clone) (cf.devClones ??= new Map()).set(key, f);
    else cf.dev = f;
    const lower = (): void => {
      const fb = new FB(this, f, "device");
      // A parallel region in a device function shares its locals as in a kernel: globalized.
      fb.globalize = this.parallelUses?.(cf.def!) ?? null;
      fb.body(cf, ptrSpaces);
    };
    // A clone returning a pointer is lowered now, so that the call knows where its result
    // points (retSpace); a recursive call inside it finds none yet and takes `global`.
    if (clone && cf.t.ret.k === "ptr") this.atLibcSite(cf, at, lower)();
    else this.work.push(this.atLibcSite(cf, at, lower));
    return f;
  }

  /** The call in the program that a library function written in C (libc.ts) is being lowered for. */
  private libcSite: { pos: SrcPos; name: string } | null = null;

  /**
   * `lower`, such that an error in the body of a library function written in C is reported at
   * the program's call that needed it (the code in `<libc>` is not the user's to fix).
   */
  atLibcSite(cf: CFunc, at: Node | undefined, lower: () => void): () => void {
    if (cf.pos.file !== LIBC_FILE) return lower;
    const here = at === undefined ? null : this.pos(at);
    const site = here !== null && here.file !== LIBC_FILE ? { pos: here, name: cf.name } : this.libcSite;
    return () => {
      const outer = this.libcSite;
      this.libcSite = site;
      try {
        lower();
      } catch (e) {
        const d = e instanceof CError ? e.diags[0] : undefined;
        if (site === null || d === undefined || d.pos.file !== LIBC_FILE) throw e;
        throw new CError([{ pos: site.pos, message: `in '${site.name}' (the C library's, written in C) called here: ${d.message}` }]);
      } finally {
        this.libcSite = outer;
      }
    };
  }

  /** The host's nthreads-var (initially 1: host teams have one thread), made on first use. */
  hostNthreadsGlobal(): GlobalId {
    this.hostNthreadsId ??= addGlobal(this.m, freshSymbol(this.m, ".omp.host_nthreads"), "host", "i32", 1, [1n]);
    return this.hostNthreadsId;
  }

  /** The host's parallel nesting level (OpenMP's levels-var), made on first use. */
  hostLevelGlobal(): GlobalId {
    this.hostLevelId ??= addGlobal(this.m, freshSymbol(this.m, ".omp.host_level"), "host", "i32", 1, null);
    return this.hostLevelId;
  }

  /** A string literal as a global i8 array on one side. */
  stringGlobal(s: string, side: Side): GlobalId {
    let e = this.strings.get(s);
    if (e === undefined) this.strings.set(s, (e = {}));
    const have = side === "host" ? e.host : e.dev;
    if (have !== undefined) return have;
    const bytes = [...s].map((c) => BigInt(BigInt.asIntN(8, BigInt(c.charCodeAt(0) & 255))));
    bytes.push(0n);
    const id = addGlobal(this.m, freshSymbol(this.m, side === "host" ? ".str" : ".str.dev"), side === "host" ? "host" : "global", "i8", bytes.length, bytes);
    if (side === "host") e.host = id;
    else e.dev = id;
    return id;
  }
}

/** A `declare mapper`: its variable's name and the map clauses written in terms of it. */
export interface Mapper {
  v: string;
  clauses: Clause[];
  pos: SrcPos;
}

export class Scope {
  readonly syms = new Map<string, Sym>();
  readonly tags = new Map<string, StructInfo | { enumTag: true }>();
  constructor(readonly parent: Scope | null) {}
  lookup(name: string): Sym | undefined {
    return this.syms.get(name) ?? this.parent?.lookup(name);
  }
  tag(name: string): StructInfo | { enumTag: true } | undefined {
    return this.tags.get(name) ?? this.parent?.tag(name);
  }
  set(name: string, s: Sym): void {
    this.syms.set(name, s);
  }
}

/** One IR function being built from C. */
export class FB {
  cur: BlockId;
  readonly entry: BlockId;
  scope: Scope;
  breaks: BlockId[] = [];
  continues: BlockId[] = [];
  retType: CType = VOID;
  isMain = false;
  /** Names a generic kernel's nested parallel regions use: locals by these names are globalized. */
  globalize: Set<string> | null = null;
  /** Storage to free at scope exit (omp.free_shared), innermost scope last. */
  sharedFrees: { ptr: ValueId; size: number }[][] = [];
  /** Inside a target region (device code lowered from a target construct). */
  inTarget = false;
  /** Inside an outlined parallel region. */
  inParallel = false;
  /** Inside a parallel region nested in another (a team of one thread per outer thread). */
  nestedRegion = false;
  /** Host code: the parallel constructs around this point of the function (each runs with
   *  one thread); with Lowerer.usesLevel the level is the host global's instead. */
  hostLevel = 0;
  /** Inside a reverse-offload region (host code called from the device). */
  inReverse = false;
  /** The spaces of the pointers the function's `return`s give (Lowerer.retSpace). */
  retSpaces = new Set<Space>();
  /** The originals of `lastprivate` variables of the loop being lowered. */
  lastprivateOrigins = new Map<string, Var>();
  /** The sret parameter of a function returning a struct. */
  sret: ValueId = NO_VALUE;
  /** Variables mapped by an enclosing `target data` or an earlier `target enter data` (for `target update`). */
  presentNames = new Set<string>();
  /** Device code: each pointer variable's loads and stores, by its address (spaces.ts). */
  readonly ptrVars = new Map<ValueId, PtrVarUses<Node>>();

  constructor(readonly L: Lowerer, readonly f: IrFunction, readonly side: Side, parentScope: Scope | null = null) {
    this.entry = addBlock(f, "entry");
    this.cur = addBlock(f, null);
    this.scope = new Scope(parentScope);
  }

  get space(): Space {
    return this.side === "host" ? "host" : "local";
  }
  get defaultPs(): Space {
    return this.side === "host" ? "host" : "global";
  }

  // ---------------------------------------------------------------------------------------
  // Emission helpers

  emit(data: InstData, type: Type | null, n: Node | null): ValueId {
    if (data.kind === "binary") {
      const f = this.fold(data.op, data.type, data.lhs, data.rhs);
      if (f !== null) return f;
    }
    const loc = n ? this.L.loc(n) : undefined;
    const id = appendInst(this.f, this.cur, data, type, loc);
    const inst = this.f.insts[id]!;
    if (isTerminator(inst)) this.cur = addBlock(this.f, null);
    return inst.result;
  }
  /** Integer arithmetic on two constants, done now (as clang's IR builder folds it). */
  fold(op: string, ty: Type, a: ValueId, b: ValueId): ValueId | null {
    if (ty !== "i8" && ty !== "i32" && ty !== "i64") return null;
    const x = constValue(this.f, a);
    const y = constValue(this.f, b);
    // x+0, x-0, x*1, 0+y, 1*y: no instruction.
    if (y === 0n && (op === "add" || op === "sub" || op === "or" || op === "xor")) return a;
    if (y === 1n && (op === "mul" || op === "sdiv" || op === "udiv")) return a;
    if (x === 0n && (op === "add" || op === "or" || op === "xor")) return b;
    if (x === 1n && op === "mul") return b;
    if (typeof x !== "bigint" || typeof y !== "bigint") return null;
    const bits = ty === "i8" ? 8 : ty === "i32" ? 32 : 64;
    let r: bigint;
    switch (op) {
      case "add": r = x + y; break;
      case "sub": r = x - y; break;
      case "mul": r = x * y; break;
      case "and": r = x & y; break;
      case "or": r = x | y; break;
      case "xor": r = x ^ y; break;
      default: return null;
    }
    return this.c(ty, BigInt.asIntN(bits, r));
  }
  c(t: Type, v: bigint | number | null): ValueId {
    return addConst(this.f, t, v);
  }
  ci(t: CType, v: bigint | number): RVal {
    if (t.k === "float") return { v: this.c(irType(t), t.size === 4 ? Math.fround(Number(v)) : Number(v)), t };
    return { v: this.c(irType(t), BigInt.asIntN(sizeofC(t) * 8, BigInt(v))), t };
  }
  block(): BlockId {
    return addBlock(this.f, null);
  }
  br(b: BlockId, args: ValueId[] = [], n: Node | null = null): void {
    this.emit({ kind: "br", target: b, args }, null, n);
  }
  condBr(c: ValueId, t: BlockId, e: BlockId, n: Node | null = null): void {
    this.emit({ kind: "cond_br", cond: c, then: t, thenArgs: [], else: e, elseArgs: [] }, null, n);
  }
  setBlock(b: BlockId): void {
    this.cur = b;
  }
  /** An alloca in the entry block (so loops do not grow the frame). */
  alloca(t: CType, n: Node | null, name: string | null = null): ValueId {
    const leaf = leafElem(t);
    const [ty, count] = isScalar(t) ? [irType(t), 1] : isScalar(leaf) ? [irType(leaf), Math.max(1, sizeofC(t) / sizeofC(leaf))] : ["i8" as Type, Math.max(1, sizeofC(t))];
    // Named after the C variable, so the printed module reads like the source.
    const id = appendInst(this.f, this.entry, { kind: "alloca", elemType: ty, count: this.c("i32", BigInt(count)) }, "ptr", n ? this.L.loc(n) : undefined, name);
    return this.f.insts[id]!.result;
  }
  gvar(g: GlobalId): ValueId {
    return addValue(this.f, "ptr", { kind: "global", global: g });
  }

  /** Declares a local variable (alloca, or team-shared storage when a nested parallel region uses it). */
  declareLocal(name: string, t: CType, n: Node): Var {
    if (t.k === "struct" && !t.s.complete) this.L.err(n, `variable '${name}' has incomplete type`);
    if (t.k === "void") this.L.err(n, `variable '${name}' has type void`);
    let v: Var;
    if (this.globalize?.has(name) && this.side === "device") {
      const size = Math.max(1, sizeofC(t));
      const p = appendInst(this.f, this.cur, { kind: "omp.alloc_shared", size: this.c("i64", BigInt(size)) }, "ptr", n ? this.L.loc(n) : undefined, name);
      const pv = this.f.insts[p]!.result;
      this.sharedFrees[this.sharedFrees.length - 1]?.push({ ptr: pv, size });
      v = { name, t, addr: pv, sp: "shared" };
    } else {
      v = { name, t, addr: this.alloca(t, n, name), sp: this.space, level: this.hostLevel };
    }
    this.scope.set(name, { k: "var", v });
    return v;
  }

  pushScope(): void {
    this.scope = new Scope(this.scope);
    this.sharedFrees.push([]);
  }
  popScope(): void {
    const frees = this.sharedFrees.pop() ?? [];
    for (const fr of frees.reverse()) this.emit({ kind: "omp.free_shared", ptr: fr.ptr, size: this.c("i64", BigInt(fr.size)) }, null, null);
    this.scope = this.scope.parent!;
  }

  // ---------------------------------------------------------------------------------------
  // Functions

  /** `spaces`: by C parameter, where a pointer parameter points (devFunc's clones). */
  body(cf: CFunc, spaces?: readonly (Space | null)[]): void {
    const def = cf.def!;
    this.isMain = cf.name === "main" && this.side === "host";
    this.retType = cf.t.ret;
    const r = this.L.declarator(def.childForFieldName("declarator")!, this.L.baseType(def, null), null);
    this.pushScope();
    const off = cf.t.ret.k === "struct" ? 1 : 0;
    this.sret = off === 1 ? this.f.params[0]! : NO_VALUE;
    const mainArgs = this.isMain && (r.params?.length ?? 0) === 2;
    (r.params ?? []).forEach((p, i) => {
      if (p.name === null) return;
      // main(argc, argv): the program runs with no arguments, argv = { "prog", NULL } (the C
      // file's name without .c), as gcc's binary run without arguments sees them.
      const param = mainArgs ? (i === 0 ? this.ci(INT, 1n).v : this.mainArgv(p.node)) : this.f.params[i + off]!;
      if (p.t.k === "struct") {
        // byval: the parameter points at the caller's copy, in the caller's frame.
        this.scope.set(p.name, { k: "var", v: { name: p.name, t: p.t, addr: param, sp: this.space, level: 0 } });
        return;
      }
      const v = this.declareLocal(p.name, p.t, p.node);
      this.store({ addr: v.addr, t: v.t, sp: v.sp, v }, { v: param, t: p.t, ps: p.t.k === "ptr" ? (spaces?.[i] ?? this.defaultPs) : undefined }, p.node);
    });
    this.compound(def.childForFieldName("body")!, false);
    this.popScope();
    this.finish();
    // Only a clone's (lowered before its calls): the plain version's results stay `global`.
    const clone = spaces?.some((sp) => sp === "local" || sp === "shared") ?? false;
    if (clone && this.retSpaces.size === 1) this.L.retSpace.set(this.f.id, [...this.retSpaces][0]!);
  }

  /** Terminates fall-through blocks and drops unreachable ones. */
  finish(): void {
    const f = this.f;
    const fallRet = (): InstData => {
      if (f.ret === "void") return { kind: "ret", value: NO_VALUE };
      return { kind: "ret", value: this.c(f.ret, f.ret === "f32" || f.ret === "f64" ? 0 : f.ret === "ptr" ? null : 0n) };
    };
    for (const b of [...f.layout]) {
      if (b === this.entry) continue;
      const t = terminatorOf(f, b);
      if (t === undefined || !isTerminator(t)) appendInst(f, b, fallRet(), null);
    }
    appendInst(f, this.entry, { kind: "br", target: f.layout[1]!, args: [] }, null);
    // Reachability from the entry; drop the rest.
    const seen = new Set<BlockId>([this.entry]);
    const stack = [this.entry];
    while (stack.length) {
      const b = stack.pop()!;
      for (const s of successors(terminatorOf(f, b)!)) if (!seen.has(s.block)) (seen.add(s.block), stack.push(s.block));
    }
    for (const b of [...f.layout]) if (!seen.has(b)) removeBlock(f, b);
    if (this.side === "device") {
      const c = findSpaceConflict(f, this.ptrVars);
      if (c !== null) {
        const at = this.L.pos(c.store.node);
        this.L.unsupported(c.load.node, `'${c.name}' may point into ${SPACE_WORDS[c.store.ps!]} (assigned at ${at.line}:${at.col}) or into ${SPACE_WORDS[c.load.ps]} here: a pointer variable that points into two memory spaces in device code`);
      }
    }
  }

  /** The variable's uses for spaces.ts: a pointer variable of this function's own storage. */
  ptrVarUses(lv: LVal): PtrVarUses<Node> | undefined {
    if (this.side !== "device" || lv.t.k !== "ptr" || lv.v === undefined || lv.addr !== lv.v.addr) return undefined;
    let u = this.ptrVars.get(lv.addr);
    if (u === undefined) this.ptrVars.set(lv.addr, (u = { name: lv.v.name, stores: [], loads: [] }));
    return u;
  }
  isNull(x: RVal): boolean {
    return this.f.values[x.v]?.def.kind === "const" && constValue(this.f, x.v) === null;
  }
  /** main's argv: an array { name of the program, NULL } in host memory. */
  mainArgv(n: Node): ValueId {
    const name = this.L.pos(n).file.replace(/^.*\//, "").replace(/\.c$/, "");
    const arr = appendInst(this.f, this.entry, { kind: "alloca", elemType: "ptr", count: this.c("i32", 2n) }, "ptr", this.L.loc(n), "argv");
    const a = this.f.insts[arr]!.result;
    this.emit({ kind: "store", type: "ptr", space: "host", value: this.gvar(this.L.stringGlobal(name, "host")), ptr: a }, null, n);
    const second = this.emit({ kind: "gep", elemType: "ptr", ptr: a, index: this.c("i32", 1n) }, "ptr", n);
    this.emit({ kind: "store", type: "ptr", space: "host", value: this.c("ptr", null), ptr: second }, null, n);
    return a;
  }
  /** The instruction emit() appended last (a store or load: not a terminator). */
  lastInst(): InstId {
    return this.f.blocks[this.cur]!.insts.at(-1)!;
  }

  // ---------------------------------------------------------------------------------------
  // Statements

  compound(n: Node, newScope = true): void {
    if (newScope) this.pushScope();
    for (const s of n.namedChildren) if (s !== null) this.stmt(s);
    if (newScope) this.popScope();
  }

  stmt(n: Node): void {
    switch (n.type) {
      case "comment":
        return;
      case "compound_statement":
        return this.compound(n);
      case "declaration":
        return this.localDeclaration(n);
      case "type_definition":
        return this.L.typedef(n, this.scope);
      case "struct_specifier":
      case "union_specifier":
      case "enum_specifier":
        this.L.typeSpec(n, this.scope);
        return;
      case "expression_statement": {
        const e = n.namedChildren[0];
        if (e) this.expr(e, true);
        return;
      }
      case "if_statement": {
        const cond = this.cond(unparen(n.childForFieldName("condition")!));
        const then = this.block();
        const els = this.block();
        const join = this.block();
        const alt = n.childForFieldName("alternative");
        this.condBr(cond, then, alt ? els : join, n);
        this.setBlock(then);
        this.stmt(n.childForFieldName("consequence")!);
        this.br(join);
        if (alt) {
          this.setBlock(els);
          this.stmt(alt.type === "else_clause" ? alt.namedChildren[0]! : alt);
          this.br(join);
        }
        this.setBlock(join);
        return;
      }
      case "while_statement": {
        const head = this.block();
        const bodyB = this.block();
        const exit = this.block();
        this.br(head);
        this.setBlock(head);
        this.condBr(this.cond(unparen(n.childForFieldName("condition")!)), bodyB, exit, n);
        this.setBlock(bodyB);
        this.loopBody(n.childForFieldName("body")!, exit, head);
        this.br(head);
        this.setBlock(exit);
        return;
      }
      case "do_statement": {
        const bodyB = this.block();
        const test = this.block();
        const exit = this.block();
        this.br(bodyB);
        this.setBlock(bodyB);
        this.loopBody(n.childForFieldName("body")!, exit, test);
        this.br(test);
        this.setBlock(test);
        this.condBr(this.cond(unparen(n.childForFieldName("condition")!)), bodyB, exit, n);
        this.setBlock(exit);
        return;
      }
      case "for_statement":
        return this.forStmt(n);
      case "break_statement": {
        const b = this.breaks[this.breaks.length - 1];
        if (b === undefined) this.L.err(n, "'break' outside a loop or switch");
        this.br(b!, [], n);
        return;
      }
      case "continue_statement": {
        const b = this.continues[this.continues.length - 1];
        if (b === undefined) this.L.err(n, "'continue' outside a loop");
        this.br(b!, [], n);
        return;
      }
      case "return_statement":
        return this.returnStmt(n);
      case "switch_statement":
        return this.switchStmt(n);
      case "labeled_statement": {
        const label = n.childForFieldName("label")!.text;
        const m = /^__omp_pragma_(\d+)$/.exec(label);
        if (!m) return this.L.unsupported(n, "'goto' labels");
        const inner = n.namedChildren.filter((c): c is Node => c !== null && c.type !== "statement_identifier" && c.type !== "comment");
        const stmt = inner[0] ?? null;
        this.L.ompStmt!(this, this.L.pragmas[Number(m[1])]!, stmt, n);
        return;
      }
      case "goto_statement":
        return this.L.unsupported(n, "'goto'");
      case "case_statement":
        return this.L.err(n, "'case' outside a switch");
      case "preproc_call": {
        const m = /^#pragma omp (\d+)/.exec(n.text.trim());
        if (m) return this.L.unsupported(n, `'#pragma omp ${this.L.pragmas[Number(m[1])]!.text}' inside a function`);
        return this.L.unsupported(n, `'${n.text.trim()}'`);
      }
      case "function_definition":
        return this.L.unsupported(n, "nested functions");
      default:
        return this.L.unsupported(n, `statement '${n.type}'`);
    }
  }

  loopBody(body: Node, brk: BlockId, cont: BlockId): void {
    this.breaks.push(brk);
    this.continues.push(cont);
    this.stmt(body);
    this.breaks.pop();
    this.continues.pop();
  }

  forStmt(n: Node): void {
    this.pushScope();
    const init = n.childForFieldName("initializer");
    if (init !== null) {
      if (init.type === "declaration") this.localDeclaration(init);
      else this.expr(init, true);
    }
    const head = this.block();
    const bodyB = this.block();
    const step = this.block();
    const exit = this.block();
    this.br(head);
    this.setBlock(head);
    const cond = n.childForFieldName("condition");
    if (cond !== null) this.condBr(this.cond(cond), bodyB, exit, n);
    else this.br(bodyB);
    this.setBlock(bodyB);
    this.loopBody(n.childForFieldName("body")!, exit, step);
    this.br(step);
    this.setBlock(step);
    const upd = n.childForFieldName("update");
    if (upd !== null) this.expr(upd, true);
    this.br(head);
    this.setBlock(exit);
    this.popScope();
  }

  returnStmt(n: Node): void {
    if (this.inTarget || this.inParallel) this.L.err(n, "'return' inside an OpenMP region is not allowed");
    const e = n.namedChildren[0];
    if (this.retType.k === "void") {
      if (e) this.expr(e, true);
      this.unwindShared();
      this.emit({ kind: "ret", value: NO_VALUE }, null, n);
      return;
    }
    if (!e) return this.L.err(n, "'return' without a value in a function returning a value");
    if (this.retType.k === "struct") {
      this.copyObject({ addr: this.sret, t: this.retType, sp: this.space }, this.lvalue(e), e);
      this.unwindShared();
      this.emit({ kind: "ret", value: NO_VALUE }, null, n);
      return;
    }
    const v = this.convert(this.rvalue(e), this.retType, e);
    // A null pointer points nowhere: it does not decide the result's space.
    if (this.retType.k === "ptr" && !this.isNull(v)) this.retSpaces.add(v.ps ?? this.defaultPs);
    this.unwindShared();
    this.emit({ kind: "ret", value: v.v }, null, n);
  }

  unwindShared(): void {
    for (let i = this.sharedFrees.length - 1; i >= 0; i--) {
      for (const fr of [...this.sharedFrees[i]!].reverse()) this.emit({ kind: "omp.free_shared", ptr: fr.ptr, size: this.c("i64", BigInt(fr.size)) }, null, null);
    }
  }

  switchStmt(n: Node): void {
    const v = this.rvalue(unparen(n.childForFieldName("condition")!));
    if (!isInt(v.t)) this.L.err(n, "switch on a non-integer");
    const ct = promote(v.t);
    const sv = this.convert(v, ct, n);
    const body = n.childForFieldName("body")!;
    const cases = body.namedChildren.filter((c): c is Node => c !== null && c.type === "case_statement");
    const exit = this.block();
    const blocks = cases.map(() => this.block());
    let dflt: BlockId = exit;
    // Case values as gcc and clang check them: each once, one default (C11 6.8.4.2).
    const seen = new Map<string, Node>();
    let dfltNode: Node | null = null;
    // Dispatch: a chain of comparisons.
    cases.forEach((c, i) => {
      const val = c.childForFieldName("value");
      if (val === null) {
        if (dfltNode !== null) this.L.err(c, `multiple default labels in one switch (the first at line ${this.L.pos(dfltNode).line})`);
        dfltNode = c;
        dflt = blocks[i]!;
        return;
      }
      const k = this.L.constInt(val, this.scope);
      const first = seen.get(String(k));
      if (first !== undefined) this.L.err(val, `duplicate case value ${String(k)} (first at line ${this.L.pos(first).line})`);
      seen.set(String(k), val);
      const eq = this.emit({ kind: "icmp", pred: "eq", type: irType(ct), lhs: sv.v, rhs: this.ci(ct, k).v }, "i1", c);
      const next = this.block();
      this.condBr(eq, blocks[i]!, next, c);
      this.setBlock(next);
    });
    this.br(dflt);
    for (const s of body.namedChildren) {
      if (s !== null && s.type !== "case_statement" && s.type !== "comment") this.L.err(s, "statement before the first 'case' of a switch");
    }
    this.breaks.push(exit);
    this.pushScope();
    cases.forEach((c, i) => {
      this.br(blocks[i]!);
      this.setBlock(blocks[i]!);
      const val = c.childForFieldName("value");
      for (const s of c.namedChildren) if (s !== null && s !== val && !(val !== null && s.id === val.id)) this.stmt(s);
    });
    this.popScope();
    this.breaks.pop();
    this.br(exit);
    this.setBlock(exit);
  }

  localDeclaration(decl: Node): void {
    const st = this.L.storage(decl);
    const bt = this.L.baseType(decl, this.scope);
    for (const d of decl.childrenForFieldName("declarator")) {
      if (d === null) continue;
      const init = d.type === "init_declarator" ? d.childForFieldName("value") : null;
      const dd = d.type === "init_declarator" ? d.childForFieldName("declarator")! : d;
      const r = this.L.declarator(dd, bt, this.scope) as ReturnType<Lowerer["declarator"]> & { vla?: Node };
      if (r.t.k === "func") {
        if (!this.L.funcs.has(r.name)) this.L.funcs.set(r.name, { name: r.name, t: r.t, def: null, pos: this.L.pos(dd) });
        continue;
      }
      let t = r.t;
      if (t.k === "array" && t.n === null && init?.type === "initializer_list") t = { ...t, n: init.namedChildren.filter((c) => c !== null && c.type !== "comment").length };
      if (t.k === "array" && t.n === null && init?.type === "string_literal") t = { ...t, n: stringLiteral(init).length + 1 };
      if (st.includes("static") || st.includes("extern")) {
        if (st.includes("extern")) {
          const g = this.L.globals.get(r.name);
          if (g === undefined) this.L.err(dd, `extern '${r.name}' is not defined in this file`);
          this.scope.set(r.name, { k: "var", v: this.globalVar(g!) });
          continue;
        }
        const g: CGlobal = { name: freshSymbol(this.L.m, `${this.f.name}.${r.name}`), t, init, pos: this.L.pos(dd) };
        this.scope.set(r.name, { k: "var", v: this.globalVar(g) });
        continue;
      }
      if (r.vla !== undefined) {
        if (r.t.k !== "array" || r.t.of.k === "array") this.L.unsupported(dd, "multi-dimensional variable-length arrays");
        const arr = r.t as Extract<CType, { k: "array" }>;
        const len = this.convert(this.rvalue(r.vla), LONG, r.vla);
        const elem = arr.of;
        const ty = isScalar(elem) ? irType(elem) : "i8";
        const count = isScalar(elem) ? len.v : this.emit({ kind: "binary", op: "mul", type: "i64", lhs: len.v, rhs: this.c("i64", BigInt(sizeofC(elem))) }, "i64", dd);
        const p = this.emit({ kind: "alloca", elemType: ty, count }, "ptr", dd);
        // A VLA behaves as a pointer to its first element (sizeof is not supported on it).
        const v: Var = { name: r.name, t: ptrTo(elem), addr: this.alloca(ptrTo(elem), dd), sp: this.space, ps: this.space };
        this.emit({ kind: "store", type: "ptr", space: v.sp, value: p, ptr: v.addr }, null, dd);
        this.scope.set(r.name, { k: "var", v });
        continue;
      }
      if (t.k === "array" && t.n === null) this.L.err(dd, `array '${r.name}' has no size`);
      const v = this.declareLocal(r.name, t, dd);
      if (init !== null) this.initialize({ addr: v.addr, t: v.t, sp: v.sp, v }, init);
    }
  }

  globalVar(g: CGlobal, at?: Node): Var {
    if (!this.L.globals.has(g.name)) this.L.globals.set(g.name, g);
    const id = this.L.globalFor(g, this.side, at);
    return { name: g.name, t: g.t, addr: this.gvar(id), sp: this.side === "host" ? "host" : "global", global: id };
  }

  /** Stores an initializer (expression or braced list) into an object. */
  initialize(lv: LVal, init: Init): void {
    const t = lv.t;
    const at = isBraced(init) ? init.at : init;
    // A struct-typed expression initializes a struct member whole (no braces elided for it).
    const whole = (n: Node, mt: CType): boolean => mt.k === "struct" && this.typeOf(n).k === "struct";
    if (t.k === "array") {
      if (!isBraced(init) && init.type === "string_literal" && isInt(t.of) && sizeofC(t.of) === 1) {
        const s = stringLiteral(init);
        for (let i = 0; i < t.n!; i++) this.store(this.element(lv, i, init), this.ci(t.of, i < s.length ? s.charCodeAt(i) : 0), init);
        return;
      }
      if (!isBraced(init) && init.type !== "initializer_list") return this.L.err(init, "an array initializer must be a braced list");
      const b = isBraced(init) ? init : this.L.braceList(init, t, whole);
      for (let i = 0; i < t.n!; i++) {
        const it = b.items[i];
        if (it) this.initialize(this.element(lv, i, at), it);
        else this.zero(this.element(lv, i, at), at);
      }
      return;
    }
    if (t.k === "struct") {
      if (!isBraced(init) && init.type !== "initializer_list") {
        const src = this.lvalue(init);
        return this.copyObject(lv, src, init);
      }
      const b = isBraced(init) ? init : this.L.braceList(init, t, whole);
      const fields = t.s.union ? t.s.fields.slice(0, 1) : t.s.fields;
      fields.forEach((fd, i) => {
        const flv = this.fieldOf(lv, fd, at);
        const it = b.items[i];
        if (it) this.initialize(flv, it);
        else this.zero(flv, at);
      });
      return;
    }
    if (isBraced(init)) {
      const first = init.items[0];
      return first === undefined ? this.zero(lv, at) : this.initialize(lv, first);
    }
    if (init.type === "initializer_list") {
      const items = listItems(init);
      if (items.length === 0) return this.zero(lv, init);
      return this.initialize(lv, items[0]!);
    }
    this.store(lv, this.rvalue(init), init);
  }

  zero(lv: LVal, n: Node): void {
    const t = lv.t;
    if (t.k === "array") {
      for (let i = 0; i < t.n!; i++) this.zero(this.element(lv, i, n), n);
      return;
    }
    if (t.k === "struct") {
      for (const fd of t.s.union ? t.s.fields.slice(0, 1) : t.s.fields) this.zero(this.fieldOf(lv, fd, n), n);
      return;
    }
    const ty = irType(t);
    this.emit({ kind: "store", type: ty, space: lv.sp, value: this.c(ty, ty === "ptr" ? null : ty === "f32" || ty === "f64" ? 0 : 0n), ptr: lv.addr }, null, n);
  }

  /** Copies a struct or array object field by field. */
  copyObject(dst: LVal, src: LVal, n: Node): void {
    const t = dst.t;
    if (t.k === "struct") {
      if (src.t.k !== "struct" || src.t.s !== t.s) this.L.err(n, `cannot assign '${typeName(src.t)}' to '${typeName(t)}'`);
      if (t.s.union) {
        for (let off = 0; off < t.s.size; off++) {
          const a = this.byteAt(dst, off, n);
          const b = this.byteAt(src, off, n);
          const x = this.emit({ kind: "load", type: "i8", space: b.sp, ptr: b.addr }, "i8", n);
          this.emit({ kind: "store", type: "i8", space: a.sp, value: x, ptr: a.addr }, null, n);
        }
        return;
      }
      for (const fd of t.s.fields) this.copyObject(this.fieldOf(dst, fd, n), this.fieldOf(src, fd, n), n);
      return;
    }
    if (t.k === "array") {
      for (let i = 0; i < t.n!; i++) this.copyObject(this.element(dst, i, n), this.element(src, i, n), n);
      return;
    }
    this.store(dst, this.load(src, n), n);
  }

  byteAt(lv: LVal, off: number, n: Node): LVal {
    const a = this.emit({ kind: "gep", elemType: "i8", ptr: lv.addr, index: this.c("i64", BigInt(off)) }, "ptr", n);
    return { addr: a, t: CHAR, sp: lv.sp };
  }

  element(lv: LVal, i: number, n: Node): LVal {
    const t = lv.t as Extract<CType, { k: "array" }>;
    const arr = lv.arr ?? (lv.v?.global === undefined ? lv.v : undefined);
    if (i === 0) return { addr: lv.addr, t: t.of, sp: lv.sp, arr };
    const a = isScalar(t.of)
      ? this.emit({ kind: "gep", elemType: irType(t.of), ptr: lv.addr, index: this.c("i32", BigInt(i)) }, "ptr", n)
      : this.emit({ kind: "gep", elemType: "i8", ptr: lv.addr, index: this.c("i64", BigInt(i * sizeofC(t.of))) }, "ptr", n);
    return { addr: a, t: t.of, sp: lv.sp, arr };
  }

  /** The array variable an expression names (through parentheses and further subscripts),
   *  whose elements' pointer spaces (Var.eps) an element access reads and updates. */
  arrayVar(n: Node): Var | undefined {
    while (n.type === "parenthesized_expression" || n.type === "subscript_expression") n = n.type === "subscript_expression" ? n.childForFieldName("argument")! : n.namedChildren[0]!;
    if (n.type !== "identifier") return undefined;
    // A module global's Var is the function's own (lookup: its root scope), so what it learns
    // holds for this function's code in source order, like a local array's.
    const s = this.scope.lookup(n.text);
    return s?.k === "var" && s.v.t.k === "array" ? s.v : undefined;
  }

  fieldOf(lv: LVal, fd: StructInfo["fields"][number], n: Node): LVal {
    const a = fd.offset === 0 ? lv.addr : this.emit({ kind: "gep", elemType: "i8", ptr: lv.addr, index: this.c("i64", BigInt(fd.offset)) }, "ptr", n);
    return { addr: a, t: fd.type, sp: lv.sp };
  }

  // ---------------------------------------------------------------------------------------
  // Loads, stores, conversions

  load(lv: LVal, n: Node): RVal {
    const t = lv.t;
    if (t.k === "array") return { v: lv.addr, t: ptrTo(t.of), ps: lv.sp };
    if (t.k === "func") return this.L.unsupported(n, "function pointers");
    if (t.k === "struct") return this.L.unsupported(n, "a struct used as a value here");
    const v = this.emit({ kind: "load", type: irType(t), space: lv.sp, ptr: lv.addr }, irType(t), n);
    const at = lv.arrIdx !== undefined ? lv.arr?.epsAt?.get(lv.arrIdx) : undefined;
    const eps = at === null ? this.defaultPs : (at ?? lv.arr?.eps);
    const ps = t.k === "ptr" ? (lv.v?.ps ?? eps ?? lv.ps ?? this.defaultPs) : undefined;
    if (ps !== undefined) this.ptrVarUses(lv)?.loads.push({ inst: this.lastInst(), ps, node: n });
    return { v, t, ps };
  }

  /** Stores rv (the value of `src`, which decides whether an integer is a null pointer constant). */
  store(lv: LVal, rv: RVal, n: Node, src: Node = n): RVal {
    if (lv.t.k === "struct") return this.L.unsupported(n, "assigning a struct value here");
    if (lv.t.k === "array") return this.L.err(n, "cannot assign to an array");
    const v = this.convert(rv, lv.t, n, src);
    this.emit({ kind: "store", type: irType(lv.t), space: lv.sp, value: v.v, ptr: lv.addr }, null, n);
    // A null pointer points nowhere: its store says nothing of the variable's space.
    this.ptrVarUses(lv)?.stores.push({ inst: this.lastInst(), ps: this.isNull(v) ? undefined : v.ps, node: n });
    if (lv.t.k === "ptr" && lv.v !== undefined && v.ps !== undefined) lv.v.ps = v.ps;
    if (lv.t.k === "ptr" && lv.arr !== undefined && lv.arr.eps !== null) lv.arr.eps = v.ps !== undefined && (lv.arr.eps === undefined || lv.arr.eps === v.ps) ? v.ps : null;
    if (lv.t.k === "ptr" && lv.arr !== undefined) {
      if (lv.arrIdx !== undefined) (lv.arr.epsAt ??= new Map()).set(lv.arrIdx, v.ps ?? null);
      else lv.arr.epsAt = undefined; // any element may have changed
    }
    return v;
  }

  /** rv as a `to`; `src` is rv's expression (an integer constant 0 there is a null pointer). */
  convert(rv: RVal, to: CType, n: Node, src: Node = n): RVal {
    const from = rv.t;
    if (to.k === "void") return { v: NO_VALUE, t: VOID };
    if (from.k === "array") return this.convert({ v: rv.v, t: ptrTo(from.of), ps: rv.ps }, to, n, src);
    if (to.k === "int" && to.bool) {
      if (from.k === "int" && from.bool) return rv;
      const c = this.toCond(rv, n);
      return { v: this.emit({ kind: "cast", op: "zext", from: "i1", to: "i8", value: c }, "i8", n), t: to };
    }
    if (to.k === "ptr") {
      if (from.k === "ptr") return { ...rv, t: to };
      if (from.k === "func") return { ...rv, t: to };
      if (from.k === "int") {
        const k = this.L.tryConstInt(src, this.scope);
        if (k === 0n) return { v: this.c("ptr", null), t: to, ps: this.defaultPs };
      }
      return this.L.unsupported(n, `converting '${typeName(from)}' to a pointer`);
    }
    if (from.k === "ptr") {
      if (to.k === "int") return this.L.unsupported(n, "converting a pointer to an integer");
      return this.L.err(n, `cannot convert a pointer to '${typeName(to)}'`);
    }
    if (to.k === "struct" || from.k === "struct") {
      if (to.k === "struct" && from.k === "struct" && to.s === from.s) return rv;
      return this.L.err(n, `cannot convert '${typeName(from)}' to '${typeName(to)}'`);
    }
    if (from.k === "void") return this.L.err(n, "a void value used as a value");
    if (from.k === "func" || to.k === "func" || to.k === "array") return this.L.unsupported(n, `converting '${typeName(from)}' to '${typeName(to)}'`);
    const ft = irType(from);
    const tt = irType(to);
    const k = constValue(this.f, rv.v);
    if (typeof k === "bigint" && from.k === "int") {
      // Constants convert at compile time (clang folds them too).
      const unsignedVal = from.signed ? k : BigInt.asUintN(from.size * 8, k);
      if (to.k === "int") return this.ci(to, BigInt.asIntN(to.size * 8, unsignedVal));
      if (to.k === "float") return this.ci(to, Number(unsignedVal));
    }
    if (from.k === "int" && to.k === "int") {
      if (from.size === to.size) return { v: rv.v, t: to };
      if (from.size > to.size) return { v: this.emit({ kind: "cast", op: "trunc", from: ft, to: tt, value: rv.v }, tt, n), t: to };
      return { v: this.emit({ kind: "cast", op: from.signed ? "sext" : "zext", from: ft, to: tt, value: rv.v }, tt, n), t: to };
    }
    if (from.k === "float" && to.k === "float") {
      if (from.size === to.size) return { v: rv.v, t: to };
      return { v: this.emit({ kind: "cast", op: from.size > to.size ? "fptrunc" : "fpext", from: ft, to: tt, value: rv.v }, tt, n), t: to };
    }
    if (from.k === "int" && to.k === "float") {
      return { v: this.emit({ kind: "cast", op: from.signed ? "sitofp" : "uitofp", from: ft, to: tt, value: rv.v }, tt, n), t: to };
    }
    if (from.k === "float" && to.k === "int") {
      return { v: this.emit({ kind: "cast", op: to.signed ? "fptosi" : "fptoui", from: ft, to: tt, value: rv.v }, tt, n), t: to };
    }
    return this.L.err(n, `cannot convert '${typeName(from)}' to '${typeName(to)}'`);
  }

  /** A scalar as an i1 condition (C's "compares unequal to 0"). */
  toCond(rv: RVal, n: Node): ValueId {
    const t = rv.t;
    if (t.k === "int") return this.emit({ kind: "icmp", pred: "ne", type: irType(t), lhs: rv.v, rhs: this.c(irType(t), 0n) }, "i1", n);
    if (t.k === "float") return this.emit({ kind: "fcmp", pred: "une", type: irType(t), lhs: rv.v, rhs: this.c(irType(t), 0) }, "i1", n);
    if (t.k === "ptr" || t.k === "array") return this.emit({ kind: "icmp", pred: "ne", type: "ptr", lhs: rv.v, rhs: this.c("ptr", null) }, "i1", n);
    return this.L.err(n, `'${typeName(t)}' used as a condition`);
  }

  /** A condition expression straight to i1 (comparisons and logic without a detour through int). */
  cond(n: Node): ValueId {
    n = unparen(n);
    if (n.type === "binary_expression") {
      const op = n.childForFieldName("operator")!.type;
      if (["<", ">", "<=", ">=", "==", "!="].includes(op)) return this.compare(op, n);
      if (op === "&&" || op === "||") return this.logical(op, n);
    }
    if (n.type === "unary_expression" && n.childForFieldName("operator")!.type === "!") {
      const c = this.cond(n.childForFieldName("argument")!);
      return this.emit({ kind: "binary", op: "xor", type: "i1", lhs: c, rhs: this.c("i1", 1n) }, "i1", n);
    }
    return this.toCond(this.rvalue(n), n);
  }

  boolToInt(c: ValueId, n: Node): RVal {
    return { v: this.emit({ kind: "cast", op: "zext", from: "i1", to: "i32", value: c }, "i32", n), t: INT };
  }

  // ---------------------------------------------------------------------------------------
  // Expressions

  /** Evaluates for side effects only (result discarded) when `discard`. */
  expr(n: Node, discard = false): RVal {
    if (discard && n.type === "comma_expression") {
      this.expr(n.childForFieldName("left")!, true);
      return this.expr(n.childForFieldName("right")!, true);
    }
    if (discard && n.type === "call_expression") return this.call(n, true);
    if (discard && n.type === "update_expression") return this.update(n);
    if (discard && n.type === "assignment_expression") return this.assign(n);
    return this.rvalue(n);
  }

  rvalue(n: Node): RVal {
    switch (n.type) {
      case "number_literal": {
        const r = parseNumber(n.text);
        if (r === null) return this.L.err(n, `bad number '${n.text}'`);
        if (r.kind === "float") return this.ci(r.t, r.value);
        return this.ci(r.t, r.value);
      }
      case "char_literal":
        return this.ci(INT, charValue(n.text));
      case "true":
        return this.ci(INT, 1);
      case "false":
        return this.ci(INT, 0);
      case "null":
        return { v: this.c("ptr", null), t: ptrTo(VOID), ps: this.defaultPs };
      case "string_literal":
      case "concatenated_string": {
        const s = stringLiteral(n);
        const g = this.L.stringGlobal(s, this.side);
        return { v: this.gvar(g), t: ptrTo(CHAR), ps: this.side === "host" ? "host" : "global", str: s };
      }
      case "parenthesized_expression":
        return this.rvalue(n.namedChildren[0]!);
      case "identifier": {
        const cf = this.scope.lookup(n.text) === undefined && !this.L.globals.has(n.text) ? this.L.funcs.get(n.text) : undefined;
        if (cf !== undefined) {
          // A function designator: the address of this side's version of the function.
          const f = this.L.funcFor(cf, this.side, n);
          return { v: addValue(this.f, "ptr", { kind: "func", func: f.id }), t: ptrTo(cf.t) };
        }
        const s = this.lookup(n);
        if (s.k === "enum") return this.ci(INT, s.value);
        return this.load({ addr: s.v.addr, t: s.v.t, sp: s.v.sp, v: s.v }, n);
      }
      case "subscript_expression":
      case "field_expression":
        return this.load(this.lvalue(n), n);
      case "pointer_expression": {
        const op = n.childForFieldName("operator")!.type;
        const argN0 = n.childForFieldName("argument")!;
        if (op === "&" && argN0.type === "identifier" && this.scope.lookup(argN0.text) === undefined && !this.L.globals.has(argN0.text) && this.L.funcs.has(argN0.text)) return this.rvalue(argN0);
        if (op === "*") {
          const p = this.rvalue(argN0);
          if (p.t.k === "ptr" && p.t.to.k === "func") return p; // (*fp)(x) calls fp
          if (p.t.k !== "ptr") return this.L.err(n, "dereference of a non-pointer");
          if (p.t.to.k === "void") return this.L.err(n, "dereference of a void pointer");
          return this.load({ addr: p.v, t: p.t.to, sp: p.ps ?? this.defaultPs }, n);
        }
        if (op === "&") {
          const lv = this.lvalue(n.childForFieldName("argument")!);
          return { v: lv.addr, t: ptrTo(lv.t), ps: lv.sp };
        }
        return this.load(this.lvalue(n), n);
      }
      case "unary_expression":
        return this.unary(n);
      case "binary_expression":
        return this.binary(n);
      case "update_expression":
        return this.update(n);
      case "assignment_expression":
        return this.assign(n);
      case "conditional_expression":
        return this.conditional(n);
      case "comma_expression":
        this.expr(n.childForFieldName("left")!, true);
        return this.rvalue(n.childForFieldName("right")!);
      case "cast_expression": {
        const t = this.L.typeDescriptor(n.childForFieldName("type")!, this.scope);
        const v = this.rvalue(n.childForFieldName("value")!);
        if (t.k === "void") return { v: NO_VALUE, t: VOID };
        if (t.k === "ptr" && v.t.k === "ptr") return { ...v, t };
        return this.convert(v, t, n);
      }
      case "sizeof_expression": {
        const tn = n.childForFieldName("type");
        const t = tn !== null ? this.L.typeDescriptor(tn, this.scope) : this.typeOf(n.childForFieldName("value")!);
        if (t.k === "struct" && !t.s.complete) this.L.err(n, "sizeof of an incomplete type");
        return this.ci(ULONG, sizeofC(t));
      }
      case "call_expression":
        return this.call(n, false);
      case "compound_literal_expression":
        return this.L.unsupported(n, "compound literals");
      case "initializer_list":
        return this.L.err(n, "a braced list is not an expression here");
      case "alignof_expression":
        return this.L.unsupported(n, "_Alignof");
      case "generic_expression":
        return this.L.unsupported(n, "_Generic");
      case "gnu_asm_expression":
        return this.L.unsupported(n, "inline assembly");
      case "statement_expression":
        return this.L.unsupported(n, "statement expressions");
      default:
        return this.L.unsupported(n, `expression '${n.type}'`);
    }
  }

  lookup(n: Node): Extract<Sym, { k: "var" }> | Extract<Sym, { k: "enum" }> {
    const name = n.text;
    const s = this.scope.lookup(name);
    if (s?.k === "var" || s?.k === "enum") return s;
    const fs = this.L.fileScope.get(name);
    if (fs?.k === "enum") return fs;
    const g = this.L.globals.get(name);
    if (g !== undefined) {
      // Some callers look a name up with a stand-in node that has only its text.
      const v = this.globalVar(g, typeof n.startIndex === "number" ? n : undefined);
      this.rootScope().set(name, { k: "var", v });
      return { k: "var", v };
    }
    if (this.L.funcs.has(name)) return this.L.unsupported(n, "function pointers");
    return this.L.err(n, `'${name}' is not declared`);
  }

  rootScope(): Scope {
    let s = this.scope;
    while (s.parent !== null) s = s.parent;
    return s;
  }

  /** The type of an expression without keeping its code (sizeof). */
  typeOf(n: Node): CType {
    const saved = this.cur;
    const scratch = this.block();
    this.cur = scratch;
    let t: CType;
    const inner = unparen(n);
    const td = inner.type === "identifier" ? (this.scope.lookup(inner.text) ?? this.L.fileScope.get(inner.text)) : undefined;
    if (td?.k === "typedef") t = td.t; // sizeof(T) with a typedef name parses as an expression
    else if (inner.type === "identifier" || inner.type === "subscript_expression" || inner.type === "field_expression" || (inner.type === "pointer_expression" && inner.childForFieldName("operator")!.type === "*")) {
      const s = inner.type === "identifier" ? this.lookup(inner) : null;
      t = s?.k === "enum" ? INT : s?.k === "var" ? s.v.t : this.lvalue(inner).t;
    } else {
      t = this.rvalue(inner).t;
    }
    removeBlock(this.f, scratch);
    this.cur = saved;
    return t;
  }

  lvalue(n: Node): LVal {
    switch (n.type) {
      case "parenthesized_expression":
        return this.lvalue(n.namedChildren[0]!);
      case "identifier": {
        const s = this.lookup(n);
        if (s.k === "enum") return this.L.err(n, `enumerator '${n.text}' is not assignable`);
        return { addr: s.v.addr, t: s.v.t, sp: s.v.sp, v: s.v };
      }
      case "subscript_expression": {
        const a = this.rvalue(n.childForFieldName("argument")!);
        const i = this.rvalue(n.childForFieldName("index")!);
        const [p, idx] = a.t.k === "ptr" ? [a, i] : i.t.k === "ptr" ? [i, a] : [null, null];
        if (p === null) return this.L.err(n, "subscript of a non-array");
        const q = this.ptrAdd(p, idx!, 1, n);
        const base = n.childForFieldName(p === a ? "argument" : "index")!;
        const arr = this.arrayVar(base);
        // tab[2] of `int *tab[4]`: the element's own space is tracked (Var.epsAt).
        const k = arr !== undefined && base.type === "identifier" && arr.t.k === "array" && arr.t.of.k === "ptr" ? constValue(this.f, idx!.v) : undefined;
        const arrIdx = typeof k === "bigint" && k >= 0n && k < 1n << 20n ? Number(k) : undefined;
        return { addr: q.v, t: (p.t as Extract<CType, { k: "ptr" }>).to, sp: q.ps ?? this.defaultPs, arr, arrIdx };
      }
      case "pointer_expression": {
        if (n.childForFieldName("operator")!.type !== "*") return this.L.err(n, "not assignable");
        const p = this.rvalue(n.childForFieldName("argument")!);
        if (p.t.k !== "ptr") return this.L.err(n, "dereference of a non-pointer");
        if (p.t.to.k === "void") return this.L.err(n, "dereference of a void pointer");
        return { addr: p.v, t: p.t.to, sp: p.ps ?? this.defaultPs };
      }
      case "field_expression": {
        const arrow = n.childForFieldName("operator")!.type === "->";
        const argN = n.childForFieldName("argument")!;
        let base: LVal;
        if (arrow) {
          const p = this.rvalue(argN);
          if (p.t.k !== "ptr") return this.L.err(n, "'->' on a non-pointer");
          base = { addr: p.v, t: p.t.to, sp: p.ps ?? this.defaultPs };
        } else base = this.lvalue(argN);
        if (base.t.k !== "struct") return this.L.err(n, `member access on '${typeName(base.t)}'`);
        if (!base.t.s.complete) return this.L.err(n, "member access on an incomplete struct");
        const name = n.childForFieldName("field")!.text;
        const fd = base.t.s.fields.find((f) => f.name === name);
        if (fd === undefined) return this.L.err(n.childForFieldName("field")!, `'${typeName(base.t)}' has no member '${name}'`);
        return this.fieldOf(base, fd, n);
      }
      case "call_expression": {
        const r = this.call(n, false);
        if (r.t.k !== "struct") return this.L.err(n, "a call is not assignable");
        return { addr: r.v, t: r.t, sp: this.space };
      }
      default:
        return this.L.err(n, `'${n.text.slice(0, 30)}' is not assignable`);
    }
  }

  /** p + i * sign (pointer arithmetic in elements of *p). */
  /** p - q: their distance in elements, a ptrdiff_t (`ptrdiff` faults when they point into
   *  different allocations; a byte distance that is no multiple of the element size, also
   *  undefined in C, rounds toward zero). `void *` counts bytes, as GNU C. */
  ptrSub(a: RVal, b: RVal, n: Node): RVal {
    const elemOf = (t: CType): CType => (t.k === "array" ? t.of : (t as Extract<CType, { k: "ptr" }>).to);
    const ea = elemOf(a.t);
    const eb = elemOf(b.t);
    const size = (t: CType): number => (t.k === "void" ? 1 : sizeofC(t));
    if (size(ea) !== size(eb)) return this.L.err(n, `subtraction of pointers to '${typeName(ea)}' and '${typeName(eb)}'`);
    const bytes = this.emit({ kind: "ptrdiff", lhs: a.v, rhs: b.v }, "i64", n);
    const sz = size(ea);
    if (sz === 1) return { v: bytes, t: LONG };
    return { v: this.emit({ kind: "binary", op: "sdiv", type: "i64", lhs: bytes, rhs: this.c("i64", BigInt(sz)) }, "i64", n), t: LONG };
  }

  ptrAdd(p: RVal, i: RVal, sign: 1 | -1, n: Node): RVal {
    if (p.t.k === "array") p = { v: p.v, t: ptrTo(p.t.of), ps: p.ps };
    const pt = p.t as Extract<CType, { k: "ptr" }>;
    if (!isInt(i.t)) return this.L.err(n, "pointer offset is not an integer");
    const elem = pt.to;
    // gep takes a signed i32 or i64 index: a signed int needs no widening.
    const it = i.t as Extract<CType, { k: "int" }>;
    let idx = it.signed && it.size === 4 ? { v: i.v, t: INT } : this.convert(i, it.signed || it.size === 8 ? LONG : ULONG, n);
    if (idx.t.k === "int" && !idx.t.signed) idx = { v: idx.v, t: LONG };
    const ity = irType(idx.t);
    if (sign < 0) idx = { v: this.emit({ kind: "binary", op: "sub", type: ity, lhs: this.c(ity, 0n), rhs: idx.v }, ity, n), t: idx.t };
    let ty: Type;
    let index = idx.v;
    if (isScalar(elem)) ty = irType(elem);
    else {
      if (elem.k === "void") ty = "i8";
      else {
        ty = "i8";
        const sz = sizeofC(elem);
        if (sz !== 1) index = this.emit({ kind: "binary", op: "mul", type: ity, lhs: idx.v, rhs: this.c(ity, BigInt(sz)) }, ity, n);
      }
    }
    return { v: this.emit({ kind: "gep", elemType: ty, ptr: p.v, index }, "ptr", n), t: pt, ps: p.ps };
  }

  unary(n: Node): RVal {
    const op = n.childForFieldName("operator")!.type;
    const argN = n.childForFieldName("argument")!;
    if (op === "!") return this.boolToInt(this.emit({ kind: "binary", op: "xor", type: "i1", lhs: this.cond(argN), rhs: this.c("i1", 1n) }, "i1", n), n);
    const a = this.rvalue(argN);
    if (!isArith(a.t)) return this.L.err(n, `unary '${op}' on '${typeName(a.t)}'`);
    const t = promote(a.t);
    const v = this.convert(a, t, n);
    const ty = irType(t);
    switch (op) {
      case "+":
        return v;
      case "-":
        if (t.k === "float") return { v: this.emit({ kind: "binary", op: "fsub", type: ty, lhs: this.c(ty, -0), rhs: v.v }, ty, n), t };
        return { v: this.emit({ kind: "binary", op: "sub", type: ty, lhs: this.c(ty, 0n), rhs: v.v }, ty, n), t };
      case "~":
        if (t.k !== "int") return this.L.err(n, "'~' on a float");
        return { v: this.emit({ kind: "binary", op: "xor", type: ty, lhs: v.v, rhs: this.c(ty, -1n) }, ty, n), t };
      default:
        return this.L.unsupported(n, `unary '${op}'`);
    }
  }

  compare(op: string, n: Node): ValueId {
    const a = this.rvalue(n.childForFieldName("left")!);
    const b = this.rvalue(n.childForFieldName("right")!);
    if (a.t.k === "ptr" || b.t.k === "ptr" || a.t.k === "array" || b.t.k === "array") {
      if (op !== "==" && op !== "!=") {
        // p < q: the sign of their distance (ptrdiff faults on different allocations, which C leaves undefined).
        const bothPtrs = (a.t.k === "ptr" || a.t.k === "array") && (b.t.k === "ptr" || b.t.k === "array");
        if (!bothPtrs) return this.L.unsupported(n, "ordering comparison of a pointer and an integer");
        const d = this.emit({ kind: "ptrdiff", lhs: a.v, rhs: b.v }, "i64", n);
        const pred = ({ "<": "slt", ">": "sgt", "<=": "sle", ">=": "sge" } as const)[op as "<"]!;
        return this.emit({ kind: "icmp", pred, type: "i64", lhs: d, rhs: this.c("i64", 0n) }, "i1", n);
      }
      const pa = a.t.k === "ptr" || a.t.k === "array" ? a : this.convert(a, ptrTo(VOID), n.childForFieldName("left")!);
      const pb = b.t.k === "ptr" || b.t.k === "array" ? b : this.convert(b, ptrTo(VOID), n.childForFieldName("right")!);
      return this.emit({ kind: "icmp", pred: op === "==" ? "eq" : "ne", type: "ptr", lhs: pa.v, rhs: pb.v }, "i1", n);
    }
    if (!isArith(a.t) || !isArith(b.t)) return this.L.err(n, `comparison of '${typeName(a.t)}' and '${typeName(b.t)}'`);
    const t = usualArith(a.t, b.t);
    const x = this.convert(a, t, n).v;
    const y = this.convert(b, t, n).v;
    const ty = irType(t);
    if (t.k === "float") {
      const pred = ({ "<": "olt", ">": "ogt", "<=": "ole", ">=": "oge", "==": "oeq", "!=": "une" } as const)[op as "<"]!;
      return this.emit({ kind: "fcmp", pred, type: ty, lhs: x, rhs: y }, "i1", n);
    }
    const s = (t as Extract<CType, { k: "int" }>).signed;
    const pred = ({ "<": s ? "slt" : "ult", ">": s ? "sgt" : "ugt", "<=": s ? "sle" : "ule", ">=": s ? "sge" : "uge", "==": "eq", "!=": "ne" } as const)[op as "<"]!;
    return this.emit({ kind: "icmp", pred, type: ty, lhs: x, rhs: y }, "i1", n);
  }

  logical(op: "&&" | "||", n: Node): ValueId {
    const a = this.cond(n.childForFieldName("left")!);
    const rhsB = this.block();
    const join = addBlock(this.f, null, ["i1"]);
    const jv = this.f.blocks[join]!.params[0]!;
    if (op === "&&") this.emit({ kind: "cond_br", cond: a, then: rhsB, thenArgs: [], else: join, elseArgs: [this.c("i1", 0n)] }, null, n);
    else this.emit({ kind: "cond_br", cond: a, then: join, thenArgs: [this.c("i1", 1n)], else: rhsB, elseArgs: [] }, null, n);
    this.setBlock(rhsB);
    const b = this.cond(n.childForFieldName("right")!);
    this.br(join, [b]);
    this.setBlock(join);
    return jv;
  }

  binary(n: Node): RVal {
    const op = n.childForFieldName("operator")!.type;
    if (["<", ">", "<=", ">=", "==", "!="].includes(op)) return this.boolToInt(this.compare(op, n), n);
    if (op === "&&" || op === "||") return this.boolToInt(this.logical(op, n), n);
    const a = this.rvalue(n.childForFieldName("left")!);
    const b = this.rvalue(n.childForFieldName("right")!);
    return this.arith(op, a, b, n);
  }

  arith(op: string, a: RVal, b: RVal, n: Node): RVal {
    const ap = a.t.k === "ptr" || a.t.k === "array";
    const bp = b.t.k === "ptr" || b.t.k === "array";
    if (ap || bp) {
      if (op === "+" && ap && !bp) return this.ptrAdd(a, b, 1, n);
      if (op === "+" && bp && !ap) return this.ptrAdd(b, a, 1, n);
      if (op === "-" && ap && !bp) return this.ptrAdd(a, b, -1, n);
      if (op === "-" && ap && bp) return this.ptrSub(a, b, n);
      return this.L.err(n, `'${op}' on a pointer`);
    }
    if (!isArith(a.t) || !isArith(b.t)) return this.L.err(n, `'${op}' on '${typeName(a.t)}' and '${typeName(b.t)}'`);
    if (op === "<<" || op === ">>") {
      if (!isInt(a.t) || !isInt(b.t)) return this.L.err(n, `'${op}' on a float`);
      const t = promote(a.t) as Extract<CType, { k: "int" }>;
      const x = this.convert(a, t, n).v;
      const y = this.convert(b, t, n).v;
      const ty = irType(t);
      return { v: this.emit({ kind: "binary", op: op === "<<" ? "shl" : t.signed ? "ashr" : "lshr", type: ty, lhs: x, rhs: y }, ty, n), t };
    }
    const t = usualArith(a.t, b.t);
    const x = this.convert(a, t, n).v;
    const y = this.convert(b, t, n).v;
    const ty = irType(t);
    let irop: InstData & { kind: "binary" } extends { op: infer O } ? O : never;
    if (t.k === "float") {
      const m = { "+": "fadd", "-": "fsub", "*": "fmul", "/": "fdiv" } as const;
      if (!(op in m)) return this.L.err(n, `'${op}' on a float`);
      irop = m[op as "+"];
    } else {
      const s = (t as Extract<CType, { k: "int" }>).signed;
      const m: Record<string, typeof irop> = { "+": "add", "-": "sub", "*": "mul", "/": s ? "sdiv" : "udiv", "%": s ? "srem" : "urem", "&": "and", "|": "or", "^": "xor" };
      if (!(op in m)) return this.L.unsupported(n, `operator '${op}'`);
      irop = m[op]!;
    }
    return { v: this.emit({ kind: "binary", op: irop, type: ty, lhs: x, rhs: y }, ty, n), t };
  }

  assign(n: Node): RVal {
    const op = n.childForFieldName("operator")!.type;
    const lhsN = n.childForFieldName("left")!;
    const rhsN = n.childForFieldName("right")!;
    const lv = this.lvalue(lhsN);
    if (lv.t.k === "struct" && op === "=") {
      const src = this.lvalue(rhsN);
      this.copyObject(lv, src, n);
      return { v: NO_VALUE, t: VOID };
    }
    if (op === "=") return this.store(lv, this.rvalue(rhsN), n, rhsN);
    const old = this.load(lv, n);
    const r = this.rvalue(rhsN);
    const v = this.arith(op.slice(0, -1), old, r, n);
    return this.store(lv, v, n);
  }

  update(n: Node): RVal {
    const op = n.childForFieldName("operator")!.type;
    const argN = n.childForFieldName("argument")!;
    const prefix = n.firstChild?.type === op;
    const lv = this.lvalue(argN);
    const old = this.load(lv, n);
    const one = this.ci(INT, 1);
    const v = this.arith(op === "++" ? "+" : "-", old, one, n);
    const stored = this.store(lv, v, n);
    return prefix ? stored : old;
  }

  conditional(n: Node): RVal {
    const c = this.cond(n.childForFieldName("condition")!);
    const tb = this.block();
    const eb = this.block();
    this.condBr(c, tb, eb, n);
    this.setBlock(tb);
    const a = this.rvalue(n.childForFieldName("consequence")!);
    const tEnd = this.cur;
    this.setBlock(eb);
    const b = this.rvalue(n.childForFieldName("alternative")!);
    const eEnd = this.cur;
    let t: CType;
    if (a.t.k === "void" || b.t.k === "void") t = VOID;
    else if (isArith(a.t) && isArith(b.t)) t = usualArith(a.t, b.t);
    else if (a.t.k === "ptr" || a.t.k === "array") t = a.t.k === "array" ? ptrTo(a.t.of) : a.t;
    else if (b.t.k === "ptr" || b.t.k === "array") t = b.t.k === "array" ? ptrTo(b.t.of) : b.t;
    else return this.L.unsupported(n, `'?:' on '${typeName(a.t)}'`);
    if (t.k === "void") {
      const join = this.block();
      this.setBlock(tEnd);
      this.br(join);
      this.setBlock(eEnd);
      this.br(join);
      this.setBlock(join);
      return { v: NO_VALUE, t: VOID };
    }
    const ty = irType(t);
    const join = addBlock(this.f, null, [ty]);
    this.setBlock(tEnd);
    const av = this.convert(a, t, n.childForFieldName("consequence")!);
    this.br(join, [av.v]);
    this.setBlock(eEnd);
    const bv = this.convert(b, t, n.childForFieldName("alternative")!);
    this.br(join, [bv.v]);
    this.setBlock(join);
    // A null pointer points nowhere: it does not decide the result's space.
    if (this.side === "device" && av.ps !== undefined && bv.ps !== undefined && av.ps !== bv.ps && !this.isNull(av) && !this.isNull(bv)) {
      this.L.unsupported(n, `'?:' choosing between a pointer into ${SPACE_WORDS[av.ps]} and one into ${SPACE_WORDS[bv.ps]} in device code`);
    }
    return { v: this.f.blocks[join]!.params[0]!, t, ps: this.isNull(av) ? bv.ps : (av.ps ?? bv.ps) };
  }

  // ---------------------------------------------------------------------------------------
  // Calls

  args(n: Node): Node[] {
    return n.childForFieldName("arguments")!.namedChildren.filter((c): c is Node => c !== null && c.type !== "comment");
  }

  call(n: Node, discard: boolean): RVal {
    const fnN = n.childForFieldName("function")!;
    if (fnN.type !== "identifier") return this.indirectCall(n);
    const name = fnN.text;
    const local = this.scope.lookup(name);
    if (local !== undefined || (this.L.globals.has(name) && !this.L.funcs.has(name))) return this.indirectCall(n);
    const cf = this.L.funcs.get(name);
    if (cf !== undefined && cf.def !== null) return this.userCall(cf, n);
    const b = this.builtin(name, n, discard);
    if (b !== null) return b;
    if (cf !== undefined) return this.L.err(fnN, `function '${name}' is declared but not defined (only the builtins in docs/C.md are known)`);
    return this.L.err(fnN, `'${name}' is not declared (or is not a supported library function)`);
  }

  userCall(cf: CFunc, n: Node): RVal {
    const argNs = this.args(n);
    const ps = cf.t.params!;
    if (argNs.length !== ps.length && !(cf.t.variadic && argNs.length >= ps.length)) this.L.err(n, `'${cf.name}' expects ${ps.length} argument(s), got ${argNs.length}`);
    if (cf.t.variadic) this.L.unsupported(n, "user-defined variadic functions");
    if (this.side === "device" && this.L.libcNames.has(cf.name) && libcHostOnly(cf.name)) this.L.unsupported(n, `'${cf.name}' in a target region`);
    // Arguments are evaluated first: their spaces choose the callee's device version.
    const spaces: (Space | undefined)[] = [];
    const args = argNs.map((a, i) => {
      if (ps[i]!.k === "struct") {
        // byval: a copy in this frame, passed by address.
        const src = this.lvalue(a);
        const tmp = this.alloca(ps[i]!, a);
        this.copyObject({ addr: tmp, t: ps[i]!, sp: this.space }, src, a);
        return tmp;
      }
      const v = this.convert(this.rvalue(a), ps[i]!, a);
      if (ps[i]!.k === "ptr") spaces[i] = v.ps;
      return v.v;
    });
    const f = this.L.funcFor(cf, this.side, n, spaces);
    const ret = cf.t.ret;
    if (ret.k === "struct") {
      // sret: the callee writes the result into a slot of this frame; the value is that slot.
      const slot = this.alloca(ret, n);
      this.emit({ kind: "call", callee: f.id, args: [slot, ...args] }, null, n);
      return { v: slot, t: ret, ps: this.space };
    }
    const r = this.emit({ kind: "call", callee: f.id, args }, ret.k === "void" ? null : irType(ret), n);
    return { v: r, t: ret, ps: ret.k === "ptr" ? (this.L.retSpace.get(f.id) ?? this.defaultPs) : undefined };
  }

  /** A call through a function pointer: call_indirect with the pointer's signature. */
  indirectCall(n: Node): RVal {
    const fnN = n.childForFieldName("function")!;
    const fp = this.rvalue(fnN);
    const ft = fp.t.k === "func" ? fp.t : fp.t.k === "ptr" && fp.t.to.k === "func" ? fp.t.to : null;
    if (ft === null) return this.L.err(fnN, `'${fnN.text}' is not a function or function pointer`);
    if (ft.params === null) return this.L.err(fnN, `calling '${fnN.text}' needs a prototype`);
    if (ft.variadic) return this.L.unsupported(n, "calls of variadic function pointers");
    if (ft.ret.k === "struct" || ft.params.some((p) => p.k === "struct")) return this.L.unsupported(n, "structs passed or returned through function pointers");
    const argNs = this.args(n);
    if (argNs.length !== ft.params.length) this.L.err(n, `the function pointer expects ${ft.params.length} argument(s), got ${argNs.length}`);
    const args = argNs.map((a, i) => {
      const v = this.convert(this.rvalue(a), ft.params![i]!, a);
      // A function pointer names one device version, whose pointer parameters are global.
      if (this.side === "device" && v.ps !== undefined && v.ps !== "global" && ft.params![i]!.k === "ptr") {
        this.L.unsupported(a, `passing a pointer to ${v.ps === "local" ? "a local variable" : "team-shared memory"} through a function pointer in a target region (the pointer parameters of a function called through a pointer point into global memory)`);
      }
      return v.v;
    });
    const ret = ft.ret;
    const r = this.emit({ kind: "call_indirect", callee: fp.v, args, paramTypes: ft.params.map((p) => irType(p)), ret: ret.k === "void" ? "void" : irType(ret) }, ret.k === "void" ? null : irType(ret), n);
    return { v: r, t: ret, ps: ret.k === "ptr" ? this.defaultPs : undefined };
  }

  /** The OpenMP API (omp.h); null if `name` is not one of its routines. */
  private ompApi(name: string, n: Node, argNs: Node[], want: (k: number) => void): RVal | null {
    const dev = this.side === "device";
    const q = (query: OmpQuery): RVal => ({ v: this.emit({ kind: "omp.query", query }, "i32", n), t: INT });
    // The thread and team queries: the IR query in device code, OpenMP's value on the host
    // (one thread, one team, outside any parallel region).
    const teamQuery = TEAM_QUERIES.get(name);
    if (teamQuery !== undefined) {
      want(0);
      // nthreads-var, once the program sets it (omp_set_num_threads below).
      if (!dev && name === "omp_get_max_threads" && this.L.setsNumThreads) return { v: this.emit({ kind: "load", type: "i32", space: "host", ptr: this.gvar(this.L.hostNthreadsGlobal()) }, "i32", n), t: INT };
      return dev ? q(teamQuery[0]) : this.ci(INT, teamQuery[1]);
    }
    switch (name) {
    case "omp_set_num_threads": {
      // The host's nthreads-var, which omp_get_max_threads answers. Host teams keep one
      // thread (a conforming choice, docs/C.md); a target region starts from the device's
      // own ICVs, so the host's setting never reaches it.
      want(1);
      if (dev) return this.L.unsupported(n, `'${name}' in a target region`);
      const k = this.convert(this.rvalue(argNs[0]!), INT, argNs[0]!).v;
      this.emit({ kind: "store", type: "i32", space: "host", value: k, ptr: this.gvar(this.L.hostNthreadsGlobal()) }, null, n);
      return { v: NO_VALUE, t: VOID };
    }
    case "omp_get_num_procs":
      // The processors the host's teams may use: one (its parallel regions have one thread).
      want(0);
      if (dev) return this.L.unsupported(n, `'${name}' in a target region`);
      return this.ci(INT, 1);
    case "omp_is_initial_device":
      want(0);
      return this.ci(INT, dev ? 0 : 1);
    case "omp_get_num_devices":
      want(0);
      return q("num_devices");
    case "omp_get_device_num":
      want(0);
      return q("device_num");
    case "omp_get_initial_device":
      want(0);
      return q("initial_device");
    case "omp_get_default_device":
      want(0);
      return this.ci(INT, 0);
    case "omp_get_wtime":
      want(0);
      return { v: this.emit({ kind: "omp.wtime" }, "f64", n), t: DOUBLE };
    case "omp_target_alloc":
    case "omp_target_free":
    case "omp_target_memcpy":
      return this.targetMemory(name, n, argNs);
    case "omp_target_is_present": {
      // A host routine: asks the device's present table (libomptarget: getTgtPtrBegin of one byte).
      want(2);
      if (dev) return this.L.unsupported(n, `'${name}' in a target region`);
      const p = this.rvalue(argNs[0]!);
      if (p.t.k !== "ptr" && p.t.k !== "array") this.L.err(argNs[0]!, `'${name}' expects a pointer as its first argument`);
      const d = this.convert(this.rvalue(argNs[1]!), INT, argNs[1]!).v;
      return { v: this.emit({ kind: "omp.target_is_present", ptr: p.v, device: d }, "i32", n), t: INT };
    }
    case "omp_get_level":
      want(0);
      if (dev) return q("level");
      // The enclosing parallel constructs of the whole call chain (a function called from a
      // parallel region answers 1, as libgomp does), not only of this function.
      return this.L.usesLevel ? { v: this.emit({ kind: "load", type: "i32", space: "host", ptr: this.gvar(this.L.hostLevelGlobal()) }, "i32", n), t: INT } : this.ci(INT, this.hostLevel);
    case "omp_get_active_level":
      // Host parallel regions have one thread: never active there.
      want(0);
      return dev ? q("active_level") : this.ci(INT, 0);
    case "omp_in_parallel":
      // OpenMP: active-levels-var > 0 (true in a region nested in an active one, too).
      want(0);
      if (!dev) return this.ci(INT, 0);
      return this.boolToInt(this.emit({ kind: "icmp", pred: "ne", type: "i32", lhs: q("active_level").v, rhs: this.c("i32", 0n) }, "i1", n), n);
      default:
        return null;
    }
  }

  /** Library functions and OpenMP API calls (ompApi); null if `name` is not one. */
  builtin(name: string, n: Node, _discard: boolean): RVal | null {
    const argNs = this.args(n);
    const want = (k: number): void => {
      if (argNs.length !== k) this.L.err(n, `'${name}' expects ${k} argument(s), got ${argNs.length}`);
    };
    const dev = this.side === "device";
    if (name.startsWith("omp_")) {
      if (this.inReverse) this.L.err(n, `'${name}' inside a reverse-offload region is not allowed (OpenMP forbids OpenMP API calls in 'target device(ancestor: 1)')`);
      const r = this.ompApi(name, n, argNs, want);
      if (r !== null) return r;
    }
    switch (name) {
      case "printf":
        return this.printf(n, argNs, "");
      case "fprintf": {
        if (argNs.length < 2 || !/^(stderr|stdout)$/.test(argNs[0]!.text)) this.L.unsupported(n, "fprintf to a stream other than stdout/stderr");
        if (argNs[0]!.text === "stderr") {
          // stderr is not part of the program's observable stdout; evaluate the arguments only.
          for (const a of argNs.slice(2)) this.rvalue(a);
          return this.ci(INT, 0);
        }
        return this.printf(n, argNs.slice(1), "");
      }
      case "puts": {
        want(1);
        const s = { str: this.strLit(argNs[0]!) };
        if (s.str === undefined) this.L.unsupported(argNs[0]!, "puts of a non-literal string");
        this.emit({ kind: "print", format: escapePercent(s.str! + "\n"), args: [] }, null, n);
        return this.ci(INT, 0);
      }
      case "putchar": {
        want(1);
        const c = this.convert(this.rvalue(argNs[0]!), INT, argNs[0]!);
        this.emit({ kind: "print", format: "%c", args: [c.v] }, null, n);
        return c;
      }
      case "malloc":
      case "calloc": {
        want(name === "malloc" ? 1 : 2);
        let sz = this.convert(this.rvalue(argNs[0]!), LONG, argNs[0]!).v;
        if (name === "calloc") {
          const k = this.convert(this.rvalue(argNs[1]!), LONG, argNs[1]!).v;
          const prod = this.emit({ kind: "binary", op: "mul", type: "i64", lhs: sz, rhs: k }, "i64", n);
          {
            // An overflowing product asks for 2^64-1 bytes, which the heap refuses (null).
            const nz = this.emit({ kind: "binary", op: "umax", type: "i64", lhs: sz, rhs: this.c("i64", 1n) }, "i64", n);
            const back = this.emit({ kind: "binary", op: "udiv", type: "i64", lhs: prod, rhs: nz }, "i64", n);
            const zero = this.emit({ kind: "icmp", pred: "eq", type: "i64", lhs: sz, rhs: this.c("i64", 0n) }, "i1", n);
            const same = this.emit({ kind: "icmp", pred: "eq", type: "i64", lhs: back, rhs: k }, "i1", n);
            const ok = this.emit({ kind: "binary", op: "or", type: "i1", lhs: zero, rhs: same }, "i1", n);
            sz = this.emit({ kind: "select", type: "i64", cond: ok, a: prod, b: this.c("i64", -1n) }, "i64", n);
          }
        }
        // The device heap in device code, the host heap in host code; zeroed, so calloc is
        // malloc (docs/C.md: malloc).
        return { v: this.emit({ kind: "omp.malloc", size: sz }, "ptr", n), t: ptrTo(VOID), ps: dev ? "global" : "host" };
      }
      case "realloc":
        want(2);
        return this.realloc(n, argNs);
      case "fflush":
        // Output is unbuffered in ompir; the stream argument (stdout/stderr) is not a variable.
        want(1);
        return this.ci(INT, 0);
      case "free": {
        want(1);
        const p = this.rvalue(argNs[0]!);
        this.emit({ kind: "omp.free", ptr: this.convert(p, ptrTo(VOID), argNs[0]!).v }, null, n);
        return { v: NO_VALUE, t: VOID };
      }
      case "abort":
        want(0);
        this.emit({ kind: "trap", message: "abort() called" }, null, n);
        this.emit({ kind: "unreachable" }, null, n);
        return { v: NO_VALUE, t: VOID };
      case "__ompir_assert_fail": {
        const s = this.strLit(argNs[0]!) ?? "?";
        const at = this.L.pos(n);
        this.emit({ kind: "trap", message: `abort() called: ${at.file}:${at.line}: Assertion \`${s}' failed.` }, null, n);
        this.emit({ kind: "unreachable" }, null, n);
        return { v: NO_VALUE, t: VOID };
      }
      case "exit": {
        want(1);
        const c = this.convert(this.rvalue(argNs[0]!), INT, argNs[0]!);
        if (dev) {
          this.emit({ kind: "trap", message: "exit() called in a target region" }, null, n);
          this.emit({ kind: "unreachable" }, null, n);
        } else {
          this.emit({ kind: "exit", code: c.v }, null, n);
          this.emit({ kind: "unreachable" }, null, n);
        }
        return { v: NO_VALUE, t: VOID };
      }
      case "abs":
      case "labs":
      case "llabs": {
        want(1);
        const t = name === "abs" ? INT : LONG;
        const x = this.convert(this.rvalue(argNs[0]!), t, argNs[0]!);
        const ty = irType(t);
        const neg = this.emit({ kind: "binary", op: "sub", type: ty, lhs: this.c(ty, 0n), rhs: x.v }, ty, n);
        return { v: this.emit({ kind: "binary", op: "smax", type: ty, lhs: x.v, rhs: neg }, ty, n), t };
      }
      case "fabs":
      case "fabsf": {
        want(1);
        const t = name === "fabs" ? DOUBLE : FLOAT;
        const x = this.convert(this.rvalue(argNs[0]!), t, argNs[0]!);
        const ty = irType(t);
        const neg = this.emit({ kind: "binary", op: "fsub", type: ty, lhs: this.c(ty, -0), rhs: x.v }, ty, n);
        const lt = this.emit({ kind: "fcmp", pred: "olt", type: ty, lhs: x.v, rhs: this.c(ty, 0) }, "i1", n);
        return { v: this.emit({ kind: "select", type: ty, cond: lt, a: neg, b: x.v }, ty, n), t };
      }
      case "fmin":
      case "fmax":
      case "fminf":
      case "fmaxf": {
        want(2);
        const t = name.endsWith("f") ? FLOAT : DOUBLE;
        const x = this.convert(this.rvalue(argNs[0]!), t, argNs[0]!);
        const y = this.convert(this.rvalue(argNs[1]!), t, argNs[1]!);
        const ty = irType(t);
        return { v: this.emit({ kind: "binary", op: name.startsWith("fmin") ? "fmin" : "fmax", type: ty, lhs: x.v, rhs: y.v }, ty, n), t };
      }
      case "memset":
      case "memcpy":
        return this.memOp(name, n, argNs);
      case "strlen":
      case "strcmp":
      case "strcpy":
      case "memcmp":
        return this.strOp(name, n, argNs);
      case "atoi":
      case "atol":
        return this.atoi(name, n, argNs);
      default: {
        // <math.h>: fmath.<fn> on double, or on float for the `f` variants.
        const mm = /^(sqrt|cbrt|exp|exp2|expm1|log|log2|log10|log1p|sin|cos|tan|asin|acos|atan|sinh|cosh|tanh|asinh|acosh|atanh|floor|ceil|trunc|round|pow|atan2|hypot|fmod)(f?)$/.exec(name);
        if (mm) {
          const fn = mm[1] as FMathFn | "fmod";
          const t = mm[2] === "f" ? FLOAT : DOUBLE;
          const ty = irType(t);
          const binary = fn === "fmod" || FMATH_BINARY.includes(fn as FMathFn);
          want(binary ? 2 : 1);
          const a = this.convert(this.rvalue(argNs[0]!), t, argNs[0]!).v;
          const b = binary ? this.convert(this.rvalue(argNs[1]!), t, argNs[1]!).v : NO_VALUE;
          if (fn === "fmod") return { v: this.emit({ kind: "binary", op: "frem", type: ty, lhs: a, rhs: b }, ty, n), t };
          return { v: this.emit({ kind: "fmath", fn, type: ty, a, b }, ty, n), t };
        }
        if (/^omp_/.test(name)) return this.L.unsupported(n, `'${name}'`);
      }
        if (/^(sprintf|snprintf|atof|fputs|fputc|getchar|scanf|fopen|fclose)$/.test(name)) return this.L.unsupported(n, `'${name}'`);
        return null;
    }
  }

  /**
   * realloc(p, n) as the C library's, on the memory malloc gives here (the device heap, or
   * the host's): NULL p is malloc(n); n == 0 frees p and gives NULL (glibc's choice);
   * otherwise a new block of n bytes gets min(n, the old block's size) bytes of p
   * (`objectsize`) and p is freed, or, when no block fits, NULL with p untouched.
   */
  realloc(n: Node, argNs: Node[]): RVal {
    const dev = this.side === "device";
    const sp: Space = dev ? "global" : "host";
    const p = this.convert(this.rvalue(argNs[0]!), ptrTo(VOID), argNs[0]!).v;
    const size = this.convert(this.rvalue(argNs[1]!), LONG, argNs[1]!).v;
    const alloc = (): ValueId => this.emit({ kind: "omp.malloc", size }, "ptr", n);
    const join = addBlock(this.f, null, ["ptr"]);
    const fresh = this.block();
    const notNull = this.block();
    const zero = this.block();
    const grow = this.block();
    const copy = this.block();
    const nul = this.c("ptr", null);
    this.condBr(this.emit({ kind: "icmp", pred: "eq", type: "ptr", lhs: p, rhs: nul }, "i1", n), fresh, notNull, n);
    this.setBlock(fresh);
    this.br(join, [alloc()]);
    this.setBlock(notNull);
    this.condBr(this.emit({ kind: "icmp", pred: "eq", type: "i64", lhs: size, rhs: this.c("i64", 0n) }, "i1", n), zero, grow, n);
    this.setBlock(zero);
    this.emit({ kind: "omp.free", ptr: p }, null, n);
    this.br(join, [nul]);
    this.setBlock(grow);
    const q = alloc();
    this.emit({ kind: "cond_br", cond: this.emit({ kind: "icmp", pred: "ne", type: "ptr", lhs: q, rhs: nul }, "i1", n), then: copy, thenArgs: [], else: join, elseArgs: [nul] }, null, n);
    this.setBlock(copy);
    const old = this.emit({ kind: "objectsize", ptr: p }, "i64", n);
    const len = this.emit({ kind: "binary", op: "umin", type: "i64", lhs: old, rhs: size }, "i64", n);
    const head = addBlock(this.f, null, ["i64"]);
    const body = this.block();
    const done = this.block();
    this.br(head, [this.c("i64", 0n)]);
    this.setBlock(head);
    const i = this.f.blocks[head]!.params[0]!;
    this.condBr(this.emit({ kind: "icmp", pred: "slt", type: "i64", lhs: i, rhs: len }, "i1", n), body, done, n);
    this.setBlock(body);
    const byte = this.emit({ kind: "load", type: "i8", space: sp, ptr: this.emit({ kind: "gep", elemType: "i8", ptr: p, index: i }, "ptr", n) }, "i8", n);
    this.emit({ kind: "store", type: "i8", space: sp, value: byte, ptr: this.emit({ kind: "gep", elemType: "i8", ptr: q, index: i }, "ptr", n) }, null, n);
    this.br(head, [this.emit({ kind: "binary", op: "add", type: "i64", lhs: i, rhs: this.c("i64", 1n) }, "i64", n)]);
    this.setBlock(done);
    this.emit({ kind: "omp.free", ptr: p }, null, n);
    this.br(join, [q]);
    this.setBlock(join);
    return { v: this.f.blocks[join]!.params[0]!, t: ptrTo(VOID), ps: sp };
  }

  memOp(name: string, n: Node, argNs: Node[]): RVal {
    if (argNs.length !== 3) this.L.err(n, `'${name}' expects 3 arguments, got ${argNs.length}`);
    const dst = this.rvalue(argNs[0]!);
    if (dst.t.k !== "ptr" && dst.t.k !== "array") this.L.err(argNs[0]!, `'${name}' needs a pointer`);
    const src = name === "memcpy" ? this.rvalue(argNs[1]!) : null;
    const val = name === "memset" ? this.convert(this.rvalue(argNs[1]!), CHAR, argNs[1]!) : null;
    const len = this.convert(this.rvalue(argNs[2]!), LONG, argNs[2]!);
    const head = addBlock(this.f, null, ["i64"]);
    const bodyB = this.block();
    const exit = this.block();
    this.br(head, [this.c("i64", 0n)]);
    this.setBlock(head);
    const i = this.f.blocks[head]!.params[0]!;
    this.condBr(this.emit({ kind: "icmp", pred: "slt", type: "i64", lhs: i, rhs: len.v }, "i1", n), bodyB, exit, n);
    this.setBlock(bodyB);
    const d = this.emit({ kind: "gep", elemType: "i8", ptr: dst.v, index: i }, "ptr", n);
    let byte: ValueId;
    if (src !== null) {
      const s = this.emit({ kind: "gep", elemType: "i8", ptr: src.v, index: i }, "ptr", n);
      byte = this.emit({ kind: "load", type: "i8", space: src.ps ?? this.defaultPs, ptr: s }, "i8", n);
    } else byte = val!.v;
    this.emit({ kind: "store", type: "i8", space: dst.ps ?? this.defaultPs, value: byte, ptr: d }, null, n);
    this.br(head, [this.emit({ kind: "binary", op: "add", type: "i64", lhs: i, rhs: this.c("i64", 1n) }, "i64", n)]);
    this.setBlock(exit);
    return { v: dst.v, t: dst.t.k === "array" ? ptrTo(dst.t.of) : dst.t, ps: dst.ps };
  }

  /** A string literal's text without materialising it (printf formats, %s, puts). */
  strLit(n: Node): string | undefined {
    const u = unparen(n);
    return u.type === "string_literal" || u.type === "concatenated_string" ? stringLiteral(u) : undefined;
  }

  /** printf: the format must be a string literal; %s arguments must be literals too (inlined). */
  printf(n: Node, argNs: Node[], prefix: string): RVal {
    if (argNs.length === 0) this.L.err(n, "'printf' needs a format");
    const fmtV = { str: this.strLit(argNs[0]!) };
    if (fmtV.str === undefined) return this.L.unsupported(argNs[0]!, "a printf format that is not a string literal");
    const fmt = prefix + fmtV.str;
    const SPEC = /%([-+ 0#]*)(\d+|\*)?(?:\.(\d*|\*))?(hh|h|ll|l|z|j|t|L)?([diuxXofFeEgGaAcpsn%])?/g;
    let out = "";
    let last = 0;
    let k = 1;
    let args: ValueId[] = [];
    // A %s of a string that is not a literal splits the output: the text so far, then the
    // string's characters one by one (after every argument has been evaluated, as in C).
    const segments: ({ format: string; args: ValueId[] } | { str: RVal })[] = [];
    for (const m of fmt.matchAll(SPEC)) {
      out += fmt.slice(last, m.index);
      last = m.index + m[0].length;
      const [, flags = "", width, prec, , conv] = m;
      // Name the character that is not a conversion too (`%k`, not `%`).
      if (conv === undefined) return this.L.err(argNs[0]!, `bad printf conversion '${fmt.slice(m.index, m.index + m[0].length + 1)}'`);
      if (conv === "%") {
        out += "%%";
        continue;
      }
      if (width === "*" || prec === "*") return this.L.unsupported(argNs[0]!, "'*' width or precision in printf");
      if (conv === "n") return this.L.unsupported(argNs[0]!, "printf %n");
      const a = argNs[k++];
      if (a === undefined) return this.L.err(n, `printf: too few arguments for the format`);
      const spec = `%${flags}${width ?? ""}${prec !== undefined ? "." + prec : ""}`;
      if (conv === "s") {
        const s = { str: this.strLit(a) };
        if (s.str === undefined) {
          if (width !== undefined || prec !== undefined || flags !== "") return this.L.unsupported(a, "a width or precision on printf %s of a non-literal string");
          const p = this.rvalue(a);
          if (p.t.k !== "ptr" && p.t.k !== "array") return this.L.err(a, "printf: %s expects a string");
          segments.push({ format: out, args });
          segments.push({ str: p });
          out = "";
          args = [];
          continue;
        }
        let text = s.str;
        if (prec !== undefined && prec !== "") text = text.slice(0, Number(prec));
        const w = width === undefined ? 0 : Number(width);
        if (text.length < w) text = flags.includes("-") ? text.padEnd(w) : text.padStart(w);
        out += escapePercent(text);
        continue;
      }
      let v = this.rvalue(a);
      if ("diuxXoc".includes(conv)) {
        if (!isInt(v.t)) return this.L.err(a, `printf: %${conv} expects an integer, got '${typeName(v.t)}'`);
        v = this.convert(v, promote(v.t), a);
        out += spec + (irType(v.t) === "i64" ? "l" : "") + conv;
      } else if ("fFeEgGaA".includes(conv)) {
        if (!isFloat(v.t)) return this.L.err(a, `printf: %${conv} expects a double, got '${typeName(v.t)}'`);
        v = this.convert(v, DOUBLE, a);
        out += spec + conv;
      } else {
        if (v.t.k !== "ptr" && v.t.k !== "array") return this.L.err(a, `printf: %p expects a pointer`);
        out += spec + conv;
      }
      args.push(v.v);
    }
    out += fmt.slice(last);
    if (k < argNs.length) this.L.err(argNs[k]!, "printf: more arguments than the format uses");
    segments.push({ format: out, args });
    for (const sg of segments) {
      if ("str" in sg) this.printChars(sg.str, n);
      else if (sg.format !== "" || sg.args.length > 0) this.emit({ kind: "print", format: sg.format, args: sg.args }, null, n);
    }
    return this.ci(INT, 0);
  }

  /** Prints a NUL-terminated string one character at a time. */
  printChars(s: RVal, n: Node): void {
    const space = s.ps ?? this.defaultPs;
    const head = addBlock(this.f, null, ["i64"]);
    const body = this.block();
    const exit = this.block();
    this.br(head, [this.c("i64", 0n)]);
    this.setBlock(head);
    const i = this.f.blocks[head]!.params[0]!;
    const ch = this.emit({ kind: "load", type: "i8", space, ptr: this.emit({ kind: "gep", elemType: "i8", ptr: s.v, index: i }, "ptr", n) }, "i8", n);
    this.condBr(this.emit({ kind: "icmp", pred: "ne", type: "i8", lhs: ch, rhs: this.c("i8", 0n) }, "i1", n), body, exit, n);
    this.setBlock(body);
    this.emit({ kind: "print", format: "%c", args: [this.emit({ kind: "cast", op: "sext", from: "i8", to: "i32", value: ch }, "i32", n)] }, null, n);
    this.br(head, [this.emit({ kind: "binary", op: "add", type: "i64", lhs: i, rhs: this.c("i64", 1n) }, "i64", n)]);
    this.setBlock(exit);
  }

  /**
   * omp_target_alloc / omp_target_free / omp_target_memcpy on the host. The IR cannot hold
   * a device address on the host, so a "device pointer" is a host buffer entered with
   * `map(device_alloc)` (alloc, and not present to omp_target_is_present): `is_device_ptr(p)` then passes the device copy, and a
   * memcpy to or from the device copies that buffer with `always` data motion. The device
   * numbers of a memcpy must be constants (omp_get_default_device(), omp_get_initial_device()).
   */
  targetMemory(name: string, n: Node, argNs: Node[]): RVal {
    if (this.side === "device") return this.L.unsupported(n, `'${name}' in a target region`);
    const want = name === "omp_target_alloc" || name === "omp_target_free" ? 2 : 7;
    if (argNs.length !== want) this.L.err(n, `'${name}' expects ${want} arguments, got ${argNs.length}`);
    const loc = this.L.loc(n);
    if (name === "omp_target_alloc") {
      const size = this.convert(this.rvalue(argNs[0]!), LONG, argNs[0]!).v;
      this.rvalue(argNs[1]!);
      const p = this.emit({ kind: "omp.malloc", size }, "ptr", n);
      this.emit({ kind: "omp.target_enter_data", device: NO_VALUE, maps: [{ kind: "device_alloc", always: false, elemType: "i8", base: p, lo: this.c("i64", 0n), len: size, loc }] }, null, n);
      return { v: p, t: ptrTo(VOID), ps: "host" };
    }
    if (name === "omp_target_free") {
      // The buffer is a host heap block (omp_target_alloc): its device copy goes, then it.
      const p = this.convert(this.rvalue(argNs[0]!), ptrTo(VOID), argNs[0]!).v;
      this.rvalue(argNs[1]!);
      const then = this.block();
      const join = this.block();
      this.condBr(this.emit({ kind: "icmp", pred: "ne", type: "ptr", lhs: p, rhs: this.c("ptr", null) }, "i1", n), then, join, n);
      this.setBlock(then);
      const len = this.emit({ kind: "objectsize", ptr: p }, "i64", n);
      this.emit({ kind: "omp.target_exit_data", device: NO_VALUE, maps: [{ kind: "delete", always: false, elemType: "i8", base: p, lo: this.c("i64", 0n), len, loc }] }, null, n);
      this.emit({ kind: "omp.free", ptr: p }, null, n);
      this.br(join);
      this.setBlock(join);
      return { v: NO_VALUE, t: VOID };
    }
    const [dst, src] = [this.rvalue(argNs[0]!), this.rvalue(argNs[1]!)];
    const [len, dOff, sOff] = [2, 3, 4].map((i) => this.convert(this.rvalue(argNs[i]!), LONG, argNs[i]!).v) as [ValueId, ValueId, ValueId];
    // The device numbers decide at run time which side each buffer is on (the initial
    // device, the host, is omp_get_initial_device()).
    const initial = this.emit({ kind: "omp.query", query: "initial_device" }, "i32", n);
    const onDevice = (a: Node): ValueId => this.emit({ kind: "icmp", pred: "ne", type: "i32", lhs: this.convert(this.rvalue(a), INT, a).v, rhs: initial }, "i1", a);
    const dDev = onDevice(argNs[5]!);
    const sDev = onDevice(argNs[6]!);
    const item = (p: RVal, off: ValueId, kind: "to" | "from" | "alloc" | "release", always: boolean) => ({ kind, always, elemType: "i8" as Type, base: p.v, lo: off, len, loc });
    const when = (c: ValueId, body: () => void): void => {
      const then = this.block();
      const join = this.block();
      this.condBr(c, then, join, n);
      this.setBlock(then);
      body();
      this.br(join);
      this.setBlock(join);
    };
    // From the device: refresh the buffer from the device copy first.
    when(sDev, () => {
      this.emit({ kind: "omp.target_enter_data", device: NO_VALUE, maps: [item(src, sOff, "alloc", false)] }, null, n);
      this.emit({ kind: "omp.target_exit_data", device: NO_VALUE, maps: [item(src, sOff, "from", true)] }, null, n);
    });
    const at = (p: RVal, off: ValueId): RVal => ({ v: this.emit({ kind: "gep", elemType: "i8", ptr: p.v, index: off }, "ptr", n), t: ptrTo(CHAR), ps: "host" });
    this.byteCopy(at(dst, dOff), at(src, sOff), len, n);
    // To the device: push the written bytes to the device copy.
    when(dDev, () => {
      this.emit({ kind: "omp.target_enter_data", device: NO_VALUE, maps: [item(dst, dOff, "to", true)] }, null, n);
      this.emit({ kind: "omp.target_exit_data", device: NO_VALUE, maps: [item(dst, dOff, "release", false)] }, null, n);
    });
    return this.ci(INT, 0);
  }

  byteCopy(dst: RVal, src: RVal, len: ValueId, n: Node): void {
    const head = addBlock(this.f, null, ["i64"]);
    const body = this.block();
    const exit = this.block();
    this.br(head, [this.c("i64", 0n)]);
    this.setBlock(head);
    const i = this.f.blocks[head]!.params[0]!;
    this.condBr(this.emit({ kind: "icmp", pred: "slt", type: "i64", lhs: i, rhs: len }, "i1", n), body, exit, n);
    this.setBlock(body);
    const b = this.emit({ kind: "load", type: "i8", space: src.ps ?? this.defaultPs, ptr: this.emit({ kind: "gep", elemType: "i8", ptr: src.v, index: i }, "ptr", n) }, "i8", n);
    this.emit({ kind: "store", type: "i8", space: dst.ps ?? this.defaultPs, value: b, ptr: this.emit({ kind: "gep", elemType: "i8", ptr: dst.v, index: i }, "ptr", n) }, null, n);
    this.br(head, [this.emit({ kind: "binary", op: "add", type: "i64", lhs: i, rhs: this.c("i64", 1n) }, "i64", n)]);
    this.setBlock(exit);
  }

  /** atoi and atol as glibc's (strtol base 10): white space, a sign, then digits (as many
   *  as there are, wrapping in 64 bits; atoi keeps the low 32 bits, as glibc's cast does). */
  atoi(name: string, n: Node, argNs: Node[]): RVal {
    if (argNs.length !== 1) this.L.err(n, `'${name}' expects 1 argument, got ${argNs.length}`);
    const p = this.rvalue(argNs[0]!);
    if (p.t.k !== "ptr" && p.t.k !== "array") this.L.err(argNs[0]!, `'${name}' needs a pointer`);
    const sp = p.ps ?? this.defaultPs;
    const byte = (i: ValueId): ValueId => this.emit({ kind: "load", type: "i8", space: sp, ptr: this.emit({ kind: "gep", elemType: "i8", ptr: p.v, index: i }, "ptr", n) }, "i8", n);
    const i64 = (op: "add" | "sub" | "mul", a: ValueId, b: ValueId): ValueId => this.emit({ kind: "binary", op, type: "i64", lhs: a, rhs: b }, "i64", n);
    const cmp = (pred: "eq" | "sge" | "sle", a: ValueId, k: bigint): ValueId => this.emit({ kind: "icmp", pred, type: "i8", lhs: a, rhs: this.c("i8", k) }, "i1", n);
    const or = (a: ValueId, b: ValueId): ValueId => this.emit({ kind: "binary", op: "or", type: "i1", lhs: a, rhs: b }, "i1", n);
    const and = (a: ValueId, b: ValueId): ValueId => this.emit({ kind: "binary", op: "and", type: "i1", lhs: a, rhs: b }, "i1", n);
    // Leading white space: ' ' and \t \n \v \f \r.
    const ws = addBlock(this.f, null, ["i64"]);
    const sign = addBlock(this.f, null, ["i64"]);
    this.br(ws, [this.c("i64", 0n)]);
    this.setBlock(ws);
    const i = this.f.blocks[ws]!.params[0]!;
    const c = byte(i);
    const space = or(cmp("eq", c, 32n), and(cmp("sge", c, 9n), cmp("sle", c, 13n)));
    this.emit({ kind: "cond_br", cond: space, then: ws, thenArgs: [i64("add", i, this.c("i64", 1n))], else: sign, elseArgs: [i] }, null, n);
    this.setBlock(sign);
    const j = this.f.blocks[sign]!.params[0]!;
    const s0 = byte(j);
    const minus = cmp("eq", s0, 45n);
    const signed = or(minus, cmp("eq", s0, 43n));
    const j1 = this.emit({ kind: "select", type: "i64", cond: signed, a: i64("add", j, this.c("i64", 1n)), b: j }, "i64", n);
    const digits = addBlock(this.f, null, ["i64", "i64"]);
    const done = addBlock(this.f, null, ["i64"]);
    const more = this.block();
    this.br(digits, [j1, this.c("i64", 0n)]);
    this.setBlock(digits);
    const [k, acc] = this.f.blocks[digits]!.params as [ValueId, ValueId];
    const d = byte(k);
    this.emit({ kind: "cond_br", cond: and(cmp("sge", d, 48n), cmp("sle", d, 57n)), then: more, thenArgs: [], else: done, elseArgs: [acc] }, null, n);
    this.setBlock(more);
    const dv = i64("sub", this.emit({ kind: "cast", op: "sext", from: "i8", to: "i64", value: d }, "i64", n), this.c("i64", 48n));
    this.br(digits, [i64("add", k, this.c("i64", 1n)), i64("add", i64("mul", acc, this.c("i64", 10n)), dv)]);
    this.setBlock(done);
    const mag = this.f.blocks[done]!.params[0]!;
    const v = this.emit({ kind: "select", type: "i64", cond: minus, a: i64("sub", this.c("i64", 0n), mag), b: mag }, "i64", n);
    if (name === "atol") return { v, t: LONG };
    return { v: this.emit({ kind: "cast", op: "trunc", from: "i64", to: "i32", value: v }, "i32", n), t: INT };
  }

  /** strlen, strcmp, strcpy and memcmp as byte loops. */
  strOp(name: string, n: Node, argNs: Node[]): RVal {
    const want = name === "strlen" ? 1 : name === "memcmp" ? 3 : 2;
    if (argNs.length !== want) this.L.err(n, `'${name}' expects ${want} argument(s), got ${argNs.length}`);
    const ptrs = argNs.slice(0, name === "strlen" ? 1 : 2).map((a) => {
      const p = this.rvalue(a);
      if (p.t.k !== "ptr" && p.t.k !== "array") this.L.err(a, `'${name}' needs a pointer`);
      return p;
    });
    const len = name === "memcmp" ? this.convert(this.rvalue(argNs[2]!), LONG, argNs[2]!).v : NO_VALUE;
    const sp = (p: RVal): Space => p.ps ?? this.defaultPs;
    const at = (p: RVal, i: ValueId): ValueId => this.emit({ kind: "gep", elemType: "i8", ptr: p.v, index: i }, "ptr", n);
    const head = addBlock(this.f, null, ["i64"]);
    const body = this.block();
    const exit = addBlock(this.f, null, ["i64"]);
    this.br(head, [this.c("i64", 0n)]);
    this.setBlock(head);
    const i = this.f.blocks[head]!.params[0]!;
    const next = this.emit({ kind: "binary", op: "add", type: "i64", lhs: i, rhs: this.c("i64", 1n) }, "i64", n);
    const result = addBlock(this.f, null, ["i32"]);
    if (name === "memcmp") {
      // Bytes past len are not read.
      const load = this.block();
      this.emit({ kind: "cond_br", cond: this.emit({ kind: "icmp", pred: "slt", type: "i64", lhs: i, rhs: len }, "i1", n), then: load, thenArgs: [], else: result, elseArgs: [this.c("i32", 0n)] }, null, n);
      this.setBlock(load);
    }
    const a = this.emit({ kind: "load", type: "i8", space: sp(ptrs[0]!), ptr: at(ptrs[0]!, i) }, "i8", n);
    const zero = this.c("i8", 0n);
    if (name === "strlen") {
      this.emit({ kind: "cond_br", cond: this.emit({ kind: "icmp", pred: "ne", type: "i8", lhs: a, rhs: zero }, "i1", n), then: head, thenArgs: [next], else: exit, elseArgs: [i] }, null, n);
      this.setBlock(exit);
      return { v: this.f.blocks[exit]!.params[0]!, t: ULONG };
    }
    if (name === "strcpy") {
      this.emit({ kind: "store", type: "i8", space: sp(ptrs[0]!), value: this.emit({ kind: "load", type: "i8", space: sp(ptrs[1]!), ptr: at(ptrs[1]!, i) }, "i8", n), ptr: at(ptrs[0]!, i) }, null, n);
      const copied = this.emit({ kind: "load", type: "i8", space: sp(ptrs[0]!), ptr: at(ptrs[0]!, i) }, "i8", n);
      this.emit({ kind: "cond_br", cond: this.emit({ kind: "icmp", pred: "ne", type: "i8", lhs: copied, rhs: zero }, "i1", n), then: head, thenArgs: [next], else: exit, elseArgs: [i] }, null, n);
      this.setBlock(exit);
      return { ...ptrs[0]!, t: ptrs[0]!.t.k === "array" ? ptrTo(ptrs[0]!.t.of) : ptrs[0]!.t };
    }
    // strcmp / memcmp: the difference of the first differing bytes (as unsigned char).
    const b = this.emit({ kind: "load", type: "i8", space: sp(ptrs[1]!), ptr: at(ptrs[1]!, i) }, "i8", n);
    const ua = this.emit({ kind: "cast", op: "zext", from: "i8", to: "i32", value: a }, "i32", n);
    const ub = this.emit({ kind: "cast", op: "zext", from: "i8", to: "i32", value: b }, "i32", n);
    const diff = this.emit({ kind: "binary", op: "sub", type: "i32", lhs: ua, rhs: ub }, "i32", n);
    const same = this.emit({ kind: "icmp", pred: "eq", type: "i32", lhs: diff, rhs: this.c("i32", 0n) }, "i1", n);
    this.emit({ kind: "cond_br", cond: same, then: body, thenArgs: [], else: result, elseArgs: [diff] }, null, n);
    this.setBlock(body);
    if (name === "strcmp") {
      this.emit({ kind: "cond_br", cond: this.emit({ kind: "icmp", pred: "eq", type: "i8", lhs: a, rhs: zero }, "i1", n), then: result, thenArgs: [this.c("i32", 0n)], else: head, elseArgs: [next] }, null, n);
    } else this.br(head, [next]);
    this.setBlock(exit);
    this.emit({ kind: "unreachable" }, null, n);
    this.setBlock(result);
    return { v: this.f.blocks[result]!.params[0]!, t: INT };
  }
}

function escapePercent(s: string): string {
  return s.replace(/%/g, "%%");
}

export function unparen(n: Node): Node {
  while (n.type === "parenthesized_expression" && n.namedChildren.length === 1) n = n.namedChildren[0]!;
  return n;
}

/**
 * An initializer list with its braces made explicit (Lowerer.braceList): item k initializes
 * member (or element) k of the aggregate, or is absent (zero).
 */
export interface Braced {
  readonly braced: true;
  /** The list (or the first item of an elided one), for positions. */
  readonly at: Node;
  readonly items: readonly (Init | undefined)[];
}
export type Init = Node | Braced;

function isBraced(i: Init): i is Braced {
  return (i as Braced).braced === true;
}

function listItems(init: Node): Node[] {
  const items = init.namedChildren.filter((c): c is Node => c !== null && c.type !== "comment");
  for (const it of items) if (it.type === "initializer_pair") throw designator(it);
  return items;
}

/** Set by the Lowerer so helpers without one can still report a located error. */
export let designator: (n: Node) => CError = () => new CError([]);
export function setDesignatorError(f: (n: Node) => CError): void {
  designator = f;
}

/** The value of a string literal (or adjacent literals), escapes decoded. */
export function stringLiteral(n: Node): string {
  if (n.type === "concatenated_string") return n.namedChildren.filter((c): c is Node => c !== null && c.type === "string_literal").map(stringLiteral).join("");
  const raw = n.text;
  if (!raw.startsWith('"')) throw new CError([]);
  return unescapeC(raw.slice(1, -1));
}

type Num = { kind: "int"; value: bigint; t: CType } | { kind: "float"; value: number; t: CType };

/** A C number literal with its type (C11 6.4.4.1: the first type that holds the value). */
export function parseNumber(text: string): Num | null {
  const t0 = text.replace(/'/g, "").trim();
  if (t0.startsWith("-")) {
    // The grammar folds a leading minus into the literal: C's unary minus on the positive literal.
    const r = parseNumber(t0.slice(1).trim());
    if (r === null) return null;
    return r.kind === "int" ? { ...r, value: -r.value } : { ...r, value: -r.value };
  }
  const s = t0;
  const im = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9]\d*)([uU]?[lL]{0,2}[uU]?)$/.exec(s);
  if (im) {
    const d = im[1]!;
    const suf = im[2]!.toLowerCase();
    const value = /^0[0-7]+$/.test(d) ? BigInt("0o" + d.slice(1)) : BigInt(d);
    const uns = suf.includes("u");
    const lng = suf.includes("l");
    const decimal = !/^0/.test(d) || d === "0";
    let t: CType;
    if (!lng && !uns && value <= 0x7fffffffn) t = INT;
    else if (!lng && (uns || !decimal) && value <= 0xffffffffn) t = UINT;
    else if (!uns && value <= 0x7fffffffffffffffn) t = LONG;
    else t = ULONG;
    return { kind: "int", value, t };
  }
  const fm = /^((\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?|0[xX][0-9a-fA-F.]+[pP][+-]?\d+)([fFlL]?)$/.exec(s);
  if (fm && (fm[2]?.includes(".") || fm[3] !== undefined || s.startsWith("0x") || s.startsWith("0X"))) {
    const v = Number(fm[1]!);
    if (Number.isNaN(v)) return null;
    const f = fm[4]!.toLowerCase();
    if (f === "l") return null;
    return f === "f" ? { kind: "float", value: Math.fround(v), t: FLOAT } : { kind: "float", value: v, t: DOUBLE };
  }
  return null;
}
