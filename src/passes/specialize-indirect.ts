// specialize-indirect: an indirect call whose possible callees are known becomes an if-cascade
// of direct calls (LLVM's indirect-call promotion, and OpenMPOpt's use of `!callees`), so that
// later passes analyse, clone and SPMD-ize it like any direct call.
//
// requires: verified module; best after mem2reg (a function address kept in an alloca is a
//   `select` or block parameter by then).
// preserves: nothing (blocks are split and added).
//
// The possible callees of `call_indirect %fp` come from
// - the value: %fp traced through `select` (both arms), block parameters (every incoming
//   argument) and the parameters of functions only direct calls reach (every call's
//   argument, as LLVM's Attributor does for internal functions: a callback passed down a
//   recursion, qsort's comparator) to function addresses. If every source is a function
//   address the set is complete: the last candidate is called without a compare and there
//   is no fallback.
// - the callee set `callees(@f, ...)` (docs/LANGUAGE.md): a promise the runtime enforces
//   (calling another function faults). When the value does not settle the set, the fallback
//   is `call_indirect ... callees()`: it is reached only when %fp is none of the set, and
//   faults there exactly as the original did (same instruction, same message).
// - neither complete nor declared: the known addresses get direct calls, the original call
//   stays as the fallback.
// A candidate the call could not legally reach (a kernel, the other side's function, another
// signature) leaves the call alone: the original's fault must stay the program's behaviour.
// More candidates than `max-callees` (LLVM's default promotion limit, 3) leave it too: each
// costs a compare on the path to the later ones.

import { createBlock, insertBlockAfter, splitBlock } from "../ir/edit.js";
import type { Function, Inst, Module } from "../ir/ir.js";
import { addValue, appendInst, forEachInst, replaceAllUses } from "../ir/ir.js";
import { remark } from "../ir/remarks.js";
import type { BlockId, FuncId, InstId, ValueId } from "../ir/types.js";
import { NO_VALUE } from "../ir/types.js";
import { incomingEdges } from "../ir/edit.js";
import type { CallGraph, CallSite } from "./callgraph.js";
import { CALL_GRAPH } from "./callgraph.js";
import type { PassContext, PassResult } from "./manager.js";

const PASS = "specialize-indirect";

type CallIndirect = Extract<Inst, { kind: "call_indirect" }>;

/**
 * The functions whose parameters take only what their direct calls pass: not a kernel or
 * `main` (the runtime calls them), no address taken, in no callee set or state machine,
 * named by no region, launch or reverse offload. For each, its call sites.
 */
function closedCallers(m: Module, cg: CallGraph): (CallSite[] | null)[] {
  const out: (CallSite[] | null)[] = m.functions.map((g) => (g.kind === "kernel" || (g.kind === "host" && g.name === "main") ? null : []));
  for (const g of cg.addressTaken) out[g] = null;
  for (const f of m.functions) {
    for (const g of f.stateMachine?.regions ?? []) out[g] = null;
    forEachInst(f, (inst) => {
      if (inst.kind === "call_indirect") for (const g of inst.callees ?? []) out[g] = null;
    });
  }
  for (const s of cg.sites) {
    const list = out[s.callee];
    if (list === undefined || list === null) continue;
    if (s.kind === "call") list.push(s);
    else out[s.callee] = null;
  }
  return out;
}

