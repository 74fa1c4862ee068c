// spmdize: late SPMD-ization of generic-mode kernels (the 2019 cfe-dev RFC; LLVM OpenMPOpt's
// AAKernelInfo + insertInstructionGuardsHelper, described in shared/SPMDIZATION.md).
//
// requires: verified module; best after inline, simplify and mem2reg (it sees only what the
//   kernel's own body and its callees' summaries show).
// preserves: nothing (kernels change mode, blocks split, globals and functions are added).
//
// For each generic kernel the sequential part (the code the main thread runs outside
// parallel regions) is classified instruction by instruction (InstClass in guard.ts):
// - blockers make SPMD-ization impossible: an indirect call, a call whose body is unknown
//   and not described as safe (OMP121, suggesting assume("ompx_spmd_amenable")), a
//   recursive function that reaches a parallel region. Only real blockers get OMP121;
//   stores, prints, reverse offloads and guardable calls are guarded, not reported.
// - thread queries become what the main thread of a generic kernel sees: thread_num 0,
//   num_threads 1, hw_thread_id 0 — in the kernel and in clones (`@f.seq`) of the helpers
//   it calls, so that the original helpers stay correct for their other callers.
// - a helper that itself reaches a parallel region or barrier is cloned (`@f.spmd`) and
//   SPMD-ized the same way, instead of giving up because other kernels call it in another mode.
// - reads of memory that is not thread-private are guarded too and their values broadcast,
//   so replicated code only computes from uniform inputs: kernel arguments, constants,
//   team queries, broadcast values and each thread's identical private copies. That makes
//   every branch condition and parallel-region argument outside guards uniform by
//   construction, and removes the write-after-read race that replicating such a load would
//   open (a slow thread reading after thread 0's guarded write).
// A kernel that reaches no parallel region and no barrier is run by thread 0 alone (the
// others return at once) and needs no guards, like LLVM's forceSingleThreadPerWorkgroup.

import type { AtomicInst, CmpXchgInst, Function, Inst, LoadInst, Module, StoreInst } from "../ir/ir.js";
import { addBlock, addConst, createInst, forEachInst, isDeclaration, replaceAllUses } from "../ir/ir.js";
import type { Loc } from "../ir/loc.js";
import { freshSymbol } from "../ir/names.js";
import { remark } from "../ir/remarks.js";
import type { FuncId, InstId, ValueId } from "../ir/types.js";
import { NO_VALUE, assertNever } from "../ir/types.js";
import { CALL_GRAPH } from "./callgraph.js";
import type { Effects } from "./effects.js";
import { EFFECTS, declarationEffects, hasSideEffects, spaceBit } from "./effects.js";
import type { GuardResult, GuardScheme, InstClass } from "./guard.js";
import { emitIsMain, guardFunction } from "./guard.js";
import type { PassContext, PassResult } from "./manager.js";
import { UNDERLYING, allThreadPrivate } from "./underlying.js";

const PASS = "spmdize";
const AMENABLE = "ompx_spmd_amenable";

interface Blocker {
  loc: Loc;
  message: string;
}

/** What the pass did to one function (kernel or cloned helper). */
interface Outcome {
  guard: GuardResult | null;
  singleThread: boolean;
  naiveRegions: number;
}

interface State {
  ctx: PassContext;
  m: Module;
  effects: { summary(f: FuncId): Effects };
  recursive(f: FuncId): boolean;
  scheme: GuardScheme;
  /** Clones made: original id → clone id, per flavour. */
  seqClones: Map<FuncId, FuncId>;
  spmdClones: Map<FuncId, FuncId>;
  queryMemo: Map<FuncId, boolean>;
  cloned: number;
}

