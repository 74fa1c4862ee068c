// inline: replaces direct calls with a copy of the callee's body.
//
// requires: callgraph (SCCs, callees first).
// preserves: nothing (blocks, calls and values change).
// invalidates: everything.
//
// Functions are visited bottom-up over the call graph's SCCs, so a callee's body is final
// (its own calls already inlined) before it is copied; one sweep suffices. A call is not
// inlined when the callee has no body, is `noinline`, or is in the caller's SCC (recursion:
// inlining would never end). Each of these is a "missed" remark with the reason.
//
// The call's block is split at the call: the call becomes `br` to the copy of the callee's
// entry, every `ret v` in the copy becomes `br ^cont(v)`, and the rest of the block moves
// to ^cont, whose parameter *is* the call's old result value (its definition is re-pointed,
// so no use needs rewriting). Copied instructions keep the callee's source locations, so
// remarks and runtime faults still point at the line the user wrote. Copied blocks are named
// `^<callee>.<block>` and the continuation `^<callee>.cont`; copied values keep their names;
// a name that clashes with the caller's gets a `.N` suffix. `simplify` then merges the split
// blocks and removes the trivial parameters.
//
// Allocas. A callee's alloca lives until the call returns; copied into the caller it would
// live until the caller returns, so a call in a loop would allocate again on every iteration
// and never free (storage growing with the trip count). So each copied alloca of constant
// size moves to the caller's entry block (one slot per caller activation, as LLVM's inliner
// does with static allocas). Each call still gets a fresh zeroed slot: where the alloca was,
// if that point may run more than once per activation (it lies on a cycle), stores of zero
// re-initialise the slot, unless nothing ever reads it (only stores and address arithmetic
// use it). A call inside a loop to a callee with an alloca of non-constant size is not
// inlined (missed remark): its storage could not be reused. Nor is a callee one of whose
// allocas' addresses may be used after the slot ends (allocaOutlivesSlot): inlined, a
// dangling access after the return would no longer fault, and the slots of an alloca on
// the callee's own cycle would become one. Nor is a callee with allocas called from a
// recursive function: its slots would stay for the caller's whole activation, recursive
// calls included, so the storage would grow with the recursion's depth (an out-of-memory
// fault the program as written does not have). And the callees' allocas one caller takes
// in are bounded (INLINED_ALLOCA_BUDGET): moved to its entry, they are taken on paths
// where no call runs and held together where the program held one at a time.

import {
  addBlockParam, adoptBlockParam, cloneRegion, createBlock, insertBlockAfter, placeInst, removeInst, replaceInst, splitBlock,
} from "../ir/edit.js";
import type { Function, Inst, Module } from "../ir/ir.js";
import { addConst, appendInst, createInst, isDeclaration, requiresOf, mapOperands, successors, userLists } from "../ir/ir.js";
import type { SrcLoc } from "../ir/loc.js";
import type { FunctionNames } from "../ir/names.js";
import { functionNames } from "../ir/names.js";
import { remark } from "../ir/remarks.js";
import type { BlockId, FuncId, InstId, Type, ValueId } from "../ir/types.js";
import { NO_VALUE, assertNever, sizeOf } from "../ir/types.js";
import { CALL_GRAPH } from "./callgraph.js";
import type { PassContext, PassResult } from "./manager.js";
import { computeUnderlying } from "./underlying.js";
import { regionOnlyAddresses } from "./uniform-alloc.js";

/** The bytes of callees' allocas one caller may take in from inlining. Copied allocas move
 *  to the caller's entry: taken whether the call runs or not, and held until the caller
 *  returns (the sum of the callees' slots where the program needs the largest at a time),
 *  so a large one could run out of memory where the program as written does not. 64 KiB, the
 *  largest helper array the generator's programs inline into loops. */
export const INLINED_ALLOCA_BUDGET = 65536;

interface CallerState {
  names: FunctionNames;
  /** Allocas copied from callees, to move to the entry block once the layout is final. */
  allocas: InstId[];
}

/**
 * Inlines the call at `g.blocks[block].insts[index]` (a `call` to a function with a body).
 * Returns the continuation block, where the instructions after the call now are.
 */
