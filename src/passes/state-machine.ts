// custom-state-machine: give each kernel that stays generic its own worker state machine
// (LLVM OpenMPOpt's buildCustomStateMachine; remarks OMP130–OMP133).
//
// requires: verified module; best after spmdize (a kernel it converts needs no machine).
// preserves: all analyses (only the kernel's `state_machine(...)` attribute changes).
//
// The runtime's generic state machine calls whatever region the main thread publishes
// through an indirect call. For each generic kernel, this pass collects the parallel regions
// the main thread may publish: every `omp.parallel` in code reachable from the kernel body
// through direct calls and `call_indirect` of a known function address or with a callee set
// (`callees(...)`, which the runtime enforces). A region body is
// not entered: a parallel region nested in one runs on its calling thread alone, never
// through the state machine. A call to a declaration that may start a parallel region (not
// `assume("omp_no_parallelism")`, `assume("omp_no_openmp")` or `nosync`), and an indirect
// call of an unknown callee, may publish a region no list can name. Then:
// - no region and no such call: the workers exit at once (`state_machine(none)`, OMP130);
// - otherwise the workers compare the published region with each found one, in the order
//   found, and call the match directly (`state_machine(@r1, @r2)`, OMP131), with an indirect
//   call as the fallback when such a call exists (`state_machine(@r1, fallback)`, OMP132 on
//   the kernel, OMP133 on each such call).
// A defined function's `assume("omp_no_parallelism")` is not needed: its body is looked at.

import type { Function, Inst, Module, StateMachineSpec } from "../ir/ir.js";
import { forEachInst, isDeclaration } from "../ir/ir.js";
import { remark } from "../ir/remarks.js";
import type { FuncId } from "../ir/types.js";
import { assertNever } from "../ir/types.js";
import { declarationEffects } from "./effects.js";
import type { PassContext, PassResult } from "./manager.js";

const PASS = "custom-state-machine";

/** What the main thread of a generic kernel may publish. */
export interface ReachedRegions {
  /** Parallel regions, in the order found (depth-first from the kernel, instruction order). */
  known: FuncId[];
  /** Calls that may start a parallel region no list can name: [function, instruction]. */
  unknown: [Function, Inst][];
}

export function customStateMachine(ctx: PassContext): PassResult {
  const m = ctx.module;
  const changedFunctions: Function[] = [];
  for (const k of m.functions) {
    if (k.kind !== "kernel" || k.mode !== "generic" || isDeclaration(k)) continue;
    const reached = reachedRegions(m, k);
    const sm: StateMachineSpec = { regions: reached.known, fallback: reached.unknown.length > 0 };
    if (!sameMachine(k.stateMachine, sm)) changedFunctions.push(k);
    k.stateMachine = sm;
    if (sm.regions.length === 0 && !sm.fallback) {
      ctx.stats.bump(PASS, "kernels without a state machine");
      ctx.remarks.emit(remark("passed", PASS, "OMP130", k.name, k.loc, "Removing unused state machine from generic-mode kernel."));
    } else if (!sm.fallback) {
      ctx.stats.bump(PASS, "kernels with a custom state machine");
      ctx.remarks.emit(remark("passed", PASS, "OMP131", k.name, k.loc, "Rewriting generic-mode kernel with a customized state machine.",
        { regions: sm.regions.length }));
    } else {
      ctx.stats.bump(PASS, "kernels with a custom state machine and a fallback");
      ctx.remarks.emit(remark("analysis", PASS, "OMP132", k.name, k.loc,
        "Generic-mode kernel is executed with a customized state machine that requires a fallback.", { regions: sm.regions.length }));
      for (const [f, inst] of reached.unknown) {
        ctx.remarks.emit(remark("analysis", PASS, "OMP133", f.name, inst.loc,
          "Call may contain unknown parallel regions. Use `assume(\"omp_no_parallelism\")` to override."));
      }
    }
  }
  return { changed: changedFunctions.length > 0, preserves: "all", changedFunctions };
}

function sameMachine(a: StateMachineSpec | null, b: StateMachineSpec): boolean {
  return a !== null && a.fallback === b.fallback && a.regions.length === b.regions.length && a.regions.every((r, i) => r === b.regions[i]);
}

/** The regions kernel `k`'s main thread may publish, and the calls that may publish others. */
export function reachedRegions(m: Module, k: Function): ReachedRegions {
  const out: ReachedRegions = { known: [], unknown: [] };
  const seen = new Set<FuncId>([k.id]);
  const known = new Set<FuncId>();
  const visit = (f: Function): void => {
    const callee = (g: FuncId, inst: Inst): void => {
      const h = m.functions[g]!;
      if (isDeclaration(h)) {
        if (declarationEffects(h.attrs).mayParallel) out.unknown.push([f, inst]);
      } else if (!seen.has(g)) {
        seen.add(g);
        visit(h);
      }
    };
    forEachInst(f, (inst) => {
      switch (inst.kind) {
        case "omp.parallel":
          if (!known.has(inst.region)) {
            known.add(inst.region);
            out.known.push(inst.region);
          }
          return;
        case "call":
          return callee(inst.callee, inst);
        case "call_indirect": {
          const d = f.values[inst.callee]!.def;
          if (d.kind === "func") callee(d.func, inst);
          // A callee set is a promise the runtime enforces (any other callee faults).
          else if (inst.callees !== undefined) for (const g of inst.callees) callee(g, inst);
          else out.unknown.push([f, inst]);
          return;
        }
        // A reverse offload runs host code, which cannot start this team's regions; the
        // rest starts no parallel region.
        case "omp.reverse_offload": case "binary": case "icmp": case "fcmp": case "select": case "cast": case "fmath":
        case "alloca": case "load": case "store": case "atomic": case "cmpxchg": case "gep": case "ptrdiff": case "objectsize": case "print": case "trap":
        case "exit": case "br": case "cond_br": case "ret": case "unreachable": case "omp.query": case "omp.barrier":
        case "omp.alloc_shared": case "omp.free_shared": case "omp.malloc": case "omp.free": case "omp.target": case "omp.taskwait":
        case "omp.target_enter_data": case "omp.target_exit_data": case "omp.target_update": case "omp.wtime":
        case "omp.target_is_present": case "omp.shuffle_down":
          return;
        default:
          return assertNever(inst);
      }
    });
  };
  visit(k);
  return out;
}
