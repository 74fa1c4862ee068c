// fold-queries: replace `omp.*` queries whose value every launch of every kernel reaching
// them fixes with that constant (LLVM OpenMPOpt's AAFoldRuntimeCall, OMP180).
//
// requires: verified module.
// preserves: cfg (queries are removed and their uses rewired; no terminator changes).
//
// Launches. A kernel's launch sizes are known when every `omp.target` of it has constant
// `teams(M)` / `threads(N)` clauses within the runtime's limits (a launch outside them
// faults before the kernel runs), there is at least one, and its address is never taken
// (only `omp.target` names it, so no launch is hidden). A clause left out takes the run's
// default, which the program does not fix: that size is unknown.
//
// Contexts. Each device function gets the set of (kernel, parallel level) pairs it may run
// in: a kernel's body is level 0; a call keeps the level; `omp.parallel` goes one level
// deeper, and everything past level 1 runs as a team of one; a region started with a
// `threads(n)` operand is level 1 with a team of min(n, N) threads, which this pass does not
// know (level 1c below: num_threads is not folded there); an indirect call whose callee
// is not a function address may reach every device function whose address is taken. The
// levels are the same in both modes: outside parallel regions a thread sees thread 0 of a
// team of one, in generic and SPMD kernels alike (docs/RUNTIME.md), so spmdize later
// changing a kernel's mode does not change a folded value.
//
// Values, per (kernel, level): hw_num_threads = N; num_teams = M; num_threads = N at level 1,
// else 1; thread_num = 0 outside level 1; team_num = 0 when M = 1; hw_thread_id = 0 when
// N = 1. A query is folded when every context of its function gives the same value.

import type { Function, Module, OmpQuery } from "../ir/ir.js";
import { addConst, constValue, forEachInst, isDeclaration } from "../ir/ir.js";
import { removeInst, replaceUses } from "../ir/edit.js";
import { remark } from "../ir/remarks.js";
import type { BlockId, FuncId, InstId, ValueId } from "../ir/types.js";
import { NO_VALUE, assertNever } from "../ir/types.js";
import { CALL_GRAPH } from "./callgraph.js";
import type { PassContext, PassResult } from "./manager.js";

const PASS = "fold-queries";

/** The runtime's launch limits (src/runtime/host.ts refuses other sizes). */
const MAX_TEAMS = 65536n;
const MAX_THREADS = 4096n;

/** Levels: 0 (a kernel's body), 1 (a parallel region), 2 (nested: a team of one), 3 (a
 *  parallel region whose team a `threads(n)` operand caps: level 1 of an unknown size). */
const LEVELS = 4;
const CAPPED = 3;

interface LaunchSize {
  teams: number | null;
  threads: number | null;
}

export function foldQueries(ctx: PassContext): PassResult {
  const m = ctx.module;
  const cg = ctx.analyses.getModule(CALL_GRAPH);
  const kernels = m.functions.filter((f) => f.kind === "kernel" && !isDeclaration(f));
  const sizes = launchSizes(m, new Set(cg.addressTaken));
  const contexts = reachingContexts(m, kernels, cg.addressTaken);
  let folded = 0;
  for (const f of m.functions) {
    if (isDeclaration(f) || f.kind === "host") continue;
    const ctxs = contexts.get(f.id);
    if (ctxs === undefined || ctxs.length === 0) continue;
    const replace = new Map<ValueId, ValueId>();
    const drop: { id: InstId; block: BlockId }[] = [];
    forEachInst(f, (inst, id, block) => {
      if (inst.kind !== "omp.query") return;
      const v = agreedValue(inst.query, ctxs, kernels, sizes);
      if (v === null) return;
      ctx.remarks.emit(remark("passed", PASS, "OMP180", f.name, inst.loc, `Replacing OpenMP runtime call omp.${inst.query} with ${v}.`, { query: `omp.${inst.query}`, value: v }));
      replace.set(inst.result, addConst(f, "i32", BigInt(v)));
      drop.push({ id, block });
    });
    for (const { id, block } of drop) removeInst(f, block, id);
    if (replace.size > 0) replaceUses(f, (v) => replace.get(v) ?? v);
    folded += drop.length;
  }
  ctx.stats.bump(PASS, "queries folded", folded);
  return { changed: folded > 0, preserves: "cfg" };
}

