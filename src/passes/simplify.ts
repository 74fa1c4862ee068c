// simplify: constant folding, dead-code elimination and CFG cleanup, to a fixed point.
//
// requires: nothing (computes its own cfg).
// preserves: nothing when it changes something (instructions, blocks and branches change).
// invalidates: everything, if changed.
//
// Each round, per function:
// 1. In reverse postorder (definitions before uses), rewrite operands through the pending
//    replacements, then fold: constant operands (exact semantics, see fold.ts), a few
//    integer identities (x+0, x*1, x&0, x-x …), selects with a constant or repeated
//    choice, and `cond_br` on a constant or with two identical edges (→ `br`).
// 2. Dead code, by mark and sweep over instructions and block parameters: what no effect,
//    branch condition or return needs goes (loop-carried cycles included). Integer
//    division and remainder are kept unless the divisor is a constant that cannot fault.
//    Loads are kept (a load can fault), and so are calls and allocas whose count may be
//    negative (a fault at the alloca).
// 3. CFG: drop unreachable blocks; forward edges through empty blocks (a lone `br` without
//    parameters); replace block parameters that are trivial (every incoming value is the
//    same value — or an equal constant — or the parameter itself); merge a block into its
//    single predecessor when that predecessor ends in `br` to it.
// Replacements are recorded and applied by the next round's sweep, so each round is linear
// in the function's size; rounds repeat until one changes nothing.

import { detachBlockParams, moveInsts, redirectEdge, removeBlockParams, removeInstAt, replaceInst, retainBlocks, retainInsts } from "../ir/edit.js";
import type { ConstValue, Function, Inst, Module } from "../ir/ir.js";
import { addConst, forEachOperand, isDeclaration, mapOperands, operands, successors } from "../ir/ir.js";
import { BINARY_OP_INFO, OPCODES, QUERIES, isPure } from "../ir/opcodes.js";
import type { BlockId, InstId, Type, ValueId } from "../ir/types.js";
import { NO_VALUE, bitWidth, isIntType } from "../ir/types.js";
import type { Cfg } from "../ir/cfg.js";
import { computeCfg } from "../ir/cfg.js";
import { foldBinary, foldCast, foldFcmp, foldIcmp, normInt } from "./fold.js";
import type { PassContext, PassResult, PassStats } from "./manager.js";

interface Counts {
  folded: number;
  removed: number;
  branches: number;
  blocksRemoved: number;
  merged: number;
  params: number;
}

/** Pending value replacements (v → repl[v]), chased to the end. */
class Replacements {
  private readonly map = new Map<ValueId, ValueId>();
  get size(): number {
    return this.map.size;
  }
  set(from: ValueId, to: ValueId): void {
    if (from !== to) this.map.set(from, to);
  }
  resolve = (v: ValueId): ValueId => {
    let r = v;
    for (let next = this.map.get(r); next !== undefined; next = this.map.get(r)) r = next;
    return r;
  };
}

const constOf = (f: Function, v: ValueId): ConstValue | undefined => {
  const d = f.values[v]!.def;
  return d.kind === "const" ? d.value : undefined;
};

function isZero(c: ConstValue | undefined): boolean {
  return c === 0n;
}
function isOne(c: ConstValue | undefined): boolean {
  return c === 1n;
}
function isAllOnes(t: Type, c: ConstValue | undefined): boolean {
  return typeof c === "bigint" && isIntType(t) && normInt(t, -1n) === c;
}

type Folded = { value: ValueId } | { const: ConstValue } | null;
const V = (value: ValueId): Folded => ({ value });
const C = (c: ConstValue | undefined): Folded => (c === undefined ? null : { const: c });
const none: Folded = null;

