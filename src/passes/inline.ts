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
// inlined (missed remark): its storage could not be reused.

import type { Block, Function, Inst, Module } from "../ir/ir.js";
import { addConst, createInst, isDeclaration, mapOperands, mapSuccessors, successors } from "../ir/ir.js";
import type { Loc } from "../ir/loc.js";
import { remark } from "../ir/remarks.js";
import type { BlockId, InstId, Type, ValueId } from "../ir/types.js";
import { NO_VALUE, sizeOf } from "../ir/types.js";
import { CALL_GRAPH } from "./callgraph.js";
import type { PassContext, PassResult } from "./manager.js";
import { computeUnderlying } from "./underlying.js";

/** Fresh names within one function: `base`, else `base.1`, `base.2` … */
class Names {
  private readonly used = new Set<string>();
  private readonly next = new Map<string, number>();
  constructor(names: Iterable<string | null>) {
    for (const n of names) if (n !== null) this.used.add(n);
  }
  fresh(base: string | null): string | null {
    if (base === null) return null;
    if (!this.used.has(base)) {
      this.used.add(base);
      return base;
    }
    let k = this.next.get(base) ?? 1;
    while (this.used.has(`${base}.${k}`)) k++;
    this.next.set(base, k + 1);
    const name = `${base}.${k}`;
    this.used.add(name);
    return name;
  }
}

/** A copy of an instruction whose arrays and map clauses are not shared with the original. */
function cloneInst(inst: Inst): Inst {
  const copy = { ...inst } as Record<string, unknown>;
  for (const [k, v] of Object.entries(copy)) {
    if (Array.isArray(v)) copy[k] = v.map((x: unknown) => (typeof x === "object" && x !== null ? { ...x } : x));
  }
  return copy as unknown as Inst;
}

interface CallerState {
  values: Names;
  blocks: Names;
  /** The block after each block in the final layout (a linked list over BlockIds). */
  next: Map<BlockId, BlockId | null>;
  /** Allocas copied from callees, to move to the entry block once the layout is final. */
  allocas: InstId[];
}

function callerState(g: Function): CallerState {
  const next = new Map<BlockId, BlockId | null>();
  g.layout.forEach((b, i) => next.set(b, g.layout[i + 1] ?? null));
  return { values: new Names(g.values.map((v) => v.name)), blocks: new Names(g.blocks.map((b) => b.name)), next, allocas: [] };
}