function inlineCall(m: Module, g: Function, block: BlockId, index: number, st: CallerState): BlockId {
  const callId = g.blocks[block]!.insts[index]!;
  const call = g.insts[callId]!;
  if (call.kind !== "call") throw new Error("internal error: inlineCall on a non-call");
  const f = m.functions[call.callee]!;

  // The continuation: the rest of the block; its parameter is the call's result value.
  const cont = splitBlock(g, block, index + 1, st.names.block(`${f.name}.cont`), call.loc);
  if (call.result !== NO_VALUE) adoptBlockParam(g, cont, call.result);

  // The copy of the callee's body, placed between the call's block and the continuation.
  const values = new Map<ValueId, ValueId>();
  f.params.forEach((p, i) => values.set(p, call.args[i]!));
  const copy = cloneRegion(g, f.layout, { src: f, values, names: st.names, blockName: (n) => (n === null ? null : `${f.name}.${n}`) });
  insertBlockAfter(g, f.layout.map((b) => copy.blocks.get(b)!), block);
  for (const id of copy.insts) if (g.insts[id]!.kind === "alloca") st.allocas.push(id);
  // Returns become branches to the continuation.
  for (const b of f.layout) {
    const nb = copy.blocks.get(b)!;
    const insts = g.blocks[nb]!.insts;
    const tid = insts[insts.length - 1]!;
    const t = g.insts[tid]!;
    if (t.kind === "ret") replaceInst(g, tid, { kind: "br", target: cont, args: t.value !== NO_VALUE && call.result !== NO_VALUE ? [t.value] : [] });
  }
  replaceInst(g, callId, { kind: "br", target: copy.blocks.get(f.layout[0]!)!, args: [] });
  return cont;
}

export function inlinePass(ctx: PassContext): PassResult {
  const m = ctx.module;
  const cg = ctx.analyses.getModule(CALL_GRAPH);
  // Asked of a callee once its body is final (callees are visited first).
  const outlivesMemo = new Map<FuncId, boolean>();
  const outlives = (f: Function): boolean => {
    let r = outlivesMemo.get(f.id);
    if (r === undefined) outlivesMemo.set(f.id, (r = allocaOutlivesSlot(m, f)));
    return r;
  };
  let inlined = 0;
  const changedFunctions: Function[] = [];
  for (const scc of cg.sccs) {
    for (const id of scc) {
      const g = m.functions[id]!;
      if (isDeclaration(g)) continue;
      let st: CallerState | null = null;
      let inlinedBytes = 0;
      // Walk the blocks in layout order; continuation blocks are scanned as they appear.
      const work = [...g.layout];
      for (let w = 0; w < work.length; w++) {
        let b = work[w]!;
        for (let i = 0; i < g.blocks[b]!.insts.length; i++) {
          const inst = g.insts[g.blocks[b]!.insts[i]!]!;
          if (inst.kind !== "call") continue;
          const f = m.functions[inst.callee]!;
          const caller = `@${g.name}`;
          const callee = `@${f.name}`;
          const why = isDeclaration(f) ? "callee has no body"
            : f.attrs.noinline ? "callee is noinline"
            : cg.sccOf(f.id) === cg.sccOf(g.id) ? "recursive call"
            : hasDynamicAlloca(f) && onCycle(g, b) ? "callee has an alloca of non-constant size and the call is in a loop"
            : outlives(f) ? "the address of an alloca of the callee may be used after its slot ends"
            : cg.isRecursive(g.id) && hasAlloca(f) ? "the caller is recursive: the callee's allocas would live across its recursive calls"
            : inlinedBytes + allocaBytes(f) > INLINED_ALLOCA_BUDGET
              ? `the callee's allocas (${allocaBytes(f)} bytes) would be taken at the caller's start, over the ${INLINED_ALLOCA_BUDGET}-byte budget for inlined allocas`
            : null;
          if (why !== null) {
            ctx.remarks.emit(remark("missed", ctx.pass, "inline.not-inlined", caller, inst.loc, `${callee} not inlined into ${caller}: ${why}`, { callee, caller, reason: why }));
            continue;
          }
          st ??= { names: functionNames(g), allocas: [] };
          ctx.remarks.emit(remark("passed", ctx.pass, "inline.inlined", caller, inst.loc, `inlined ${callee} into ${caller}`, { callee, caller }));
          inlinedBytes += allocaBytes(f);
          b = inlineCall(m, g, b, i, st);
          i = -1; // continue with the continuation block from its start
          inlined++;
        }
      }
      if (st !== null) {
        changedFunctions.push(g);
        const moved = hoistAllocas(g, st);
        if (moved > 0) ctx.stats.bump(ctx.pass, "inlined allocas moved to the entry block", moved);
      }
    }
  }
  ctx.stats.bump(ctx.pass, "calls inlined", inlined);
  return { changed: inlined > 0, preserves: inlined > 0 ? "none" : "all", changedFunctions };
}

