// Call graph of a module and its strongly connected components, callees first.
//
// requires: nothing (any module; edges to ids out of range are ignored).
// preserves: everything (an analysis). Invalidated by any pass that adds or removes calls.
//
// Edges are the direct references an instruction makes to a function: `call`,
// `omp.parallel` (the region), `omp.reverse_offload` (the host function) and `omp.target`
// (the kernel). Indirect calls add no call site; the caller is marked `hasIndirectCalls` and
// every function whose address is taken is listed, so clients can be conservative. A
// `call_indirect` with a callee set adds an edge to each (in `callees`/`callers` and the
// SCCs, so bottom-up orders see them first) but no call site.
//
// SCCs come from Tarjan's algorithm, which finds them callees first — the bottom-up order
// the inliner and the effect summaries need. Roots are taken in function order and callees
// in id order, so the order is deterministic. Iterative, over id-indexed arrays: the module
// is rebuilt into this graph several times per -O, and call chains may be deep.

import type { Function, Inst, Module } from "../ir/ir.js";
import { directCallee, forEachInst } from "../ir/ir.js";
import type { FuncId, InstId } from "../ir/types.js";
import { moduleAnalysis } from "./manager.js";

export type CallKind = "call" | "parallel" | "reverse_offload" | "target";

export interface CallSite {
  caller: FuncId;
  callee: FuncId;
  kind: CallKind;
  inst: InstId;
}

export interface CallGraph {
  /** Every call site, by caller in module order, then in instruction layout order. */
  sites: readonly CallSite[];
  /** Distinct direct callees of each function (any kind), sorted by id (a new array). */
  callees(f: FuncId): readonly FuncId[];
  /** Distinct callers of each function (any kind), sorted by id (a new array). */
  callers(f: FuncId): readonly FuncId[];
  /** SCCs callees first; each SCC sorted by function id. Every function is in exactly one.
   *  Built on each read (the graph keeps them packed): read it once per walk. */
  readonly sccs: readonly (readonly FuncId[])[];
  /** Index into `sccs` of each function's SCC. */
  sccOf(f: FuncId): number;
  /** True if f can reach itself through call edges (an SCC of several, or a self-call). */
  isRecursive(f: FuncId): boolean;
  hasIndirectCalls(f: FuncId): boolean;
  /** Functions whose address is used as a value (possible indirect callees), sorted. */
  addressTaken: readonly FuncId[];
}

export function callKind(inst: Inst): CallKind | null {
  switch (inst.kind) {
    case "call":
      return "call";
    case "omp.parallel":
      return "parallel";
    case "omp.reverse_offload":
      return "reverse_offload";
    case "omp.target":
      return "target";
    default:
      return null;
  }
}

export function computeCallGraph(m: Module): CallGraph {
  const n = m.functions.length;
  const sites: CallSite[] = [];
  const calleeSets: Set<FuncId>[] = Array.from({ length: n }, () => new Set());
  const callerSets: Set<FuncId>[] = Array.from({ length: n }, () => new Set());
  const indirect = new Uint8Array(n);
  const taken = new Set<FuncId>();
  const selfCall = new Uint8Array(n);

  for (const f of m.functions) {
    for (const v of f.values) if (v.def.kind === "func") taken.add(v.def.func);
    forEachInst(f, (inst, id) => {
      if (inst.kind === "call_indirect") {
        indirect[f.id] = 1;
        for (const g of inst.callees ?? []) {
          if (g < 0 || g >= n) continue;
          calleeSets[f.id]!.add(g);
          callerSets[g]!.add(f.id);
          if (g === f.id) selfCall[f.id] = 1;
        }
      }
      const callee = directCallee(inst);
      const kind = callKind(inst);
      if (callee === null || kind === null || callee < 0 || callee >= n) return;
      sites.push({ caller: f.id, callee, kind, inst: id });
      calleeSets[f.id]!.add(callee);
      callerSets[callee]!.add(f.id);
      if (callee === f.id) selfCall[f.id] = 1;
    });
  }
  const addressTaken = [...taken].sort((a, b) => a - b);

  // Lists packed in typed arrays (an array per function and per SCC was most of the cached
  // graph's memory). The closures below share this scope's context, which holds the sets
  // (the forEachInst callback captured them): empty them so the graph does not keep them.
  const callees = pack(calleeSets);
  const callers = pack(callerSets);
  calleeSets.length = 0;
  callerSets.length = 0;
  const sccs = tarjan(n, callees);
  const sccIndex = new Int32Array(n).fill(-1);
  for (let i = 0; i + 1 < sccs.start.length; i++) for (let k = sccs.start[i]!; k < sccs.start[i + 1]!; k++) sccIndex[sccs.ids[k]!] = i;

  return {
    sites,
    callees: (f) => unpack(callees, f),
    callers: (f) => unpack(callers, f),
    get sccs() {
      return Array.from({ length: sccs.start.length - 1 }, (_, i) => unpack(sccs, i));
    },
    sccOf: (f) => sccIndex[f]!,
    isRecursive: (f) => selfCall[f] === 1 || (f >= 0 && f < n && sccs.start[sccIndex[f]! + 1]! - sccs.start[sccIndex[f]!]! > 1),
    hasIndirectCalls: (f) => indirect[f] === 1,
    addressTaken,
  };
}