/** The value `inst` always produces, if known: an existing value or a new constant. */
function foldInst(f: Function, inst: Inst): Folded {
  switch (inst.kind) {
    case "binary": {
      const a = constOf(f, inst.lhs);
      const b = constOf(f, inst.rhs);
      if (a !== undefined && b !== undefined) return C(foldBinary(inst.op, inst.type, a, b));
      if (!isIntType(inst.type)) return none;
      const same = inst.lhs === inst.rhs;
      switch (inst.op) {
        case "add":
        case "or":
        case "xor":
          if (isZero(b)) return V(inst.lhs);
          if (isZero(a) && inst.op !== "xor") return V(inst.rhs);
          if (same && inst.op === "or") return V(inst.lhs);
          if (same && inst.op === "xor") return C(0n);
          return none;
        case "sub":
          if (isZero(b)) return V(inst.lhs);
          return same ? C(0n) : none;
        case "shl":
        case "lshr":
        case "ashr":
          return isZero(b) ? V(inst.lhs) : none;
        case "mul":
          if (isOne(b) && bitWidth(inst.type) > 1) return V(inst.lhs);
          if (isOne(a) && bitWidth(inst.type) > 1) return V(inst.rhs);
          return isZero(a) || isZero(b) ? C(0n) : none;
        case "udiv":
        case "sdiv":
          return isOne(b) && bitWidth(inst.type) > 1 ? V(inst.lhs) : none;
        case "and":
          if (isZero(a) || isZero(b)) return C(0n);
          if (isAllOnes(inst.type, b) || same) return V(inst.lhs);
          if (isAllOnes(inst.type, a)) return V(inst.rhs);
          return none;
        case "smin":
        case "smax":
        case "umin":
        case "umax":
          return same ? V(inst.lhs) : none;
        default:
          return none;
      }
    }
    case "icmp": {
      const a = constOf(f, inst.lhs);
      const b = constOf(f, inst.rhs);
      if (a !== undefined && b !== undefined) {
        const r = foldIcmp(inst.pred, inst.type, a, b);
        return r === undefined ? none : C(r ? 1n : 0n);
      }
      if (inst.lhs === inst.rhs) {
        const p = inst.pred;
        return p === "eq" || p === "sle" || p === "sge" || p === "ule" || p === "uge" ? C(1n) : C(0n);
      }
      return none;
    }
    case "fcmp": {
      const a = constOf(f, inst.lhs);
      const b = constOf(f, inst.rhs);
      if (typeof a === "number" && typeof b === "number") return C(foldFcmp(inst.pred, a, b) ? 1n : 0n);
      return none;
    }
    case "select": {
      if (inst.a === inst.b) return V(inst.a);
      const c = constOf(f, inst.cond);
      if (c === 1n) return V(inst.a);
      if (c === 0n) return V(inst.b);
      return none;
    }
    case "cast": {
      const v = constOf(f, inst.value);
      return v === undefined ? none : C(foldCast(inst.op, inst.from, inst.to, v));
    }
    case "omp.query": {
      // The device queries are constants of the machine (the opcode table).
      const q = QUERIES[inst.query];
      const c = f.kind === "host" ? q.hostValue : q.deviceValue;
      return c === null ? none : C(BigInt(c));
    }
    case "fmath":
      return none; // left to the runtime's libm: folding here could round differently
    default:
      return none;
  }
}

/** True if deleting `inst` (when its result is unused) cannot change behaviour: a pure
 *  instruction (the opcode table) that is no terminator, no division that may fault and no
 *  alloca of a possibly negative count. */
function isRemovable(f: Function, inst: Inst): boolean {
  if (!isPure(inst) || OPCODES[inst.kind].terminator) return false;
  // A negative count is a runtime fault at the alloca (a size over the memory limit is the
  // run's resource, like its step limit: using less is no change of meaning).
  if (inst.kind === "alloca") {
    const c = constOf(f, inst.count);
    return typeof c === "bigint" && c >= 0n;
  }
  // Pointers into different allocations fault.
  if (inst.kind === "ptrdiff") return inst.lhs === inst.rhs;
  if (inst.kind !== "binary" || !BINARY_OP_INFO[inst.op].divides) return true;
  const d = constOf(f, inst.rhs);
  if (typeof d !== "bigint" || d === 0n) return false;
  // x / -1 overflows for the minimum signed value (a runtime fault, not a no-op).
  return !((inst.op === "sdiv" || inst.op === "srem") && normInt(inst.type, -1n) === d && bitWidth(inst.type) > 1);
}