// ---------------------------------------------------------------------------------------
// Inlined allocas

function constCount(g: Function, inst: Inst): number | null {
  if (inst.kind !== "alloca") return null;
  const d = g.values[inst.count]!.def;
  return d.kind === "const" && typeof d.value === "bigint" ? Number(d.value) : null;
}

/** Bytes of f's allocas of constant size. */
function allocaBytes(f: Function): number {
  let n = 0;
  for (const b of f.layout) {
    for (const id of f.blocks[b]!.insts) {
      const inst = f.insts[id]!;
      const c = constCount(f, inst);
      if (inst.kind === "alloca" && c !== null) n += Math.max(c, 0) * sizeOf(inst.elemType);
    }
  }
  return n;
}

function hasAlloca(f: Function): boolean {
  return f.layout.some((b) => f.blocks[b]!.insts.some((id) => f.insts[id]!.kind === "alloca"));
}

function hasDynamicAlloca(f: Function): boolean {
  return f.layout.some((b) => f.blocks[b]!.insts.some((id) => f.insts[id]!.kind === "alloca" && constCount(f, f.insts[id]!) === null));
}

function succBlocks(g: Function, b: BlockId): BlockId[] {
  const insts = g.blocks[b]!.insts;
  const t = g.insts[insts[insts.length - 1]!];
  return t === undefined ? [] : successors(t).map((e) => e.block);
}

/** True if b lies on a cycle of g's CFG (b reaches itself). */
function onCycle(g: Function, b: BlockId): boolean {
  const seen = new Set<BlockId>();
  const work = succBlocks(g, b);
  while (work.length > 0) {
    const x = work.pop()!;
    if (x === b) return true;
    if (seen.has(x)) continue;
    seen.add(x);
    work.push(...succBlocks(g, x));
  }
  return false;
}

/**
 * True if the address of one of f's allocas may be used after its slot ends: after f
 * returns (the address returned, passed to a call, the host, another lane, a `nowait` or
 * unified-memory launch, a `target enter data`, or a parallel region that does more than
 * address memory with it, or stored anywhere but in f's own allocas, whose loads then count
 * as the address too), or, for an alloca on a cycle of f, after the alloca runs again (its
 * address carried by a block argument or stored at all). Loads, stores and atomics through
 * it, `gep`, `select`, compares and prints keep it in the activation and the iteration.
 */
function allocaOutlivesSlot(m: Module, f: Function): boolean {
  if (isDeclaration(f) || !hasAlloca(f)) return false;
  const under = computeUnderlying(f);
  const cyclic = cyclicBlocks(f);
  const users = userLists(f);
  const ownAllocas = (p: ValueId): InstId[] | null => {
    const objs = under.objects(p);
    return objs.every((o) => o.kind === "alloca") ? objs.map((o) => (o as { inst: InstId }).inst) : null;
  };
  // Values that may hold an alloca's address (true: of an alloca on a cycle), and the
  // allocas such an address was stored into.
  const tainted = new Map<ValueId, boolean>();
  const holders = new Set<InstId>();
  const work: ValueId[] = [];
  const taint = (v: ValueId, cyc: boolean): void => {
    const was = tainted.get(v);
    if (was === true || (was === false && !cyc)) return;
    tainted.set(v, cyc);
    work.push(v);
  };
  const usm = requiresOf(m, "unified_shared_memory");
  for (const b of f.layout) for (const id of f.blocks[b]!.insts) {
    const inst = f.insts[id]!;
    if (inst.kind === "alloca") taint(inst.result, cyclic.has(b));
  }
  for (;;) {
    while (work.length > 0) {
      const v = work.pop()!;
      const cyc = tainted.get(v)!;
      for (const id of users.get(v) ?? []) {
        const u = f.insts[id]!;
        switch (u.kind) {
          case "load":
          case "icmp":
          case "ptrdiff":
          case "objectsize":
          case "print":
          case "omp.target_update":
          case "omp.target_exit_data":
          case "omp.target_is_present":
            break;
          case "gep":
          case "select":
            taint(u.result, cyc);
            break;
          case "store": {
            if (u.value !== v) break;
            const into = ownAllocas(u.ptr);
            if (cyc || into === null) return true;
            for (const a of into) holders.add(a);
            break;
          }
          case "atomic":
            if (u.value === v) return true;
            break;
          case "cmpxchg":
            if (u.expected === v || u.desired === v) return true;
            break;
          case "br":
          case "cond_br": {
            if (cyc) return true;
            for (const e of successors(u)) e.args.forEach((a, i) => a === v && taint(f.blocks[e.block]!.params[i]!, false));
            break;
          }
          case "omp.parallel": {
            const r = m.functions[u.region]!;
            if (u.args.some((a, i) => a === v && (isDeclaration(r) || !regionOnlyAddresses(r, r.params[i]!)))) return true;
            break;
          }
          case "omp.target":
            if (u.nowait || usm) return true;
            break;
          case "ret":
          case "call":
          case "call_indirect":
          case "omp.shuffle_down":
          case "omp.free_shared":
          case "omp.malloc":
          case "omp.free":
          case "omp.reverse_offload":
          case "omp.target_enter_data":
            return true;
          case "binary":
          case "cast":
          case "fcmp":
          case "fmath":
          case "omp.query":
          case "alloca":
          case "omp.barrier":
          case "omp.alloc_shared":
          case "omp.taskwait":
          case "omp.wtime":
          case "trap":
          case "exit":
          case "unreachable":
            break;
          default:
            assertNever(u);
        }
      }
    }
    // A pointer loaded from a holder may be the address stored there. Its bits read as
    // anything else (a load of another type, an atomic's old value) could be carried out
    // as a number and turned back into the address: not followed, so it counts as outliving.
    for (const b of f.layout) for (const id of f.blocks[b]!.insts) {
      const u = f.insts[id]!;
      if (u.kind !== "load" && u.kind !== "atomic" && u.kind !== "cmpxchg") continue;
      if (!under.objects(u.ptr).some((o) => o.kind === "alloca" && holders.has(o.inst))) continue;
      if (u.kind !== "load" || u.type !== "ptr") return true;
      taint(u.result, false);
    }
    if (work.length === 0) return false;
  }
}