/** Lists 0..k-1 packed: list i is ids[start[i], start[i+1]). */
interface Packed {
  start: Int32Array;
  ids: Int32Array;
}

/** The sets as packed lists, each sorted by id. */
function pack(sets: readonly Set<FuncId>[]): Packed {
  const start = new Int32Array(sets.length + 1);
  for (let i = 0; i < sets.length; i++) start[i + 1] = start[i]! + sets[i]!.size;
  const ids = new Int32Array(start[sets.length]!);
  sets.forEach((set, i) => {
    ids.set([...set], start[i]!);
    ids.subarray(start[i]!, start[i + 1]!).sort();
  });
  return { start, ids };
}

function unpack(p: Packed, i: number): FuncId[] {
  if (!(i >= 0 && i + 1 < p.start.length)) return [];
  return Array.from(p.ids.subarray(p.start[i]!, p.start[i + 1]!)) as FuncId[];
}

/**
 * Tarjan's strongly connected components of the graph 0..n-1 with edges `succ`, in the order
 * they complete (callees first), each sorted by id. An explicit stack of (node, next edge)
 * stands in for recursion.
 */
function tarjan(n: number, succ: Packed): Packed {
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: FuncId[] = [];
  const path: FuncId[] = [];
  const nextEdge: number[] = [];
  const sccStart: number[] = [0];
  const sccIds = new Int32Array(n);
  let counter = 0;
  const enter = (v: FuncId): void => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = 1;
    path.push(v);
    nextEdge.push(0);
  };
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    enter(root as FuncId);
    while (path.length > 0) {
      const top = path.length - 1;
      const v = path[top]!;
      const first = succ.start[v]!;
      if (nextEdge[top]! < succ.start[v + 1]! - first) {
        const w = succ.ids[first + nextEdge[top]!++]! as FuncId;
        if (index[w] === -1) enter(w);
        else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      path.pop();
      nextEdge.pop();
      if (low[v] === index[v]) {
        const from = sccStart[sccStart.length - 1]!;
        let end = from;
        let w: FuncId;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          sccIds[end++] = w;
        } while (w !== v);
        sccIds.subarray(from, end).sort();
        sccStart.push(end);
      }
      if (path.length > 0) {
        const u = path[path.length - 1]!;
        low[u] = Math.min(low[u]!, low[v]!);
      }
    }
  }
  return { start: Int32Array.from(sccStart), ids: sccIds };
}

export const CALL_GRAPH = moduleAnalysis<CallGraph>("callgraph", (m) => computeCallGraph(m));

/** A readable summary for remarks and tests: one line per SCC, callees first. */
export function formatCallGraph(m: Module, cg: CallGraph): string {
  const name = (f: FuncId) => `@${m.functions[f]!.name}`;
  return cg.sccs
    .map((comp) => {
      const members = comp.map(name).join(" ");
      const calls = comp.flatMap((f) => cg.callees(f).map((c) => `${name(f)}->${name(c)}`));
      return `scc {${members}}${comp.some((f) => cg.isRecursive(f)) ? " recursive" : ""}${calls.length ? " calls " + calls.join(" ") : ""}`;
    })
    .join("\n");
}