/** The function addresses %fp of f may hold, and whether nothing else is possible. */
function addressesOf(m: Module, closed: readonly (CallSite[] | null)[], f: Function, fp: ValueId): { funcs: FuncId[]; complete: boolean } {
  const funcs: FuncId[] = [];
  let complete = true;
  // (function, value) pairs: a parameter is traced into each caller's argument, and a
  // recursive call passing the parameter on finds it seen.
  const seen = new Set<number>();
  const work: [Function, ValueId][] = [[f, fp]];
  while (work.length > 0) {
    const [g, v] = work.pop()!;
    const key = g.id * 0x100000000 + v;
    if (seen.has(key)) continue;
    seen.add(key);
    const d = g.values[v]?.def;
    if (d === undefined) {
      complete = false;
    } else if (d.kind === "func") {
      if (!funcs.includes(d.func)) funcs.push(d.func);
    } else if (d.kind === "blockparam") {
      const edges = incomingEdges(g, d.block);
      if (edges.length === 0) complete = false;
      for (const e of edges) {
        const a = e.args[d.index];
        if (a === undefined) complete = false;
        else work.push([g, a]);
      }
    } else if (d.kind === "inst" && g.insts[d.inst]!.kind === "select") {
      const s = g.insts[d.inst] as Extract<Inst, { kind: "select" }>;
      work.push([g, s.a], [g, s.b]);
    } else if (d.kind === "param" && closed[g.id] != null) {
      for (const site of closed[g.id]!) {
        const caller = m.functions[site.caller]!;
        const call = caller.insts[site.inst] as Extract<Inst, { kind: "call" }>;
        const a = call.args[d.index];
        if (a === undefined) complete = false;
        else work.push([caller, a]);
      }
    } else {
      complete = false;
    }
  }
  funcs.sort((a, b) => a - b);
  return { funcs, complete };
}

/** Why the call could not reach g as written (it would fault), or null. */
function unreachable(m: Module, f: Function, call: CallIndirect, g: FuncId): string | null {
  const fn = m.functions[g]!;
  if (fn.kind === "kernel") return `@${fn.name} is a kernel`;
  if ((fn.kind === "host") !== (f.kind === "host")) return `@${fn.name} is a ${fn.kind} function`;
  const params = fn.params.map((p) => fn.values[p]!.type);
  if (params.length !== call.paramTypes.length || params.some((t, i) => t !== call.paramTypes[i]) || fn.ret !== call.ret) {
    return `@${fn.name} does not have the call's signature`;
  }
  return null;
}

interface Plan {
  id: InstId;
  /** Direct calls, in order; the last one is unconditional when `fallback` is "none". */
  targets: FuncId[];
  fallback: "none" | "faulting" | "original";
}

export function specializeIndirect(ctx: PassContext): PassResult {
  const m = ctx.module;
  const cap = ctx.options["max-callees"] as number;
  // Taken before any rewrite: a function a rewrite makes a direct callee had its address
  // taken, so it is not closed, and the sites of the closed ones do not change.
  const closed = closedCallers(m, ctx.analyses.getModule(CALL_GRAPH));
  let changed = false;
  for (const f of m.functions) {
    if (f.layout.length === 0) continue;
    const plans: Plan[] = [];
    forEachInst(f, (inst, id) => {
      if (inst.kind !== "call_indirect") return;
      const plan = decide(ctx, m, closed, f, inst, id, cap);
      if (plan !== null) plans.push(plan);
    });
    for (const p of plans) rewrite(m, f, p);

    if (plans.length > 0) {
      changed = true;
      ctx.analyses.invalidate("none", f);
    }
  }
  return { changed, preserves: changed ? "none" : "all" };
}

function decide(ctx: PassContext, m: Module, closed: readonly (CallSite[] | null)[], f: Function, call: CallIndirect, id: InstId, cap: number): Plan | null {
  const { funcs, complete } = addressesOf(m, closed, f, call.callee);
  let targets: FuncId[];
  let fallback: Plan["fallback"];
  if (call.callees !== undefined) {
    // Addresses outside the declared set fault in the original: the faulting fallback keeps that.
    targets = complete ? funcs.filter((g) => call.callees!.includes(g)) : [...call.callees];
    fallback = complete && targets.length === funcs.length ? "none" : "faulting";
  } else {
    targets = funcs;
    fallback = complete ? "none" : "original";
  }
  if (targets.length === 0) return null;
  const name = (g: FuncId) => `@${m.functions[g]!.name}`;
  for (const g of targets) {
    const why = unreachable(m, f, call, g);
    if (why !== null) {
      ctx.remarks.emit(remark("missed", PASS, "specialize-indirect.illegal", f.name, call.loc, `Indirect call not specialized: ${why}`));
      return null;
    }
  }
  if (targets.length > cap) {
    ctx.remarks.emit(remark("missed", PASS, "specialize-indirect.too-many", f.name, call.loc,
      `Indirect call not specialized: ${targets.length} possible callees, more than max-callees (${cap})`, { callees: targets.length }));
    return null;
  }
  const source = call.callees !== undefined && !complete ? "its callee set" : "the function addresses it may hold";
  const tail = fallback === "none" ? "no fallback: the set is complete"
    : fallback === "faulting" ? "a fallback for other addresses, which faults as the original did"
    : "the indirect call kept as the fallback for other addresses";
  ctx.remarks.emit(remark("passed", PASS, "specialize-indirect.promoted", f.name, call.loc,
    `Indirect call specialized into direct calls to ${targets.map(name).join(", ")} (from ${source}; ${tail})`, { callees: targets.length }));
  ctx.stats.bump(PASS, "indirect calls specialized");
  ctx.stats.bump(PASS, "direct calls added", targets.length);
  return { id, targets, fallback };
}