/**
 * The allocas whose contents may be read: those some use of a pointer into them reaches that
 * is not a store's address, address arithmetic, a comparison or a print. One scan for all of
 * them; the zeroing stores hoistAllocas adds read nothing, so the answer holds throughout.
 */
function readAllocas(g: Function): Set<InstId> {
  const under = computeUnderlying(g);
  const read = new Set<InstId>();
  const note = (v: ValueId): ValueId => {
    if (g.values[v]?.type === "ptr") for (const o of under.objects(v)) if (o.kind === "alloca") read.add(o.inst);
    return v;
  };
  for (const b of g.layout) {
    for (const id of g.blocks[b]!.insts) {
      const inst = g.insts[id]!;
      switch (inst.kind) {
        case "store":
          note(inst.value); // the address escapes
          break;
        case "gep":
        case "select":
        case "icmp":
        case "print":
        case "br":
        case "cond_br":
          break;
        default:
          mapOperands(inst, note);
      }
    }
  }
  return read;
}

/**
 * Moves the constant-size allocas copied from callees to g's entry block; where one stood on
 * a cycle and may be read, stores of zero keep "a fresh zeroed slot per call". Returns how
 * many moved.
 */
function hoistAllocas(g: Function, st: CallerState): number {
  const entry = g.layout[0]!;
  const space = g.kind === "host" ? "host" : "local";
  // Each instruction's block and each block's place on a cycle, found once (a caller may
  // hold thousands of copied allocas). Zeroing splits a block: the rest of it, allocas
  // included, moves to the new block, which lies on a cycle iff the old one did.
  const blockOf = new Int32Array(g.insts.length).fill(-1);
  for (const b of g.layout) for (const id of g.blocks[b]!.insts) blockOf[id] = b;
  const cyclic = cyclicBlocks(g);
  let read: Set<InstId> | null = null;
  let moved = 0;
  for (const id of st.allocas) {
    const inst = g.insts[id]!;
    const count = constCount(g, inst);
    if (count === null || count < 0 || inst.kind !== "alloca") continue; // a negative count faults where it stands
    const b = blockOf[id]! as BlockId;
    if (b === -1 || b === entry) continue;
    const at = removeInst(g, b, id);
    const top = g.blocks[entry]!.insts;
    let k = 0;
    while (k < top.length && g.insts[top[k]!]!.kind === "alloca") k++;
    placeInst(g, entry, id, k); // after the entry's own allocas, in the order they were copied
    blockOf[id] = entry;
    moved++;
    if (cyclic.has(b) && (read ??= readAllocas(g)).has(id)) {
      const rest = zeroAt(g, st, b, at, inst.result, count * sizeOf(inst.elemType), space, inst.loc);
      if (rest !== b) {
        cyclic.add(rest);
        for (const x of g.blocks[rest]!.insts) if (x < blockOf.length) blockOf[x] = rest;
      }
    }
  }
  return moved;
}

