// The IR verifier: checks a module's invariants and collects every violation as a located
// Diagnostic (Cranelift's verifier/mod.rs style). It never throws on malformed IR, and it
// never stops at the first error; within one instruction it stops at the first problem so
// one mistake does not cascade into several messages.
//
// Invariants checked, by category:
//
// Module
//  - function and global names are unique (one `@` namespace);
//  - a global has count >= 1, at most `count` initializer elements, each of its type's
//    kind (bigint for integers, number for floats, null for ptr).
//
// Functions
//  - a kernel has a body, returns void and has a mode (generic/spmd); other functions have
//    no mode;
//  - a state machine (`state_machine(...)`) belongs to a generic kernel and lists distinct
//    device functions returning void (parallel regions);
//  - every layout entry is a block of the function, listed once.
//
// Block integrity
//  - a block is non-empty, its last instruction is a terminator (br, cond_br, ret,
//    unreachable) and no other instruction is;
//  - the entry block has no parameters and is not a branch target (it has no predecessors,
//    as in MLIR: a loop needs a header block);
//  - every branch target is a block in the layout; each edge passes as many arguments as the
//    target has parameters, of the parameters' types;
//  - an instruction is placed in at most one block.
//
// SSA form and dominance
//  - every operand is a value of this function (a valid id; never NO_VALUE where required);
//  - each value has one definition: an instruction's result records that instruction,
//    a block parameter its block;
//  - an operand defined by an instruction or a block parameter belongs to a placed
//    instruction / a block in the layout;
//  - in a block reachable from the entry, each use is dominated by its definition: an
//    earlier instruction of the same block, a parameter of a dominating block (block
//    parameters dominate their block), or an instruction of a strictly dominating block.
//    Uses in unreachable blocks are not errors (nothing executes them).
//
// Types (operand and result types of every kind)
//  - binary: operands and result of the stated type; integer ops (shifts included) on
//    integer types, float ops (fadd…fmax) on float types;
//  - icmp on integers, or on ptr with eq/ne only; fcmp on floats; both give i1;
//  - select: i1 condition, both arms and the result of the stated type;
//  - fmath: a float type; one operand (two for pow, atan2, hypot) and the result of it;
//  - casts: the operand has `from`, the result `to`; trunc to a narrower integer,
//    zext/sext to a wider integer, fptrunc f64→f32, fpext f32→f64, fptosi/fptoui float→int,
//    sitofp/uitofp int→float;
//  - alloca: count i32/i64, result ptr; gep: ptr base, i32/i64 index, result ptr;
//  - load/store/atomic/cmpxchg: ptr address; value and result of the stated type; atomic
//    fadd on floats, xchg on any type but i1, the other atomic ops on i8/i16/i32/i64;
//    cmpxchg on i8/i16/i32/i64/ptr;
//  - instructions that produce no value have no result; call may drop its result;
//  - ret: a value iff the function returns non-void, of the return type;
//  - br/cond_br: cond_br's condition is i1;
//  - exit code i32; omp.alloc_shared size and omp.free_shared size i32/i64, pointer ptr;
//    omp queries give i32; omp.target teams/threads i32/i64;
//  - print: every specifier of the format is known (%d %i %u %x %X %o %c, with `l` for
//    64-bit: integer; %f %g %e %F %G %E: float; %p: ptr; flags, width and precision as in C;
//    %s is not supported; %% takes nothing) and the argument
//    count and types match the specifiers;
//  - map clauses: base ptr, lo and len i32/i64; map kinds allowed by the instruction
//    (target and reverse offload: to from tofrom alloc firstprivate; enter data: to alloc;
//    exit data: from release delete).
//
// Calls
//  - call: the callee is a function of the module, not a kernel, on the caller's side
//    (host→host, device→device; kernels count as device code); argument count and types
//    match its parameters; a void callee's call defines no value, a non-void one's result
//    has the return type;
//  - call_indirect: callee ptr; arguments and result match the stated signature.
//
// OpenMP rules
//  - placement (the opcode table, opcodes.ts): device-only instructions (omp.parallel,
//    omp.barrier, the thread and team queries, omp.alloc_shared, omp.free_shared,
//    omp.reverse_offload) appear only in kernels and device functions, host-only ones
//    (omp.target, omp.taskwait, the data directives, exit) only in host functions; the device
//    queries (omp.device_num, ...), omp.malloc and omp.free anywhere;
//  - omp.parallel's region is a device function returning void whose parameters match
//    the arguments; omp.target's callee is a kernel whose parameters match; omp.reverse_offload's
//    callee is a host function whose parameters match, in a module that declares
//    `requires reverse_offload`;
//  - device code never addresses `host` memory (load/store/atomic/cmpxchg with space host);
//    host code never uses `shared` or `local` spaces;
//  - host code run by reverse offload (each reverse-offload callee and every host function it
//    reaches by direct calls) contains no OpenMP operation (omp.malloc and omp.free are C's
//    malloc and free, allowed); a reverse offload reaching another
//    reverse offload gets its own message. Each is reported at the offending instruction and
//    names the (first, in module order) reverse-offload site that reaches it. These replace
//    the "device only" error for the same instruction.
//
// Text input: the resolver (resolve.ts) already rejects wrong arity and wrong callee kinds
// with name-level locations; the verifier checks them again for IR that passes build.
//
// Not checked (TODO): targets of indirect calls (unknown statically); memory-space
// correctness of pointer values (a runtime fault); barrier convergence.

