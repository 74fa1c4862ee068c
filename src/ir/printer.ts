// The printer: the canonical text of a module (docs/LANGUAGE.md). Its output parses back to
// a module that prints identically, including modules built by passes.
//
// Naming: values and blocks keep their source names. Definitions are visited in a fixed
// order (params; then per block in layout order its params, then its instruction results);
// a name seen before gets the first free `.1`, `.2`, … suffix; unnamed values then get the
// first free `%<n>` and unnamed blocks `^bb<n>` numbers, skipping every name in use. Names
// that are not valid in the text (a pass may set anything) count as unnamed. Constants,
// undef and @global/@function addresses print inline.

import { encodeString } from "./text.js";
import type { ConstValue, Function, Global, Inst, MapClause, Module } from "./ir.js";
import { isDeclaration } from "./ir.js";
import type { SrcLoc } from "./loc.js";
import { srcCol, srcFile, srcLine } from "./loc.js";
import type { PlainInst } from "./opcodes.js";
import { isPlain, mnemonicOf, plainField, plainForm } from "./opcodes.js";
import type { BlockId, Type, ValueId } from "./types.js";
import { NO_VALUE, assertNever, isFloatType } from "./types.js";

const NAME_RE = /^[A-Za-z0-9_.$-]+$/;

function validName(n: string | null): n is string {
  return n !== null && NAME_RE.test(n);
}

/** Gives every entry a unique name: source names first come, first served, duplicates
 *  suffixed; unnamed entries numbered with `prefix<n>`. */
function assignNames(names: (string | null)[], prefix: string): string[] {
  const taken = new Set<string>();
  for (const n of names) if (validName(n)) taken.add(n);
  const out: string[] = new Array(names.length);
  const seen = new Set<string>();
  // The last suffix given to each name: `taken` only grows, so the next free suffix is past
  // it, and n copies of one name cost O(n), not O(n²).
  const lastSuffix = new Map<string, number>();
  for (let i = 0; i < names.length; i++) {
    const n = names[i]!;
    if (!validName(n)) continue;
    if (!seen.has(n)) {
      seen.add(n);
      out[i] = n;
      continue;
    }
    let k = (lastSuffix.get(n) ?? 0) + 1;
    while (taken.has(`${n}.${k}`)) k++;
    lastSuffix.set(n, k);
    const fresh = `${n}.${k}`;
    taken.add(fresh);
    out[i] = fresh;
  }
  let next = 0;
  for (let i = 0; i < names.length; i++) {
    if (out[i] !== undefined) continue;
    while (taken.has(`${prefix}${next}`)) next++;
    out[i] = `${prefix}${next}`;
    taken.add(out[i]!);
  }
  return out;
}

interface Namer {
  value: (v: ValueId) => string;
  block: (b: BlockId) => string;
}

function makeNamer(f: Function, m: Module | undefined): Namer {
  // Values, in definition order.
  const defs: ValueId[] = [...f.params];
  for (const b of f.layout) {
    const block = f.blocks[b]!;
    defs.push(...block.params);
    for (const i of block.insts) {
      const r = f.insts[i]!.result;
      if (r !== NO_VALUE) defs.push(r);
    }
  }
  const vnames = assignNames(defs.map((v) => f.values[v]!.name), "");
  const valueName = new Map<ValueId, string>();
  defs.forEach((v, i) => valueName.set(v, vnames[i]!));
  // A value used but not defined in the layout (a bug a verifier reports) still gets a
  // stable name: the next free number, in order of first use.
  const taken = new Set(vnames);
  let extra = 0;

  const bnames = assignNames(f.layout.map((b) => f.blocks[b]!.name), "bb");
  const blockName = new Map<BlockId, string>();
  f.layout.forEach((b, i) => blockName.set(b, bnames[i]!));

  return {
    value(v: ValueId): string {
      if (v === NO_VALUE) return "<none>";
      const data = f.values[v];
      if (data === undefined) return `<bad value ${v}>`;
      switch (data.def.kind) {
        case "const":
          return constText(data.type, data.def.value);
        case "undef":
          return "undef";
        case "global": {
          const g = m?.globals[data.def.global];
          return "@" + (g?.name ?? `global.${data.def.global}`);
        }
        case "func": {
          const g = m?.functions[data.def.func];
          return "@" + (g?.name ?? `func.${data.def.func}`);
        }
        case "param":
        case "blockparam":
        case "inst": {
          let n = valueName.get(v);
          if (n === undefined) {
            while (taken.has(String(extra))) extra++;
            n = String(extra);
            taken.add(n);
            valueName.set(v, n);
          }
          return "%" + n;
        }
        default:
          return assertNever(data.def);
      }
    },
    block(b: BlockId): string {
      return "^" + (blockName.get(b) ?? `<bad block ${b}>`);
    },
  };
}