/**
 * The blocks of g's layout that lie on a cycle of its CFG (reach themselves): the members
 * of strongly connected components of several blocks, and blocks that branch to themselves
 * (Tarjan's algorithm, with an explicit stack).
 */
function cyclicBlocks(g: Function): Set<BlockId> {
  const index = new Map<BlockId, number>();
  const low = new Map<BlockId, number>();
  const onStack = new Set<BlockId>();
  const stack: BlockId[] = [];
  const out = new Set<BlockId>();
  let counter = 0;
  for (const root of g.layout) {
    if (index.has(root)) continue;
    const path: { b: BlockId; succ: BlockId[]; next: number }[] = [];
    const enter = (b: BlockId): void => {
      index.set(b, counter);
      low.set(b, counter++);
      stack.push(b);
      onStack.add(b);
      const succ = succBlocks(g, b);
      if (succ.includes(b)) out.add(b);
      path.push({ b, succ, next: 0 });
    };
    enter(root);
    while (path.length > 0) {
      const top = path[path.length - 1]!;
      if (top.next < top.succ.length) {
        const w = top.succ[top.next++]!;
        if (!index.has(w)) enter(w);
        else if (onStack.has(w)) low.set(top.b, Math.min(low.get(top.b)!, index.get(w)!));
        continue;
      }
      path.pop();
      if (path.length > 0) {
        const u = path[path.length - 1]!.b;
        low.set(u, Math.min(low.get(u)!, low.get(top.b)!));
      }
      if (low.get(top.b) !== index.get(top.b)) continue;
      const comp: BlockId[] = [];
      let w: BlockId;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== top.b);
      if (comp.length > 1) for (const x of comp) out.add(x);
    }
  }
  return out;
}

/**
 * Stores zero over `bytes` bytes at `ptr`, at index `at` of block b: unrolled for a few
 * words, else a loop. Returns the block that now holds b's instructions from `at` on (b, or
 * the continuation the loop split off).
 */
function zeroAt(g: Function, st: CallerState, b: BlockId, at: number, ptr: ValueId, bytes: number, space: "host" | "local", loc: SrcLoc): BlockId {
  const t: Type = bytes % 8 === 0 ? "i64" : bytes % 4 === 0 ? "i32" : "i8";
  const n = bytes / sizeOf(t);
  const store = (index: ValueId): InstId[] => {
    const p = createInst(g, { kind: "gep", elemType: t, ptr, index }, "ptr", loc);
    const s = createInst(g, { kind: "store", type: t, space, value: addConst(g, t, 0n), ptr: g.insts[p]!.result }, null, loc);
    return [p, s];
  };
  if (n <= 4) {
    const code: InstId[] = [];
    for (let i = 0; i < n; i++) code.push(...store(addConst(g, "i64", BigInt(i))));
    placeInst(g, b, code, at);
    return b;
  }
  // b: … br ^zero.head(0) | ^zero.head(%i): %more = i < n; cond_br %more, ^zero.body, ^zero.cont
  // ^zero.body: store 0 at %i; br ^zero.head(%i + 1) | ^zero.cont: the rest of b.
  const cont = splitBlock(g, b, at, st.names.block("zero.cont"), loc);
  const head = createBlock(g, st.names.block("zero.head"), [], loc);
  const i = addBlockParam(g, head, "i64", st.names.value("zero.i"));
  const body = createBlock(g, st.names.block("zero.body"), [], loc);
  insertBlockAfter(g, [head, body], b);
  appendInst(g, b, { kind: "br", target: head, args: [addConst(g, "i64", 0n)] }, null, loc);
  const more = appendInst(g, head, { kind: "icmp", pred: "slt", type: "i64", lhs: i, rhs: addConst(g, "i64", BigInt(n)) }, "i1", loc);
  appendInst(g, head, { kind: "cond_br", cond: g.insts[more]!.result, then: body, thenArgs: [], else: cont, elseArgs: [] }, null, loc);
  placeInst(g, body, store(i));
  const next = appendInst(g, body, { kind: "binary", op: "add", type: "i64", lhs: i, rhs: addConst(g, "i64", 1n) }, "i64", loc);
  appendInst(g, body, { kind: "br", target: head, args: [g.insts[next]!.result] }, null, loc);
  return cont;
}