import type { Diagnostic } from "./diagnostics.js";
import { error, sortDiagnostics } from "./diagnostics.js";
import type {
  AtomicInst, Block, CastOp, CmpXchgInst, Function, Inst, LoadInst, MapClause, MapKind, Module, OmpEnterDataInst, OmpExitDataInst,
  OmpReverseOffloadInst, OmpTargetInst, OmpUpdateInst, StateMachineSpec, StoreInst,
} from "./ir.js";
import { FMATH_BINARY, forEachOperand, isFloatBinaryOp, isTerminator, requiresOf, successors } from "./ir.js";
import type { PlainInst } from "./opcodes.js";
import { isPlain, mnemonicOf, placementOf, plainField, plainForm } from "./opcodes.js";
import type { SrcLoc } from "./loc.js";
import { srcCol, srcLine } from "./loc.js";
import type { BlockId, FuncId, RetType, Space, Type, ValueId } from "./types.js";
import { NO_VALUE, assertNever, bitWidth, isFloatType, isIntType } from "./types.js";
import { printInst, valueNamer } from "./printer.js";
import { computeCfg } from "./cfg.js";
import type { DomTree } from "./dominators.js";
import { computeDominators } from "./dominators.js";
import { checkMemory } from "./limits.js";

/** Every error of the module, sorted by location; [] if the module is well formed. */
export function verifyModule(m: Module): Diagnostic[] {
  checkMemory(); // run after every pass: the place to stop before the heap runs out
  const ds: Diagnostic[] = [];
  checkModule(m, ds);
  const reached = reverseOffloadReach(m);
  for (const f of m.functions) checkFunction(m, f, reached, ds);
  return sortDiagnostics(ds);
}

/**
 * The errors of `changed` (repeats are checked once), of every host function reverse
 * offload reaches (its rules depend on other functions' bodies) and, with `moduleRules`, of
 * the module-level rules, sorted by location. For the pass manager, after a pass that
 * changed only these functions' bodies and own attributes (mode, state machine) and
 * appended functions and globals (then `moduleRules`): the other functions' checks read
 * nothing that could have changed, so on a module that verified before, this finds an
 * error iff verifyModule does.
 */
export function verifyFunctions(m: Module, changed: readonly Function[], moduleRules = true): Diagnostic[] {
  checkMemory();
  const ds: Diagnostic[] = [];
  if (moduleRules) checkModule(m, ds);
  // Without `requires reverse_offload` a module that verified has no reverse offload, and
  // one added since is an error of the function holding it: no walk of every device function.
  const reached = requiresOf(m, "reverse_offload") ? reverseOffloadReach(m) : [];
  const picked = new Uint8Array(m.functions.length);
  for (const f of changed) if (f.id >= 0 && f.id < picked.length && m.functions[f.id] === f) picked[f.id] = 1;
  for (let i = 0; i < picked.length; i++) if (reached[i] !== undefined) picked[i] = 1;
  for (const f of m.functions) if (picked[f.id] === 1) checkFunction(m, f, reached, ds);
  return sortDiagnostics(ds);
}

/** The errors of one function, sorted by location: its own rules plus the reverse-offload
 *  rules, which walk the whole module (O(module) per call; prefer verifyModule for all). */
export function verifyFunction(m: Module, f: Function): Diagnostic[] {
  const ds: Diagnostic[] = [];
  checkFunction(m, f, reverseOffloadReach(m), ds);
  return sortDiagnostics(ds);
}

// ---------------------------------------------------------------------------------------
// Names used in messages

function blockName(f: Function, b: BlockId): string {
  return `^${f.blocks[b]?.name ?? `bb${b}`}`;
}

/** The instruction's mnemonic as printed. */
const opName = mnemonicOf;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function isDevice(f: Function): boolean {
  return f.kind === "kernel" || f.kind === "device";
}

function sideName(f: Function): string {
  return f.kind === "kernel" ? "kernel" : `${f.kind} function`;
}

function isSize(t: Type): boolean {
  return t === "i32" || t === "i64";
}

// ---------------------------------------------------------------------------------------
// Module-level checks

function checkModule(m: Module, ds: Diagnostic[]): void {
  const seen = new Map<string, SrcLoc>();
  const items: { name: string; loc: SrcLoc }[] = [...m.globals, ...m.functions];
  // Report duplicates at the later definition, deterministically.
  items.sort((a, b) => srcLine(a.loc) - srcLine(b.loc) || srcCol(a.loc) - srcCol(b.loc));
  for (const it of items) {
    const prev = seen.get(it.name);
    if (prev !== undefined) ds.push(error(m.file, it.loc, `duplicate name @${it.name} (first defined at ${srcLine(prev)}:${srcCol(prev)})`));
    else seen.set(it.name, it.loc);
  }
  for (const g of m.globals) {
    if (!Number.isInteger(g.count) || g.count < 1) ds.push(error(m.file, g.loc, `global @${g.name} must have at least one element, not ${g.count}`));
    if (g.init === null) continue;
    if (g.init.length > g.count) ds.push(error(m.file, g.loc, `global @${g.name} has ${plural(g.init.length, "initializer")} for ${plural(g.count, "element")}`));
    const ok = g.init.every((c) => (isIntType(g.type) ? typeof c === "bigint" : isFloatType(g.type) ? typeof c === "number" : c === null));
    if (!ok) ds.push(error(m.file, g.loc, `global @${g.name} has an initializer that is not a ${g.type} constant`));
  }
}

// ---------------------------------------------------------------------------------------
// Reverse offload reachability: host functions run on behalf of the device.

interface RevSite {
  /** The device function holding the omp.reverse_offload. */
  from: Function;
  loc: SrcLoc;
  callee: Function;
}