/** The printed form of each value of `f`: `%x` for defined values, inline text for
 *  constants, `@name` for addresses (with `m`; without it `@global.<id>`/`@func.<id>`). */
export function valueNamer(f: Function, m?: Module): (v: ValueId) => string {
  return makeNamer(f, m).value;
}

// ---------------------------------------------------------------------------------------
// Constants

/** A float in the shortest form that reads back to the same value of type `t`. */
export function floatText(x: number, t: Type = "f64"): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (Object.is(x, -0)) return "-0.0";
  let s = String(x);
  if (t === "f32") {
    for (let p = 1; p <= 17; p++) {
      const c = Number(x.toPrecision(p));
      if (Math.fround(c) === x) {
        s = String(c);
        break;
      }
    }
  }
  return /[.e]/.test(s) ? s : s + ".0";
}

export function constText(t: Type, v: ConstValue): string {
  if (v === null) return "null";
  if (typeof v === "bigint") {
    if (t === "i1") return v === 0n ? "false" : "true";
    return v.toString();
  }
  return isFloatType(t) ? floatText(v, t) : String(v);
}

// ---------------------------------------------------------------------------------------
// Instructions

function printMaps(maps: MapClause[], val: (v: ValueId) => string): string {
  return maps
    .map((c) => ` map(${c.always ? "always, " : ""}${c.kind}: ${c.elemType} ${val(c.base)}[${val(c.lo)}:${val(c.len)}])`)
    .join("");
}

function instText(m: Module | undefined, f: Function, inst: Inst, n: Namer): string {
  const v = n.value;
  const list = (a: ValueId[]): string => a.map(v).join(", ");
  const fn = (id: number): string => "@" + (m?.functions[id]?.name ?? `func.${id}`);
  const target = (b: BlockId, args: ValueId[]): string => n.block(b) + (args.length ? `(${list(args)})` : "");
  const res = inst.result !== NO_VALUE ? `${v(inst.result)} = ` : "";
  if (isPlain(inst)) return res + plainText(inst, v);
  switch (inst.kind) {
    case "binary":
      return `${res}${inst.op} ${inst.type} ${v(inst.lhs)}, ${v(inst.rhs)}`;
    case "fmath":
      return `${res}fmath.${inst.fn} ${inst.type} ${v(inst.a)}${inst.b === NO_VALUE ? "" : `, ${v(inst.b)}`}`;
    case "icmp":
      return `${res}icmp ${inst.pred} ${inst.type} ${v(inst.lhs)}, ${v(inst.rhs)}`;
    case "fcmp":
      return `${res}fcmp ${inst.pred} ${inst.type} ${v(inst.lhs)}, ${v(inst.rhs)}`;
    case "cast":
      return `${res}${inst.op} ${inst.from} ${v(inst.value)} to ${inst.to}`;
    case "alloca": {
      const c = f.values[inst.count]?.def;
      const one = c?.kind === "const" && c.value === 1n;
      return `${res}alloca ${inst.elemType}${one ? "" : `, ${v(inst.count)}`}`;
    }
    case "load":
      return `${res}load ${inst.type}, ${inst.space} ${v(inst.ptr)}`;
    case "store":
      return `${res}store ${inst.type} ${v(inst.value)}, ${inst.space} ${v(inst.ptr)}`;
    case "atomic":
      return `${res}atomic ${inst.op} ${inst.type}, ${inst.space} ${v(inst.ptr)}, ${v(inst.value)}`;
    case "cmpxchg":
      return `${res}cmpxchg ${inst.type}, ${inst.space} ${v(inst.ptr)}, ${v(inst.expected)}, ${v(inst.desired)}`;
    case "call":
      return `${res}call ${fn(inst.callee)}(${list(inst.args)})`;
    case "call_indirect":
      return `${res}call_indirect ${v(inst.callee)}(${list(inst.args)}) : (${inst.paramTypes.join(", ")}) -> ${inst.ret}` +
        (inst.callees === undefined ? "" : ` callees(${inst.callees.map(fn).join(", ")})`);
    case "print":
      return `${res}print ${encodeString(inst.format)}${inst.args.map((a) => ", " + v(a)).join("")}`;
    case "trap":
      return `${res}trap ${encodeString(inst.message)}`;
    case "omp.parallel":
      return `${res}omp.parallel ${fn(inst.region)}(${list(inst.args)})${inst.threads !== NO_VALUE ? ` threads(${v(inst.threads)})` : ""}`;
    case "omp.query":
      return `${res}omp.${inst.query}`;
    case "omp.reverse_offload":
      return `${res}omp.reverse_offload ${fn(inst.callee)}(${list(inst.args)})${printMaps(inst.maps, v)}${inst.nowait ? " nowait" : ""}`;
    case "omp.target":
      return (
        `${res}omp.target ${fn(inst.kernel)}(${list(inst.args)})` +
        (inst.teams !== NO_VALUE ? ` teams(${v(inst.teams)})` : "") +
        (inst.threads !== NO_VALUE ? ` threads(${v(inst.threads)})` : "") +
        (inst.device !== NO_VALUE ? ` device(${v(inst.device)})` : "") +
        printMaps(inst.maps, v) +
        (inst.nowait ? " nowait" : "")
      );
    case "omp.target_enter_data":
      return `${res}omp.target_enter_data${inst.device !== NO_VALUE ? ` device(${v(inst.device)})` : ""}${printMaps(inst.maps, v)}`;
    case "omp.target_exit_data":
    case "omp.target_update":
      return `${res}${inst.kind}${inst.device !== NO_VALUE ? ` device(${v(inst.device)})` : ""}${printMaps(inst.maps, v)}`;
    case "br":
      return `${res}br ${target(inst.target, inst.args)}`;
    case "cond_br":
      return `${res}cond_br ${v(inst.cond)}, ${target(inst.then, inst.thenArgs)}, ${target(inst.else, inst.elseArgs)}`;
    case "ret":
      return `${res}ret${inst.value !== NO_VALUE ? " " + v(inst.value) : ""}`;
    default:
      return assertNever(inst);
  }
}