/** Every kernel's launch size, where every launch agrees on a constant (else null). */
function launchSizes(m: Module, addressTaken: Set<FuncId>): Map<FuncId, LaunchSize> {
  const seen = new Map<FuncId, { teams: (number | null)[]; threads: (number | null)[] }>();
  const sizeOf = (f: Function, v: ValueId, max: bigint): number | null => {
    if (v === NO_VALUE) return null;
    const c = constValue(f, v);
    return typeof c === "bigint" && c >= 1n && c <= max ? Number(c) : null;
  };
  for (const f of m.functions) {
    forEachInst(f, (inst) => {
      if (inst.kind !== "omp.target") return;
      const s = seen.get(inst.kernel) ?? { teams: [], threads: [] };
      s.teams.push(sizeOf(f, inst.teams, MAX_TEAMS));
      s.threads.push(sizeOf(f, inst.threads, MAX_THREADS));
      seen.set(inst.kernel, s);
    });
  }
  const agreed = (xs: (number | null)[]): number | null => (xs.length > 0 && xs.every((x) => x !== null && x === xs[0]) ? xs[0]! : null);
  const out = new Map<FuncId, LaunchSize>();
  for (const [k, s] of seen) {
    if (addressTaken.has(k)) continue;
    out.set(k, { teams: agreed(s.teams), threads: agreed(s.threads) });
  }
  return out;
}

/** For each device function, the (kernel, level) pairs it may run in, as kernel * LEVELS + level. */
function reachingContexts(m: Module, kernels: readonly Function[], addressTaken: readonly FuncId[]): Map<FuncId, number[]> {
  const n = m.functions.length;
  const width = kernels.length * LEVELS;
  // The pairs reached, as g * width + c: few per function, where a functions-by-contexts
  // table grows with the square of the module (34 GB for 72 000 kernels).
  const marked = new Set<number>();
  const reached: number[][] = new Array(n);
  const queue: [FuncId, number][] = [];
  const visit = (g: FuncId, c: number) => {
    const fn = m.functions[g];
    if (fn === undefined || fn.kind === "host" || marked.has(g * width + c)) return;
    marked.add(g * width + c);
    (reached[g] ??= []).push(c);
    queue.push([g, c]);
  };
  kernels.forEach((k, i) => visit(k.id, i * LEVELS));
  const takenDevice = addressTaken.filter((g) => m.functions[g]?.kind === "device");
  for (let qi = 0; qi < queue.length; qi++) {
    const [g, c] = queue[qi]!;
    const f = m.functions[g]!;
    if (isDeclaration(f)) continue;
    const level = c % LEVELS;
    const base = c - level;
    forEachInst(f, (inst) => {
      switch (inst.kind) {
        case "call":
          visit(inst.callee, c);
          break;
        case "omp.parallel":
          visit(inst.region, base + (level !== 0 ? 2 : inst.threads !== NO_VALUE ? CAPPED : 1));
          break;
        case "call_indirect": {
          const d = f.values[inst.callee]!.def;
          if (d.kind === "func") visit(d.func, c);
          else for (const t of takenDevice) visit(t, c);
          break;
        }
        default:
          break;
      }
    });
  }
  const out = new Map<FuncId, number[]>();
  for (let g = 0; g < n; g++) out.set(g as FuncId, (reached[g] ?? []).sort((a, b) => a - b));
  return out;
}

/** The query's value in every context, if they agree; null if one is unknown or they differ. */
function agreedValue(q: OmpQuery, contexts: readonly number[], kernels: readonly Function[], sizes: Map<FuncId, LaunchSize>): number | null {
  let value: number | null = null;
  for (const c of contexts) {
    const k = kernels[Math.floor(c / LEVELS)]!;
    const v = valueIn(q, c % LEVELS, sizes.get(k.id));
    if (v === null || (value !== null && v !== value)) return null;
    value = v;
  }
  return value;
}

/** A query's value at `level` of a kernel launched with `size` (unknown: null). */
function valueIn(q: OmpQuery, level: number, size: LaunchSize | undefined): number | null {
  const teams = size?.teams ?? null;
  const threads = size?.threads ?? null;
  switch (q) {
    case "hw_num_threads":
      return threads;
    case "num_teams":
      return teams;
    case "num_threads":
      return level === 1 ? threads : level === CAPPED ? (threads === 1 ? 1 : null) : 1;
    case "thread_num":
      return level === 1 || level === CAPPED ? (threads === 1 ? 0 : null) : 0;
    case "team_num":
      return teams === 1 ? 0 : null;
    case "hw_thread_id":
      return threads === 1 ? 0 : null;
    case "device_num":
    case "num_devices":
    case "is_initial_device":
    case "initial_device":
      return null; // the run's devices (--devices): not known when compiling
    case "warp_size":
      return null; // the run's machine
    case "level":
      return level === 0 ? 0 : level === 1 || level === CAPPED ? 1 : null; // level 2 stands for every deeper one too
    case "active_level":
      // In a region (and those nested in it) 1 iff the level-1 region has more than one thread.
      return level === 0 || threads === 1 ? 0 : level === 1 && threads !== null ? 1 : null;
    default:
      return assertNever(q);
  }
}