/**
 *   B: … ; icmp eq %fp, @f1 ; cond_br ^call1, ^next1
 *   ^call1: %r1 = call @f1(args) ; br ^join(%r1)
 *   ^next1: … ; last: call directly (complete set) or the fallback call_indirect
 *   ^join(%r): the rest of B
 */
function rewrite(m: Module, f: Function, p: Plan): void {
  const call = f.insts[p.id] as CallIndirect;
  const loc = call.loc;
  const block = f.layout.find((b) => f.blocks[b]!.insts.includes(p.id))!;
  const insts = f.blocks[block]!.insts;
  const index = insts.indexOf(p.id);
  const hasResult = call.result !== NO_VALUE;
  const retType = call.ret === "void" ? null : call.ret;
  // ^join starts after the call; the call leaves B.
  const join = splitBlock(f, block, index + 1, "icall.join", loc);
  insts.pop();
  const joinParam = hasResult && retType !== null ? addValue(f, retType, { kind: "blockparam", block: join, index: 0 }) : NO_VALUE;
  if (joinParam !== NO_VALUE) f.blocks[join]!.params.push(joinParam);
  const toJoin = (b: BlockId, r: ValueId) => appendInst(f, b, { kind: "br", target: join, args: r === NO_VALUE ? [] : [r] }, null, loc);

  let cur = block;
  let after = block;
  const place = (b: BlockId) => {
    insertBlockAfter(f, b, after);
    after = b;
  };
  const direct = (b: BlockId, g: FuncId) => {
    const id = appendInst(f, b, { kind: "call", callee: g, args: [...call.args] }, retType, loc);
    toJoin(b, f.insts[id]!.result);
  };
  p.targets.forEach((g, i) => {
    const last = i === p.targets.length - 1;
    if (last && p.fallback === "none") {
      direct(cur, g);
      return;
    }
    const addr = addValue(f, "ptr", { kind: "func", func: g });
    const cmp = appendInst(f, cur, { kind: "icmp", pred: "eq", type: "ptr", lhs: call.callee, rhs: addr }, "i1", loc);
    const yes = createBlock(f, `icall.${m.functions[g]!.name}`, [], loc);
    const no = createBlock(f, last ? "icall.fallback" : "icall.next", [], loc);
    appendInst(f, cur, { kind: "cond_br", cond: f.insts[cmp]!.result, then: yes, thenArgs: [], else: no, elseArgs: [] }, null, loc);
    place(yes);
    direct(yes, g);
    place(no);
    cur = no;
  });
  if (p.fallback !== "none") {
    const data = { kind: "call_indirect" as const, callee: call.callee, args: [...call.args], paramTypes: [...call.paramTypes], ret: call.ret };
    const fb = appendInst(f, cur, p.fallback === "faulting" ? { ...data, callees: [] } : { ...data }, retType, loc);
    toJoin(cur, f.insts[fb]!.result);
  }
  // The join block follows the cascade in layout.
  f.layout.splice(f.layout.indexOf(join), 1);
  insertBlockAfter(f, join, after);
  if (hasResult) replaceAllUses(f, call.result, joinParam);
}
