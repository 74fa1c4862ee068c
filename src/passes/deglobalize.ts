// deglobalize: move variables the front end globalized (`omp.alloc_shared`/`omp.free_shared`)
// to the stack or to static team-shared memory (LLVM OpenMPOpt's HeapToStack and
// HeapToShared; remarks OMP110–OMP113).
//
// requires: verified module; best after inline (a helper's allocation becomes the kernel's).
// preserves: cfg (instructions are replaced and removed, never terminators).
//
// For each device `omp.alloc_shared` with a constant size, the values derived from its
// pointer (gep, select, block parameters) are followed to every use. The allocation is
// - moved to the stack (`alloca i8, size`, OMP110) when the pointer only reaches loads,
//   stores, atomics (as the address), eq/ne compares and its frees: no other thread can see
//   it. Its accesses change space `shared` → `local`. A call argument is a capture (OMP113):
//   the IR has no `nocapture` parameter attribute, and the callee's accesses say `shared`, so
//   even a non-capturing callee would fault on a `local` pointer.
// - replaced by a zeroed `shared` global of `size` bytes (OMP111) when it is in a generic
//   kernel's own body (the sequential part: the main thread runs it once per team), outside
//   any loop, its pointer reaches other threads only as an `omp.parallel` argument that the
//   region itself only dereferences, and the kernel's budget (`shared-limit`) allows.
// - otherwise left alone and reported (OMP112).
// Both rewrites delete the frees. Kept as is (no rewrite): an allocation in a loop (an
// alloca there would grow the frame every iteration), one freed in a loop or through a
// derived pointer or with another size, one whose pointer is used after a free (a fault
// the rewrite would hide), and one accessed in a space other than `shared` (a fault too).
//
// Initial contents: docs/LANGUAGE.md says `omp.alloc_shared` returns storage without saying
// what it holds, and the simulator zeroes every allocation (RUNTIME.md, Memory). An `alloca`
// is zero-initialised and a `shared` global is zeroed at team start; the allocation runs at
// most once per activation (stack) or once per team (shared) since loops are excluded, so
// the first read sees zeros in both programs: the meaning, simulated output included, is kept.

import type { Function, Inst, Module } from "../ir/ir.js";
import { addGlobal, addValue, constValue, forEachInst, forEachOperand, insertInst, replaceAllUses, successors } from "../ir/ir.js";
import { freshSymbol } from "../ir/names.js";
import { remark } from "../ir/remarks.js";
import type { BlockId, InstId, ValueId } from "../ir/types.js";
import { CFG } from "./analyses.js";
import { LOOPS } from "./loops.js";
import type { PassContext, PassResult } from "./manager.js";
import { UNDERLYING } from "./underlying.js";

const PASS = "deglobalize";

/** How the pointer of one allocation is used in its function. */
interface Uses {
  /** Loads, stores, atomics and cmpxchgs through the pointer. */
  accesses: InstId[];
  frees: InstId[];
  /** omp.parallel instructions that receive the pointer. */
  parallels: InstId[];
  /** The first call that receives it: `@callee (argument i)`. */
  capture: string | null;
  /** The first other escape (stored, printed, returned …), for the analysis remark. */
  escape: string | null;
  /** Every instruction using a derived value, with its place. */
  users: { id: InstId; block: BlockId; index: number }[];
  /** A derived pointer may also point elsewhere (select or block parameter over several objects). */
  mixed: boolean;
}

type Decision =
  | { kind: "stack"; id: InstId; uses: Uses }
  | { kind: "shared"; id: InstId; uses: Uses; bytes: number }
  | { kind: "keep"; id: InstId; capture: string | null };

export function deglobalize(ctx: PassContext): PassResult {
  const m = ctx.module;
  const limit = ctx.options["shared-limit"] as number;
  let changed = false;
  for (const f of m.functions) {
    if (f.kind === "host" || f.layout.length === 0) continue;
    const allocs: InstId[] = [];
    forEachInst(f, (inst, id) => {
      if (inst.kind === "omp.alloc_shared") allocs.push(id);
    });
    if (allocs.length === 0) continue;
    let budget = limit;
    const decisions = allocs.map((id) => {
      const d = decide(ctx, m, f, id, budget);
      if (d.kind === "shared") budget -= d.bytes;
      return d;
    });
    let edited = false;
    for (const d of decisions) edited = apply(ctx, m, f, d) || edited;
    // Later functions' decisions may look into this one (a region's parameter uses).
    if (edited) ctx.analyses.invalidate("cfg", f);
    changed ||= edited;
  }
  return { changed, preserves: changed ? "cfg" : "all" };
}