/** `mnemonic [T[,]] a, b, …` (opcodes.ts PlainForm). */
function plainText(inst: PlainInst, v: (v: ValueId) => string): string {
  const form = plainForm(inst.kind)!;
  let s = mnemonicOf(inst);
  if (form.flag !== undefined && (inst as unknown as Record<string, unknown>)[form.flag] === true) s += ` ${form.flag}`;
  if (form.type !== null) s += ` ${plainField<Type>(inst, form.type)}${form.typeComma ? "," : ""}`;
  form.operands.forEach(([field], i) => (s += `${i === 0 ? " " : ", "}${v(plainField<ValueId>(inst, field))}`));
  return s;
}

/** One instruction on one line, without indentation, named as printFunction names it. */
export function printInst(m: Module, f: Function, inst: Inst): string {
  return instText(m, f, inst, makeNamer(f, m));
}

// ---------------------------------------------------------------------------------------
// Functions, globals, module

function attrText(m: Module, f: Function): string {
  const a = f.attrs;
  const parts: string[] = [];
  if (a.readnone) parts.push("readnone");
  if (a.readonly) parts.push("readonly");
  if (a.writeonly) parts.push("writeonly");
  if (a.argmemonly) parts.push("argmemonly");
  if (a.inaccessiblememonly) parts.push("inaccessiblememonly");
  if (a.nosync) parts.push("nosync");
  if (a.noinline) parts.push("noinline");
  for (const s of a.assumes) parts.push(`assume(${encodeString(s)})`);
  if (a.cost !== null) parts.push(`cost(${a.cost})`);
  const sm = f.stateMachine;
  if (sm !== null) {
    const items = sm.regions.map((r) => `@${m.functions[r]?.name ?? `<bad function ${r}>`}`);
    if (sm.fallback) items.push("fallback");
    parts.push(`state_machine(${items.length ? items.join(", ") : "none"})`);
  }
  return parts.map((p) => " " + p).join("");
}

function headerTail(m: Module, f: Function): string {
  return (f.ret !== "void" ? ` -> ${f.ret}` : "") + (f.kind === "kernel" ? ` ${f.mode ?? "generic"}` : "") + attrText(m, f);
}

