// barrier-elim: remove team barriers that order nothing (LLVM's AAExecutionDomain barrier
// elimination, OMP190).
//
// requires: verified module; works on SPMD kernels (uniformity and underlying objects are
//   computed here, on the kernel as it is).
// preserves: cfg (only barrier instructions are removed).
//
// A barrier orders the memory accesses before it against those after it, and also output and
// termination (docs/LANGUAGE.md, "Order of output"): a line printed before it precedes every
// line the team prints after it, and a trap before it stops the team before other threads
// go on. So `print`, `trap`/`exit`, `unreachable` (a fault when reached), whatever may fault
// (an access not known to be in bounds, a division by a possibly zero or -1 value) and calls
// that may print, trap or fault count like memory accesses below ("effects"): a line printed
// before the barrier comes before another thread's fault after it. Only thread-private work
// that cannot fault is free. It is redundant
// (1) if on every path from the previous synchronisation point — the kernel's start, another
//     barrier, or the implicit barrier that ends an omp.parallel — no thread has an effect
//     (touches shared or global memory, prints, may trap) (a forward "dirty since the last
//     sync" data-flow, joined over predecessors, so loops are handled); this also removes a
//     guard's barrier that directly follows a parallel region's implicit barrier;
// (2) if no thread has an effect on any path from it to the kernel's end (a backward
//     data-flow): the kernel's completion orders everything for the host. A thread's
//     return counts as an effect when the kernel has an alloca whose address leaves the
//     thread's own accesses (not ownAllocas: spmdize's broadcast team allocas, an address
//     published in memory): the return ends the slot, and the barrier holds the thread
//     until the others are done with it (thirteenth session:
//     adversarial/barrier-return-shared-alloca.oir).
// Neither applies to a barrier at which a `nowait` reverse offload of the thread may be
// pending (issued, directly or by a callee, on some path since the previous synchronisation
// point: a forward data-flow over the effects' mayDeferReverseOffload): the barrier is where
// the request completes and its `from` copies land, and the code after it, if only the
// thread's return (which ends the frame whose alloca a map may name) or the free of its
// uniform block, relies on that (thirteenth session: adversarial/barrier-nowait-revoffload-frame.oir).
// Thread-private accesses never need a barrier, and neither does a warp shuffle: it
// exchanges registers among the lanes of one warp, not memory. A `local` access is private
// only through the thread's own storage: an alloca whose address goes nowhere but the
// address operand of the kernel's own accesses, or a `local` global by name. Any other
// `local` pointer may be the main thread's alloca shared with the team (spmdize broadcasts
// its address; thread 0 writes it in a guard, and every thread may read it, e.g. through an
// amenable helper), so those accesses, and calls that touch `local` memory through such a
// pointer argument or through a pointer they load (kept in a `local` global, say: the
// summary's localIndirect), count as effects.
// A barrier in divergent control flow (by the uniformity analysis) stays: only part of the
// team reaches it, a deadlock fault the program shows (a hand-written SPMD kernel's
// `if (tid < 32) barrier`), which removing it would hide. Paths on which every thread faults
// (every path from there ends in `unreachable`, with no synchronisation on the way) do not
// count when nothing follows the barrier (2): a thread there ends the run whatever the
// others do, and they do nothing more. spmdize's guard around `cond_br %c, ^die, ^go` (^die:
// a planted `unreachable`) joins at a barrier that only then post-dominates the guard's
// branch. They do count for a barrier removed only by (1): the threads that reach it would
// wait there until the faulting ones fault, and without it they run on, printing or faulting
// first. Nor is a path doomed that synchronises: its threads would wait there instead.

import type { Function, Inst, Module } from "../ir/ir.js";
import { forEachInst, forEachOperand, successors } from "../ir/ir.js";
import { remark } from "../ir/remarks.js";
import type { BlockId, InstId, ValueId } from "../ir/types.js";
import type { Cfg } from "../ir/cfg.js";
import { computeCfg } from "../ir/cfg.js";
import { EFFECTS, spaceBit } from "./effects.js";
import { freesOwnUniformBlock } from "./uniform-alloc.js";
import { computeUniformity } from "./uniformity.js";
import type { UnderlyingInfo } from "./underlying.js";
import { computeUnderlying, ownAllocas } from "./underlying.js";
import { computePostDominators } from "../ir/dominators.js";
import type { Effects, ModuleEffects } from "./effects.js";
import { removeInstAt } from "../ir/edit.js";
import type { PassContext, PassResult } from "./manager.js";