/** Step 1: rewrite operands, fold instructions and branches. Returns whether anything changed. */
function foldRound(f: Function, repl: Replacements, rpo: readonly BlockId[], n: Counts): boolean {
  let changed = false;
  const dead = new Set<InstId>();
  for (const b of rpo) {
    const insts = f.blocks[b]!.insts;
    for (const id of insts) {
      const inst = f.insts[id]!;
      if (repl.size) mapOperands(inst, repl.resolve);
      if (inst.result !== NO_VALUE) {
        const r = foldInst(f, inst);
        if (r === null) continue;
        const to = "value" in r ? r.value : addConst(f, f.values[inst.result]!.type, r.const);
        repl.set(inst.result, to);
        dead.add(id);
        n.folded++;
        changed = true;
      } else if (inst.kind === "cond_br") {
        const c = constOf(f, inst.cond);
        const sameEdges = inst.then === inst.else && inst.thenArgs.length === inst.elseArgs.length && inst.thenArgs.every((a, i) => a === inst.elseArgs[i]);
        if (c === 1n || c === 0n || sameEdges) {
          const takeThen = sameEdges || c === 1n;
          replaceInst(f, id, { kind: "br", target: takeThen ? inst.then : inst.else, args: takeThen ? inst.thenArgs : inst.elseArgs });
          n.branches++;
          changed = true;
        }
      }
    }
    if (dead.size) retainInsts(f, b, (id) => !dead.has(id));
  }
  return changed;
}

/** Incoming edges (terminator argument arrays, edited in place) of every block. */
function incomingEdges(f: Function, rpo: readonly BlockId[]): Map<BlockId, ValueId[][]> {
  const incoming = new Map<BlockId, ValueId[][]>();
  for (const b of rpo) {
    const insts = f.blocks[b]!.insts;
    for (const e of successors(f.insts[insts[insts.length - 1]!]!)) {
      let list = incoming.get(e.block);
      if (list === undefined) incoming.set(e.block, (list = []));
      list.push(e.args);
    }
  }
  return incoming;
}

/**
 * Step 2: dead code, by mark and sweep. Roots are the operands of instructions with effects
 * and of terminators (branch arguments excepted: they are live only if the parameter they
 * feed is); liveness flows from a live result to its instruction's operands and from a live
 * block parameter to its incoming arguments. Unmarked removable instructions and unmarked
 * parameters of non-entry blocks go, so cycles such as a loop-carried value used only to
 * compute itself disappear too.
 */
function dceRound(f: Function, rpo: readonly BlockId[], n: Counts): boolean {
  const live = new Uint8Array(f.values.length);
  const work: ValueId[] = [];
  const mark = (v: ValueId) => {
    if (!live[v]) {
      live[v] = 1;
      work.push(v);
    }
  };
  // Which placed instructions may go if unused, decided once for the roots and the sweep.
  const removable = new Uint8Array(f.insts.length);
  for (const b of rpo) {
    for (const id of f.blocks[b]!.insts) {
      const inst = f.insts[id]!;
      if (inst.kind === "br") continue;
      if (inst.kind === "cond_br") mark(inst.cond);
      else if (isRemovable(f, inst)) removable[id] = 1;
      else forEachOperand(inst, mark);
    }
  }
  let incoming: Map<BlockId, ValueId[][]> | null = null; // only if a block parameter is live
  while (work.length > 0) {
    const d = f.values[work.pop()!]!.def;
    if (d.kind === "inst") {
      const inst = f.insts[d.inst]!;
      if (isRemovable(f, inst)) forEachOperand(inst, mark);
    } else if (d.kind === "blockparam") {
      incoming ??= incomingEdges(f, rpo);
      for (const args of incoming.get(d.block) ?? []) mark(args[d.index]!);
    }
  }
  let changed = false;
  const isDead = (id: InstId): boolean => {
    if (removable[id] === 0) return false;
    const r = f.insts[id]!.result;
    return r !== NO_VALUE && live[r] !== 1;
  };
  for (const b of rpo) {
    const block = f.blocks[b]!;
    if (block.insts.some(isDead)) {
      const gone = retainInsts(f, b, (id) => !isDead(id));
      if (gone > 0) (n.removed += gone), (changed = true);
    }
    if (b === rpo[0] || allLive(block.params, live)) continue;
    n.params += removeBlockParams(f, b, (_i, p) => live[p] === 1);
    changed = true;
  }
  return changed;
}