/** For each host function reached by reverse offload, the first site (module order) reaching it. */
function reverseOffloadReach(m: Module): (RevSite | undefined)[] {
  const reached: (RevSite | undefined)[] = new Array(m.functions.length);
  for (const f of m.functions) {
    if (!isDevice(f)) continue;
    for (const b of f.layout) {
      for (const id of f.blocks[b]?.insts ?? []) {
        const inst = f.insts[id];
        if (inst?.kind !== "omp.reverse_offload") continue;
        const callee = m.functions[inst.callee];
        if (callee === undefined || callee.kind !== "host") continue;
        const site: RevSite = { from: f, loc: inst.loc, callee };
        const work: FuncId[] = [callee.id];
        while (work.length > 0) {
          const h = m.functions[work.pop()!]!;
          if (reached[h.id] !== undefined) continue;
          reached[h.id] = site;
          for (const hb of h.layout) {
            for (const hid of h.blocks[hb]?.insts ?? []) {
              const hi = h.insts[hid];
              if (hi?.kind !== "call") continue;
              const g = m.functions[hi.callee];
              if (g !== undefined && g.kind === "host" && reached[g.id] === undefined) work.push(g.id);
            }
          }
        }
      }
    }
  }
  return reached;
}

// ---------------------------------------------------------------------------------------
// Function checks

/** Typed arrays reused from function to function (the verifier is not re-entrant). */
const scratch = {
  int: [new Int32Array(256), new Int32Array(256)],
  byte: new Uint8Array(256),
  /** Scratch array `k` with its first n entries set to -1. */
  ints(k: 0 | 1, n: number): Int32Array {
    if (this.int[k]!.length < n) this.int[k] = new Int32Array(Math.max(n, 2 * this.int[k]!.length));
    const a = this.int[k]!;
    a.fill(-1, 0, n);
    return a;
  },
  /** The byte array with its first n entries set to 0. */
  bytes(n: number): Uint8Array {
    if (this.byte.length < n) this.byte = new Uint8Array(Math.max(n, 2 * this.byte.length));
    this.byte.fill(0, 0, n);
    return this.byte;
  },
};

class Checker {
  /** The instruction being checked: its errors get its printed form as a note. */
  inst: Inst | null = null;
  private namer: ((v: ValueId) => string) | null = null;

  constructor(
    readonly m: Module,
    readonly f: Function,
    readonly reached: RevSite | undefined,
    readonly ds: Diagnostic[],
  ) {}

  err(loc: SrcLoc, message: string): void {
    const d = error(this.m.file, loc, message);
    if (this.inst !== null) {
      // The printer assumes sane ids; a note is a courtesy, never a reason to throw.
      try {
        d.notes = [printInst(this.m, this.f, this.inst)];
      } catch {
        /* no note */
      }
    }
    this.ds.push(d);
  }

  /** A value as the printer writes it (`%x`, `%3`, a constant, `@g`). */
  name(v: ValueId): string {
    this.namer ??= valueNamer(this.f, this.m);
    return this.namer(v);
  }

  type(v: ValueId): Type {
    return this.f.values[v]!.type;
  }

  /** Checks that `v` has type `t`; reports `what` otherwise (as `<op>: what` given the
   *  instruction `of`, so no message is built unless needed). Returns false on error. */
  expectType(loc: SrcLoc, v: ValueId, t: Type, what: string, of?: Inst): boolean {
    const vt = this.type(v);
    if (vt === t) return true;
    this.err(loc, `${of === undefined ? what : `${opName(of)}: ${what}`} ${this.name(v)} has type ${vt}, expected ${t}`);
    return false;
  }

  expectSize(loc: SrcLoc, v: ValueId, what: string, of?: Inst): boolean {
    const vt = this.type(v);
    if (isSize(vt)) return true;
    this.err(loc, `${of === undefined ? what : `${opName(of)}: ${what}`} ${this.name(v)} has type ${vt}, expected i32 or i64`);
    return false;
  }
}

function checkStateMachine(c: Checker, f: Function, sm: StateMachineSpec): void {
  if (f.kind !== "kernel") return c.err(f.loc, `only kernels have a state machine; @${f.name} is a ${sideName(f)}`);
  if (f.mode !== "generic") return c.err(f.loc, `kernel @${f.name} has a state machine but is ${f.mode ?? "missing its mode"}: only generic kernels have one`);
  const seen = new Set<FuncId>();
  for (const r of sm.regions) {
    const g = c.m.functions[r];
    if (g === undefined) return c.err(f.loc, `state machine of @${f.name} names a nonexistent function ${r}`);
    if (seen.has(r)) return c.err(f.loc, `state machine of @${f.name} lists parallel region @${g.name} twice`);
    seen.add(r);
    if (g.kind !== "device") return c.err(f.loc, `state machine of @${f.name}: parallel region @${g.name} must be a device function, not a ${sideName(g)}`);
    if (g.ret !== "void") return c.err(f.loc, `state machine of @${f.name}: parallel region @${g.name} must return void, not ${g.ret}`);
  }
}