function insertAfter(st: CallerState, after: BlockId, b: BlockId): void {
  st.next.set(b, st.next.get(after) ?? null);
  st.next.set(after, b);
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
  const cont = g.blocks.length as BlockId;
  const contBlock: Block = { name: st.blocks.fresh(`${f.name}.cont`), params: [], insts: [], loc: call.loc };
  g.blocks.push(contBlock);
  if (call.result !== NO_VALUE) {
    g.values[call.result]!.def = { kind: "blockparam", block: cont, index: 0 };
    contBlock.params.push(call.result);
  }
  contBlock.insts = g.blocks[block]!.insts.splice(index + 1);

  // Blocks and values of the copy.
  const blockMap = new Map<BlockId, BlockId>();
  const valueMap = new Map<ValueId, ValueId>();
  f.params.forEach((p, i) => valueMap.set(p, call.args[i]!));
  let last = block;
  for (const b of f.layout) {
    const src = f.blocks[b]!;
    const nb = g.blocks.length as BlockId;
    const params = src.params.map((p, i) => {
      const v = g.values.length as ValueId;
      g.values.push({ type: f.values[p]!.type, def: { kind: "blockparam", block: nb, index: i }, name: st.values.fresh(f.values[p]!.name) });
      valueMap.set(p, v);
      return v;
    });
    g.blocks.push({ name: st.blocks.fresh(src.name === null ? null : `${f.name}.${src.name}`), params, insts: [], loc: src.loc });
    blockMap.set(b, nb);
    insertAfter(st, last, nb);
    last = nb;
  }
  insertAfter(st, last, cont);

  const copies: Inst[] = [];
  for (const b of f.layout) {
    const nb = blockMap.get(b)!;
    for (const id of f.blocks[b]!.insts) {
      const copy = cloneInst(f.insts[id]!);
      const nid = g.insts.length as InstId;
      g.insts.push(copy);
      if (copy.result !== NO_VALUE) {
        const r = copy.result;
        copy.result = g.values.length as ValueId;
        g.values.push({ type: f.values[r]!.type, def: { kind: "inst", inst: nid }, name: st.values.fresh(f.values[r]!.name) });
        valueMap.set(r, copy.result);
      }
      g.blocks[nb]!.insts.push(nid);
      copies.push(copy);
      if (copy.kind === "alloca") st.allocas.push(nid);
    }
  }
  const mapValue = (v: ValueId): ValueId => {
    const known = valueMap.get(v);
    if (known !== undefined) return known;
    // Constants, global and function addresses, undef: a fresh value with the same definition.
    const d = f.values[v]!;
    const nv = g.values.length as ValueId;
    g.values.push({ type: d.type, def: d.def, name: null });
    valueMap.set(v, nv);
    return nv;
  };
  for (const copy of copies) {
    mapOperands(copy, mapValue);
    mapSuccessors(copy, (b) => blockMap.get(b)!);
  }
  // Returns become branches to the continuation.
  for (const b of f.layout) {
    const insts = g.blocks[blockMap.get(b)!]!.insts;
    const tid = insts[insts.length - 1]!;
    const t = g.insts[tid]!;
    if (t.kind === "ret") {
      g.insts[tid] = { kind: "br", target: cont, args: t.value !== NO_VALUE && call.result !== NO_VALUE ? [t.value] : [], result: NO_VALUE, loc: t.loc };
    }
  }
  g.insts[callId] = { kind: "br", target: blockMap.get(f.layout[0]!)!, args: [], result: NO_VALUE, loc: call.loc };
  return cont;
}

export function inlinePass(ctx: PassContext): PassResult {
  const m = ctx.module;
  const cg = ctx.analyses.getModule(CALL_GRAPH);
  let inlined = 0;
  for (const scc of cg.sccs) {
    for (const id of scc) {
      const g = m.functions[id]!;
      if (isDeclaration(g)) continue;
      let st: CallerState | null = null;
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
            : null;
          if (why !== null) {
            ctx.remarks.emit(remark("missed", ctx.pass, "inline.not-inlined", caller, inst.loc, `${callee} not inlined into ${caller}: ${why}`, { callee, caller, reason: why }));
            continue;
          }
          st ??= callerState(g);
          ctx.remarks.emit(remark("passed", ctx.pass, "inline.inlined", caller, inst.loc, `inlined ${callee} into ${caller}`, { callee, caller }));
          b = inlineCall(m, g, b, i, st);
          i = -1; // continue with the continuation block from its start
          inlined++;
        }
      }
      if (st !== null) {
        const layout: BlockId[] = [];
        for (let b: BlockId | null = g.layout[0]!; b !== null; b = st.next.get(b) ?? null) layout.push(b);
        g.layout = layout;
        const moved = hoistAllocas(g, st);
        if (moved > 0) ctx.stats.bump(ctx.pass, "inlined allocas moved to the entry block", moved);
      }
    }
  }
  ctx.stats.bump(ctx.pass, "calls inlined", inlined);
  return { changed: inlined > 0, preserves: inlined > 0 ? "none" : "all" };
}

// ---------------------------------------------------------------------------------------
// Inlined allocas