export function spmdize(ctx: PassContext): PassResult {
  const m = ctx.module;
  const eff = ctx.analyses.getModule(EFFECTS);
  const cg = ctx.analyses.getModule(CALL_GRAPH);
  const scheme = guardSchemeOption(ctx.options["guard-scheme"] ?? ctx.options.guardScheme);
  const st: State = {
    ctx, m, effects: eff, recursive: (f) => cg.isRecursive(f), scheme,
    seqClones: new Map(), spmdClones: new Map(), queryMemo: new Map(), cloned: 0,
  };
  let changed = false;
  const kernels = m.functions.filter((f) => f.kind === "kernel" && f.mode === "generic" && !isDeclaration(f));
  for (const k of kernels) {
    const blockers = findBlockers(st, k, new Set());
    if (blockers.length > 0) {
      for (const b of blockers) ctx.remarks.emit(remark("analysis", PASS, "OMP121", k.name, b.loc, b.message));
      ctx.remarks.emit(remark("missed", PASS, "spmdize.not-converted", k.name, k.loc,
        `Kernel @${k.name} stays in generic mode: ${blockers.length} side effect${blockers.length > 1 ? "s" : ""} cannot be guarded`,
        { blockers: blockers.length }));
      ctx.stats.bump(PASS, "kernels left in generic mode");
      continue;
    }
    const clonesBefore = st.cloned;
    const out = transformSequential(st, k);
    k.mode = "spmd";
    changed = true;
    ctx.stats.bump(PASS, "kernels converted to SPMD mode");
    ctx.remarks.emit(remark("passed", PASS, "OMP120", k.name, k.loc, "Transformed generic-mode kernel to SPMD-mode."));
    summarise(st, k, out, st.cloned - clonesBefore);
  }
  return { changed, preserves: changed ? "none" : "all" };
}

/** The guard schemes `--guard-scheme` accepts; null with the reason for anything else. */
export function parseGuardScheme(v: string): { scheme: GuardScheme } | { error: string } {
  if (v === "auto" || v === "branch" || v === "naive" || v === "mask") return { scheme: v };
  return { error: `unknown guard scheme '${v}' (expected auto, branch, mask or naive)` };
}

function guardSchemeOption(v: unknown): GuardScheme {
  if (v === undefined) return "auto";
  const r = parseGuardScheme(String(v));
  if ("error" in r) throw new Error(`spmdize: ${r.error}`);
  return r.scheme;
}

// ---------------------------------------------------------------------------------------
// Decision

/** Real blockers in f's sequential code and in the helpers it would have to clone. */
function findBlockers(st: State, f: Function, visiting: Set<FuncId>): Blocker[] {
  const out: Blocker[] = [];
  visiting.add(f.id);
  forEachInst(f, (inst) => {
    const c = classifyCall(st, inst);
    if (c === null) {
      if (inst.kind === "call_indirect") {
        out.push({ loc: inst.loc, message: "Value has potential side effects preventing SPMD-mode execution (an indirect call to unknown code)." });
      }
      return;
    }
    if (c.kind === "blocker") out.push({ loc: inst.loc, message: c.message });
    else if (c.kind === "sync" && inst.kind === "call" && !visiting.has(inst.callee)) {
      for (const b of findBlockers(st, st.m.functions[inst.callee]!, visiting)) out.push(b);
    }
  });
  visiting.delete(f.id);
  return out;
}

type MemoryInst = LoadInst | StoreInst | AtomicInst | CmpXchgInst;

type CallClass = { kind: InstClass } | { kind: "blocker"; message: string };

/** How a call in sequential code runs in SPMD mode (null: not a call). */
function classifyCall(st: State, inst: Inst): CallClass | null {
  if (inst.kind !== "call") return null;
  const g = st.m.functions[inst.callee]!;
  if (g.attrs.assumes.includes(AMENABLE)) return { kind: "all" };
  const suggest = `Value has potential side effects preventing SPMD-mode execution. Add \`assume("${AMENABLE}")\` to the called function @${g.name} to override.`;
  if (isDeclaration(g)) {
    const a = g.attrs;
    if (a.readnone) return { kind: "pure" };
    if (a.readonly || a.assumes.includes("omp_no_openmp")) return { kind: "guard" };
    const e = declarationEffects(a);
    if (e.callsUnknown || e.mayBarrier || e.mayParallel) return { kind: "blocker", message: suggest };
    return { kind: "guard" };
  }
  const s = st.effects.summary(g.id);
  if (s.callsUnknown) return { kind: "blocker", message: `${suggest} (@${g.name} calls unknown code)` };
  if (s.mayParallel || s.mayBarrier) {
    if (st.recursive(g.id)) return { kind: "blocker", message: `Recursive function @${g.name} reaches a parallel region or barrier; it cannot be SPMD-ized.` };
    return { kind: "sync" };
  }
  if (hasSideEffects(s) || (s.reads & ~spaceBit("local")) !== 0) return { kind: "guard" };
  return { kind: "pure" };
}

