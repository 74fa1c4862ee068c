// Resolution: builds the IR Module from the AST, binding names to ids.
//
// Two phases, so forward references work: first every global and function signature (and,
// per function, every block and every named result with its type), then every instruction's
// operands. Literal operands get their type from context (the instruction's type, the
// callee's or block's parameter types, the function's return type); where no context exists
// (print arguments, sizes and indices) an integer is i32 if it fits, else i64, a float f64.
//
// Reported here, each at its exact location, all of them rather than the first: undefined
// and duplicate names, literals that do not fit their type, wrong argument counts of direct
// calls / parallel regions / reverse offloads / launches / branches, unknown attributes and
// assumptions, callees of the wrong kind (omp.target of a non-kernel, omp.parallel of a
// non-device function, omp.reverse_offload of a non-host function), results named on
// instructions without one and missing on those that need one. Types of `%x` and `@g`
// operands, dominance and placement rules are the verifier's job.

import type {
  AttrAst, BlockRefAst, FunctionAst, GlobalAst, InstAst, InstCommonAst, ItemAst, LiteralAst, MapAst, ModuleAst, NameAst, OperandAst, PlainInstAst,
} from "./ast.js";
import type { Diagnostic } from "./diagnostics.js";
import { error } from "./diagnostics.js";
import type { Attrs, ConstValue, Function, Inst, MapClause, Module, RequiresClause, ValueDef } from "./ir.js";
import {
  FLAG_ATTRS, KNOWN_ASSUMPTIONS, REQUIRES_CLAUSES, addBlock, addFunction, compactFunction, addGlobal, addRequires, addValue, emptyAttrs, newModule, NO_ATTRS,
} from "./ir.js";
import type { Loc, SrcLoc } from "./loc.js";
import { srcLoc } from "./loc.js";
import { isPlainKind, plainForm } from "./opcodes.js";
import type { BlockId, FuncId, GlobalId, InstId, RetType, Type, ValueId } from "./types.js";
import { NO_VALUE, assertNever, bitWidth, isFloatType, isIntType } from "./types.js";

type Symbol = { kind: "global"; id: GlobalId; loc: Loc } | { kind: "func"; id: FuncId; loc: Loc };

/** A literal's context: a type, "int" (an integer of either width, e.g. a size), or none. */
type Ctx = Type | "int" | null;

export interface ResolveResult {
  module: Module;
  diagnostics: Diagnostic[];
}

export function resolveModule(ast: ModuleAst, file: string, source: string): ResolveResult {
  return new Resolver(file, source).run(ast);
}

