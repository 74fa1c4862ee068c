// thread-queries: which functions observe the calling thread through a thread query — what
// spmdize needs to fold the queries of a generic kernel's sequential part soundly.
//
// requires: nothing (any verified module).
// preserves: everything (an analysis; spmdize computes it once, before it adds clones).
//
// In a generic kernel the sequential part runs on the main thread, where omp.thread_num is 0,
// omp.num_threads 1 and omp.hw_thread_id 0. After SPMD-ization every thread runs it, so the
// queries are folded in the kernel and in `.seq` clones of every helper the sequential part
// reaches. "Reaches" is backward reachability over call edges — a least fixpoint, so mutual
// recursion is covered whatever order the functions are visited in. An edge is a `call`, a
// `call_indirect` whose callee is a function address (resolved: a clone can replace it), or,
// for any other `call_indirect`, one to each function of its callee set if it has one, else
// to every device function whose address the module takes (unresolved: a clone cannot
// replace it).
//
// Facts per device function (declarations have none: their attributes are trusted):
// - folds: reads thread_num, num_threads or hw_thread_id, or reaches a function that does
//   through calls that are not to `assume("ompx_spmd_amenable")` functions. Its `.seq`
//   clone differs from it. An amenable function never folds: it runs as written on every
//   thread (its body is never rewritten).
// - readsThreadId: reaches omp.hw_thread_id through any call, amenable ones included: what
//   an amenable function's result may depend on (thread_num and num_threads are 0 and 1
//   outside parallel regions in SPMD mode too).
// - unfoldable: reaches, through calls that are not to amenable functions, a call whose
//   thread-dependence no clone can remove: an unresolved indirect call that may reach a
//   function that folds, or a call to an amenable function that may read hw_thread_id (or
//   name a `local` global: each thread's own copy's address) and whose result is used (every thread would compute its own value where the generic main
//   thread computed thread 0's). spmdize leaves a kernel that reaches one generic.

import type { Function, Module } from "../ir/ir.js";
import { forEachInst, forEachOperand, isDeclaration } from "../ir/ir.js";
import type { FuncId, ValueId } from "../ir/types.js";
import { NO_VALUE } from "../ir/types.js";
import { namesLocalGlobal } from "./effects.js";

export const AMENABLE = "ompx_spmd_amenable";

/** The queries whose value differs between the generic main thread and another thread. */
export const SEQ_QUERY_VALUE = { thread_num: 0n, num_threads: 1n, hw_thread_id: 0n } as const;

export function isAmenable(f: Function): boolean {
  return f.attrs.assumes.includes(AMENABLE);
}

export interface ThreadQueries {
  folds(f: FuncId): boolean;
  readsThreadId(f: FuncId): boolean;
  /** Reaches an instruction naming a `local` global through any call (its address is each
   *  thread's own copy's, so a result may differ per thread as with a thread id). */
  namesLocalGlobal(f: FuncId): boolean;
  /** Why f is unfoldable (at the root cause, named from f's point of view), or null. */
  unfoldable(f: FuncId): string | null;
}

interface Site {
  callee: FuncId;
  /** The call has a result value (the caller may use what the callee returns). */
  hasResult: boolean;
  /** A direct call, or an indirect one through a function address a clone can replace. */
  resolved: boolean;
}

/** Device functions whose address is used other than as the callee of a call_indirect. */
function addressTaken(m: Module): FuncId[] {
  const taken = new Set<FuncId>();
  for (const f of m.functions) {
    // Only a function holding some function address as a value can take one.
    if (!f.values.some((v) => v.def.kind === "func")) continue;
    const note = (v: ValueId) => {
      const d = f.values[v]?.def;
      if (d?.kind === "func" && m.functions[d.func]?.kind === "device") taken.add(d.func);
    };
    forEachInst(f, (inst) => {
      if (inst.kind === "call_indirect") inst.args.forEach(note);
      else forEachOperand(inst, note);
    });
  }
  return [...taken].sort((a, b) => a - b);
}