/** The class of one instruction of a function being SPMD-ized (queries already rewritten). */
function classify(st: State, f: Function, inst: Inst, privatePtr: (p: MemoryInst) => boolean): InstClass {
  switch (inst.kind) {
    case "binary":
    case "fmath":
    case "icmp":
    case "fcmp":
    case "select":
    case "cast":
    case "gep":
    case "omp.query":
    case "br":
    case "cond_br":
    case "ret":
    case "unreachable":
      return "pure";
    case "alloca":
      return "all";
    case "load":
      return privatePtr(inst) ? "pure" : "guard";
    case "store":
    case "atomic":
    case "cmpxchg":
      return privatePtr(inst) ? "all" : "guard";
    case "call": {
      const c = classifyCall(st, inst)!;
      if (c.kind === "blocker") throw new Error(`internal error: blocker in @${f.name} after the decision`);
      return c.kind;
    }
    case "print":
    case "trap":
    case "omp.reverse_offload":
    case "omp.alloc_shared":
    case "omp.free_shared":
      return "guard";
    case "omp.parallel":
    case "omp.barrier":
      return "sync";
    case "call_indirect":
    case "exit":
    case "omp.target":
    case "omp.taskwait":
    case "omp.target_enter_data":
    case "omp.target_exit_data":
      throw new Error(`internal error: ${inst.kind} in device code of @${f.name}`);
    default:
      return assertNever(inst);
  }
}

// ---------------------------------------------------------------------------------------
// Transformation

/**
 * Turns f's body, which generic mode runs on the main thread only, into code every thread
 * of the team runs: queries fixed, helpers cloned, side effects guarded.
 */
function transformSequential(st: State, f: Function): Outcome {
  rewriteQueries(st, f);
  const under = st.ctx.analyses.get(UNDERLYING, f);
  st.ctx.analyses.invalidate("none", f);
  // Thread-private: local space, or every object the pointer may reach is an alloca of f.
  const privatePtr = (p: MemoryInst) => p.space === "local" || allThreadPrivate(under.objects(p.ptr));
  const cls: InstClass[] = [];
  let syncs = 0;
  let guards = 0;
  forEachInst(f, (inst, id) => {
    const c = classify(st, f, inst, privatePtr);
    cls[id] = c;
    if (c === "sync") syncs++;
    if (c === "guard") guards++;
  });
  // After classifying: the clones are new functions the effect summaries do not cover.
  retargetCalls(st, f);
  if (syncs === 0 && f.kind === "kernel") {
    singleThread(f);
    return { guard: null, singleThread: true, naiveRegions: 0 };
  }
  const { tid, isMain } = emitIsMainBlock(f);
  const teamSize = f.kind === "kernel" ? largestTeam(st.m, f) : null;
  const guard = guardFunction(st.m, f, (id: InstId) => cls[id] ?? "pure", { scheme: st.scheme, isMain, tid, teamSize });
  return { guard, singleThread: false, naiveRegions: guards };
}

/**
 * The most threads any launch of kernel k asks for, when every launch says so with a
 * constant `threads(N)`; null otherwise (the run's default applies, unknown here).
 */
function largestTeam(m: Module, k: Function): number | null {
  let max: number | null = null;
  for (const h of m.functions) {
    if (h.kind !== "host") continue;
    let unknown = false;
    forEachInst(h, (inst) => {
      if (inst.kind !== "omp.target" || inst.kernel !== k.id) return;
      const d = inst.threads === NO_VALUE ? undefined : h.values[inst.threads]!.def;
      if (d?.kind !== "const" || typeof d.value !== "bigint") unknown = true;
      else max = Math.max(max ?? 0, Number(d.value));
    });
    if (unknown) return null;
  }
  return max;
}

/** A new entry block computing `%tid` and `%is_main`, so no region ever contains their definitions. */
function emitIsMainBlock(f: Function): { tid: ValueId; isMain: ValueId } {
  const old = f.layout[0]!;
  const entry = addBlock(f, "spmd.entry", [], f.blocks[old]!.loc);
  f.layout.pop();
  f.layout.unshift(entry);
  f.blocks[entry]!.insts.push(createInst(f, { kind: "br", target: old, args: [] }, null, f.blocks[old]!.loc));
  return emitIsMain(f);
}