function at(loc: Loc): string {
  return `${loc.line}:${loc.col}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function kindPhrase(f: Function): string {
  switch (f.kind) {
    case "kernel":
      return "a kernel";
    case "device":
      return "a device function";
    case "host":
      return "a host function";
    default:
      return assertNever(f.kind);
  }
}

/**
 * The resolver, for callers that feed it one item at a time (parse.ts): `declare` every item
 * in source order first, then `body` for each definition, then `finish`. `run` does all three
 * for a whole AST.
 */
export class Resolver {
  readonly m: Module;
  readonly diags: Diagnostic[] = [];
  readonly symbols = new Map<string, Symbol>();

  constructor(readonly file: string, source: string) {
    this.m = newModule(file, source);
  }

  err(loc: Loc, message: string, length = 1): void {
    this.diags.push(error(this.file, loc, message, length));
  }

  /** Integer and null constants share their (immutable) definitions; floats keep their own,
   *  as Map keys would equate 0 and -0. */
  private readonly constDefs = new Map<bigint | null, ValueDef>();

  constDef(c: ConstValue): ValueDef {
    if (typeof c === "number") return { kind: "const", value: c };
    let d = this.constDefs.get(c);
    if (d === undefined) {
      d = { kind: "const", value: c };
      if (this.constDefs.size < 4096) this.constDefs.set(c, d);
    }
    return d;
  }

  run(ast: ModuleAst): ResolveResult {
    const bodies: [Function, FunctionAst][] = [];
    for (const item of ast.items) {
      const f = this.declare(item);
      if (f !== null) bodies.push([f, item as FunctionAst]);
    }
    for (const [f, fa] of bodies) this.body(f, fa);
    return this.finish();
  }

  /** Declares a global or a function signature; returns the function, if it is one. */
  declare(item: ItemAst): Function | null {
    if (item.item === "global") {
      this.declareGlobal(item);
      return null;
    }
    if (item.item === "requires") {
      for (const c of item.clauses) {
        if ((REQUIRES_CLAUSES as readonly string[]).includes(c.name)) addRequires(this.m, c.name as RequiresClause);
        else this.err(c.loc, `unknown requires clause '${c.name}' (expected ${REQUIRES_CLAUSES.join(", ")})`, c.length);
      }
      return null;
    }
    return this.declareFunction(item);
  }

  /** Resolves the body of `f`, declared from an item with the same signature as `fa`. */
  body(f: Function, fa: FunctionAst): void {
    if (!fa.declaration) new FunctionResolver(this, f, fa).run();
  }

  finish(): ResolveResult {
    for (const [f, at] of this.stateMachines) this.stateMachine(f, at);
    this.stateMachines.length = 0;
    return { module: this.m, diagnostics: this.diags };
  }

  /** `state_machine(...)` attributes, resolved once every function is declared. */
  private readonly stateMachines: [Function, AttrAst][] = [];

  /** `state_machine(none)`, `state_machine(@r1, @r2)`, `state_machine(@r1, fallback)`. */
  private stateMachine(f: Function, at: AttrAst): void {
    const usage = `as in state_machine(none), state_machine(@region, ...) or state_machine(@region, ..., fallback)`;
    if (at.arg?.kind !== "list") {
      this.err(at.arg?.loc ?? at.loc, `attribute 'state_machine' needs a list of parallel regions, ${usage}`, at.arg?.length ?? at.length);
      return;
    }
    const items = at.arg.items;
    const sm = { regions: [] as FuncId[], fallback: false };
    let ok = true;
    for (const [i, it] of items.entries()) {
      if (!it.global) {
        if (it.name === "none" && items.length === 1) continue;
        if (it.name === "fallback" && i === items.length - 1) {
          sm.fallback = true;
          continue;
        }
        const why = it.name === "none" ? "'none' stands alone" : it.name === "fallback" ? "'fallback' comes last" : `unknown word '${it.name}'`;
        this.err(it.loc, `bad state_machine item: ${why}, ${usage}`, it.length);
        ok = false;
        continue;
      }
      const sym = this.symbols.get(it.name);
      if (sym?.kind !== "func") {
        this.err(it.loc, sym === undefined ? `undefined function @${it.name}` : `@${it.name} is a global, not a parallel region`, it.length);
        ok = false;
      } else if (sm.regions.includes(sym.id)) {
        this.err(it.loc, `parallel region @${it.name} is listed twice in state_machine`, it.length);
        ok = false;
      } else {
        sm.regions.push(sym.id);
      }
    }
    if (f.kind !== "kernel") {
      this.err(at.loc, `only kernels have a state machine; @${f.name} is ${kindPhrase(f)}`, at.length);
      ok = false;
    }
    if (ok) f.stateMachine = sm;
  }

  private define(name: NameAst, sym: Symbol): void {
    const prev = this.symbols.get(name.name);
    if (prev !== undefined) {
      this.err(name.loc, `redefinition of @${name.name} (first defined at ${at(prev.loc)})`, name.length);
    } else {
      this.symbols.set(name.name, sym);
    }
  }

  private declareGlobal(g: GlobalAst): void {
    let count = 1;
    if (g.count !== null) {
      if (g.count.value < 1n || g.count.value > 0x7fffffffn) {
        this.err(g.count.loc, `element count ${g.count.value} of @${g.name.name} must be between 1 and 2147483647`, g.count.length);
      } else {
        count = Number(g.count.value);
      }
    }
    let init: ConstValue[] | null = null;
    if (g.init !== null) {
      init = [];
      for (const lit of g.init) {
        if (init.length === count) {
          this.err(lit.loc, `too many initializers: @${g.name.name} has ${plural(count, "element")}`, lit.length);
          break;
        }
        init.push(this.constant(lit, g.type.type) ?? zeroOf(g.type.type));
      }
      // Canonical: one value per element.
      while (init.length < count) init.push(zeroOf(g.type.type));
    }
    const id = addGlobal(this.m, g.name.name, g.space, g.type.type, count, init, srcLoc(g.loc));
    this.define(g.name, { kind: "global", id, loc: g.loc });
  }

  private declareFunction(fa: FunctionAst): Function {
    if (fa.kind === "kernel") {
      if (fa.mode === null) this.err(fa.name.loc, `kernel @${fa.name.name} needs a mode: generic or spmd`, fa.name.length);
      if (fa.ret !== "void") this.err(fa.name.loc, `kernel @${fa.name.name} cannot return a value`, fa.name.length);
    } else if (fa.mode !== null) {
      this.err(fa.name.loc, `only kernels have a mode; @${fa.name.name} is a ${fa.kind} function`, fa.name.length);
    }
    const sms = fa.attrs.filter((at) => at.name === "state_machine");
    const f = addFunction(this.m, fa.name.name, fa.kind, fa.params.map((p) => p.type.type), fa.ret, {
      mode: fa.mode ?? "generic",
      attrs: this.attrs(fa.attrs.filter((at) => at.name !== "state_machine")),
      paramNames: fa.params.map((p) => p.name?.name ?? null),
      loc: srcLoc(fa.srcLoc ?? fa.loc),
    });
    this.define(fa.name, { kind: "func", id: f.id, loc: fa.loc });
    for (const [i, at] of sms.entries()) {
      if (i === 0) this.stateMachines.push([f, at]);
      else this.err(at.loc, `attribute 'state_machine' given twice`, at.length);
    }
    return f;
  }

  private attrs(list: AttrAst[]): Attrs {
    if (list.length === 0) return NO_ATTRS;
    const a = emptyAttrs();
    for (const at of list) {
      const flag = (FLAG_ATTRS as readonly string[]).includes(at.name) ? (at.name as (typeof FLAG_ATTRS)[number]) : null;
      if (flag !== null) {
        if (at.arg !== null) this.err(at.arg.loc, `attribute '${at.name}' takes no argument`, at.arg.length);
        a[flag] = true;
      } else if (at.name === "assume") {
        if (at.arg?.kind !== "string") {
          this.err(at.loc, `attribute 'assume' needs a string argument, as in assume("omp_no_openmp")`, at.length);
        } else if (!KNOWN_ASSUMPTIONS.includes(at.arg.value)) {
          this.err(at.arg.loc, `unknown assumption ${JSON.stringify(at.arg.value)} (known: ${KNOWN_ASSUMPTIONS.join(", ")})`, at.arg.length);
        } else if (!a.assumes.includes(at.arg.value)) {
          a.assumes.push(at.arg.value);
        }
      } else if (at.name === "cost") {
        if (at.arg?.kind !== "int" || at.arg.value < 0n) {
          this.err(at.arg?.loc ?? at.loc, `attribute 'cost' needs a non-negative integer argument, as in cost(100)`, at.arg?.length ?? at.length);
        } else {
          a.cost = Number(at.arg.value);
        }
      } else {
        this.err(at.loc, `unknown attribute '${at.name}'`, at.length);
      }
    }
    return a;
  }

  /** The ConstValue of a literal in context `ctx` (null after reporting a misfit). */
  constant(lit: LiteralAst, type: Type): ConstValue | null {
    const misfit = (): null => {
      this.err(lit.loc, `literal ${lit.text} does not fit type ${type}`, lit.length);
      return null;
    };
    switch (lit.kind) {
      case "int": {
        if (isIntType(type)) {
          const bits = bitWidth(type);
          if (bits === 1) return lit.value === 0n || lit.value === 1n ? lit.value : misfit();
          if (lit.value < -(1n << BigInt(bits - 1)) || lit.value >= 1n << BigInt(bits)) return misfit();
          return BigInt.asIntN(bits, lit.value);
        }
        if (isFloatType(type)) return floatOf(Number(lit.value), type) ?? misfit();
        return misfit();
      }
      case "float":
        if (!isFloatType(type)) return misfit();
        return floatOf(lit.value, type) ?? misfit();
      case "bool":
        return type === "i1" ? (lit.value ? 1n : 0n) : misfit();
      case "null":
        return type === "ptr" ? null : misfit();
      case "undef":
        this.err(lit.loc, "undef is not allowed in a global initializer", lit.length);
        return null;
      default:
        return assertNever(lit);
    }
  }
}

/** `v` as a constant of float type `t`, or null if it overflows to infinity. */
function floatOf(v: number, t: Type): number | null {
  const r = t === "f32" ? Math.fround(v) : v;
  return Number.isFinite(r) || !Number.isFinite(v) ? r : null;
}

function zeroOf(t: Type): ConstValue {
  return isIntType(t) ? 0n : isFloatType(t) ? 0 : null;
}

/** Every undef operand's definition (definitions are immutable: passes replace, never edit). */
const UNDEF: ValueDef = { kind: "undef" };

/** The type of the value an instruction defines, "none" if it defines none. */
type ResultType = Type | "none";

class FunctionResolver {
  private readonly values = new Map<string, { id: ValueId; loc: Loc }>();
  private readonly blocks = new Map<string, { id: BlockId; loc: Loc }>();

  constructor(private readonly r: Resolver, private readonly f: Function, private readonly fa: FunctionAst) {}

  run(): void {
    const { f, fa } = this;
    fa.params.forEach((p, i) => this.defineValue(p.name!, f.params[i]!));

    // Phase 1: blocks, block parameters and named results, so any order of use works.
    const placed: { inst: InstAst; id: InstId }[] = [];
    for (const ba of fa.blocks) {
      const b = addBlock(f, ba.name.name, ba.params.map((p) => p.type.type), srcLoc(ba.loc), ba.params.map((p) => p.name!.name));
      const prev = this.blocks.get(ba.name.name);
      if (prev !== undefined) {
        this.r.err(ba.name.loc, `redefinition of block ^${ba.name.name} (first defined at ${at(prev.loc)})`, ba.name.length);
      } else {
        this.blocks.set(ba.name.name, { id: b, loc: ba.loc });
      }
      ba.params.forEach((p, i) => this.defineValue(p.name!, f.blocks[b]!.params[i]!));
      for (const ia of ba.insts) {
        const id = f.insts.length as InstId;
        f.insts.push({ kind: "unreachable", result: NO_VALUE, loc: srcLoc(ia.srcLoc ?? ia.loc) });
        f.blocks[b]!.insts.push(id);
        this.declareResult(ia, id);
        placed.push({ inst: ia, id });
      }
    }

    // Phase 2: operands.
    for (const { inst: ia, id } of placed) {
      const old = f.insts[id]!;
      f.insts[id] = this.instData(ia, old.result, srcLoc(ia.srcLoc ?? ia.loc));
    }
    compactFunction(f);
  }

  private defineValue(name: NameAst, v: ValueId): void {
    const prev = this.values.get(name.name);
    if (prev !== undefined) {
      this.r.err(name.loc, `redefinition of value %${name.name} (first defined at ${at(prev.loc)})`, name.length);
    } else {
      this.values.set(name.name, { id: v, loc: name.loc });
    }
  }

  private declareResult(ia: InstAst, id: InstId): void {
    const t = this.resultType(ia);
    if (ia.result !== null) {
      if (t === "none") {
        const why = ia.kind === "call" || ia.kind === "call_indirect" ? `: the callee returns void` : "";
        this.r.err(ia.result.loc, `'${ia.opcode}' does not produce a value${why}`, ia.result.length);
        return;
      }
      const v = addValue(this.f, t, { kind: "inst", inst: id }, ia.result.name);
      this.f.insts[id]!.result = v;
      this.defineValue(ia.result, v);
    } else if (t !== "none" && !optionalResult(ia)) {
      this.r.err(ia.opLoc, `'${ia.opcode}' needs a result name: %name = ${ia.opcode} ...`, ia.opcode.length);
    }
  }

  private resultType(ia: InstAst): ResultType {
    if (isPlainAst(ia)) {
      const r = plainForm(ia.kind)!.result;
      return r === null ? "none" : r === "same" ? ia.type!.type : r;
    }
    switch (ia.kind) {
      case "fmath":
      case "binary":
      case "load":
      case "atomic":
      case "cmpxchg":
        return ia.type.type;
      case "icmp":
      case "fcmp":
        return "i1";
      case "cast":
        return ia.to.type;
      case "alloca":
        return "ptr";
      case "omp.query":
        return "i32";
      case "call": {
        const sym = this.r.symbols.get(ia.callee.name);
        if (sym?.kind !== "func") return "i32"; // reported in phase 2
        return retResult(this.r.m.functions[sym.id]!.ret);
      }
      case "call_indirect":
        return retResult(ia.ret);
      case "store":
      case "print":
      case "trap":
      case "omp.parallel":
      case "omp.reverse_offload":
      case "omp.target":
      case "omp.target_enter_data":
      case "omp.target_exit_data":
      case "omp.target_update":
      case "br":
      case "cond_br":
      case "ret":
        return "none";
      default:
        return assertNever(ia);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Operands

  private operand(o: OperandAst, ctx: Ctx): ValueId {
    const f = this.f;
    switch (o.kind) {
      case "value": {
        const v = this.values.get(o.name);
        if (v !== undefined) return v.id;
        this.r.err(o.loc, `undefined value %${o.name}`, o.length);
        return addValue(f, typeOfCtx(ctx, "i32"), UNDEF);
      }
      case "symbol": {
        const s = this.r.symbols.get(o.name);
        if (s === undefined) {
          this.r.err(o.loc, `undefined global or function @${o.name}`, o.length);
          return addValue(f, "ptr", UNDEF);
        }
        return addValue(f, "ptr", s.kind === "global" ? { kind: "global", global: s.id } : { kind: "func", func: s.id });
      }
      case "undef":
        return addValue(f, typeOfCtx(ctx, "i32"), UNDEF);
      case "int":
      case "float":
      case "bool":
      case "null": {
        const t = literalType(o, ctx);
        if (t === null) {
          this.r.err(o.loc, `literal ${o.text} is not an integer`, o.length);
          return addValue(f, "i32", UNDEF);
        }
        const c = this.r.constant(o, t);
        return c === null && t !== "ptr" ? addValue(f, t, UNDEF) : addValue(f, t, this.r.constDef(c));
      }
      default:
        return assertNever(o);
    }
  }

  private args(list: OperandAst[], types: readonly Type[]): ValueId[] {
    return list.map((a, i) => this.operand(a, types[i] ?? null));
  }

  private arity(who: string, loc: Loc, length: number, expected: number, got: number): void {
    if (expected !== got) this.r.err(loc, `${who} expects ${plural(expected, "argument")}, got ${got}`, length);
  }

  /** The function named by a callee, or null after reporting why not. */
  private func(n: NameAst): Function | null {
    const s = this.r.symbols.get(n.name);
    if (s === undefined) {
      this.r.err(n.loc, `undefined function @${n.name}`, n.length);
      return null;
    }
    if (s.kind === "global") {
      this.r.err(n.loc, `@${n.name} is a global, not a function`, n.length);
      return null;
    }
    return this.r.m.functions[s.id]!;
  }

  /** Resolves a direct callee and its arguments (typed by its parameters). */
  private callArgs(n: NameAst, args: OperandAst[], kind: Function["kind"] | null, what: string): { id: FuncId; args: ValueId[] } {
    const g = this.func(n);
    if (g === null) return { id: 0 as FuncId, args: this.args(args, []) };
    if (kind !== null && g.kind !== kind) {
      const want = kind === "kernel" ? "a kernel" : kind === "device" ? "a device function" : "a host function";
      this.r.err(n.loc, `${what} needs ${want}, but @${g.name} is ${kindPhrase(g)}`, n.length);
    }
    const types = g.params.map((p) => g.values[p]!.type);
    this.arity(`@${g.name}`, n.loc, n.length, types.length, args.length);
    return { id: g.id, args: this.args(args, types) };
  }

  private blockRef(ref: BlockRefAst): { id: BlockId; args: ValueId[] } {
    const b = this.blocks.get(ref.block.name);
    if (b === undefined) {
      this.r.err(ref.block.loc, `undefined block ^${ref.block.name}`, ref.block.length);
      return { id: 0 as BlockId, args: this.args(ref.args, []) };
    }
    const types = this.f.blocks[b.id]!.params.map((p) => this.f.values[p]!.type);
    this.arity(`^${ref.block.name}`, ref.block.loc, ref.block.length, types.length, ref.args.length);
    return { id: b.id, args: this.args(ref.args, types) };
  }

  private maps(list: MapAst[]): MapClause[] {
    return list.map((m) => ({
      kind: m.kind, always: m.always, elemType: m.elemType.type,
      base: this.operand(m.base, "ptr"), lo: this.operand(m.lo, "int"), len: this.operand(m.len, "int"), loc: srcLoc(m.loc),
    }));
  }

  /** The instruction, built as one literal with its result and loc (all fields in-object). */
  private instData(ia: InstAst, result: ValueId, loc: SrcLoc): Inst {
    if (isPlainAst(ia)) return this.plainData(ia, result, loc);
    switch (ia.kind) {
      case "binary":
        return { kind: "binary", op: ia.op, type: ia.type.type, lhs: this.operand(ia.lhs, ia.type.type), rhs: this.operand(ia.rhs, ia.type.type), result, loc };
      case "icmp":
        return { kind: "icmp", pred: ia.pred, type: ia.type.type, lhs: this.operand(ia.lhs, ia.type.type), rhs: this.operand(ia.rhs, ia.type.type), result, loc };
      case "fcmp":
        return { kind: "fcmp", pred: ia.pred, type: ia.type.type, lhs: this.operand(ia.lhs, ia.type.type), rhs: this.operand(ia.rhs, ia.type.type), result, loc };
      case "cast":
        return { kind: "cast", op: ia.op, from: ia.from.type, to: ia.to.type, value: this.operand(ia.value, ia.from.type), result, loc };
      case "fmath":
        return { kind: "fmath", fn: ia.fn, type: ia.type.type, a: this.operand(ia.a, ia.type.type), b: ia.b === null ? NO_VALUE : this.operand(ia.b, ia.type.type), result, loc };
      case "alloca":
        return {
          kind: "alloca", elemType: ia.elemType.type,
          count: ia.count === null ? addValue(this.f, "i32", this.r.constDef(1n)) : this.operand(ia.count, "int"), result, loc,
        };
      case "load":
        return { kind: "load", type: ia.type.type, space: ia.space, ptr: this.operand(ia.ptr, "ptr"), result, loc };
      case "store":
        return { kind: "store", type: ia.type.type, space: ia.space, value: this.operand(ia.value, ia.type.type), ptr: this.operand(ia.ptr, "ptr"), result, loc };
      case "atomic":
        return {
          kind: "atomic", op: ia.op, type: ia.type.type, space: ia.space,
          ptr: this.operand(ia.ptr, "ptr"), value: this.operand(ia.value, ia.type.type), result, loc,
        };
      case "cmpxchg":
        return {
          kind: "cmpxchg", type: ia.type.type, space: ia.space, ptr: this.operand(ia.ptr, "ptr"),
          expected: this.operand(ia.expected, ia.type.type), desired: this.operand(ia.desired, ia.type.type), result, loc,
        };
      case "call": {
        const c = this.callArgs(ia.callee, ia.args, null, "call");
        return { kind: "call", callee: c.id, args: c.args, result, loc };
      }
      case "call_indirect": {
        const types = ia.paramTypes.map((t) => t.type);
        if (types.length !== ia.args.length) {
          this.r.err(ia.opLoc, `call_indirect signature has ${plural(types.length, "parameter")}, got ${plural(ia.args.length, "argument")}`, ia.opcode.length);
        }
        const base = { kind: "call_indirect" as const, callee: this.operand(ia.callee, "ptr"), args: this.args(ia.args, types), paramTypes: types, ret: ia.ret, result, loc };
        if (ia.callees === undefined) return base;
        const callees: FuncId[] = [];
        for (const n of ia.callees) {
          const g = this.func(n);
          if (g === null) continue;
          if (callees.includes(g.id)) this.r.err(n.loc, `@${g.name} is listed twice in the callee set`, n.length);
          else callees.push(g.id);
        }
        return { ...base, callees };
      }
      case "print":
        return { kind: "print", format: ia.format, args: this.args(ia.args, []), result, loc };
      case "trap":
        return { kind: "trap", message: ia.message, result, loc };
      case "omp.parallel": {
        const c = this.callArgs(ia.region, ia.args, "device", "omp.parallel");
        const threads = ia.threads === null ? NO_VALUE : this.operand(ia.threads, "i32");
        return { kind: "omp.parallel", region: c.id, args: c.args, threads, result, loc };
      }
      case "omp.query":
        return { kind: "omp.query", query: ia.query, result, loc };
      case "omp.reverse_offload": {
        const c = this.callArgs(ia.callee, ia.args, "host", "omp.reverse_offload");
        return { kind: "omp.reverse_offload", callee: c.id, args: c.args, maps: this.maps(ia.maps), nowait: ia.nowait, result, loc };
      }
      case "omp.target": {
        const c = this.callArgs(ia.kernel, ia.args, "kernel", "omp.target");
        return {
          kind: "omp.target", kernel: c.id, args: c.args,
          teams: ia.teams === null ? NO_VALUE : this.operand(ia.teams, "i32"),
          threads: ia.threads === null ? NO_VALUE : this.operand(ia.threads, "i32"),
          device: ia.device === null ? NO_VALUE : this.operand(ia.device, "i32"),
          maps: this.maps(ia.maps), nowait: ia.nowait, result, loc,
        };
      }
      case "omp.target_enter_data":
        return { kind: "omp.target_enter_data", device: ia.device === null ? NO_VALUE : this.operand(ia.device, "i32"), maps: this.maps(ia.maps), result, loc };
      case "omp.target_exit_data":
        return { kind: "omp.target_exit_data", device: ia.device === null ? NO_VALUE : this.operand(ia.device, "i32"), maps: this.maps(ia.maps), result, loc };
      case "omp.target_update":
        return { kind: "omp.target_update", device: ia.device === null ? NO_VALUE : this.operand(ia.device, "i32"), maps: this.maps(ia.maps), result, loc };
      case "br": {
        const t = this.blockRef(ia.target);
        return { kind: "br", target: t.id, args: t.args, result, loc };
      }
      case "cond_br": {
        const cond = this.operand(ia.cond, "i1");
        const t = this.blockRef(ia.then);
        const e = this.blockRef(ia.else);
        return { kind: "cond_br", cond, then: t.id, thenArgs: t.args, else: e.id, elseArgs: e.args, result, loc };
      }
      case "ret":
        return { kind: "ret", value: ia.value === null ? NO_VALUE : this.operand(ia.value, this.f.ret === "void" ? null : this.f.ret), result, loc };
      default:
        return assertNever(ia);
    }
  }

  /** A plain instruction from its form (opcodes.ts PlainForm): fields in the interface's
   *  order — kind, the written type, the operands — then result and loc. */
  private plainData(ia: InstCommonAst & PlainInstAst, result: ValueId, loc: SrcLoc): Inst {
    const form = plainForm(ia.kind)!;
    const written = ia.type === null ? null : ia.type.type;
    const data: Record<string, unknown> = { kind: ia.kind };
    if (form.flag !== undefined && ia.flag === true) data[form.flag] = true;
    if (form.type !== null) data[form.type] = written;
    form.operands.forEach(([field, rule], i) => {
      data[field] = this.operand(ia.operands[i]!, rule === "same" ? written : rule);
    });
    data.result = result;
    data.loc = loc;
    return data as unknown as Inst;
  }
}

function isPlainAst(ia: InstAst): ia is InstCommonAst & PlainInstAst {
  return isPlainKind(ia.kind);
}

function retResult(t: RetType): ResultType {
  return t === "void" ? "none" : t;
}

/** Calls and atomics are worth executing for their effects alone; their result may go unnamed. */
function optionalResult(ia: InstAst): boolean {
  return ia.kind === "call" || ia.kind === "call_indirect" || ia.kind === "atomic" || ia.kind === "cmpxchg";
}

function typeOfCtx(ctx: Ctx, dflt: Type): Type {
  return ctx === null || ctx === "int" ? dflt : ctx;
}

/** The type a literal takes in `ctx`; null if ctx wants an integer and this is not one. */
function literalType(o: OperandAst & { kind: "int" | "float" | "bool" | "null" }, ctx: Ctx): Type | null {
  if (ctx !== null && ctx !== "int") return ctx;
  switch (o.kind) {
    case "int":
      return o.value >= -(1n << 31n) && o.value < 1n << 31n ? "i32" : "i64";
    case "float":
      return ctx === "int" ? null : "f64";
    case "bool":
      return ctx === "int" ? null : "i1";
    case "null":
      return ctx === "int" ? null : "ptr";
    default:
      return assertNever(o);
  }
}