function allLive(params: readonly ValueId[], live: Uint8Array): boolean {
  for (let i = 0; i < params.length; i++) if (live[params[i]!] !== 1) return false;
  return true;
}

/** Equal values: the same id, or constants of one type with the same value. */
function sameValue(f: Function, a: ValueId, b: ValueId): boolean {
  if (a === b) return true;
  const x = f.values[a]!;
  const y = f.values[b]!;
  return x.def.kind === "const" && y.def.kind === "const" && x.type === y.type && Object.is(x.def.value, y.def.value);
}

/**
 * Step 3: unreachable blocks, empty-block forwarding, block parameters, block merging.
 * `cfg` is f's current CFG (steps 1 and 2 change no branch target unless they fold a branch).
 */
function cfgRound(f: Function, repl: Replacements, n: Counts, cfg: Cfg): boolean {
  let changed = false;
  const entry = f.layout[0]!;
  const term = (b: BlockId): Inst => {
    const insts = f.blocks[b]!.insts;
    return f.insts[insts[insts.length - 1]!]!;
  };

  let removed = false;
  if (cfg.rpo.length !== f.layout.length) {
    const reachable = new Set(cfg.rpo);
    n.blocksRemoved += retainBlocks(f, (b) => reachable.has(b));
    changed = removed = true;
  }

  // Forward edges through blocks that are only `br ^t(args)` (no parameters, not the entry).
  // The first step of `retarget` below, without its allocations: most edges stop there.
  const forwardable = (target: BlockId, args: readonly ValueId[]): boolean => {
    const blk = f.blocks[target]!;
    return !(target === entry || blk.params.length > 0 || blk.insts.length !== 1 || args.length > 0) && term(target).kind === "br";
  };
  let forwarded = false;
  for (const b of cfg.rpo) {
    const t = term(b);
    if (t.kind !== "br" && t.kind !== "cond_br") continue;
    if (t.kind === "br" ? !forwardable(t.target, t.args) : !forwardable(t.then, t.thenArgs) && !forwardable(t.else, t.elseArgs)) continue;
    const retarget = (target: BlockId, args: ValueId[]): [BlockId, ValueId[]] => {
      const start: [BlockId, ValueId[]] = [target, args];
      const seen = new Set<BlockId>([b]);
      for (;;) {
        const blk = f.blocks[target]!;
        if (target === entry || blk.params.length > 0 || blk.insts.length !== 1 || args.length > 0) return [target, args];
        const tt = term(target);
        if (tt.kind !== "br") return [target, args];
        seen.add(target);
        // A cycle of empty blocks is an infinite loop: leave it alone.
        if (seen.has(tt.target)) return start;
        target = tt.target;
        args = [...tt.args];
      }
    };
    if (t.kind === "br") {
      const [nt, na] = retarget(t.target, t.args);
      if (nt !== t.target) redirectEdge(f, b, 0, nt, na), (forwarded = true);
    } else {
      const [tt, ta] = retarget(t.then, t.thenArgs);
      if (tt !== t.then) redirectEdge(f, b, 0, tt, ta), (forwarded = true);
      const [et, ea] = retarget(t.else, t.elseArgs);
      if (et !== t.else) redirectEdge(f, b, 1, et, ea), (forwarded = true);
    }
  }
  if (forwarded) return true; // reachability changed: recompute next round

  let incoming: Map<BlockId, ValueId[][]> | null = null; // only if a block has parameters
  // Trivial block parameters (one incoming value, apart from the parameter itself) are replaced.
  for (const b of cfg.rpo) {
    if (b === entry) continue;
    const block = f.blocks[b]!;
    if (block.params.length === 0) continue;
    incoming ??= incomingEdges(f, cfg.rpo);
    const edges = incoming.get(b) ?? [];
    const keep: boolean[] = block.params.map((p, i) => {
      let only: ValueId | null = null;
      for (const args of edges) {
        const a = repl.resolve(args[i]!);
        if (a === p) continue;
        if (only === null) only = a;
        else if (!sameValue(f, only, a)) return true;
      }
      if (only !== null) repl.set(p, only);
      return only === null; // no incoming value but itself: keep (unreachable in practice)
    });
    if (keep.every((k) => k)) continue;
    n.params += removeBlockParams(f, b, (i) => keep[i]!);
    changed = true;
  }

  // Merge a block into its single predecessor when that one ends in `br` to it. Removing
  // parameters left the edges as they were; removing blocks changed the predecessor lists.
  if (removed) cfg = computeCfg(f);
  const owner = new Map<BlockId, BlockId>();
  const ownerOf = (b: BlockId): BlockId => owner.get(b) ?? b;
  const merged = new Set<BlockId>();
  for (const s of cfg.rpo) {
    if (s === entry || cfg.preds[s]!.length !== 1) continue;
    const p = ownerOf(cfg.preds[s]![0]!);
    if (p === s) continue;
    const pInsts = f.blocks[p]!.insts;
    const t = f.insts[pInsts[pInsts.length - 1]!]!;
    if (t.kind !== "br" || t.target !== s) continue;
    detachBlockParams(f, s).forEach((param, i) => repl.set(param, t.args[i]!));
    removeInstAt(f, p, pInsts.length - 1);
    moveInsts(f, s, p);
    owner.set(s, p);
    merged.add(s);
  }
  if (merged.size) {
    retainBlocks(f, (b) => !merged.has(b));
    n.merged += merged.size;
    changed = true;
  }
  return changed;
}

