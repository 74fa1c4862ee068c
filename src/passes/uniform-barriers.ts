// verify-uniform-barriers: a check, not a transformation. In an SPMD kernel every thread of
// the team runs the kernel's code, so each team-wide synchronisation — omp.barrier,
// omp.parallel (which ends in an implicit barrier), and a call to a function whose body may
// reach either — must sit in uniform control flow: in a block that every thread reaches or none does. One
// behind a branch on a divergent condition (e.g. `if (tid < 4)`) waits for threads that
// never come: a deadlock (the simulator reports it as such). spmdize builds its kernels so
// that this holds (branch conditions outside guards are uniform by construction; guarded
// regions rejoin before their barrier); this pass checks it with the uniformity analysis.
//
// requires: uniformity (kernel context: parameters uniform), effects (for calls).
// preserves: everything (it changes nothing).
//
// Where it runs: not in `-O` (it would only cost time there: it checks spmdize's guarantee,
// it does not change code); the test suite runs it after spmdize on every kernel of the
// filetests and of generated programs (test/passes/uniform-barriers.test.ts), and a user
// can add it to any pipeline (`--passes=-O,verify-uniform-barriers`, or after hand-written
// SPMD kernels). A violation is an error: the pass throws a DiagnosticError with one
// diagnostic per synchronisation, located at the instruction, as parseModule does for bad input.
// The analysis is conservative, so a kernel it accepts is right; one it rejects may be a
// false alarm only where uniformity cannot see that a condition is the same on all threads.
// Calls to declarations are not checked: their "may synchronise" is only the absence of an
// attribute (nosync, omp_no_openmp), and spmdize guards e.g. `readonly` declarations as code
// that does not synchronise.

import type { Diagnostic } from "../ir/diagnostics.js";
import { DiagnosticError, error } from "../ir/diagnostics.js";
import type { Function, Module } from "../ir/ir.js";
import { isDeclaration } from "../ir/ir.js";
import type { ModuleEffects } from "./effects.js";
import { EFFECTS } from "./effects.js";
import type { PassContext, PassResult } from "./manager.js";
import type { Uniformity } from "./uniformity.js";
import { UNIFORMITY } from "./uniformity.js";

/** The team-wide synchronisations of f that only some threads may reach, as errors. */
export function checkUniformBarriers(m: Module, f: Function, u: Uniformity, eff: ModuleEffects): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const b of f.layout) {
    if (!u.isDivergentBlock(b)) continue;
    for (const id of f.blocks[b]!.insts) {
      const inst = f.insts[id]!;
      let what: string | null = null;
      if (inst.kind === "omp.barrier") what = "omp.barrier";
      else if (inst.kind === "omp.parallel") what = `omp.parallel @${m.functions[inst.region]!.name}`;
      else if (inst.kind === "call" && !isDeclaration(m.functions[inst.callee]!)) {
        const s = eff.summary(inst.callee);
        if (s.mayBarrier || s.mayParallel) what = `call @${m.functions[inst.callee]!.name}, which may reach a barrier or parallel region,`;
      }
      if (what !== null) {
        out.push(error(m.file, inst.loc, `${what} in SPMD kernel @${f.name} is in divergent control flow: threads that do not reach it leave the team waiting`));
      }
    }
  }
  return out;
}

export function verifyUniformBarriers(ctx: PassContext): PassResult {
  const m = ctx.module;
  const eff = ctx.analyses.getModule(EFFECTS);
  const ds: Diagnostic[] = [];
  for (const f of m.functions) {
    if (f.kind !== "kernel" || f.mode !== "spmd" || isDeclaration(f)) continue;
    ds.push(...checkUniformBarriers(m, f, ctx.analyses.get(UNIFORMITY, f), eff));
  }
  if (ds.length > 0) throw new DiagnosticError(ds);
  return { changed: false, preserves: "all" };
}