/** Threads other than 0 return at once; thread 0 runs the body as the main thread did. */
function singleThread(f: Function): void {
  const old = f.layout[0]!;
  const loc = f.blocks[old]!.loc;
  const entry = addBlock(f, "spmd.entry", [], loc);
  const exit = addBlock(f, "spmd.exit", [], loc);
  f.layout.splice(f.layout.length - 2, 2);
  f.layout.unshift(entry);
  f.layout.push(exit);
  f.blocks[exit]!.insts.push(createInst(f, { kind: "ret", value: NO_VALUE }, null, loc));
  const { isMain } = emitIsMain(f); // at the top of layout[0], the new entry
  f.blocks[entry]!.insts.push(createInst(f, { kind: "cond_br", cond: isMain, then: old, thenArgs: [], else: exit, elseArgs: [] }, null, loc));
}

const SEQ_QUERY_VALUE = { thread_num: 0n, num_threads: 1n, hw_thread_id: 0n } as const;

/** thread_num → 0, num_threads → 1, hw_thread_id → 0: what the generic main thread sees. */
function rewriteQueries(st: State, f: Function): void {
  for (const b of f.layout) {
    const insts = f.blocks[b]!.insts;
    for (let i = 0; i < insts.length; i++) {
      const inst = f.insts[insts[i]!]!;
      if (inst.kind !== "omp.query" || !(inst.query in SEQ_QUERY_VALUE)) continue;
      const c = addConst(f, "i32", SEQ_QUERY_VALUE[inst.query as keyof typeof SEQ_QUERY_VALUE]);
      replaceAllUses(f, inst.result, c);
      insts.splice(i--, 1);
      st.ctx.stats.bump(PASS, "thread queries folded");
    }
  }
}

/** Points f's calls at clones: `.spmd` for helpers that synchronise, `.seq` for helpers using thread queries. */
function retargetCalls(st: State, f: Function): void {
  forEachInst(f, (inst) => {
    if (inst.kind !== "call") return;
    const c = classifyCall(st, inst)!;
    if (c.kind === "sync") inst.callee = spmdClone(st, inst.callee);
    else if (c.kind !== "blocker" && usesThreadQueries(st, inst.callee)) inst.callee = seqClone(st, inst.callee);
  });
}

function usesThreadQueries(st: State, id: FuncId): boolean {
  const memo = st.queryMemo.get(id);
  if (memo !== undefined) return memo;
  st.queryMemo.set(id, false); // recursion: assume no until shown otherwise
  const f = st.m.functions[id]!;
  let uses = false;
  forEachInst(f, (inst) => {
    if (inst.kind === "omp.query" && inst.query in SEQ_QUERY_VALUE) uses = true;
    else if (inst.kind === "call" && usesThreadQueries(st, inst.callee)) uses = true;
  });
  st.queryMemo.set(id, uses);
  return uses;
}

function cloneFunction(st: State, id: FuncId, suffix: string): Function {
  const orig = st.m.functions[id]!;
  const copy = structuredClone(orig);
  copy.id = st.m.functions.length as FuncId;
  copy.name = freshSymbol(st.m, `${orig.name}.${suffix}`);
  st.m.functions.push(copy);
  st.cloned++;
  st.ctx.stats.bump(PASS, "helpers cloned");
  return copy;
}

function seqClone(st: State, id: FuncId): FuncId {
  const done = st.seqClones.get(id);
  if (done !== undefined) return done;
  const copy = cloneFunction(st, id, "seq");
  st.seqClones.set(id, copy.id);
  rewriteQueries(st, copy);
  forEachInst(copy, (inst) => {
    if (inst.kind === "call" && usesThreadQueries(st, inst.callee)) inst.callee = seqClone(st, inst.callee);
  });
  st.ctx.remarks.emit(remark("analysis", PASS, "spmdize.clone", copy.name, st.m.functions[id]!.loc,
    `Cloned @${st.m.functions[id]!.name} as @${copy.name} for code run by the main thread only (thread queries folded to the main thread's values)`));
  return copy.id;
}