function checkFunction(m: Module, f: Function, reached: (RevSite | undefined)[], ds: Diagnostic[]): void {
  const c = new Checker(m, f, reached[f.id], ds);
  if (f.kind === "kernel") {
    if (f.ret !== "void") c.err(f.loc, `kernel @${f.name} must return void, not ${f.ret}`);
    if (f.mode === null) c.err(f.loc, `kernel @${f.name} needs a mode (generic or spmd)`);
    if (f.layout.length === 0) c.err(f.loc, `kernel @${f.name} has no body`);
  } else if (f.mode !== null) {
    c.err(f.loc, `only kernels have a mode; @${f.name} is a ${sideName(f)}`);
  }
  if (f.stateMachine !== null) checkStateMachine(c, f, f.stateMachine);
  if (f.layout.length === 0) return;

  // Layout and placement (in scratch arrays shared by all functions: no allocation per function).
  const inLayout = scratch.bytes(f.blocks.length);
  const layoutOk = f.layout.every((b) => {
    if (!(b >= 0 && b < f.blocks.length)) {
      c.err(f.loc, `layout of @${f.name} names a nonexistent block ${b}`);
      return false;
    }
    if (inLayout[b]) {
      c.err(f.blocks[b]!.loc, `block ${blockName(f, b)} appears twice in the layout`);
      return false;
    }
    inLayout[b] = 1;
    return true;
  });
  if (!layoutOk) return;
  const instBlock = scratch.ints(0, f.insts.length);
  const instIndex = scratch.ints(1, f.insts.length);
  for (const b of f.layout) {
    const insts = f.blocks[b]!.insts;
    for (let i = 0; i < insts.length; i++) {
      const id = insts[i]!;
      if (!(id >= 0 && id < f.insts.length)) {
        c.err(f.blocks[b]!.loc, `block ${blockName(f, b)} holds a nonexistent instruction ${id}`);
        return;
      }
      if (instBlock[id] !== -1) {
        c.err(f.insts[id]!.loc, `instruction is placed twice (in ${blockName(f, instBlock[id] as BlockId)} and ${blockName(f, b)})`);
        continue;
      }
      instBlock[id] = b;
      instIndex[id] = i;
    }
  }

  // Definitions: each value records exactly the definition that holds it.
  f.params.forEach((p, index) => {
    const d = f.values[p]?.def;
    if (d?.kind !== "param" || d.index !== index) c.err(f.loc, `parameter ${index + 1} of @${f.name} is not recorded as a parameter`);
  });
  for (const b of f.layout) {
    f.blocks[b]!.params.forEach((p, index) => {
      const d = f.values[p]?.def;
      if (d?.kind !== "blockparam" || d.block !== b || d.index !== index) {
        c.err(f.blocks[b]!.loc, `parameter ${index + 1} of block ${blockName(f, b)} is defined more than once or not recorded as its parameter`);
      }
    });
  }

  checkBlocks(c, inLayout);

  const cfg = computeCfg(f);
  // Only uses across blocks need dominators; most functions of a large module never ask.
  let domTree: DomTree | null = null;
  const dominates = (a: BlockId, b: BlockId): boolean => a === b || (domTree ??= computeDominators(f, cfg)).dominates(a, b);

  /** Where a value is defined, or an error message if it cannot be used. */
  const checkUse = (inst: Inst, useBlock: BlockId, useIndex: number, v: ValueId): string | null => {
    const d = f.values[v];
    if (v === NO_VALUE) return `${opName(inst)} is missing an operand`;
    if (d === undefined) return `use of undefined value ${v}`;
    const reachable = cfg.rpoIndex[useBlock]! >= 0;
    switch (d.def.kind) {
      case "param":
      case "const":
      case "global":
      case "func":
      case "undef":
        return null;
      case "blockparam": {
        const db = d.def.block;
        if (!(db >= 0 && db < f.blocks.length) || !inLayout[db]) return `use of ${c.name(v)}, a parameter of a block not in @${f.name}`;
        if (reachable && !dominates(db, useBlock)) return `use of ${c.name(v)} is not dominated by its definition (a parameter of ${blockName(f, db)})`;
        return null;
      }
      case "inst": {
        const di = d.def.inst;
        const db = di >= 0 && di < f.insts.length ? instBlock[di]! : -1; // scratch: longer than f.insts
        if (db < 0) return `use of ${c.name(v)}, whose defining instruction is not in @${f.name}`;
        if (!reachable) return null;
        const dominated = db === useBlock ? instIndex[di]! < useIndex : dominates(db as BlockId, useBlock);
        if (!dominated) {
          const where = f.insts[di]!.loc;
          return `use of ${c.name(v)} is not dominated by its definition${srcLine(where) > 0 ? ` at ${srcLine(where)}:${srcCol(where)}` : ""}`;
        }
        return null;
      }
      default:
        return assertNever(d.def);
    }
  };

  // One operand callback for the whole function, reading the current position.
  let curInst: Inst = f.insts[0]!;
  let curBlock = 0 as BlockId;
  let curIndex = 0;
  let bad: string | null = null;
  const visit = (v: ValueId): void => {
    bad ??= checkUse(curInst, curBlock, curIndex, v);
  };
  for (const b of f.layout) {
    const insts = f.blocks[b]!.insts;
    for (let i = 0; i < insts.length; i++) {
      const id = insts[i]!;
      if (instBlock[id] !== b || instIndex[id] !== i) continue; // a duplicate placement, reported
      const inst = f.insts[id]!;
      c.inst = inst;
      curInst = inst;
      curBlock = b;
      curIndex = i;
      bad = null;
      forEachOperand(inst, visit);
      if (bad !== null) {
        c.err(inst.loc, bad);
        continue;
      }
      if (inst.result !== NO_VALUE) {
        const rd = f.values[inst.result]?.def;
        if (rd?.kind !== "inst" || rd.inst !== id) {
          c.err(inst.loc, `the result of this ${opName(inst)} is defined more than once`);
          continue;
        }
      }
      checkInst(c, inst);
    }
  }
  c.inst = null;
}

function checkBlocks(c: Checker, inLayout: Uint8Array): void {
  const f = c.f;
  const entry = f.layout[0]!;
  if (f.blocks[entry]!.params.length > 0) c.err(f.blocks[entry]!.loc, `entry block ${blockName(f, entry)} must not have parameters`);
  for (const b of f.layout) {
    const block: Block = f.blocks[b]!;
    c.inst = null;
    if (block.insts.length === 0) {
      c.err(block.loc, `block ${blockName(f, b)} is empty; it must end in a terminator`);
      continue;
    }
    const insts = block.insts;
    for (let i = 0; i < insts.length; i++) {
      const inst = f.insts[insts[i]!];
      if (inst === undefined) continue;
      const last = i === insts.length - 1;
      const term = isTerminator(inst);
      c.inst = inst;
      if (term && !last) c.err(inst.loc, `${opName(inst)} must be the last instruction of block ${blockName(f, b)}`);
      if (!term && last) c.err(inst.loc, `block ${blockName(f, b)} does not end in a terminator`);
      if (term) checkEdges(c, inst, inLayout);
    }
  }
  c.inst = null;
}

/** A terminator's edges: each to a block of the layout other than the entry, with as many
 *  arguments as the block has parameters, of their types. */