/** Printing options: `locs` adds each located instruction's `loc("file":line:col)` suffix
 *  (instructions whose location names another file always get it). */
export interface PrintOptions {
  locs?: boolean;
}

function locSuffix(m: Module, loc: SrcLoc, opts: PrintOptions): string {
  const file = srcFile(loc);
  if (srcLine(loc) <= 0 || (file === undefined && !opts.locs)) return "";
  return ` loc(${encodeString(file ?? m.file)}:${srcLine(loc)}:${srcCol(loc)})`;
}

export function printFunction(m: Module, f: Function, opts: PrintOptions = {}): string {
  if (isDeclaration(f)) {
    const types = f.params.map((p) => f.values[p]!.type).join(", ");
    return `declare ${f.kind} @${f.name}(${types})${headerTail(m, f)}\n`;
  }
  const n = makeNamer(f, m);
  const params = f.params.map((p) => `${n.value(p)}: ${f.values[p]!.type}`).join(", ");
  const lines = [`${f.kind} @${f.name}(${params})${headerTail(m, f)}${locSuffix(m, f.loc, opts)} {`];
  for (const b of f.layout) {
    const block = f.blocks[b]!;
    const bp = block.params.map((p) => `${n.value(p)}: ${f.values[p]!.type}`).join(", ");
    lines.push(`${n.block(b)}${block.params.length ? `(${bp})` : ""}:`);
    for (const i of block.insts) lines.push("  " + instText(m, f, f.insts[i]!, n) + locSuffix(m, f.insts[i]!.loc, opts));
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}

function isZero(t: Type, v: ConstValue): boolean {
  return v === null || v === 0n || (typeof v === "number" && Object.is(v, 0));
}

export function printGlobal(g: Global): string {
  let s = `global @${g.name} : ${g.space} ${g.type}${g.count !== 1 ? ` x ${g.count}` : ""}`;
  if (g.init !== null) {
    // Trailing zeros are implicit.
    let end = g.init.length;
    while (end > 0 && isZero(g.type, g.init[end - 1]!)) end--;
    const elems = g.init.slice(0, end).map((c) => constText(g.type, c));
    if (elems.length > 0) s += g.count === 1 ? ` = ${elems[0]}` : ` = [${elems.join(", ")}]`;
  }
  return s + "\n";
}

/** The canonical text: globals (one per line), then functions, separated by blank lines
 *  except between consecutive declarations. */
export function printModule(m: Module, opts: PrintOptions = {}): string {
  const out = new TextBuffer();
  let prev: "global" | "declare" | null | undefined; // undefined: nothing printed yet
  const put = (text: string, oneLine: "global" | "declare" | null): void => {
    if (prev !== undefined && !(prev !== null && prev === oneLine)) out.add("\n");
    out.add(text);
    prev = oneLine;
  };
  if (m.requires !== undefined && m.requires.length > 0) put(`requires ${m.requires.join(", ")}\n`, null);
  for (const g of m.globals) put(printGlobal(g), "global");
  for (const f of m.functions) put(printFunction(m, f, opts), isDeclaration(f) ? "declare" : null);
  return out.text();
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** A UTF-16 surrogate without its pair, which UTF-8 cannot carry. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Text gathered as UTF-8 bytes outside the JS heap and decoded once at the end: a large
 * module's function texts and its whole text are never on the heap together (joining them
 * needed both). A piece with a lone surrogate switches it to joining strings.
 */
class TextBuffer {
  private bytes = new Uint8Array(4096);
  private length = 0;
  private strings: string[] | null = null;

  add(s: string): void {
    if (this.strings !== null) {
      this.strings.push(s);
      return;
    }
    if (LONE_SURROGATE.test(s)) {
      this.strings = [this.text(), s];
      this.bytes = new Uint8Array(0);
      return;
    }
    let rest = s;
    for (;;) {
      const { read, written } = encoder.encodeInto(rest, this.bytes.subarray(this.length));
      this.length += written;
      if (read === rest.length) return;
      rest = rest.slice(read);
      const grown = new Uint8Array(Math.max(this.bytes.length * 1.5, this.length + rest.length * 3) | 0);
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
  }

  text(): string {
    return this.strings !== null ? this.strings.join("") : decoder.decode(this.bytes.subarray(0, this.length));
  }
}
