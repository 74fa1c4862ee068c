// dead-parallel: remove parallel regions that have no side effects (LLVM OpenMPOpt's
// deleteParallelRegions, OMP160).
//
// requires: verified module.
// preserves: cfg (one instruction replaced or removed per region; terminators untouched).
//
// A region may go when running it can change nothing anyone observes: its body and every
// function it calls only compute values, read and write their own allocas, and return.
// LLVM asks for `readonly` + `willreturn`; here a fault is observable (docs/RUNTIME.md), so
// the test is stricter than "no writes": every instruction must be unable to fault or
// block, and the code must end. Allowed: arithmetic that cannot fault (a division only by a
// constant other than 0 and -1; no float-to-integer conversion, whose out-of-range case the
// runtime reports), compares, selects, other casts, math functions, geps, queries, branches,
// returns, and direct calls to functions of the same kind. Not allowed: memory accesses (one
// out of bounds faults), allocas (one may not fit the memory limit, which the user sets;
// mem2reg has already promoted the scalar ones), print, trap, unreachable, atomics,
// barriers, nested parallel regions, reverse offload, shared allocation, indirect calls
// and declarations (unknown code), and any loop or recursion (it might not end).
//
// Only regions started from a kernel's own body are touched. In a generic kernel only the
// main thread reaches them, where the region's implicit barriers order nothing for a single
// thread, so the instruction goes. In an SPMD kernel the whole team reaches it and its
// barriers order what threads did before against what they do after, so it becomes two
// `omp.barrier`s, one per implicit barrier: where only part of the team reaches it, the
// others may wait at another barrier that releases the team with the first, and the
// second is where the region's threads then stop (tenth session:
// adversarial/dead-parallel-two-barriers.oir). barrier-elim removes what orders nothing,
// the second always where the whole team reaches them (nothing happens between the two).
// In a generic kernel the implicit barriers still order one thing for the main thread alone:
// they do not open before every `nowait` reverse offload of the team has completed (its host
// function run, its `from` copies landed: docs/LANGUAGE.md), so code after the region sees
// what a deferred reverse offload issued before it wrote (thirteenth session:
// adversarial/dead-parallel-nowait-revoffload.oir). A generic kernel whose sequential code
// (its body and what it calls, not its region bodies, whose own end barrier completes theirs)
// may issue a `nowait` reverse offload keeps its regions.

import type { Function, Inst, Module } from "../ir/ir.js";
import { constValue, forEachInst, insertInst, isDeclaration, successors } from "../ir/ir.js";
import { removeInstAt, replaceInst } from "../ir/edit.js";
import { BINARY_OP_INFO } from "../ir/opcodes.js";
import { remark } from "../ir/remarks.js";
import type { BlockId, FuncId } from "../ir/types.js";
import { assertNever } from "../ir/types.js";
import { CALL_GRAPH } from "./callgraph.js";
import type { PassContext, PassResult } from "./manager.js";

const PASS = "dead-parallel";

export function deadParallel(ctx: PassContext): PassResult {
  const m = ctx.module;
  const cg = ctx.analyses.getModule(CALL_GRAPH);
  const memo = new Map<FuncId, boolean>();
  const harmless = (g: FuncId): boolean => {
    const known = memo.get(g);
    if (known !== undefined) return known;
    memo.set(g, false); // recursion: not harmless
    const ok = !cg.isRecursive(g) && harmlessFunction(m, m.functions[g]!, harmless);
    memo.set(g, ok);
    return ok;
  };
  let removed = 0;
  for (const f of m.functions) {
    if (f.kind !== "kernel" || isDeclaration(f)) continue;
    if (f.mode !== "spmd" && mayIssueNowaitRevOffload(m, f, cg.addressTaken)) continue;
    for (const b of f.layout) {
      const insts = f.blocks[b]!.insts;
      for (let i = insts.length - 1; i >= 0; i--) {
        const inst = f.insts[insts[i]!]!;
        if (inst.kind !== "omp.parallel" || !harmless(inst.region)) continue;
        ctx.remarks.emit(remark("passed", PASS, "OMP160", f.name, inst.loc, "Removing parallel region with no side-effects.", { region: `@${m.functions[inst.region]!.name}` }));
        if (f.mode === "spmd") {
          // Its start and its end: threads waiting at another barrier pair with each.
          const loc = inst.loc;
          replaceInst(f, insts[i]!, { kind: "omp.barrier" });
          insertInst(f, b, i + 1, { kind: "omp.barrier" }, null, loc);
        } else removeInstAt(f, b, i);
        removed++;
      }
    }
  }
  ctx.stats.bump(PASS, "parallel regions removed", removed);
  return { changed: removed > 0, preserves: "cfg" };
}

/** Whether the code a generic kernel's main thread runs outside parallel regions (its body
 *  and every function it may call, directly, through a callee set, or through an unknown
 *  address: any device function whose address is taken) may issue a `nowait` reverse
 *  offload, which only a team barrier or the kernel's end completes. */