const PASS = "barrier-elim";

export function barrierElim(ctx: PassContext): PassResult {
  let eff: ModuleEffects | null = null; // computed for the first kernel with a barrier
  let removed = 0;
  for (const f of ctx.module.functions) {
    if (f.kind !== "kernel" || f.mode !== "spmd" || f.layout.length === 0 || !hasBarrier(f)) continue;
    eff ??= ctx.analyses.getModule(EFFECTS);
    // Not through the analysis cache: no later pass of -O reads these CFGs, and cached
    // (barrier-elim preserves them) every SPMD kernel's would stay alive to the end.
    const cfg = computeCfg(f);
    const dead = redundantBarriers(ctx.module, f, eff, cfg.rpo);
    if (dead.size === 0) continue;
    const effOf = eff.instsOf(f);
    const live = withoutDoomed(f, cfg, effOf);
    const uniformity = (c: Cfg) => computeUniformity(ctx.module, f, { paramsUniform: true, inParallelRegion: false }, c, computePostDominators(f, c));
    const uni = uniformity(live);
    // Over every path, doomed ones included: for barriers only (1) makes redundant.
    let whole = live === cfg ? uni : null;
    for (const b of f.layout) {
      if (uni.isDivergentBlock(b)) continue;
      const insts = f.blocks[b]!.insts;
      for (let i = insts.length - 1; i >= 0; i--) {
        const nothingAfter = dead.get(insts[i]!);
        if (nothingAfter === undefined) continue;
        if (!nothingAfter && (whole ??= uniformity(cfg)).isDivergentBlock(b)) continue;
        ctx.remarks.emit(remark("passed", PASS, "OMP190", f.name, f.insts[insts[i]!]!.loc, "Redundant barrier eliminated."));
        removeInstAt(f, b, i);
        removed++;
      }
    }
  }
  ctx.stats.bump(PASS, "barriers removed", removed);
  return { changed: removed > 0, preserves: "cfg" };
}

function hasBarrier(f: Function): boolean {
  for (const b of f.layout) for (const id of f.blocks[b]!.insts) if (f.insts[id]!.kind === "omp.barrier") return true;
  return false;
}

/** The CFG without the blocks from which every path ends in `unreachable` without a
 *  synchronisation on the way (and the edges into them); the entry stays. */
function withoutDoomed(f: Function, cfg: Cfg, effOf: (inst: Inst) => Effects): Cfg {
  const n = f.blocks.length;
  const doomed = new Uint8Array(n);
  // A thread waiting at a barrier (a region's included) does not fault.
  const syncs = new Uint8Array(n);
  for (const b of cfg.rpo) if (f.blocks[b]!.insts.some((id) => effOf(f.insts[id]!).mayBarrier)) syncs[b] = 1;
  for (let changed = true; changed;) {
    changed = false;
    for (let i = cfg.rpo.length - 1; i >= 1; i--) {
      const b = cfg.rpo[i]!;
      if (doomed[b] || syncs[b]) continue;
      const insts = f.blocks[b]!.insts;
      const ss = cfg.succs[b]!;
      if (f.insts[insts[insts.length - 1]!]!.kind === "unreachable" || (ss.length > 0 && ss.every((x) => doomed[x]))) {
        doomed[b] = 1;
        changed = true;
      }
    }
  }
  if (!doomed.includes(1)) return cfg;
  const succs = cfg.succs.map((ss, b) => (doomed[b] ? [] : ss.filter((x) => !doomed[x])));
  const preds = cfg.preds.map((ps, b) => (doomed[b] ? [] : ps.filter((x) => !doomed[x])));
  const rpo = cfg.rpo.filter((b) => !doomed[b]);
  const rpoIndex = new Int32Array(n).fill(-1);
  rpo.forEach((b, i) => (rpoIndex[b] = i));
  return { succs, preds, rpo, rpoIndex };
}