function constCount(g: Function, inst: Inst): number | null {
  if (inst.kind !== "alloca") return null;
  const d = g.values[inst.count]!.def;
  return d.kind === "const" && typeof d.value === "bigint" ? Number(d.value) : null;
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

/** True if the alloca's contents may be read: some use of a pointer into it is not a store's address, address arithmetic, a comparison or a print. */
function mayBeRead(g: Function, alloca: InstId): boolean {
  const under = computeUnderlying(g);
  const into = (v: ValueId) => g.values[v]?.type === "ptr" && under.objects(v).some((o) => o.kind === "alloca" && o.inst === alloca);
  let read = false;
  for (const b of g.layout) {
    for (const id of g.blocks[b]!.insts) {
      const inst = g.insts[id]!;
      switch (inst.kind) {
        case "store":
          if (into(inst.value)) read = true; // the address escapes
          break;
        case "gep":
        case "select":
        case "icmp":
        case "print":
        case "br":
        case "cond_br":
          break;
        default:
          mapOperands(inst, (v) => ((read ||= into(v)), v));
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
  let moved = 0;
  for (const id of st.allocas) {
    const inst = g.insts[id]!;
    const count = constCount(g, inst);
    if (count === null || inst.kind !== "alloca") continue;
    const b = g.layout.find((x) => g.blocks[x]!.insts.includes(id));
    if (b === undefined || b === entry) continue;
    const insts = g.blocks[b]!.insts;
    const at = insts.indexOf(id);
    insts.splice(at, 1);
    const top = g.blocks[entry]!.insts;
    let k = 0;
    while (k < top.length && g.insts[top[k]!]!.kind === "alloca") k++;
    top.splice(k, 0, id); // after the entry's own allocas, in the order they were copied
    moved++;
    if (onCycle(g, b) && mayBeRead(g, id)) zeroAt(g, st, b, at, inst.result, count * sizeOf(inst.elemType), space, inst.loc);
  }
  return moved;
}

/** Stores zero over `bytes` bytes at `ptr`, at index `at` of block b: unrolled for a few words, else a loop. */
function zeroAt(g: Function, st: CallerState, b: BlockId, at: number, ptr: ValueId, bytes: number, space: "host" | "local", loc: Loc): void {
  const t: Type = bytes % 8 === 0 ? "i64" : bytes % 4 === 0 ? "i32" : "i8";
  const n = bytes / sizeOf(t);
  const store = (index: ValueId): InstId[] => {
    const p = createInst(g, { kind: "gep", elemType: t, ptr, index }, "ptr", loc);
    const s = createInst(g, { kind: "store", type: t, space, value: addConst(g, t, 0n), ptr: g.insts[p]!.result }, null, loc);
    return [p, s];
  };
  const insts = g.blocks[b]!.insts;
  if (n <= 4) {
    const code: InstId[] = [];
    for (let i = 0; i < n; i++) code.push(...store(addConst(g, "i64", BigInt(i))));
    insts.splice(at, 0, ...code);
    return;
  }
  // b: … br ^zero.head(0) | ^zero.head(%i): %more = i < n; cond_br %more, ^zero.body, ^zero.cont
  // ^zero.body: store 0 at %i; br ^zero.head(%i + 1) | ^zero.cont: the rest of b.
  const mk = (name: string, params: Type[]): BlockId => {
    const id = g.blocks.length as BlockId;
    const block: Block = { name: st.blocks.fresh(name), params: [], insts: [], loc };
    g.blocks.push(block);
    params.forEach((pt, index) => {
      block.params.push(g.values.length as ValueId);
      g.values.push({ type: pt, def: { kind: "blockparam", block: id, index }, name: st.values.fresh("zero.i") });
    });
    return id;
  };
  const head = mk("zero.head", ["i64"]);
  const body = mk("zero.body", []);
  const cont = mk("zero.cont", []);
  g.layout.splice(g.layout.indexOf(b) + 1, 0, head, body, cont);
  g.blocks[cont]!.insts = insts.splice(at);
  const i = g.blocks[head]!.params[0]!;
  insts.push(createInst(g, { kind: "br", target: head, args: [addConst(g, "i64", 0n)] }, null, loc));
  const more = createInst(g, { kind: "icmp", pred: "slt", type: "i64", lhs: i, rhs: addConst(g, "i64", BigInt(n)) }, "i1", loc);
  g.blocks[head]!.insts.push(more, createInst(g, { kind: "cond_br", cond: g.insts[more]!.result, then: body, thenArgs: [], else: cont, elseArgs: [] }, null, loc));
  const next = createInst(g, { kind: "binary", op: "add", type: "i64", lhs: i, rhs: addConst(g, "i64", 1n) }, "i64", loc);
  g.blocks[body]!.insts.push(...store(i), next, createInst(g, { kind: "br", target: head, args: [g.insts[next]!.result] }, null, loc));
}