function decide(ctx: PassContext, m: Module, f: Function, id: InstId, budget: number): Decision {
  const inst = f.insts[id] as Extract<Inst, { kind: "omp.alloc_shared" }>;
  const size = constValue(f, inst.size);
  const keep: Decision = { kind: "keep", id, capture: null };
  if (typeof size !== "bigint" || size < 0n || size > BigInt(Number.MAX_SAFE_INTEGER)) return keep;
  const bytes = Number(size);
  const loops = ctx.analyses.get(LOOPS, f);
  const block = blockOf(f, id);
  if (loops.irreducible || loops.depth(block) > 0) return keep;
  const uses = usesOf(ctx, f, inst.result, id);
  if (uses === null) return keep;
  // Frees: of the pointer itself, with the same size, outside loops; nothing after them.
  for (const fr of uses.frees) {
    const free = f.insts[fr] as Extract<Inst, { kind: "omp.free_shared" }>;
    if (free.ptr !== inst.result || constValue(f, free.size) !== size || loops.depth(blockOf(f, fr)) > 0) return keep;
  }
  if (usedAfterFree(ctx, f, uses)) return keep;
  for (const a of uses.accesses) if (accessSpace(f.insts[a]!) !== "shared") return keep;

  if (uses.parallels.length === 0 && uses.capture === null && uses.escape === null && !uses.mixed) return { kind: "stack", id, uses };
  const capture = uses.capture;
  if (f.kind !== "kernel" || f.mode !== "generic" || uses.capture !== null || uses.escape !== null) return { kind: "keep", id, capture };
  if (bytes === 0 || bytes > budget) return { kind: "keep", id, capture };
  for (const p of uses.parallels) {
    const par = f.insts[p] as Extract<Inst, { kind: "omp.parallel" }>;
    const region = m.functions[par.region]!;
    for (let i = 0; i < par.args.length; i++) {
      if (!derivedFrom(ctx, f, inst.result).has(par.args[i]!)) continue;
      if (region.layout.length === 0) return { kind: "keep", id, capture };
      const inner = usesOf(ctx, region, region.params[i]!, null);
      if (inner === null || inner.frees.length > 0 || inner.parallels.length > 0 || inner.capture !== null || inner.escape !== null) {
        return { kind: "keep", id, capture };
      }
    }
  }
  return { kind: "shared", id, uses, bytes };
}

function apply(ctx: PassContext, m: Module, f: Function, d: Decision): boolean {
  const inst = f.insts[d.id] as Extract<Inst, { kind: "omp.alloc_shared" }>;
  const loc = inst.loc;
  switch (d.kind) {
    case "keep":
      if (d.capture !== null) {
        ctx.remarks.emit(remark("missed", PASS, "OMP113", f.name, loc,
          `Could not move globalized variable to the stack. Variable is potentially captured in call to ${d.capture}. ` +
          "A `nocapture` parameter attribute (not yet in the IR) would be needed to override."));
      }
      ctx.remarks.emit(remark("missed", PASS, "OMP112", f.name, loc,
        "Found thread data sharing on the GPU. Expect degraded performance due to data globalization."));
      ctx.stats.bump(PASS, "globalized variables kept");
      return false;
    case "stack": {
      const b = blockOf(f, d.id);
      const at = f.blocks[b]!.insts.indexOf(d.id);
      const a = insertInst(f, b, at, { kind: "alloca", elemType: "i8", count: inst.size }, "ptr", loc, f.values[inst.result]!.name);
      replaceAllUses(f, inst.result, f.insts[a]!.result);
      for (const x of d.uses.accesses) {
        const acc = f.insts[x]!;
        if (acc.kind === "load" || acc.kind === "store" || acc.kind === "atomic" || acc.kind === "cmpxchg") acc.space = "local";
      }
      removeInsts(f, [d.id, ...d.uses.frees]);
      ctx.remarks.emit(remark("passed", PASS, "OMP110", f.name, loc, "Moving globalized variable to the stack."));
      ctx.stats.bump(PASS, "globalized variables moved to the stack");
      return true;
    }
    case "shared": {
      const base = `${f.values[inst.result]!.name ?? "globalized"}_shared`;
      const g = addGlobal(m, freshSymbol(m, base), "shared", "i8", d.bytes, null, loc);
      replaceAllUses(f, inst.result, addValue(f, "ptr", { kind: "global", global: g }));
      removeInsts(f, [d.id, ...d.uses.frees]);
      ctx.remarks.emit(remark("passed", PASS, "OMP111", f.name, loc,
        `Replaced globalized variable with ${d.bytes} ${d.bytes === 1 ? "byte" : "bytes"} of shared memory.`, { bytes: d.bytes }));
      ctx.stats.bump(PASS, "globalized variables moved to shared memory");
      ctx.stats.bump(PASS, "shared memory bytes", d.bytes);
      return true;
    }
  }
}

function removeInsts(f: Function, ids: readonly InstId[]): void {
  const dead = new Set(ids);
  for (const b of f.layout) {
    const blk = f.blocks[b]!;
    if (blk.insts.some((i) => dead.has(i))) blk.insts = blk.insts.filter((i) => !dead.has(i));
  }
}

function blockOf(f: Function, id: InstId): BlockId {
  for (const b of f.layout) if (f.blocks[b]!.insts.includes(id)) return b;
  throw new Error(`deglobalize: instruction #${id} is not placed`);
}

function accessSpace(inst: Inst): string | null {
  return inst.kind === "load" || inst.kind === "store" || inst.kind === "atomic" || inst.kind === "cmpxchg" ? inst.space : null;
}