/** Whether every object `ptr` may point into is the thread's own (see ownAllocas). */
function privatePointer(m: Module, under: UnderlyingInfo, own: Set<InstId>, ptr: ValueId): boolean {
  const objs = under.objects(ptr);
  return objs.length > 0 && objs.every((o) => (o.kind === "alloca" && own.has(o.inst)) || (o.kind === "global" && m.globals[o.global]!.space === "local"));
}

/** Whether a `local` access or a call touching `local` memory may reach storage another
 *  thread sees (a team alloca), through its address or a pointer argument. */
function touchesTeamLocal(m: Module, f: Function, under: UnderlyingInfo, own: Set<InstId>, inst: Inst, e: Effects): boolean {
  const local = spaceBit("local");
  if (((e.reads | e.writes) & local) === 0) return false;
  switch (inst.kind) {
    case "load":
    case "store":
    case "atomic":
    case "cmpxchg":
      return !privatePointer(m, under, own, inst.ptr);
    case "call":
    case "call_indirect":
      // A pointer the callee loads (from a `local` global, say) may be a team alloca too.
      return e.localIndirect || inst.args.some((a) => f.values[a]!.type === "ptr" && !privatePointer(m, under, own, a));
    default:
      return false;
  }
}

/** What an instruction means for barrier placement ("memory": any effect a barrier orders). */
function role(f: Function, effOf: (inst: Inst) => Effects, inst: Inst, teamLocal: (inst: Inst, e: Effects) => boolean): "barrier" | "sync" | "memory" | "none" {
  if (inst.kind === "omp.barrier") return "barrier";
  if (inst.kind === "omp.parallel") return "sync"; // ends with the team's implicit barrier
  // Reaching `unreachable` is a fault: threads a guard sent past a trap reach it unless a
  // barrier holds them until thread 0 has trapped.
  if (inst.kind === "unreachable") return "memory";
  // A uniform free of its own allocation's block and size only moves the thread's own
  // replica of the stack and cannot fault (spmdize makes frees uniform only then; another
  // pointer or size faults); a uniform allocation may fault, so it stays.
  if (inst.kind === "omp.free_shared" && freesOwnUniformBlock(f, inst)) return "none";
  const e = effOf(inst);
  if (teamLocal(inst, e)) return "memory";
  const shared = ~spaceBit("local");
  if ((e.reads & shared) !== 0 || ((e.writes & shared) !== 0 && !e.privateWritesOnly)) return "memory";
  if (e.mayAtomic || e.mayReverseOffload || e.mayAllocShared || e.mayBarrier || e.callsUnknown) return "memory";
  // Output and termination are ordered by barriers too (a guarded trap must stop thread 0
  // before the others run on into code the trap made unreachable).
  if (e.mayPrint || e.mayTrap || e.mayLaunch) return "memory";
  // So is a fault (a possibly faulting access or division, reaching `unreachable`): lines a
  // thread printed before the barrier precede it, and lines printed after it never come.
  if (e.mayFault) return "memory";
  return "none";
}