export function computeThreadQueries(m: Module): ThreadQueries {
  const n = m.functions.length;
  const taken = addressTaken(m);
  const sites: Site[][] = m.functions.map(() => []);
  const seqQuery = new Uint8Array(n);
  const hwQuery = new Uint8Array(n);
  const namesLocal = new Uint8Array(n);
  for (const f of m.functions) {
    // Only device functions can be cloned or called from device code.
    if (isDeclaration(f) || f.kind !== "device") continue;
    forEachInst(f, (inst) => {
      if (namesLocal[f.id] === 0 && namesLocalGlobal(m, f, inst)) namesLocal[f.id] = 1;
      if (inst.kind === "omp.query") {
        if (inst.query in SEQ_QUERY_VALUE) seqQuery[f.id] = 1;
        if (inst.query === "hw_thread_id") hwQuery[f.id] = 1;
      } else if (inst.kind === "call") {
        sites[f.id]!.push({ callee: inst.callee, hasResult: inst.result !== NO_VALUE, resolved: true });
      } else if (inst.kind === "call_indirect") {
        const d = f.values[inst.callee]!.def;
        const hasResult = inst.result !== NO_VALUE;
        if (d.kind === "func") {
          if (m.functions[d.func]?.kind === "device") sites[f.id]!.push({ callee: d.func, hasResult, resolved: true });
        } else if (inst.callees !== undefined) {
          for (const g of inst.callees) if (m.functions[g]?.kind === "device") sites[f.id]!.push({ callee: g, hasResult, resolved: false });
        } else {
          for (const g of taken) sites[f.id]!.push({ callee: g, hasResult, resolved: false });
        }
      }
    });
  }
  const amenable = (g: FuncId) => isAmenable(m.functions[g]!);

  // Callers along every edge, and along edges not into amenable functions.
  const callersAll: FuncId[][] = m.functions.map(() => []);
  const callersPlain: FuncId[][] = m.functions.map(() => []);
  for (const f of m.functions) {
    for (const s of sites[f.id]!) {
      callersAll[s.callee]!.push(f.id);
      if (!amenable(s.callee)) callersPlain[s.callee]!.push(f.id);
    }
  }

  const tid = backwardReach(n, (f) => hwQuery[f] === 1, callersAll);
  // A `local` global's address is each thread's own copy's, like a thread id.
  const lgAddr = backwardReach(n, (f) => namesLocal[f] === 1, callersAll);
  const folds = backwardReach(n, (f) => seqQuery[f] === 1 && !amenable(f), callersPlain);
  for (let f = 0; f < n; f++) if (amenable(f as FuncId)) folds[f] = 0;

  const name = (g: FuncId) => `@${m.functions[g]!.name}`;
  const why: (string | null)[] = new Array(n).fill(null);
  for (const f of m.functions) {
    for (const s of sites[f.id]!) {
      if (why[f.id] !== null) break;
      if (amenable(s.callee)) {
        if (s.hasResult && tid[s.callee]) {
          why[f.id] = `${name(f.id)} uses the result of ${name(s.callee)}, assumed ompx_spmd_amenable, which may depend on the calling thread (it reads omp.hw_thread_id); in generic mode only the main thread computed it`;
        } else if (s.hasResult && lgAddr[s.callee]) {
          why[f.id] = `${name(f.id)} uses the result of ${name(s.callee)}, assumed ompx_spmd_amenable, which may depend on the calling thread (it names a \`local\` global, each thread's own); in generic mode only the main thread computed it`;
        }
      } else if (!s.resolved && folds[s.callee]) {
        why[f.id] = `${name(f.id)} makes an indirect call that may reach ${name(s.callee)}, which reads a thread query; the call cannot be pointed at a clone with the query folded`;
      }
    }
  }
  // Propagate the first root cause to every caller (callees first is not needed: a BFS from
  // the roots reaches each caller once, with the cause of the nearest root).
  const queue: FuncId[] = [];
  for (let f = 0; f < n; f++) if (why[f] !== null) queue.push(f as FuncId);
  for (let i = 0; i < queue.length; i++) {
    const g = queue[i]!;
    for (const c of callersPlain[g]!) {
      if (why[c] !== null) continue;
      why[c] = why[g]!;
      queue.push(c);
    }
  }

  // Functions added later (spmdize's clones) have their queries folded already.
  return {
    folds: (f) => folds[f] === 1,
    readsThreadId: (f) => tid[f] === 1,
    namesLocalGlobal: (f) => lgAddr[f] === 1,
    unfoldable: (f) => why[f] ?? null,
  };
}

/** The functions from which a root is reachable along caller edges (roots included). */
function backwardReach(n: number, root: (f: FuncId) => boolean, callers: FuncId[][]): Uint8Array {
  const mark = new Uint8Array(n);
  const queue: FuncId[] = [];
  for (let f = 0; f < n; f++) {
    if (root(f as FuncId)) {
      mark[f] = 1;
      queue.push(f as FuncId);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    for (const c of callers[queue[i]!]!) {
      if (mark[c]) continue;
      mark[c] = 1;
      queue.push(c);
    }
  }
  return mark;
}