function mayIssueNowaitRevOffload(m: Module, k: Function, addressTaken: readonly FuncId[]): boolean {
  const seen = new Set<FuncId>([k.id]);
  const work: Function[] = [k];
  const visit = (g: FuncId) => {
    const fn = m.functions[g];
    if (fn === undefined || fn.kind === "host" || seen.has(g)) return;
    seen.add(g);
    work.push(fn);
  };
  while (work.length > 0) {
    const f = work.pop()!;
    if (isDeclaration(f)) continue; // a declaration runs no OpenMP operation of the IR
    let found = false;
    forEachInst(f, (inst) => {
      switch (inst.kind) {
        case "omp.reverse_offload":
          if (inst.nowait) found = true;
          break;
        case "call":
          visit(inst.callee);
          break;
        case "call_indirect": {
          const d = f.values[inst.callee]!.def;
          if (inst.callees !== undefined) inst.callees.forEach(visit);
          else if (d.kind === "func") visit(d.func);
          else addressTaken.forEach(visit);
          break;
        }
        case "omp.parallel": // a level-1 region: its own end barrier completes what it issued
        case "binary":
        case "cast":
        case "icmp":
        case "fcmp":
        case "select":
        case "fmath":
        case "gep":
        case "ptrdiff":
        case "objectsize":
        case "alloca":
        case "load":
        case "store":
        case "atomic":
        case "cmpxchg":
        case "print":
        case "trap":
        case "exit":
        case "omp.query":
        case "omp.shuffle_down":
        case "omp.barrier":
        case "omp.alloc_shared":
        case "omp.free_shared":
        case "omp.malloc":
        case "omp.free":
        case "omp.target":
        case "omp.taskwait":
        case "omp.target_enter_data":
        case "omp.target_exit_data":
        case "omp.target_update":
        case "omp.target_is_present":
        case "omp.wtime":
        case "br":
        case "cond_br":
        case "ret":
        case "unreachable":
          break;
        default:
          assertNever(inst);
      }
    });
    if (found) return true;
  }
  return false;
}

function harmlessFunction(m: Module, f: Function, callee: (g: FuncId) => boolean): boolean {
  if (isDeclaration(f) || f.kind !== "device" || hasCycle(f)) return false;
  let ok = true;
  forEachInst(f, (inst) => {
    if (ok && !harmlessInst(m, f, inst, callee)) ok = false;
  });
  return ok;
}

function harmlessInst(m: Module, f: Function, inst: Inst, callee: (g: FuncId) => boolean): boolean {
  switch (inst.kind) {
    case "binary": {
      if (!BINARY_OP_INFO[inst.op].divides) return true;
      const d = constValue(f, inst.rhs);
      return typeof d === "bigint" && d !== 0n && d !== -1n;
    }
    case "cast":
      return inst.op !== "fptosi" && inst.op !== "fptoui";
    case "icmp":
    case "fcmp":
    case "select":
    case "fmath":
    case "gep":
    case "omp.query":
    case "omp.shuffle_down": // exchanges values among lanes: cannot fault, changes no memory
    case "br":
    case "cond_br":
    case "ret":
      return true;
    case "call":
      return m.functions[inst.callee] !== undefined && callee(inst.callee);
    case "ptrdiff": // may fault
    case "objectsize": // not pure (kept out of the simple cases)
    case "alloca":
    case "load":
    case "store":
    case "atomic":
    case "cmpxchg":
    case "call_indirect":
    case "print":
    case "trap":
    case "exit":
    case "omp.parallel":
    case "omp.barrier":
    case "omp.alloc_shared":
    case "omp.free_shared":
    case "omp.malloc":
    case "omp.free":
    case "omp.reverse_offload":
    case "omp.target":
    case "omp.taskwait":
    case "omp.target_enter_data":
    case "omp.target_exit_data":
    case "omp.target_update":
    case "omp.target_is_present":
    case "omp.wtime": // a clock read is kept, as every pass keeps it
    case "unreachable":
      return false;
    default:
      return assertNever(inst);
  }
}

/** Any cycle in f's CFG (reachable from the entry): a loop that might not end. */
function hasCycle(f: Function): boolean {
  const state = new Map<BlockId, 1 | 2>(); // 1 on the DFS stack, 2 done
  const stack: { b: BlockId; next: BlockId[] }[] = [];
  const push = (b: BlockId) => {
    state.set(b, 1);
    const insts = f.blocks[b]!.insts;
    stack.push({ b, next: successors(f.insts[insts[insts.length - 1]!]!).map((s) => s.block) });
  };
  push(f.layout[0]!);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const s = top.next.pop();
    if (s === undefined) {
      state.set(top.b, 2);
      stack.pop();
      continue;
    }
    const st = state.get(s);
    if (st === 1) return true;
    if (st === undefined) push(s);
  }
  return false;
}