function simplifyFunction(f: Function, n: Counts): boolean {
  const repl = new Replacements();
  let any = false;
  for (;;) {
    const cfg = computeCfg(f);
    const rpo = cfg.rpo;
    const branches = n.branches;
    let changed = foldRound(f, repl, rpo, n);
    changed = dceRound(f, rpo, n) || changed;
    changed = cfgRound(f, repl, n, n.branches === branches ? cfg : computeCfg(f)) || changed;
    if (!changed) break;
    any = true;
  }
  return any;
}

export function simplify(ctx: PassContext): PassResult {
  const n: Counts = { folded: 0, removed: 0, branches: 0, blocksRemoved: 0, merged: 0, params: 0 };
  const changedFunctions: Function[] = [];
  for (const f of ctx.module.functions) {
    if (isDeclaration(f)) continue;
    if (simplifyFunction(f, n)) changedFunctions.push(f);
  }
  report(ctx.stats, ctx.pass, n);
  const changed = changedFunctions.length > 0;
  return { changed, preserves: changed ? "none" : "all", changedFunctions };
}

function report(stats: PassStats, pass: string, n: Counts): void {
  stats.bump(pass, "instructions folded", n.folded);
  stats.bump(pass, "instructions removed", n.removed);
  stats.bump(pass, "branches folded", n.branches);
  stats.bump(pass, "unreachable blocks removed", n.blocksRemoved);
  stats.bump(pass, "blocks merged", n.merged);
  stats.bump(pass, "block parameters removed", n.params);
}

/** For tests and other passes: simplify one module without a pass manager. */
export function simplifyModule(m: Module): boolean {
  const n: Counts = { folded: 0, removed: 0, branches: 0, blocksRemoved: 0, merged: 0, params: 0 };
  let changed = false;
  for (const f of m.functions) if (!isDeclaration(f) && simplifyFunction(f, n)) changed = true;
  return changed;
}