function spmdClone(st: State, id: FuncId): FuncId {
  const done = st.spmdClones.get(id);
  if (done !== undefined) return done;
  const copy = cloneFunction(st, id, "spmd");
  st.spmdClones.set(id, copy.id);
  const out = transformSequential(st, copy);
  st.ctx.remarks.emit(remark("analysis", PASS, "spmdize.clone", copy.name, st.m.functions[id]!.loc,
    `Cloned @${st.m.functions[id]!.name} as @${copy.name}, SPMD-ized for callers in SPMD mode (the original stays for generic callers): ${describe(out)}`));
  reportRegions(st, copy, out);
  return copy.id;
}

// ---------------------------------------------------------------------------------------
// Remarks

const WHY: Partial<Record<Inst["kind"], string>> = {
  store: "writes memory other threads can see",
  atomic: "updates memory other threads can see",
  cmpxchg: "updates memory other threads can see",
  load: "reads memory a guarded write or parallel region may change (value broadcast if needed)",
  print: "prints",
  trap: "stops the program",
  "omp.reverse_offload": "calls the host",
  "omp.alloc_shared": "allocates team-shared memory once",
  "omp.free_shared": "frees team-shared memory once",
  call: "calls a function with side effects",
};

function reportRegions(st: State, f: Function, out: Outcome): void {
  for (const r of out.guard?.regions ?? []) {
    const counts = new Map<string, number>();
    for (const id of r.guarded) {
      const k = f.insts[id]!.kind;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const kinds = [...counts.keys()].sort();
    const what = kinds.map((k) => `${counts.get(k)} ${k}`).join(", ");
    const why = kinds.map((k) => WHY[k as Inst["kind"]] ?? k).join("; ");
    const shape = r.loop ? "a whole loop" : r.branches ? "across branches" : "straight-line code";
    const bc = r.broadcasts ? `, ${r.broadcasts} value${r.broadcasts > 1 ? "s" : ""} broadcast${r.secondBarrier ? " (second barrier: the region is re-entered without one)" : ""}` : "";
    const rm = r.rematerialised ? `, ${r.rematerialised} recomputed after it` : "";
    const head = r.masked
      ? "Masked stores: every thread runs them, only thread 0's reach memory (the others write per-thread dummy slots)"
      : `Guarded region (${shape}) runs on thread 0 only`;
    st.ctx.remarks.emit(remark("analysis", PASS, "spmdize.guard", f.name, r.loc,
      `${head}: ${what} (${why})${bc}${rm}`,
      { instructions: r.guarded.length, blocks: r.blocks, broadcasts: r.broadcasts, loop: r.loop }));
    st.ctx.stats.bump(PASS, "guarded regions");
    st.ctx.stats.bump(PASS, "values broadcast", r.broadcasts);
  }
}

function describe(out: Outcome): string {
  if (out.singleThread) return "no parallel region: only thread 0 runs the body";
  const g = out.guard!;
  if (g.regions.length === 0) return "the sequential part has no side effect to guard";
  const bc = g.regions.reduce((n, r) => n + r.broadcasts, 0);
  return `${g.regions.length} guarded region${g.regions.length === 1 ? "" : "s"} (one per side effect: ${out.naiveRegions}), ${g.barriers} barrier${g.barriers === 1 ? "" : "s"} added, ${bc} value${bc === 1 ? "" : "s"} broadcast`;
}

function summarise(st: State, k: Function, out: Outcome, cloned: number): void {
  reportRegions(st, k, out);
  const cl = cloned ? `, ${cloned} helper${cloned > 1 ? "s" : ""} cloned` : "";
  st.ctx.remarks.emit(remark("analysis", PASS, "spmdize.summary", k.name, k.loc,
    `SPMD-ized @${k.name}: ${describe(out)}${cl}`,
    {
      regions: out.guard?.regions.length ?? 0, naiveRegions: out.naiveRegions, barriers: out.guard?.barriers ?? 0,
      singleThread: out.singleThread, cloned,
    }));
  if (out.singleThread) st.ctx.stats.bump(PASS, "kernels run by one thread per team");
  st.ctx.stats.bump(PASS, "barriers added", out.guard?.barriers ?? 0);
}