/** The redundant barriers, each with whether (2) holds: nothing is touched after it. */
function redundantBarriers(m: Module, f: Function, eff: ModuleEffects, rpo: readonly BlockId[]): Map<InstId, boolean> {
  const roles = new Map<InstId, ReturnType<typeof role>>();
  const effOf = eff.instsOf(f);
  const under = computeUnderlying(f);
  const own = ownAllocas(f, under);
  const teamLocal = (inst: Inst, e: Effects) => touchesTeamLocal(m, f, under, own, inst, e);
  // The thread's return ends its allocas; one whose address left the thread's own accesses
  // (a team alloca spmdize broadcast, one published in memory) may still be read by other
  // threads, which a barrier before the return holds off until they are done.
  let sharedFrame = false;
  forEachInst(f, (inst, id) => {
    if (inst.kind === "alloca" && !own.has(id)) sharedFrame = true;
  });
  for (const b of rpo) {
    for (const id of f.blocks[b]!.insts) {
      const inst = f.insts[id]!;
      roles.set(id, inst.kind === "ret" && sharedFrame ? "memory" : role(f, effOf, inst, teamLocal));
    }
  }
  const succs = (b: BlockId) => {
    const insts = f.blocks[b]!.insts;
    return successors(f.insts[insts[insts.length - 1]!]!).map((s) => s.block);
  };
  const preds = new Map<BlockId, BlockId[]>();
  for (const b of rpo) for (const s of succs(b)) (preds.get(s) ?? preds.set(s, []).get(s)!).push(b);

  // Forward: may a `nowait` reverse offload be pending (issued since the last
  // synchronisation), at block entry? Such a barrier stays.
  const defers = new Set<InstId>();
  for (const b of rpo) for (const id of f.blocks[b]!.insts) if (effOf(f.insts[id]!).mayDeferReverseOffload) defers.add(id);
  const deferred = (id: InstId): boolean => defers.has(id);
  const pendIn = new Map<BlockId, boolean>();
  const pendOut = new Map<BlockId, boolean>();
  const pendTransfer = (b: BlockId, pend: boolean) => {
    for (const id of f.blocks[b]!.insts) {
      const r = roles.get(id)!;
      if (r === "barrier" || r === "sync") pend = false;
      else if (deferred(id)) pend = true;
    }
    return pend;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const b of rpo) {
      const inP = b === rpo[0] ? false : (preds.get(b) ?? []).some((p) => pendOut.get(p) ?? false);
      const outP = pendTransfer(b, inP);
      if (pendIn.get(b) !== inP || pendOut.get(b) !== outP) changed = true;
      pendIn.set(b, inP);
      pendOut.set(b, outP);
    }
  }

  // Forward: is memory touched since the last synchronisation, at block entry?
  const dirtyIn = new Map<BlockId, boolean>();
  const dirtyOut = new Map<BlockId, boolean>();
  const transfer = (b: BlockId, dirty: boolean) => {
    for (const id of f.blocks[b]!.insts) {
      const r = roles.get(id)!;
      if (r === "barrier" || r === "sync") dirty = false;
      else if (r === "memory") dirty = true;
    }
    return dirty;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const b of rpo) {
      const inD = b === rpo[0] ? false : (preds.get(b) ?? []).some((p) => dirtyOut.get(p) ?? false);
      const outD = transfer(b, inD);
      if (dirtyIn.get(b) !== inD || dirtyOut.get(b) !== outD) changed = true;
      dirtyIn.set(b, inD);
      dirtyOut.set(b, outD);
    }
  }

  // Backward: will memory be touched before the kernel ends, at block exit?
  const touchesOut = new Map<BlockId, boolean>();
  const touchesIn = new Map<BlockId, boolean>();
  const backward = (b: BlockId, touches: boolean) => {
    const insts = f.blocks[b]!.insts;
    for (let i = insts.length - 1; i >= 0; i--) if (roles.get(insts[i]!) === "memory" || roles.get(insts[i]!) === "sync") touches = true;
    return touches;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (let i = rpo.length - 1; i >= 0; i--) {
      const b = rpo[i]!;
      const out = succs(b).some((s) => touchesIn.get(s) ?? false);
      const inT = backward(b, out);
      if (touchesOut.get(b) !== out || touchesIn.get(b) !== inT) changed = true;
      touchesOut.set(b, out);
      touchesIn.set(b, inT);
    }
  }

  const dead = new Map<InstId, boolean>();
  for (const b of rpo) {
    const insts = f.blocks[b]!.insts;
    let dirty = dirtyIn.get(b)!;
    let pend = pendIn.get(b)!;
    for (let i = 0; i < insts.length; i++) {
      const r = roles.get(insts[i]!)!;
      if (r === "barrier") {
        let later = touchesOut.get(b)!;
        for (let j = i + 1; j < insts.length && !later; j++) later = roles.get(insts[j]!) === "memory" || roles.get(insts[j]!) === "sync";
        if (!pend && (!dirty || !later)) dead.set(insts[i]!, !later);
        dirty = pend = false;
      } else if (r === "sync") dirty = pend = false;
      else {
        if (r === "memory") dirty = true;
        if (deferred(insts[i]!)) pend = true;
      }
    }
  }
  return dead;
}