function checkEdges(c: Checker, inst: Inst, inLayout: Uint8Array): void {
  // successors(inst), spelled out for the two branches: no edge objects per terminator.
  if (inst.kind === "br") checkEdge(c, inst, inst.target, inst.args, inLayout);
  else if (inst.kind === "cond_br") {
    checkEdge(c, inst, inst.then, inst.thenArgs, inLayout);
    checkEdge(c, inst, inst.else, inst.elseArgs, inLayout);
  } else for (const e of successors(inst)) checkEdge(c, inst, e.block, e.args, inLayout);
}

function checkEdge(c: Checker, inst: Inst, block: BlockId, args: readonly ValueId[], inLayout: Uint8Array): void {
  const f = c.f;
  const entry = f.layout[0]!;
  if (!(block >= 0 && block < f.blocks.length) || !inLayout[block]) {
    c.err(inst.loc, `branch target ${block >= 0 && block < f.blocks.length ? blockName(f, block) : `${block}`} is not a block of @${f.name}`);
    return;
  }
  if (block === entry) c.err(inst.loc, `the entry block ${blockName(f, entry)} cannot be a branch target`);
  const params = f.blocks[block]!.params;
  if (args.length !== params.length) {
    c.err(inst.loc, `branch to ${blockName(f, block)} passes ${plural(args.length, "argument")}, but the block takes ${params.length}`);
    return;
  }
  for (let k = 0; k < args.length; k++) {
    const pt = f.values[params[k]!]!.type;
    const at = f.values[args[k]!]?.type;
    if (at !== undefined && at !== pt) {
      c.err(inst.loc, `argument ${k + 1} of the branch to ${blockName(f, block)} has type ${at}, but ${c.name(params[k]!)} is ${pt}`);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Instruction checks (operands are known to be valid, dominating values here)

const HOST_ONLY = "is only allowed in host code";
const DEVICE_ONLY = "is only allowed in device code (kernels and device functions)";

/** Reports a result that should not exist, or a missing or mistyped one. */
function checkResult(c: Checker, inst: Inst, t: Type | null): boolean {
  if (t === null) {
    if (inst.result === NO_VALUE) return true;
    c.err(inst.loc, `${opName(inst)} does not produce a value`);
    return false;
  }
  if (inst.result === NO_VALUE) {
    c.err(inst.loc, `${opName(inst)} must define a value`);
    return false;
  }
  const rt = c.type(inst.result);
  if (rt === t) return true;
  c.err(inst.loc, `the result of ${opName(inst)} has type ${rt}, expected ${t}`);
  return false;
}

function checkDeviceOnly(c: Checker, inst: Inst, device: boolean): boolean {
  if (device) return true;
  if (c.reached !== undefined) return reachedByReverseOffload(c, inst);
  c.err(inst.loc, `${opName(inst)} ${DEVICE_ONLY}; @${c.f.name} is a host function`);
  return false;
}

function checkHostOnly(c: Checker, inst: Inst, device: boolean): boolean {
  if (!device) return c.reached === undefined || inst.kind === "exit" || reachedByReverseOffload(c, inst);
  c.err(inst.loc, `${opName(inst)} ${HOST_ONLY}; @${c.f.name} is a ${sideName(c.f)}`);
  return false;
}

function checkSpace(c: Checker, inst: Inst, device: boolean, s: Space): boolean {
  if (device && s === "host") {
    c.err(inst.loc, `device code cannot access host memory (${opName(inst)} with space host in ${sideName(c.f)} @${c.f.name})`);
    return false;
  }
  if (!device && (s === "shared" || s === "local")) {
    c.err(inst.loc, `host code cannot use the ${s} space (${opName(inst)} in host function @${c.f.name})`);
    return false;
  }
  return true;
}

function checkInst(c: Checker, inst: Inst): void {
  // No closures and no strings per instruction (this runs after every pass on every
  // instruction): messages are built only on the error paths.
  const { f } = c;
  const loc = inst.loc;
  const device = isDevice(f);

  // Placement is the opcode table's; checked before the kind's own rules.
  const placement = placementOf(inst);
  if (placement === "device" && !checkDeviceOnly(c, inst, device)) return;
  if (placement === "host" && !checkHostOnly(c, inst, device)) return;
  // The heap is the C library's malloc/free, not an OpenMP operation: allowed there too.
  if (placement === "any" && !device && c.reached !== undefined && inst.kind.startsWith("omp.") && inst.kind !== "omp.malloc" && inst.kind !== "omp.free" && !reachedByReverseOffload(c, inst)) return;

  if (isPlain(inst)) return checkPlain(c, inst);
  switch (inst.kind) {
    case "binary": {
      const float = isFloatBinaryOp(inst.op);
      if (float && !isFloatType(inst.type)) return c.err(loc, `${opName(inst)} requires a float type, not ${inst.type}`);
      if (!float && !isIntType(inst.type)) return c.err(loc, `${opName(inst)} requires an integer type, not ${inst.type}`);
      if (!c.expectType(loc, inst.lhs, inst.type, "operand", inst)) return;
      if (!c.expectType(loc, inst.rhs, inst.type, "operand", inst)) return;
      checkResult(c, inst, inst.type);
      return;
    }
    case "fmath": {
      const name = `fmath.${inst.fn}`;
      if (!isFloatType(inst.type)) return c.err(loc, `${name} requires a float type, not ${inst.type}`);
      const binary = FMATH_BINARY.includes(inst.fn);
      if (binary !== (inst.b !== NO_VALUE)) return c.err(loc, `${name} takes ${binary ? "two operands" : "one operand"}`);
      if (!c.expectType(loc, inst.a, inst.type, `${name}: operand`)) return;
      if (binary && !c.expectType(loc, inst.b, inst.type, `${name}: operand`)) return;
      checkResult(c, inst, inst.type);
      return;
    }
    case "icmp":
      if (!isIntType(inst.type) && inst.type !== "ptr") return c.err(loc, `icmp requires an integer or ptr type, not ${inst.type}`);
      if (inst.type === "ptr" && inst.pred !== "eq" && inst.pred !== "ne") return c.err(loc, `icmp ${inst.pred} on ptr: pointers compare only with eq or ne`);
      if (!c.expectType(loc, inst.lhs, inst.type, "icmp: operand") || !c.expectType(loc, inst.rhs, inst.type, "icmp: operand")) return;
      checkResult(c, inst, "i1");
      return;
    case "fcmp":
      if (!isFloatType(inst.type)) return c.err(loc, `fcmp requires a float type, not ${inst.type}`);
      if (!c.expectType(loc, inst.lhs, inst.type, "fcmp: operand") || !c.expectType(loc, inst.rhs, inst.type, "fcmp: operand")) return;
      checkResult(c, inst, "i1");
      return;
    case "cast": {
      const why = castProblem(inst.op, inst.from, inst.to);
      if (why !== null) return c.err(loc, `${inst.op} from ${inst.from} to ${inst.to} is not a legal cast: ${why}`);
      if (!c.expectType(loc, inst.value, inst.from, "operand", inst)) return;
      checkResult(c, inst, inst.to);
      return;
    }
    case "alloca":
      if (!c.expectSize(loc, inst.count, "alloca: count")) return;
      checkResult(c, inst, "ptr");
      return;
    case "load":
    case "store":
    case "atomic":
    case "cmpxchg":
      return checkMemoryInst(c, inst, device);
    case "call": {
      const g = c.m.functions[inst.callee];
      if (g === undefined) return c.err(loc, `call to a nonexistent function ${inst.callee}`);
      if (g.kind === "kernel") return c.err(loc, `kernel @${g.name} cannot be called directly; launch it with omp.target`);
      if (isDevice(g) !== device) return c.err(loc, `${sideName(f)} @${f.name} cannot call ${sideName(g)} @${g.name}`);
      if (!checkArgs(c, loc, `call to @${g.name}`, `@${g.name}`, g.params.map((p) => g.values[p]!.type), inst.args)) return;
      callResult(c, inst.result, g.ret, `@${g.name}`, loc);
      return;
    }
    case "call_indirect":
      if (!c.expectType(loc, inst.callee, "ptr", "call_indirect: callee")) return;
      if (!checkArgs(c, loc, "call_indirect", "the signature", inst.paramTypes, inst.args)) return;
      callResult(c, inst.result, inst.ret, "the signature", loc);
      for (const [i, id] of (inst.callees ?? []).entries()) {
        const g = c.m.functions[id];
        if (g === undefined) return c.err(loc, `call_indirect: callee set names a nonexistent function ${id}`);
        if (inst.callees!.indexOf(id) !== i) return c.err(loc, `call_indirect: @${g.name} is listed twice in the callee set`);
        if (g.kind === "kernel") return c.err(loc, `call_indirect: kernel @${g.name} cannot be called; launch it with omp.target`);
        if (isDevice(g) !== device) return c.err(loc, `call_indirect: ${sideName(f)} @${f.name} cannot call ${sideName(g)} @${g.name}`);
        const params = g.params.map((p) => g.values[p]!.type);
        if (params.length !== inst.paramTypes.length || params.some((t, j) => t !== inst.paramTypes[j]) || g.ret !== inst.ret) {
          return c.err(loc, `call_indirect: callee @${g.name} has type (${params.join(", ")}) -> ${g.ret}, not the signature (${inst.paramTypes.join(", ")}) -> ${inst.ret}`);
        }
      }
      return;
    case "print":
      checkPrint(c, inst.format, inst.args, loc);
      checkResult(c, inst, null);
      return;
    case "trap":
      checkResult(c, inst, null);
      return;
    case "omp.parallel": {
      const g = c.m.functions[inst.region];
      if (g === undefined) return c.err(loc, `omp.parallel names a nonexistent function ${inst.region}`);
      if (g.kind !== "device") return c.err(loc, `parallel region @${g.name} must be a device function, not a ${sideName(g)}`);
      if (g.ret !== "void") return c.err(loc, `parallel region @${g.name} must return void, not ${g.ret}`);
      if (!checkArgs(c, loc, `omp.parallel @${g.name}`, `@${g.name}`, g.params.map((p) => g.values[p]!.type), inst.args)) return;
      if (inst.threads !== NO_VALUE && !c.expectType(loc, inst.threads, "i32", "omp.parallel: threads")) return;
      checkResult(c, inst, null);
      return;
    }
    case "omp.query":
      checkResult(c, inst, "i32");
      return;
    case "omp.reverse_offload":
    case "omp.target":
    case "omp.target_enter_data":
    case "omp.target_exit_data":
    case "omp.target_update":
      return checkOffloadInst(c, inst);
    case "br":
      checkResult(c, inst, null);
      return;
    case "cond_br":
      if (c.expectType(loc, inst.cond, "i1", "cond_br: condition")) checkResult(c, inst, null);
      return;
    case "ret":
      if (f.ret === "void") {
        if (inst.value !== NO_VALUE) return c.err(loc, `@${f.name} returns void, but ret has a value`);
      } else {
        if (inst.value === NO_VALUE) return c.err(loc, `@${f.name} returns ${f.ret}, but ret has no value`);
        if (!c.expectType(loc, inst.value, f.ret, "ret: value")) return;
      }
      checkResult(c, inst, null);
      return;
    default:
      return assertNever(inst);
  }
}

/** load, store, atomic, cmpxchg: the space the code may access, operand and result types. */
function checkMemoryInst(c: Checker, inst: LoadInst | StoreInst | AtomicInst | CmpXchgInst, device: boolean): void {
  const loc = inst.loc;
  switch (inst.kind) {
    case "load":
      if (!checkSpace(c, inst, device, inst.space) || !c.expectType(loc, inst.ptr, "ptr", "load: address")) return;
      checkResult(c, inst, inst.type);
      return;
    case "store":
      if (!checkSpace(c, inst, device, inst.space)) return;
      if (!c.expectType(loc, inst.value, inst.type, "store: value") || !c.expectType(loc, inst.ptr, "ptr", "store: address")) return;
      checkResult(c, inst, null);
      return;
    case "atomic": {
      const ok =
        inst.op === "fadd" ? isFloatType(inst.type) : inst.op === "xchg" ? inst.type !== "i1" : isIntType(inst.type) && inst.type !== "i1";
      if (!ok) {
        const want = inst.op === "fadd" ? "f32 or f64" : inst.op === "xchg" ? "any type but i1" : "i8, i32 or i64";
        return c.err(loc, `atomic ${inst.op} on ${inst.type} is not allowed (expected ${want})`);
      }
      if (!checkSpace(c, inst, device, inst.space)) return;
      if (!c.expectType(loc, inst.ptr, "ptr", "address", inst) || !c.expectType(loc, inst.value, inst.type, "operand", inst)) return;
      checkResult(c, inst, inst.type);
      return;
    }
    case "cmpxchg":
      if (inst.type === "i1" || isFloatType(inst.type)) return c.err(loc, `cmpxchg on ${inst.type} is not allowed (expected i8, i16, i32, i64 or ptr)`);
      if (!checkSpace(c, inst, device, inst.space)) return;
      if (!c.expectType(loc, inst.ptr, "ptr", "cmpxchg: address")) return;
      if (!c.expectType(loc, inst.expected, inst.type, "cmpxchg: expected value") || !c.expectType(loc, inst.desired, inst.type, "cmpxchg: new value")) return;
      checkResult(c, inst, inst.type);
      return;
    default:
      return assertNever(inst);
  }
}

/** The launches, data directives and reverse offloads: callee kind, arguments and maps. */
function checkOffloadInst(c: Checker, inst: OmpReverseOffloadInst | OmpTargetInst | OmpEnterDataInst | OmpExitDataInst | OmpUpdateInst): void {
  const loc = inst.loc;
  switch (inst.kind) {
    case "omp.reverse_offload": {
      const g = c.m.functions[inst.callee];
      if (g === undefined) return c.err(loc, `omp.reverse_offload names a nonexistent function ${inst.callee}`);
      if (g.kind !== "host") return c.err(loc, `reverse offload target @${g.name} must be a host function, not a ${sideName(g)}`);
      if (!checkArgs(c, loc, `omp.reverse_offload @${g.name}`, `@${g.name}`, g.params.map((p) => g.values[p]!.type), inst.args)) return;
      if (!checkMaps(c, inst.maps, opName(inst), TARGET_MAPS)) return;
      // OpenMP 5.2 section 13.8: device(ancestor: 1) needs `requires reverse_offload`.
      if (!requiresOf(c.m, "reverse_offload")) return c.err(loc, "omp.reverse_offload needs 'requires reverse_offload' in the module");
      checkResult(c, inst, null);
      return;
    }
    case "omp.target": {
      const g = c.m.functions[inst.kernel];
      if (g === undefined) return c.err(loc, `omp.target names a nonexistent function ${inst.kernel}`);
      if (g.kind !== "kernel") return c.err(loc, `omp.target launches @${g.name}, which is a ${sideName(g)}, not a kernel`);
      if (!checkArgs(c, loc, `omp.target @${g.name}`, `@${g.name}`, g.params.map((p) => g.values[p]!.type), inst.args)) return;
      if (inst.teams !== NO_VALUE && !c.expectSize(loc, inst.teams, "omp.target: teams")) return;
      if (inst.threads !== NO_VALUE && !c.expectSize(loc, inst.threads, "omp.target: threads")) return;
      if (inst.device !== NO_VALUE && !c.expectType(loc, inst.device, "i32", "omp.target: device")) return;
      if (!checkMaps(c, inst.maps, opName(inst), TARGET_MAPS)) return;
      checkResult(c, inst, null);
      return;
    }
    case "omp.target_enter_data":
      if (inst.device !== NO_VALUE && !c.expectType(loc, inst.device, "i32", `${opName(inst)}: device`)) return;
      if (!checkMaps(c, inst.maps, opName(inst), ["to", "alloc", "attach", "device_alloc"])) return;
      checkResult(c, inst, null);
      return;
    case "omp.target_exit_data":
    case "omp.target_update":
      if (inst.device !== NO_VALUE && !c.expectType(loc, inst.device, "i32", `${opName(inst)}: device`)) return;
      if (!checkMaps(c, inst.maps, opName(inst), inst.kind === "omp.target_update" ? ["to", "from"] : ["from", "release", "delete"])) return;
      checkResult(c, inst, null);
      return;
    default:
      return assertNever(inst);
  }
}

/** A plain instruction's type rule (opcodes.ts PlainForm): each operand in printed order,
 *  then the result. */
function checkPlain(c: Checker, inst: PlainInst): void {
  const form = plainForm(inst.kind)!;
  const written = form.type === null ? null : plainField<Type>(inst, form.type);
  for (let i = 0; i < form.operands.length; i++) {
    const [field, rule, role] = form.operands[i]!;
    const v = plainField<ValueId>(inst, field);
    const ok = rule === "int" ? c.expectSize(inst.loc, v, role, inst) : c.expectType(inst.loc, v, rule === "same" ? written! : rule, role, inst);
    if (!ok) return;
  }
  checkResult(c, inst, form.result === "same" ? written : form.result);
}

/** Reports an OpenMP operation in host code run by reverse offload; always false. */
function reachedByReverseOffload(c: Checker, inst: Inst): boolean {
  const site = c.reached!;
  const at = srcLine(site.loc) > 0 ? ` at ${srcLine(site.loc)}:${srcCol(site.loc)}` : "";
  const via = `@${c.f.name} runs on the host by reverse offload of @${site.callee.name} from @${site.from.name}${at}`;
  if (inst.kind === "omp.reverse_offload") c.err(inst.loc, `a reverse offload cannot reach another reverse offload: ${via}`);
  else c.err(inst.loc, `${opName(inst)} is not allowed in host code run by reverse offload: ${via}`);
  return false;
}

function castProblem(op: CastOp, from: Type, to: Type): string | null {
  const ints = isIntType(from) && isIntType(to);
  switch (op) {
    case "trunc":
      return ints && bitWidth(to) < bitWidth(from) ? null : "trunc needs a narrower integer result";
    case "zext":
    case "sext":
      return ints && bitWidth(to) > bitWidth(from) ? null : `${op} needs a wider integer result`;
    case "fptrunc":
      return from === "f64" && to === "f32" ? null : "fptrunc converts f64 to f32";
    case "fpext":
      return from === "f32" && to === "f64" ? null : "fpext converts f32 to f64";
    case "fptosi":
    case "fptoui":
      return isFloatType(from) && isIntType(to) ? null : `${op} converts a float to an integer`;
    case "sitofp":
    case "uitofp":
      return isIntType(from) && isFloatType(to) ? null : `${op} converts an integer to a float`;
    default:
      return assertNever(op);
  }
}

function checkArgs(c: Checker, loc: SrcLoc, what: string, callee: string, params: readonly Type[], args: readonly ValueId[]): boolean {
  if (args.length !== params.length) {
    c.err(loc, `${what} passes ${plural(args.length, "argument")}, but ${callee} takes ${params.length}`);
    return false;
  }
  for (let i = 0; i < args.length; i++) {
    const at = c.type(args[i]!);
    if (at !== params[i]) {
      c.err(loc, `argument ${i + 1} of ${what} has type ${at}, but ${callee} expects ${params[i]}`);
      return false;
    }
  }
  return true;
}

function callResult(c: Checker, res: ValueId, ret: RetType, callee: string, loc: SrcLoc): void {
  if (res === NO_VALUE) return; // a dropped result is fine
  if (ret === "void") return c.err(loc, `${callee} returns void, so the call cannot define a value`);
  const rt = c.type(res);
  if (rt !== ret) c.err(loc, `the call's result has type ${rt}, but ${callee} returns ${ret}`);
}

const TARGET_MAPS: readonly MapKind[] = ["to", "from", "tofrom", "alloc", "firstprivate"];

function checkMaps(c: Checker, maps: readonly MapClause[], what: string, allowed: readonly MapKind[]): boolean {
  for (const mc of maps) {
    const loc = srcLine(mc.loc) > 0 ? mc.loc : c.f.loc;
    if (!allowed.includes(mc.kind)) {
      c.err(loc, `map kind ${mc.kind} is not allowed on ${what} (allowed: ${allowed.join(", ")})`);
      return false;
    }
    if (mc.kind === "attach" && mc.elemType !== "ptr") {
      c.err(loc, `map kind attach needs element type ptr (it attaches pointers), not ${mc.elemType}`);
      return false;
    }
    if (!c.expectType(loc, mc.base, "ptr", "map: base") || !c.expectSize(loc, mc.lo, "map: lower bound") || !c.expectSize(loc, mc.len, "map: length")) return false;
  }
  return true;
}

/** Conversion letters of print and what each accepts. */
const PRINT_SPECS: Record<string, { accepts: (t: Type) => boolean; want: string }> = {
  d: { accepts: isIntType, want: "an integer" },
  i: { accepts: isIntType, want: "an integer" },
  u: { accepts: isIntType, want: "an integer" },
  x: { accepts: isIntType, want: "an integer" },
  X: { accepts: isIntType, want: "an integer" },
  o: { accepts: isIntType, want: "an integer" },
  c: { accepts: isIntType, want: "an integer" },
  f: { accepts: isFloatType, want: "a float" },
  g: { accepts: isFloatType, want: "a float" },
  e: { accepts: isFloatType, want: "a float" },
  F: { accepts: isFloatType, want: "a float" },
  G: { accepts: isFloatType, want: "a float" },
  E: { accepts: isFloatType, want: "a float" },
  a: { accepts: isFloatType, want: "a float" },
  A: { accepts: isFloatType, want: "a float" },
  p: { accepts: (t) => t === "ptr", want: "a ptr" },
};

function checkPrint(c: Checker, format: string, args: readonly ValueId[], loc: SrcLoc): void {
  const specs: string[] = [];
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== "%") continue;
    let j = i + 1;
    if (format[j] === "%") {
      i = j;
      continue;
    }
    // Flags, width and precision (as C's printf, which the runtime implements: printf.ts).
    while (format[j] !== undefined && "-+ 0#".includes(format[j]!)) j++;
    while (format[j] !== undefined && /\d/.test(format[j]!)) j++;
    if (format[j] === ".") {
      j++;
      while (format[j] !== undefined && /\d/.test(format[j]!)) j++;
    }
    const long = format[j] === "l";
    if (long) j++;
    const conv = format[j];
    const spec = conv === undefined ? undefined : PRINT_SPECS[conv];
    if (spec === undefined || (long && !"diuxXo".includes(conv!))) {
      c.err(loc, `print: unknown format specifier ${JSON.stringify(format.slice(i, j + 1))}`);
      return;
    }
    specs.push(format.slice(i, j + 1));
    i = j;
  }
  if (specs.length !== args.length) {
    c.err(loc, `print: the format expects ${plural(specs.length, "argument")}, got ${args.length}`);
    return;
  }
  specs.forEach((s, k) => {
    const spec = PRINT_SPECS[s[s.length - 1]!]!;
    const t = c.type(args[k]!);
    if (!spec.accepts(t)) c.err(loc, `print: argument ${k + 1} for ${s} has type ${t}, expected ${spec.want}`);
  });
}