/** `root` and every value computed from it as a pointer: gep, select, block parameters. */
function derivedFrom(_ctx: PassContext, f: Function, root: ValueId): Set<ValueId> {
  const d = new Set<ValueId>([root]);
  for (let grew = true; grew;) {
    grew = false;
    const add = (v: ValueId) => {
      if (!d.has(v)) {
        d.add(v);
        grew = true;
      }
    };
    forEachInst(f, (inst) => {
      if (inst.kind === "gep" && d.has(inst.ptr)) add(inst.result);
      else if (inst.kind === "select" && (d.has(inst.a) || d.has(inst.b))) add(inst.result);
      for (const e of successors(inst)) e.args.forEach((a, i) => d.has(a) && add(f.blocks[e.block]!.params[i]!));
    });
  }
  return d;
}

/**
 * Every use of the values derived from `root`; null when one is not understood. `alloc` is
 * the allocation (for the underlying-object check), null for a region's parameter.
 */
function usesOf(ctx: PassContext, f: Function, root: ValueId, alloc: InstId | null): Uses | null {
  const d = derivedFrom(ctx, f, root);
  const u: Uses = { accesses: [], frees: [], parallels: [], capture: null, escape: null, users: [], mixed: false };
  const underlying = ctx.analyses.get(UNDERLYING, f);
  for (const v of d) {
    const objs = underlying.objects(v);
    if (alloc !== null && !(objs.length === 1 && objs[0]!.kind === "shared" && objs[0]!.inst === alloc)) u.mixed = true;
  }
  const escape = (why: string) => (u.escape ??= why);
  let ok = true;
  for (const b of f.layout) {
    const insts = f.blocks[b]!.insts;
    insts.forEach((id, index) => {
      const inst = f.insts[id]!;
      const uses = (v: ValueId) => d.has(v);
      let used = false;
      switch (inst.kind) {
        case "load":
          if (uses(inst.ptr)) (used = true), u.accesses.push(id);
          break;
        case "store":
          if (uses(inst.value)) (used = true), escape("stored to memory");
          if (uses(inst.ptr)) (used = true), u.accesses.push(id);
          break;
        case "atomic":
          if (uses(inst.value)) (used = true), escape("stored to memory");
          if (uses(inst.ptr)) (used = true), u.accesses.push(id);
          break;
        case "cmpxchg":
          if (uses(inst.expected) || uses(inst.desired)) (used = true), escape("stored to memory");
          if (uses(inst.ptr)) (used = true), u.accesses.push(id);
          break;
        case "gep":
          used = uses(inst.ptr) || uses(inst.index);
          if (uses(inst.index)) ok = false;
          break;
        case "select":
          used = uses(inst.a) || uses(inst.b) || uses(inst.cond);
          if (uses(inst.cond)) ok = false;
          break;
        case "icmp":
          if (uses(inst.lhs) || uses(inst.rhs)) {
            used = true;
            if (inst.pred !== "eq" && inst.pred !== "ne") escape("compared by address order");
          }
          break;
        case "br":
        case "cond_br":
          used = successors(inst).some((e) => e.args.some(uses));
          break;
        case "omp.free_shared":
          if (uses(inst.ptr)) (used = true), u.frees.push(id);
          break;
        case "omp.parallel":
          if (inst.args.some(uses)) (used = true), u.parallels.push(id);
          break;
        case "call": {
          const i = inst.args.findIndex(uses);
          if (i >= 0) (used = true), (u.capture ??= `@${ctx.module.functions[inst.callee]!.name} (argument ${i + 1})`);
          break;
        }
        case "call_indirect": {
          const i = inst.args.findIndex(uses);
          if (i >= 0 || uses(inst.callee)) (used = true), (u.capture ??= `an indirect call (argument ${i + 1})`);
          break;
        }
        default: {
          // Anything else that sees the pointer (printed, returned, sent to the host, or an
          // instruction added later) lets it go: the safe default.
          let any = false;
          forEachOperand(inst, (v) => (any ||= uses(v)));
          if (any) (used = true), escape(`used by ${inst.kind}`);
          break;
        }
      }
      if (used) u.users.push({ id, block: b, index });
    });
  }
  return ok ? u : null;
}

/** Is any use of the pointer (another free included) reachable from a free? */
function usedAfterFree(ctx: PassContext, f: Function, u: Uses): boolean {
  if (u.frees.length === 0) return false;
  const cfg = ctx.analyses.get(CFG, f);
  for (const fr of u.frees) {
    const b = blockOf(f, fr);
    const at = f.blocks[b]!.insts.indexOf(fr);
    if (u.users.some((x) => x.block === b && x.index > at)) return true;
    const seen = new Set<BlockId>();
    const work = [...cfg.succs[b]!];
    while (work.length > 0) {
      const s = work.pop()!;
      if (seen.has(s)) continue;
      seen.add(s);
      work.push(...cfg.succs[s]!);
    }
    if (u.users.some((x) => seen.has(x.block))) return true;
  }
  return false;
}
