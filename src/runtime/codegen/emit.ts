// The per-instruction emitter: one segment of a function becomes one JS function
// `seg<i>(w, fr)` whose lane loop runs the segment's instructions (compile.ts header).
// SSA values are JS locals `v<id>`; values with a slot are also written to it.

import type { AtomicInst, BrInst, CmpXchgInst, CondBrInst, Function, Inst, LoadInst, OmpQuery, RetInst, StoreInst, UnreachableInst } from "../../ir/ir.js";
import { operands } from "../../ir/ir.js";
import type { SchedulerInst } from "../../ir/opcodes.js";
import { BINARY_OP_INFO, QUERIES, needsScheduler } from "../../ir/opcodes.js";
import type { BlockId, InstId, Type, ValueId } from "../../ir/types.js";
import { NO_VALUE, assertNever } from "../../ir/types.js";
import type { CompileEnv, SegInfo } from "../compile.js";
import { deviceInstCost } from "../cost.js";
import { SP_GLOBAL, SP_HOST, SP_LOCAL, SP_SHARED, spaceCode } from "../memory.js";
import { ACCESS_ATOMIC, ACCESS_READ, ACCESS_WRITE } from "../races.js";
import { conditionValues } from "./conds.js";
import { ALIGNED, alignedLoad, alignedStore, atomicNewExpr, binaryExpr, castExpr, fcmpExpr, fmathExpr, fr32, icmpExpr, loadExpr, numLit, storeStmt } from "./expr.js";
import type { IterGroup, IterLoop } from "./iterloop.js";
import type { PreludePart } from "./prelude.js";
import { BOUNDARY, DIVERGE, EXIT, H, PRELUDE, REFRESH, RET } from "./prelude.js";
import type { Seg, Segmentation, Slots } from "./segments.js";
import { isBig } from "./segments.js";
import type { StageLayout } from "./stage.js";
import { stageLayout } from "./stage.js";

/** Iterations between two prefetch bursts in a loop run iteration by iteration (emitIter),
 *  each touching the next PF_DIST iterations' lines. */
const PF_DIST = 16;
const SIZE: Record<Type, number> = { i1: 1, i8: 1, i16: 2, i32: 4, i64: 8, f32: 4, f64: 8, ptr: 8 };

/** What the emitter knows of the function being compiled. */
export interface FnCtx {
  f: Function;
  env: CompileEnv;
  sg: Segmentation;
  slots: Slots;
  /** Per instruction, its issue offset in its segment (CompiledFn.instOff). */
  instOff: Int32Array;
}

/** A value's lane slot expression. */
export function slotExpr(cx: FnCtx, v: ValueId): string {
  const W = cx.env.W;
  return isBig(cx.f.values[v]!.type) ? `B[${cx.slots.slotOf[v]! * W} + l]` : `F[${cx.slots.slotOf[v]! * W} + l]`;
}

/** An operand as a JS expression: a literal, an address, or the local `v<id>`. */
function valueExpr(cx: FnCtx, v: ValueId): string {
  const { env } = cx;
  const d = cx.f.values[v]!.def;
  const t = cx.f.values[v]!.type;
  switch (d.kind) {
    case "const": {
      const c = d.value;
      if (c === null) return "0";
      if (typeof c === "bigint") return t === "i64" ? `(${c}n)` : numLit(Number(c));
      return numLit(c);
    }
    case "global": {
      const k = env.localIndex[d.global]!;
      if (k >= 0) return `LG[${k * env.W} + l]`;
      const p = env.globalPtr[d.global]!;
      return Number.isNaN(p) ? `SG[${d.global}]` : String(p);
    }
    case "func":
      return String(env.funcPtr[d.func]!);
    case "undef":
      return t === "i64" ? "0n" : "0";
    default:
      return `v${v}`;
  }
}

function endInfo(end: SegInfo["end"], inst: Inst, id: InstId, block: BlockId, cont = -1, resultSlot = -1, resultBig = false, stagedBig: boolean[] = [], stage: StageLayout | null = null): SegInfo {
  return { end, inst, instId: id, block, cont, thenSeg: -1, elseSeg: -1, reconv: -1, resultSlot, resultBig, stagedBig, stage, n: 0, cost: 0 };
}

const fault = (I: number, kind: string, msg: string): string => `throw ${H}.fault(w, fr, l, CF, ${I}, ${JSON.stringify(kind)}, ${JSON.stringify(msg)});`;

/** One segment's lane code, tail and prelude needs (SegmentEmitter.parts). */
interface SegParts {
  lane: string;
  tail: string;
  /** Base pointers whose decoding the lane loop caches (SegmentEmitter.addr). */
  caches: number[];
  /** The bounds limits read through those caches (SegmentEmitter.addr), as `V|statement`. */
  limits: string[];
  flags: Record<PreludePart, boolean>;
  info: SegInfo;
}

const INT32_SLOT: ReadonlySet<Type> = new Set<Type>(["i1", "i8", "i16", "i32"]);

/** The decoding caches of one JS function's parts (SegmentEmitter.addr): their declaration,
 *  and `fill`, which puts into each decode() every limit any part reads through that base,
 *  since a decoding made in one part serves the accesses of every later one. */
function cacheCode(parts: readonly SegParts[]): { decl: string; fill: (text: string) => string } {
  const caches = [...new Set(parts.flatMap((p) => p.caches))].sort((a, b) => a - b);
  const limits = new Map<number, Set<string>>();
  for (const p of parts) {
    for (const e of p.limits) {
      const k = e.indexOf("|");
      const V = Number(e.slice(0, k));
      if (!limits.has(V)) limits.set(V, new Set());
      limits.get(V)!.add(e.slice(k + 1));
    }
  }
  const names = (V: number): string[] => [...(limits.get(V) ?? [])].map((st) => st.slice(0, st.indexOf(" ")));
  const decl = caches.length === 0 ? "" : `let ${caches.map((v) => [`c${v} = -1, d${v} = 0, o${v} = 0, s${v} = 0, z${v} = 0, b${v} = 0`, ...names(v).map((m) => `${m} = ${m.startsWith("W") ? `M.no${m.slice(m.lastIndexOf("_") + 1)}` : "-1"}`)].join(", ")).join(", ")};`;
  return { decl, fill: (text) => text.replace(/@M(\d+)@/g, (_, v: string) => [...(limits.get(Number(v)) ?? [])].join(" ")) };
}

/** A JS function `name(w, fr)` running `parts` one after another for each active lane (a
 *  block of its own each, as their locals may share names) and ending with the last tail;
 *  `fwd`: the slots a part passes to later ones in locals (SegmentEmitter.slot). */
function segmentFunction(W: number, name: string, parts: SegParts[], fwd: ReadonlySet<ValueId> = new Set()): string {
  const pre: string[] = [PRELUDE.frame];
  for (const part of ["mem", "query", "sg", "lg", "stage", "nx"] as const) if (parts.some((p) => p.flags[part])) pre.push(PRELUDE[part]);
  const cc = cacheCode(parts);
  if (cc.decl) pre.push(cc.decl);
  if (fwd.size) pre.push(`let ${[...fwd].sort((a, b) => a - b).map((v) => `y${v} = 0`).join(", ")};`);
  const inner = parts.length === 1 ? parts[0]!.lane : parts.map((p) => `{\n    ${p.lane}\n    }`).join("\n    ");
  const loop = W === 1 ? `{ const l = 0;\n    ${inner}\n  }` : `for (let l = 0; l < ${W}; l++) {\n    if (act[l] === 0) continue;\n    ${inner}\n  }`;
  return cc.fill(`function ${name}(w, fr) {\n  ${pre.join("\n  ")}\n  ${loop}\n  ${parts[parts.length - 1]!.tail}\n}`);
}

/** Emits segment `si`: its JS function text and its SegInfo. */
export function emitSegment(cx: FnCtx, s: Seg, si: number): { text: string; info: SegInfo } {
  const em = new SegmentEmitter(cx, s, si);
  em.recordOffsets = true;
  const p = em.parts();
  return { text: segmentFunction(cx.env.W, `seg${si}`, [p]), info: p.info };
}

/** Emits `seg<chain[0]>f`: the segments of `chain`, each after the previous one's `br`, in
 *  one lane loop. Every segment but the first is one fusible() accepts: pure code cannot
 *  observe, or be observed by, the other lanes, so running it per lane right after its
 *  predecessor instead of after every lane's predecessor changes nothing (the dispatcher
 *  checks that the warp would have gone on from each part to the next without stopping). */
export function emitFused(cx: FnCtx, chain: readonly number[]): string {
  const fwd = new Set<ValueId>();
  const parts = chain.map((si) => new SegmentEmitter(cx, cx.sg.segs[si]!, si, -1, null, fwd).parts());
  return segmentFunction(cx.env.W, `seg${chain[0]!}f`, parts, fwd);
}

/** Emits `seg<chain[0]>L(w, fr, K)`: a loop whose segments are all pure, `chain[0]` first
 *  and a `cond_br` closing the last one with one side back to `chain[0]`, run lane by lane:
 *  each active lane iterates until it takes the exit side or has run K iterations, and
 *  w.trips[l] gets its count (negative if it did not exit). Nothing in it reads or writes
 *  memory or faults, so no lane can observe another and this order is invisible;
 *  Warp.laneMajorLoop charges the warp for what it would have issued iteration by
 *  iteration and sets the reconvergence stack to match. (A loop that loads runs iteration
 *  by iteration, emitIter; one iterloop.ts does not take runs segment by segment.) */
export function emitLoop(cx: FnCtx, chain: readonly number[]): string {
  const W = cx.env.W;
  const ems = chain.map((si) => new SegmentEmitter(cx, cx.sg.segs[si]!, si, chain[0]!));
  const parts = ems.map((e) => e.parts());
  // The slots live in JS locals for the lane's iterations (no round trip through memory
  // per iteration); integer ones as int32, as the slot loads read them.
  const touched = [...new Set(ems.flatMap((e) => [...e.slotsRead, ...e.slotsWritten]))].sort((a, b) => a - b);
  const written = [...new Set(ems.flatMap((e) => [...e.slotsWritten]))].sort((a, b) => a - b);
  const open = touched.map((v) => `let r${v} = ${slotExpr(cx, v)}${INT32_SLOT.has(cx.f.values[v]!.type) ? " | 0" : ""};`).join(" ");
  const pre: string[] = [PRELUDE.frame];
  for (const part of ["mem", "query", "sg", "lg", "stage"] as const) if (parts.some((p) => p.flags[part])) pre.push(PRELUDE[part]);
  const cc = cacheCode(parts);
  if (cc.decl) pre.push(cc.decl);
  const body = parts.map((p) => `{\n      ${p.lane.replaceAll("\n    ", "\n      ")}\n      }`).join("\n      ");
  const close = written.map((v) => `${slotExpr(cx, v)} = r${v};`).join(" ");
  const lanes = `  for (let l = 0; l < ${W}; l++) {\n    if (act[l] === 0) continue;\n    let t = 0, out = 0;\n    ${open}\n` +
    `    do {\n      ${body}\n      t++;\n    } while (out === 0 && t < K);\n    ${close}\n    TR[l] = out === 0 ? -t : t;\n  }`;
  return cc.fill(`function seg${chain[0]!}L(w, fr, K) {\n  ${pre.join("\n  ")}\n  const TR = w.trips;\n${lanes}\n  return 0;\n}`);
}

/** Emits `seg<S>I(w, fr, K, limit, maxSteps)`: loop `lp` (iterloop.ts) from its start segment S, iteration
 *  by iteration, each iteration its lane loops in order (a split's sides only if some lane
 *  took them), for at most K iterations while every lane takes the back edge. This is the
 *  order Warp.run runs them in, so nothing needs proving about the lanes; what it saves is
 *  the dispatch per segment and, for the slots the loop only reads that hold the same
 *  value in every lane (warpUniform), a load per lane: those are read once (`h<v>`), and
 *  pointers among them decoded once. Each lane loop is charged as
 *  the dispatcher charges its segments, after it and with the lanes it ran, so a fault in
 *  its first segment (the only one that may fault) sees the clock Warp.run would give it.
 *  A split's side and the pure lane loop after the reconvergence are one lane loop, and so
 *  is the split's own block where it cannot fault (below). After K iterations (K may be
 *  0) it runs the next one segment by segment up to where the dispatcher would stop.
 *  Returns the code of the last segment it ran (the exit's, the next segment, S, or
 *  DIVERGE with w.nx set), with that segment in w.seg; -1 if it ran nothing.
 *
 *  Memory-level parallelism: a grid-stride loop moves each warp's accesses a whole grid
 *  further every iteration, a new page each time, which the hardware prefetchers do not
 *  follow, so each lane loop waits for its misses one after another. For each distinct
 *  load through a hoisted base with a 32-bit index, the loop keeps the offset of the last
 *  lane's access (ph) and its step per iteration (pd, kept across calls in seg<S>PD), and
 *  every PF_DIST iterations reads the lines the next ones will load, up to the one after the
 *  K-th (Helpers.pf), so their
 *  misses overlap. A hint: reads only, clamped into the allocation, nothing a program or
 *  the statistics can see; stores get none (reading a page never written first costs a
 *  second page fault when it is written). */
export function emitIter(cx: FnCtx, lp: IterLoop): string {
  const W = cx.env.W;
  const S = lp.order[0]!;
  const seg = (si: number, hoist: ReadonlySet<ValueId> | null, fwd: Set<ValueId> | null, pf: Map<string, PfLoad> | null, opt: PartOptions = {}): SegmentEmitter =>
    new SegmentEmitter(cx, cx.sg.segs[si]!, si, -1, hoist, fwd, hoist !== null, pf, opt);
  const collect = lp.order.map((si) => seg(si, null, null, null));
  const cinfo = new Map(collect.map((e, k) => [lp.order[k]!, e.parts().info] as const));
  const written = new Set(collect.flatMap((e) => [...e.slotsWritten]));
  const read = new Set(collect.flatMap((e) => [...e.slotsRead]));
  const uniform = warpUniform(cx.f);
  const hoist = new Set([...read].filter((v) => !written.has(v) && uniform(v)).sort((a, b) => a - b));
  // Which groups share a lane loop: a side and the pure group after its split's
  // reconvergence (fuse[gi] = 2), and also the group ending in that split (fuse[gi] = 3)
  // when it is pure but for divisions by constants or hoisted values (checked non-zero
  // before the first iteration: nothing in it can fault) and the split has no other side.
  const pureGroup = (g: IterGroup | undefined): boolean => g !== undefined && g.lanes === "all" && g.segs.every((si) => fusible(cx, cx.sg.segs[si]!));
  const pairAt = (gi: number): boolean => lp.groups[gi] !== undefined && lp.groups[gi]!.lanes !== "all" && pureGroup(lp.groups[gi + 1]);
  const fuse: number[] = [];
  const nonzero = new Set<ValueId>();
  for (let gi = 0; gi < lp.groups.length; gi++) {
    const g = lp.groups[gi]!;
    const divs = g.lanes === "all" && pairAt(gi + 1) ? safeDivisors(cx, g.segs, hoist) : null;
    fuse[gi] = divs !== null ? 3 : pairAt(gi) ? 2 : 1;
    for (const v of divs ?? []) nonzero.add(v);
    gi += fuse[gi]! - 1;
  }
  const closingSeg = lp.groups[lp.groups.length - 1]!.segs.at(-1)!;
  // The closing branch's sides as bits of `mk` (a warp of at most 32 lanes): NX is written
  // from it only when the loop stops there, not per lane and iteration.
  const useMask = W <= 32;
  const aff = affineSlots(cx, lp, cinfo, hoist, written, read);
  // A zero divisor: the dispatcher runs the iteration segment by segment, meeting the
  // fault where Warp.run meets it.
  const zeroCheck = nonzero.size === 0 ? "" : `\n  if (${[...nonzero].sort((a, b) => a - b).map((v) => `h${v} === ${isBig(cx.f.values[v]!.type) ? "0n" : "0"}`).join(" || ")}) return -1;`;
  const PD = `seg${S}PD`;
  let pdDecl = "";

  // One function running the loop: `name`, with the slots of `af` (lane-affine; null: none)
  // kept as A<v> + l * C<v> instead of in the frame; `lead`: code after the prologue.
  const build = (name: string, af: ReadonlyMap<ValueId, AffineSlot> | null, lead: string): string => {
    const pf = new Map<string, PfLoad>();
    const affSet = af === null ? undefined : new Set(af.keys());
    // Each lane loop's parts in order, sharing what the earlier ones wrote or read (fwd); in
    // a fused split, the side's part reads the locals the group before it left but adds none,
    // since it runs for some lanes only.
    const fwds = lp.groups.map(() => new Set<ValueId>());
    const parts = new Map<number, SegParts>();
    // In the affine form, each lane loop also without its view accesses' slow paths (cparts),
    // run where the conditions in checks[gi] hold (PartOptions.clean; null: some access's
    // index is not lane-affine, or there is none).
    const cparts = new Map<number, SegParts>();
    const checks: (string[] | null)[] = [];
    const emitAll = (into: Map<number, SegParts>, fw: Set<ValueId>[], pfs: Map<string, PfLoad>, clean: boolean): void => {
      for (let gi = 0; gi < lp.groups.length; gi += fuse[gi]!) {
        const k = fuse[gi]!;
        const acc = clean ? { checks: [] as string[], ok: true } : undefined;
        // The affine slots an earlier part of this lane loop wrote (AffineSlot.seg).
        const written = new Set<ValueId>();
        const emit = (g: number, fwd: Set<ValueId>, opt: PartOptions = {}): void =>
          lp.groups[g]!.segs.forEach((si) => {
            into.set(si, seg(si, hoist, fwd, pfs, { ...opt, affine: affSet, affWritten: new Set(written), clean: acc, ...(si === closingSeg && useMask ? { mask: "mk" } : {}) }).parts());
            if (af !== null) for (const [v, a] of af) if (a.seg === si) written.add(v);
          });
        if (k === 3) {
          emit(gi, fw[gi]!, { cnt: `np${gi}`, nonzero, local: `k${gi}` });
          emit(gi + 1, fw[gi]!, { side: true });
          emit(gi + 2, fw[gi]!);
        } else for (let j = 0; j < k; j++) emit(gi + j, fw[gi + j]!);
        if (acc !== undefined) checks[gi] = acc.ok && acc.checks.length > 0 ? acc.checks : null;
      }
    };
    emitAll(parts, fwds, pf, false);
    if (af !== null) emitAll(cparts, lp.groups.map(() => new Set<ValueId>()), new Map(), true);
    // The parts again, one lane loop each, for the iteration after the K-th (below).
    const pparts = new Map(lp.order.map((si) => [si, seg(si, hoist, null, null).parts()] as const));
    const all = [...parts.values(), ...cparts.values(), ...pparts.values()];
    const pre: string[] = [PRELUDE.frame];
    for (const part of ["mem", "query", "sg", "lg", "stage", "nx"] as const) if (all.some((p) => p.flags[part])) pre.push(PRELUDE[part]);
    const cc = cacheCode(all);
    if (cc.decl) pre.push(cc.decl);
    const fwd = [...new Set(fwds.flatMap((x) => [...x]))].sort((a, b) => a - b);
    if (fwd.length) pre.push(`let ${fwd.map((v) => `y${v} = 0`).join(", ")};`);
    const hv = [...hoist];
    const first = hv.map((v) => `h${v} = ${slotExpr(cx, v).replace(/\bl\]$/, "f]")}${INT32_SLOT.has(cx.f.values[v]!.type) ? " | 0" : ""}`);
    // The closing test of an affine slot against a warp-uniform bound, decided after the
    // lane loops for every lane at once (closedExit); its segment has no lane code then.
    const exit = af === null || !useMask ? null : closedExit(cx, closingSeg, af, hoist);
    const innerOf = (from: Map<number, SegParts>) => (g: IterGroup): string => g.segs.filter((si) => exit === null || si !== closingSeg)
      .map((si) => `{\n        ${from.get(si)!.lane.replaceAll("\n    ", "\n        ")}\n        }`).join("\n        ");
    const inner = innerOf(parts);
    const innerC = innerOf(cparts);
    const charge = (g: IterGroup, cnt: string): string =>
      g.segs.map((si) => parts.get(si)!.info).map((p) => `w.issued += ${p.n}; w.laneOps += ${p.n} * ${cnt}; w.clock += ${p.cost}; w.steps += ${p.n};`).join(" ");
    // A cond_br ends a group run by every active lane, and counts only the else side.
    const split = (g: IterGroup): string => parts.get(g.segs.at(-1)!)!.info.end === "cond_br" && !(useMask && g.segs.at(-1) === closingSeg) ? "nt = nact - ne; " : "";
    const side = (g: IterGroup): string => g.lanes === "then" ? "nt" : "ne";
    // After the lane loop whose br writes an affine slot, every lane has added the same step.
    const step = (gs: IterGroup[]): string => af === null ? "" : [...af].filter(([, a]) => gs.some((g) => g.segs.includes(a.seg)))
      .map(([v, a]) => ` A${v} = (A${v} ${a.op} ${a.step}) | 0;`).join("");
    // The affine slots back in the frame, for whatever reads them after this call.
    const store = af === null ? "" : `for (let l = f; l < le; l++) if (act[l] !== 0) { ${[...af.keys()].map((v) => `${slotExpr(cx, v)} = (A${v} + Math.imul(l, C${v})) | 0;`).join(" ")} } `;
    // A lane loop over f .. le - 1, lane `l` skipped where `skip` holds, four lanes a pass: the
    // lanes run in the same order, and V8 checks each view's map and reloads its base once
    // per pass instead of once per lane (its loop's stack check forgets what it knew), where
    // no side's branch stands between. Instructions a launch, two lanes a pass / four: saxpy
    // 1325 M / 1291 M, the stencil (loads inside a side) 1702 M / 1663 M.
    const lanes = (skip: string, text: string): string =>
      `for (let l = f; l < le; l++) {\n        if (!(${skip})) {\n        ${text}\n        }\n` +
      `        if (++l === le) break;\n        if (!(${skip})) {\n        ${text}\n        }\n` +
      `        if (++l === le) break;\n        if (!(${skip})) {\n        ${text}\n        }\n` +
      `        if (++l === le) break;\n        if (${skip}) continue;\n        ${text}\n      }`;
    // The lane loop starting at group gi: its clean form (cparts) where checks[gi] hold.
    const dual = (gi: number, skip: string, text: (inn: (g: IterGroup) => string) => string): string => {
      const c = checks[gi];
      return c === null || c === undefined ? lanes(skip, text(inner))
        : `if (${c.join(" && ")}) {\n      ${lanes(skip, text(innerC))}\n      } else {\n      ${lanes(skip, text(inner))}\n      }`;
    };
    const body: string[] = [];
    for (let gi = 0; gi < lp.groups.length; gi++) {
      const g = lp.groups[gi]!;
      const next = lp.groups[gi + 1];
      if (fuse[gi] === 3) {
        // The split's group too: each lane runs it, then the side if it took it, then the
        // pure group. Nothing in the first can fault or touch memory, so no lane can tell
        // it ran after the other lanes' sides rather than before; charged before the lane
        // loop (it would have been, before the side's first lane ran).
        const sd = next!;
        const after = lp.groups[gi + 2]!;
        const np = `np${gi}`;
        const n = `n${gi}`;
        body.push(`${charge(g, "nact")}\n    { let ${np} = 0; nt = 0; ne = 0;\n      ${dual(gi, "gap && act[l] === 0", (inn) => `{\n        let k${gi} = 0;\n        ${inn(g)}\n` +
          `        if (k${gi} === ${sd.lanes === "then" ? 0 : 1}) {\n        ${inn(sd)}\n        }\n        ${inn(after)}\n        }`)}\n      ` +
          `const ${n} = ${sd.lanes === "then" ? `nact - ${np}` : np};\n      if (${n} !== 0) { ${charge(sd, n)} }\n      ${split(after)}${charge(after, "nact")}${step([g, sd, after])} }`);
        gi += 2;
        continue;
      }
      if (fuse[gi] === 2) {
        // A side's lane loop and the pure one after the split's reconvergence, in one: the
        // pure part of lane l runs after the side's part of lane l instead of after every
        // side lane's, which no lane can observe (as in emitFused); the side's lanes counted
        // before the pure part recounts the next split.
        const n = `n${gi}`;
        body.push(`{ const ${n} = ${side(g)}; nt = 0; ne = 0;\n      ${dual(gi, "gap && act[l] === 0", (inn) => `if (NX[l] === ${g.lanes === "then" ? 0 : 1}) {\n        ${inn(g)}\n        }\n        ${inn(next!)}`)}\n      ` +
          `if (${n} !== 0) { ${charge(g, n)} }\n      ${split(next!)}${charge(next!, "nact")}${step([g, next!])} }`);
        gi++;
        continue;
      }
      const cnt = g.lanes === "all" ? "nact" : side(g);
      const skip = g.lanes === "all" ? "gap && act[l] === 0" : `(gap && act[l] === 0) || NX[l] !== ${g.lanes === "then" ? 0 : 1}`;
      const text = inner(g);
      const loop = `${text === "" ? "" : `${dual(gi, skip, (inn) => inn(g))}\n      `}${g.lanes === "all" ? split(g) : ""}${charge(g, cnt)}${step([g])}`;
      body.push(g.lanes === "all" ? `nt = 0; ne = 0;\n      ${loop}` : `if (${cnt} !== 0) {\n      ${loop}\n      }`);
    }
    const closing = parts.get(closingSeg)!;
    const exits = closing.info.thenSeg === S ? "ne" : "nt";
    // The iteration after the K-th, as the dispatcher would run it: segment by segment,
    // stopping after the one where the clock reaches the limit or the steps pass theirs
    // (returning the next segment), or at a split whose lanes disagree (DIVERGE, w.seg the
    // split). A side's segments run only if every lane took that side.
    const stop = "w.clock >= limit || w.steps > maxSteps";
    const partial: string[] = [`if (${stop}) return K === 0 ? -1 : ${S};`];
    let split0 = -1;
    lp.groups.forEach((g, gi) => {
      const code = g.segs.map((si) => {
        const p = pparts.get(si)!;
        const { info } = p;
        const out = [`nt = 0; ne = 0;\n    for (let l = f; l < ${W}; l++) {\n      if (act[l] === 0) continue;\n      ${p.lane.replaceAll("\n    ", "\n      ")}\n    }\n    ` +
          `${info.end === "cond_br" ? "nt = nact - ne; " : ""}w.issued += ${info.n}; w.laneOps += ${info.n} * nact; w.clock += ${info.cost}; w.steps += ${info.n};`];
        if (info.end !== "cond_br") out.push(`if (${stop}) return ${info.inst.kind === "br" ? cx.sg.blockSeg[info.inst.target]! : -1};`);
        else {
          out.push(`w.seg = ${si}; if (nt !== 0 && ne !== 0) return ${DIVERGE};`);
          if (si === closingSeg) out.push(`return ne === 0 ? ${info.thenSeg} : ${info.elseSeg};`);
          else {
            split0 = gi;
            out.push(`const pT${gi} = ne === 0;`, `if (${stop}) return pT${gi} ? ${info.thenSeg} : ${info.elseSeg};`);
          }
        }
        return out.join("\n    ");
      }).join("\n    ");
      partial.push(g.lanes === "all" ? code : `if (${g.lanes === "then" ? "" : "!"}pT${split0}) {\n    ${code}\n    }`);
    });
    // Every PF_DIST iterations, the lines the next ones will load, in one burst (see above).
    const pfs = [...pf.values()];
    if (pfs.length) pre.push(`let ${pfs.map(({ I }, k) => `ph${I} = 0, pp${I} = 0, pd${I} = ${PD}[${k}]`).join(", ")};`);
    if (pfs.length) pdDecl = `const ${PD} = new Float64Array(${pfs.length});\n`;
    const track = pfs.map(({ I }) => `if (t > 0) pd${I} = ph${I} - pp${I}; pp${I} = ph${I};`).join(" ");
    const D = PF_DIST;
    const burst = pfs.length === 0 ? "" : `\n    if (t % ${D} === 0) { const e = K - t < ${D} ? K - t : ${D}; ` +
      pfs.map(({ I, V, n, el }, k) => `${PD}[${k}] = pd${I}; ${H}.pf(U8, b${V}, z${V}, ph${I}${el ? ` * ${n}` : ""}, (nact - 1) * ${n}, pd${I}${el ? ` * ${n}` : ""}, e);`).join(" ") + " }";
    // Lane-affine slots: each active lane's value is A + l * C (int32 arithmetic), A and C
    // taken from the first two active lanes and checked against every other; otherwise this
    // function does not apply (NOT_AFFINE) and the caller runs the loop with the slots.
    const affCheck = af === null ? "" : `\n  let g2 = -1;\n  for (let l = f + 1; l < ${W}; l++) if (act[l] !== 0) { g2 = l; break; }\n  ` + [...af.keys()].map((v) => {
      const s = cx.slots.slotOf[v]! * W;
      return `const x${v} = F[${s} + f] | 0, C${v} = g2 < 0 ? 0 : ((F[${s} + g2] | 0) - x${v}) / (g2 - f);\n  if (C${v} !== (C${v} | 0)) return ${NOT_AFFINE};\n  let A${v} = (x${v} - Math.imul(f, C${v})) | 0;\n  ` +
        `for (let l = g2; l >= 0 && l < ${W}; l++) if (act[l] !== 0 && (F[${s} + l] | 0) !== ((A${v} + Math.imul(l, C${v})) | 0)) return ${NOT_AFFINE};`;
    }).join("\n  ");
    return cc.fill(`function ${name}(w, fr, K, limit, maxSteps) {${lead}
  ${pre.join("\n  ")}
  let f = -1;
  for (let l = 0; l < ${W}; l++) if (act[l] !== 0) { f = l; break; }
  if (f < 0) return -1;
  ${hv.length ? `const ${first.join(", ")};` : ""}${zeroCheck}${affCheck}
  ${[...new Set(all.flatMap((p) => p.caches))].sort((a, b) => a - b).filter((v) => hoist.has(v as ValueId)).map((v) => `{ ${decode(v as ValueId, `h${v}`)} }`).join("\n  ")}
  const nact = w.nact;
  let le = ${W};
  while (act[le - 1] === 0) le--;
  // Lanes f .. le - 1 all active (the warp converged, or a team's last warp): no act[l] tests.
  const gap = le - f !== nact;${useMask ? "\n  let mk = 0, am = 0;\n  for (let l = f; l < le; l++) if (act[l] !== 0) am |= 1 << l;" : ""}
  for (let t = 0; t < K; t++) {
    ${useMask ? "mk = 0;\n    " : ""}${body.join("\n    ")}${exit === null ? "" : `\n    ${exitMask(exit)}`}
    ${useMask
    ? `if (mk !== ${exits === "ne" ? "0" : "am"}) { w.seg = ${closingSeg}; ${store}ne = ${H}.popcount(mk); nt = nact - ne; for (let l = f; l < le; l++) if (act[l] !== 0) NX[l] = (mk >>> l) & 1; ${closing.tail} }`
    : `if (${exits} !== 0) { w.seg = ${closingSeg}; ${store}${closing.tail} }`}${pfs.length ? `\n    ${track}` : ""}${burst}
  }
  ${store}w.seg = ${closingSeg};
  ${partial.join("\n  ")}
}`);
  };
  if (aff.size === 0) {
    const fn = build(`seg${S}I`, null, "");
    return `${pdDecl}${fn}`;
  }
  const fa = build(`seg${S}IA`, aff, "");
  const fn = build(`seg${S}I`, null, `\n  { const r = seg${S}IA(w, fr, K, limit, maxSteps); if (r !== ${NOT_AFFINE}) return r; }`);
  return `${pdDecl}${fa}\n${fn}`;
}

/** emitIter's lane-affine form of a function declined: its slots are not affine in the lane. */
const NOT_AFFINE = -6;

/** A slot of a loop run iteration by iteration that every lane advances by the same step:
 *  a block parameter whose only write in the loop is `br`'s argument `add i32 P, u` (or
 *  `u + P`, `P - u`), u a constant or a hoisted slot, in a lane loop that every active lane
 *  runs. If its lanes start affine (P = A + l * C, int32 arithmetic), they stay so: the
 *  loop keeps A and C and computes each lane's value instead of reading and writing the
 *  frame per lane. `seg`: the segment whose br writes it. */
interface AffineSlot {
  seg: number;
  op: "+" | "-";
  step: string;
}

function affineSlots(cx: FnCtx, lp: IterLoop, info: ReadonlyMap<number, SegInfo>, hoist: ReadonlySet<ValueId>, written: ReadonlySet<ValueId>, read: ReadonlySet<ValueId>): Map<ValueId, AffineSlot> {
  const { f } = cx;
  const out = new Map<ValueId, AffineSlot>();
  const allLanes = new Set(lp.groups.filter((g) => g.lanes === "all").flatMap((g) => g.segs));
  for (const v of [...written].sort((a, b) => a - b)) {
    const d = f.values[v]!.def;
    if (!read.has(v) || hoist.has(v) || d.kind !== "blockparam" || f.values[v]!.type !== "i32") continue;
    let writer = -1;
    let arg: ValueId = NO_VALUE;
    let ok = true;
    for (const si of lp.order) {
      const inst = info.get(si)!.inst;
      if (inst.kind === "cond_br") {
        if ((inst.then === d.block && inst.thenArgs.length > d.index) || (inst.else === d.block && inst.elseArgs.length > d.index)) ok = false;
      } else if (inst.kind === "br" && inst.target === d.block) {
        if (writer >= 0) ok = false;
        writer = si;
        arg = inst.args[d.index]!;
      }
    }
    if (!ok || writer < 0 || !allLanes.has(writer)) continue;
    const ad = f.values[arg]!.def;
    if (ad.kind !== "inst") continue;
    const a = f.insts[ad.inst]!;
    if (a.kind !== "binary" || a.type !== "i32" || (a.op !== "add" && a.op !== "sub")) continue;
    const u = a.lhs === v && a.rhs !== v ? a.rhs : a.op === "add" && a.rhs === v && a.lhs !== v ? a.lhs : NO_VALUE;
    if (u === NO_VALUE) continue;
    const ud = f.values[u]!.def;
    // A constant as valueExpr writes it (exact: the sums below stay far inside 2^53).
    const c = ud.kind === "const" && ud.value !== null ? Number(ud.value) : NaN;
    const step = Number.isSafeInteger(c) && Math.abs(c) < 2 ** 32 ? numLit(c) : hoist.has(u) ? `h${u}` : null;
    if (step === null) continue;
    out.set(v, { seg: writer, op: a.op === "add" ? "+" : "-", step });
  }
  return out;
}

/** A loop's closing test decided for the whole warp (emitIter): `icmp` of affine slot `v`
 *  against a hoisted slot or constant, the closing segment's only instruction but its
 *  `cond_br` (which passes no arguments). `test(x)` is the JS condition for slot value x. */
interface ClosedExit {
  v: ValueId;
  test: (x: string) => string;
}

/** The closing segment's test if it is one ClosedExit can take: a signed order comparison,
 *  true on a half-line of int32 and false on the other, so that over lanes whose values
 *  lie on one line (A + l * C, no lane wrapping) it holds for all lanes if it holds at both
 *  ends and for none if at neither. */
function closedExit(cx: FnCtx, si: number, af: ReadonlyMap<ValueId, AffineSlot>, hoist: ReadonlySet<ValueId>): ClosedExit | null {
  const { f } = cx;
  const ids = cx.sg.segs[si]!.insts;
  if (ids.length !== 2) return null;
  const c = f.insts[ids[0]!]!;
  const br = f.insts[ids[1]!]!;
  if (c.kind !== "icmp" || br.kind !== "cond_br" || br.cond !== c.result || br.thenArgs.length !== 0 || br.elseArgs.length !== 0) return null;
  if (c.type !== "i32" || !(c.pred === "slt" || c.pred === "sle" || c.pred === "sgt" || c.pred === "sge") || cx.slots.slotOf[c.result] !== -1) return null;
  const bound = (u: ValueId): string | null => hoist.has(u) ? `h${u}` : f.values[u]!.def.kind === "const" ? valueExpr(cx, u) : null;
  const pred = c.pred;
  if (af.has(c.lhs) && !af.has(c.rhs)) {
    const b = bound(c.rhs);
    if (b !== null) return { v: c.lhs, test: (x) => icmpExpr(pred, "i32", x, b) };
  }
  if (af.has(c.rhs) && !af.has(c.lhs)) {
    const b = bound(c.lhs);
    if (b !== null) return { v: c.rhs, test: (x) => icmpExpr(pred, "i32", b, x) };
  }
  return null;
}

/** The else side's lanes of a ClosedExit as bits of `mk`, after the iteration's lane loops
 *  (every step of A applied: the value the closing segment reads). The ends f and le - 1
 *  in exact arithmetic: inside int32, no lane between wraps and the test decides every
 *  lane from the two; otherwise, or where the ends disagree, lane by lane. */
function exitMask(e: ClosedExit): string {
  const v = e.v;
  const one = (x: string): string => `(${e.test(x)} ? 1 : 0)`;
  return `{ const xa = A${v} + f * C${v}, xb = A${v} + (le - 1) * C${v};\n      ` +
    `const ta = xa >= -2147483648 && xa <= 2147483647 && xb >= -2147483648 && xb <= 2147483647 ? ${one("xa")} + ${one("xb")} : 1;\n      ` +
    `if (ta === 0) mk = am; else if (ta === 1) for (let l = f; l < le; l++) if (act[l] !== 0 && !(${e.test(`((A${v} + Math.imul(l, C${v})) | 0)`)})) mk |= 1 << l; }`;
}

/** Whether a value is the same in every lane of a warp wherever it is defined: constants,
 *  addresses, a kernel's parameters (every thread gets the launch's arguments), the queries
 *  a warp shares, and pure operations on such values. */
const PURE: ReadonlySet<Inst["kind"]> = new Set<Inst["kind"]>(["binary", "icmp", "fcmp", "select", "cast", "fmath", "gep"]);

function warpUniform(f: Function): (v: ValueId) => boolean {
  const memo = new Map<ValueId, boolean>();
  const go = (v: ValueId, depth: number): boolean => {
    const known = memo.get(v);
    if (known !== undefined) return known;
    const d = f.values[v]!.def;
    let r = false;
    if (depth > 32) r = false;
    else if (d.kind === "const" || d.kind === "global" || d.kind === "func") r = true;
    else if (d.kind === "param") r = f.kind === "kernel";
    else if (d.kind === "inst") {
      const i = f.insts[d.inst]!;
      if (i.kind === "omp.query") r = i.query !== "thread_num" && i.query !== "hw_thread_id";
      else if (PURE.has(i.kind)) r = operands(i).every((o) => go(o, depth + 1));
    }
    memo.set(v, r);
    return r;
  };
  return (v) => go(v, 0);
}

/** The hoisted divisors of segments `segs` if nothing in them can fault but a division by
 *  one of them, nor touch memory (fusible with divisions); null otherwise, or for a division
 *  by anything else than a non-zero constant or a hoisted value. */
function safeDivisors(cx: FnCtx, segs: readonly number[], hoist: ReadonlySet<ValueId>): ValueId[] | null {
  const { f } = cx;
  const out: ValueId[] = [];
  for (const si of segs) {
    const s = cx.sg.segs[si]!;
    if (!fusible(cx, s, false, false, true)) return null;
    for (const id of s.insts) {
      const inst = f.insts[id]!;
      if (inst.kind !== "binary" || !BINARY_OP_INFO[inst.op].divides) continue;
      const d = f.values[inst.rhs]!.def;
      if (d.kind === "const") {
        if (d.value === null || Number(d.value) === 0) return null;
      } else if (hoist.has(inst.rhs)) out.push(inst.rhs);
      else return null;
    }
  }
  return out;
}

/** Whether a segment may run fused after its predecessor's `br` (emitFused): it ends in a
 *  `br` or `cond_br` and holds nothing that touches memory, prints, faults, allocates (a
 *  `local` global's first reference) or needs the scheduler. With `loads`, loads too (for
 *  a lane-major loop: emitLoop), and with `stores` stores and `divides` divisions by a
 *  variable as well (emitIter, where a segment that may fault starts its lane loop). */
export function fusible(cx: FnCtx, s: Seg, loads = false, stores = false, divides = false): boolean {
  const { f, env } = cx;
  for (const id of s.insts) {
    const inst = f.insts[id]!;
    for (const v of operands(inst)) {
      const d = f.values[v]!.def;
      if (d.kind === "global" && env.localIndex[d.global]! >= 0) return false;
    }
    switch (inst.kind) {
      case "binary": {
        if (!BINARY_OP_INFO[inst.op].divides || divides) break;
        const d = f.values[inst.rhs]!.def;
        if (d.kind !== "const" || d.value === null || Number(d.value) === 0) return false;
        break;
      }
      case "ptrdiff": // faults on different allocations, as a division by zero
        if (!divides) return false;
        break;
      case "objectsize": // reads the allocator's sizes, as a load reads memory
        if (!loads) return false;
        break;
      case "icmp":
      case "fcmp":
      case "select":
      case "cast":
      case "fmath":
      case "gep":
      case "omp.query":
      case "br":
      case "cond_br":
        break;
      case "load":
        if (!loads) return false;
        break;
      case "store":
        if (!stores) return false;
        break;
      case "alloca":
      case "atomic":
      case "cmpxchg":
      case "print":
      case "trap":
      case "unreachable":
      case "ret":
      case "omp.alloc_shared":
      case "omp.free_shared":
      case "omp.malloc":
      case "omp.free":
      case "call":
      case "call_indirect":
      case "omp.parallel":
      case "omp.barrier":
      case "omp.taskwait":
      case "omp.target":
      case "omp.target_enter_data":
      case "omp.target_exit_data":
      case "omp.target_update":
      case "omp.target_is_present":
      case "omp.reverse_offload":
      case "omp.wtime": // a fused segment's clock is its first part's: a clock read stays alone
      case "omp.shuffle_down":
      case "exit":
        return false;
      default:
        return assertNever(inst);
    }
  }
  const last = f.insts[s.insts[s.insts.length - 1]!]!;
  return last.kind === "br" || last.kind === "cond_br";
}

/** A pointer is `allocation * 2^32 + offset`: the expression of `p`'s allocation id. */
const allocOf = (p: string): string => `(${p} * 2.3283064365386963e-10) | 0`;
/** The same, rounded: an offset just below 0 (one before the start, 2^32 - k in the id
 *  below) names the allocation it came from, as Memory.check reports it. */
const allocNear = (p: string): string => `Math.round(${p} * 2.3283064365386963e-10)`;

/** Decodes base pointer `b` into the cache of V (SegmentEmitter.addr): c<V> the pointer,
 *  d<V> its allocation, o<V> its offset (an int32: the fast path is off, s<V> = -1, for
 *  an offset that is not a whole number below 2^31), s<V> the space, z<V> the size, b<V>
 *  the arena address, and at `@M<V>@` (cacheCode fills it) each limit m<V>_<sp>_<n>: the
 *  largest offset an access of n bytes in space sp may start at, -1 if none may. */
function decode(V: ValueId, b: string): string {
  return `c${V} = ${b}; d${V} = ${allocOf(`c${V}`)}; const q${V} = c${V} - d${V} * 4294967296;` +
    ` s${V} = q${V} % 1 === 0 && q${V} < 2147483648 ? SP[d${V}] : -1; o${V} = q${V} | 0; z${V} = SZ[d${V}]; b${V} = BA[d${V}]; @M${V}@`;
}

/** A load the read-ahead covers (emitIter): ph<I> holds its offset from base V's
 *  allocation, in bytes, or in elements of n bytes (`el`: the access indexes a view). */
interface PfLoad {
  I: number;
  V: number;
  n: number;
  el: boolean;
}

/** The typed array of an allocation a view access of `t` indexes (Memory.viewI32 ...). */
function viewKind(t: Type): "I32" | "F32" | "F64" | "B64" {
  switch (t) {
    case "i32": return "I32";
    case "f32": return "F32";
    case "f64": case "ptr": return "F64";
    case "i64": return "B64";
    case "i1": case "i8": case "i16": throw new Error(`internal error: no view for ${t}`);
    default: return assertNever(t);
  }
}

/** How a part sits in a lane loop of several (emitIter). */
interface PartOptions {
  /** The part runs only for the lanes that took a split's side: it reads the locals earlier
   *  parts left (fwd) and keeps them up to date, but adds none. */
  side?: boolean;
  /** The local counting the lanes of its cond_br's else side (default `ne`). */
  cnt?: string;
  /** Divisors checked non-zero before the lane loop: their division needs no check. */
  nonzero?: ReadonlySet<ValueId>;
  /** Where the cond_br's side (1: else) goes instead of NX[l]: `mask`, bit l of that local
   *  (the loop's closing branch: emitIter counts the sides and writes NX from it only when
   *  the loop stops there); `local`, a local of the lane loop (a fused split, whose side
   *  test alone reads it: the closing branch rewrites NX[l] for every lane). */
  mask?: string;
  local?: string;
  /** Slots kept lane-affine (emitIter, AffineSlot): read as A<v> + l * C<v>, written only to
   *  the local y<v> that later parts of the lane loop read. */
  affine?: ReadonlySet<ValueId>;
  /** Those of them an earlier part of the same lane loop wrote (their locals hold the next
   *  iteration's value, which A does not give yet). */
  affWritten?: ReadonlySet<ValueId>;
  /** Emit the view accesses without their slow paths, for a lane loop run only where every
   *  such access is inside its view for every lane: each adds that condition to `checks`
   *  (in f, le and the hoisted values), or clears `ok` if its index is not lane-affine. */
  clean?: { checks: string[]; ok: boolean };
}

class SegmentEmitter {
  /** Writes each instruction's offset to cx.instOff (the segment's own form, emitSegment). */
  recordOffsets = false;
  private readonly W: number;
  private readonly device: boolean;
  private memUsed = false;
  /** Slot values read in this segment and defined elsewhere. */
  private readonly used = new Set<number>();
  private readonly definedHere = new Set<number>();
  private readonly body: string[] = [];
  private cost = 0;
  private readonly flags: Record<PreludePart, boolean> = { mem: false, query: false, sg: false, lg: false, stage: false, nx: false };
  private end: SegInfo | null = null;
  private tail = "";
  /** Base pointers with a decoding cache, and this segment's geps (result → base, index
   *  expression, element size) with a 32-bit index; see addr(). */
  private readonly caches = new Set<number>();
  private readonly limits = new Set<string>();
  /** i32 sdiv results of this segment by "lhs,rhs" (a srem of the same operands reuses them). */
  private readonly quotients = new Map<string, string>();
  private readonly geps = new Map<number, { base: ValueId; index: string; ix: ValueId; size: number }>();
  /** Accesses checked so far in this lane body, by pointer, space and width (addr()). */
  private readonly checked = new Map<string, number>();
  /** The slots read and written (slot()). */
  readonly slotsRead = new Set<ValueId>();
  readonly slotsWritten = new Set<ValueId>();
  /** Whether addr() may cache decodings: nothing in the segment allocates or frees (which
   *  would change the allocation table under the cache), and no race hook needs d<I>. */
  private readonly cacheOK: boolean;
  /** The slots earlier parts of this lane loop wrote (fwd when this part began). */
  private readonly forwarded: ReadonlySet<ValueId>;
  /** Slots this part writes without updating a local (SegmentEmitter.slot). */
  private readonly plainWritten = new Set<ValueId>();
  /** Emitting a cond_br's block arguments: written on one side only, not forwarded. */
  private inCond = false;
  /** Geps without a slot, as the expression each use inlines (use()): a view access needs
   *  the address only on its slow path, where computing it per lane would be wasted. */
  private readonly inlined = new Map<ValueId, string>();
  /** i1 values written as a condition at their one use (conds.ts). */
  private readonly conds: ReadonlySet<ValueId>;

  /** `loopSeg`: emit the closing cond_br for a lane-major loop back to this segment.
   *  `hoist`: slots read as the JS local `h<v>`, and the pointer decodings the caller has
   *  already made for them (emitIter: the same in every lane).
   *  `fwd`: the integer and pointer slots earlier parts of the same lane loop wrote, which
   *  this part reads from their locals `y<v>` (and adds its own to).
   *  `iter`: a cond_br counts only its else side (emitIter: nt = nact - ne after the loop).
   *  `opt`: see PartOptions. */
  constructor(private readonly cx: FnCtx, private readonly s: Seg, private readonly si: number, private readonly loopSeg = -1,
    private readonly hoist: ReadonlySet<ValueId> | null = null, private readonly fwd: Set<ValueId> | null = null, private readonly iter = false,
    private readonly pf: Map<string, PfLoad> | null = null, private readonly opt: PartOptions = {}) {
    this.W = cx.env.W;
    this.device = cx.env.device;
    this.forwarded = new Set(fwd ?? []);
    this.conds = conditionValues(cx.f, cx.slots);
    this.cacheOK = !cx.env.races && s.insts.every((id) => {
      const inst = cx.f.insts[id]!;
      if (inst.kind === "alloca" || inst.kind === "omp.alloc_shared" || inst.kind === "omp.free_shared" || inst.kind === "omp.malloc" || inst.kind === "omp.free") return false;
      return operands(inst).every((v) => {
        const d = cx.f.values[v]!.def;
        return d.kind !== "global" || cx.env.localIndex[d.global]! < 0;
      });
    });
  }

  /** The segment as lane-loop code: slot loads then body (run per active lane), and the tail. */
  parts(): SegParts {
    const { cx, s, si, body, flags } = this;
    for (const id of s.insts) this.inst(id);
    if (this.end === null) throw new Error(`internal error: segment ${si} of @${cx.f.name} has no end`);
    const info: SegInfo = this.end;
    info.n = s.insts.length;
    info.cost = this.cost;
    // Integer slots hold int32-normalised numbers: `| 0` tells the JIT so (no float math).
    const loads = [...this.used].sort((a, b) => a - b).map((v) => {
      const e = this.slot(v as ValueId, false);
      if (this.forwarded.has(v as ValueId)) return `const v${v} = y${v};`;
      const t = cx.f.values[v]!.type;
      const read = `${e}${INT32_SLOT.has(t) ? " | 0" : ""}`;
      // Read again by a later part of the lane loop: from the local, unless this part may
      // change the slot on one path only (the local would then be stale on the other).
      if (this.fwd !== null && !this.opt.side && (this.hoist === null || !this.hoist.has(v as ValueId)) && !this.plainWritten.has(v as ValueId) &&
        (INT32_SLOT.has(t) || t === "ptr")) {
        this.fwd.add(v as ValueId);
        return `const v${v} = y${v} = ${read};`;
      }
      return `const v${v} = ${read};`;
    });
    flags.mem = this.memUsed || body.some((b) => b.includes(REFRESH));
    return { lane: [...loads, ...body].join("\n    "), tail: this.tail, flags, info, caches: [...this.caches], limits: [...this.limits] };
  }

  /** A value's lane slot; in a lane-major loop the JS local `r<v>` standing for it (the
   *  loop reads slots into locals once per lane and writes the changed ones back); a
   *  write a later part may read also sets `y<v>` (fwd). */
  private slot(v: ValueId, write: boolean): string {
    (write ? this.slotsWritten : this.slotsRead).add(v);
    if (!write && this.hoist !== null && this.hoist.has(v)) return `h${v}`;
    if (this.opt.affine?.has(v) === true && this.fwd !== null) {
      if (!write) return `((A${v} + Math.imul(l, C${v})) | 0)`;
      this.fwd.add(v);
      return `y${v}`;
    }
    if (this.loopSeg >= 0) return `r${v}`;
    const t = this.cx.f.values[v]!.type;
    if (write && this.fwd !== null && (INT32_SLOT.has(t) || t === "ptr")) {
      // Read back by a later part of the lane loop: the same number (int32 or an address).
      // A local already standing for the slot follows every write, on whatever path; a new
      // one only from a write every lane running this part makes.
      if (this.forwarded.has(v) || this.fwd.has(v)) return `y${v} = ${slotExpr(this.cx, v)}`;
      if (!this.inCond && !this.opt.side) {
        this.fwd.add(v);
        return `y${v} = ${slotExpr(this.cx, v)}`;
      }
    }
    if (write) this.plainWritten.add(v);
    return slotExpr(this.cx, v);
  }

  private use(v: ValueId): string {
    const { env } = this.cx;
    const d = this.cx.f.values[v]!.def;
    if (d.kind === "global" && env.localIndex[d.global]! >= 0) this.flags.lg = true;
    else if (d.kind === "global" && Number.isNaN(env.globalPtr[d.global]!)) this.flags.sg = true;
    if ((d.kind === "inst" && !this.definedHere.has(v)) || d.kind === "param" || d.kind === "blockparam") this.used.add(v);
    return this.inlined.get(v) ?? valueExpr(this.cx, v);
  }

  /** An i1 result from JS boolean expression `e`: written out at its one use where conds.ts
   *  allows it (that use is a condition), else a 0/1 local. */
  private cond(inst: Inst, e: string): void {
    if (!this.conds.has(inst.result)) {
      this.def(inst, `(${e} ? 1 : 0)`);
      return;
    }
    this.inlined.set(inst.result, `(${e})`);
    this.definedHere.add(inst.result);
  }

  private def(inst: Inst, e: string): void {
    const r = inst.result;
    this.body.push(`const v${r} = ${e};`);
    this.definedHere.add(r);
    if (this.cx.slots.slotOf[r] !== -1) this.body.push(`${this.slot(r, true)} = v${r};`);
  }

  private allowedSpace(sp: number): boolean {
    return this.device ? sp === SP_GLOBAL || sp === SP_SHARED || sp === SP_LOCAL : sp === SP_HOST;
  }

  private raceHook(I: number, sp: number, n: number, kind: number): string {
    return !this.cx.env.races || !this.device ? ""
      : sp === SP_GLOBAL || sp === SP_SHARED ? `${H}.race(w, l, CF, ${I}, a${I}, ${n}, ${kind}, ${sp});`
      : sp === SP_LOCAL ? `${H}.priv(w, l, CF, ${I}, d${I}, ${kind});` : "";
  }

  /** Bounds- and space-checked address `a<I>` of `n` bytes at pointer value `pv`.
   *
   *  The plain check decodes the pointer (allocation id, offset) in floating point and reads
   *  the allocation table. With the cache, a pointer is seen as base + delta (a gep's base
   *  and index from this segment, else itself + 0); the base's decoding is kept in locals
   *  across lanes (c<V>: the base it is for) and the access is checked in integers. The
   *  fast path is taken only where the plain check would succeed with the same address:
   *  an integral base offset, the offset base + delta within [0, size - n] of an allocation
   *  of the access's space (size - n is the limit decode() computes, -1 for another space
   *  or a size below n); anything else runs the plain check. */
  private addr(I: number, pv: ValueId, sp: number, n: number, load = false, access: ((aligned: boolean) => string) | null = null,
    view: { t: Type; fast: (arr: string, e: string) => string } | null = null): string {
    this.memUsed = true;
    const ptr = this.use(pv);
    // Unified shared memory: host and device memory are one (SP_HOST 0, SP_GLOBAL 1).
    const unified = this.cx.env.unified === true && sp <= SP_GLOBAL;
    const wrong = unified ? `SP[d${I}] > ${SP_GLOBAL}` : `SP[d${I}] !== ${sp}`;
    const plain = (decl: string): string => `const p${I} = ${ptr}; const d${I} = ${allocOf(`p${I}`)}; const o${I} = p${I} - d${I} * 4294967296;` +
      ` if (${wrong} || o${I} + ${n} > SZ[d${I}]) throw ${H}.mem(w, fr, l, CF, ${I}, p${I}, ${sp}, ${n}); ${decl}a${I} = (BA[d${I}] + o${I}) | 0;`;
    const done = (code: string): string => access === null ? code : `${code} ${access(false)}`;
    if (!this.cacheOK) return done(plain("const "));
    // The same pointer, space and width as an earlier access of this lane body: the same
    // check with the same outcome (nothing in between allocates or frees), so its address.
    const same = `${pv}|${sp}|${n}`;
    const prev = this.checked.get(same);
    if (prev !== undefined) return done(`const a${I} = a${prev};`);
    const g = this.geps.get(pv);
    // An aligned access through a gep of its own element size indexes the typed array of the
    // base's allocation (Memory.viewF32 ...) at the base's offset in elements plus the gep's
    // index: the array's own bounds test is the allocation's, so a load needs no test of its
    // own (an index outside reads undefined: the plain check then finds the fault or the
    // address) and a store one. The view is empty for a base in another space or misaligned
    // for the access (its offset then not whole elements), sending every access to the plain
    // check. Computes no a<I>, so later accesses do not share its check. Not for `local`
    // memory: a frame's allocas are new allocations at every call, each would make a view.
    const viewed = view !== null && access !== null && g !== undefined && g.size === n && sp !== SP_LOCAL;
    if (!viewed) this.checked.set(same, I);
    const V = g === undefined ? pv : g.base;
    const b = g === undefined ? ptr : this.use(g.base);
    // The lane body is straight-line: after the first access through V the cache is V's.
    const refresh = this.caches.has(V) || (this.hoist !== null && this.hoist.has(V)) ? "" : `if (${b} !== c${V}) { ${decode(V, b)} } `;
    this.caches.add(V);
    const x = g === undefined ? `o${V}` : `o${V} + (${g.index}) * ${g.size}`;
    const right = unified ? `(s${V} === ${SP_HOST} || s${V} === ${SP_GLOBAL})` : `s${V} === ${sp}`;
    let rec = "";
    if (load && this.pf !== null && g !== undefined && this.hoist !== null && this.hoist.has(V)) {
      const key = `${V}|${x}`;
      if (!this.pf.has(key)) {
        this.pf.set(key, { I, V, n, el: viewed });
        rec = ` ph${I} = ${viewed ? "e" : "x"}${I};`;
      }
    }
    if (viewed) {
      const k = viewKind(view.t);
      const arr = `W${V}_${sp}_${k}`;
      const q = `q${V}_${n}`;
      this.limits.add(`${V}|${arr} = ${right} && ((b${V} + o${V}) & ${n - 1}) === 0 ? M.view${k}(d${V}) : M.no${k};`);
      this.limits.add(`${V}|${q} = o${V} / ${n};`);
      // The view's length in a local: a store's test is then one unsigned comparison.
      const len = `N${V}_${sp}_${k}`;
      const len0 = len;
      if (!load) this.limits.add(`${V}|${len} = ${arr}.length;`);
      const e = `e${I}`;
      const clean = this.opt.clean;
      // Only through a hoisted base: its view and offset are decoded before the lane loop,
      // where the conditions read them (another base may change from lane to lane).
      const ends = clean === undefined || this.hoist === null || !this.hoist.has(V) ? null : this.affineEnds(g.ix);
      if (clean !== undefined && ends === null) clean.ok = false;
      if (clean !== undefined && ends !== null) {
        // Every lane's element index lies between the two ends' (exact; int32 arithmetic
        // gives the same numbers where they are inside the view): both inside, no lane
        // needs the slow path.
        const len = load ? `${arr}.length` : len0;
        clean.checks.push(ends.map((x) => `${q} + ${x} >= 0 && ${q} + ${x} < ${len}`).join(" && "));
        return `${refresh}const ${e} = (${q} + (${g.index})) | 0;${rec} ${view.fast(arr, e)}`;
      }
      const slow = `${plain("")} ${access(false)}`;
      return `${refresh}const ${e} = (${q} + (${g.index})) | 0;${rec} let a${I} = 0; ` + (load
        ? `${view.fast(arr, e)} if (t${I} === undefined) { ${slow} }`
        : `if ((${e} >>> 0) < ${len}) ${view.fast(arr, e)} else { ${slow} }`);
    }
    // x + n <= z in the right space, as one comparison against a limit decoded with V.
    const m = `m${V}_${sp}_${n}`;
    this.limits.add(`${V}|${m} = ${right} && z${V} >= ${n} ? z${V} - ${n} : -1;`);
    // With the access given and every lane's offset a multiple of n from the base's (the
    // gep's element size one), the base's alignment is every lane's: a limit that is -1
    // for a misaligned base lets the fast path access the typed array without a test.
    if (access !== null && (g === undefined || g.size % n === 0)) {
      const mA = `mA${V}_${sp}_${n}`;
      this.limits.add(`${V}|${mA} = ${right} && z${V} >= ${n} && ((b${V} + o${V}) & ${n - 1}) === 0 ? z${V} - ${n} : -1;`);
      return `${refresh}const x${I} = ${x};${rec} let a${I} = 0; if (x${I} >= 0 && x${I} <= ${mA}) { a${I} = (b${V} + x${I}) | 0; ${access(true)} } else { ${plain("")} ${access(false)} }`;
    }
    return done(`${refresh}const x${I} = ${x};${rec} let a${I} = 0; if (x${I} >= 0 && x${I} <= ${m}) a${I} = (b${V} + x${I}) | 0; else { ${plain("")} }`);
  }

  /** Value `v` of an i32 index at lanes f and le - 1 of a lane loop of the affine form, as
   *  exact JS numbers (PartOptions.clean), or null: an affine slot its A gives (not one this
   *  lane loop has written already), or an add or sub of this part of such a value and a
   *  hoisted slot or constant. */
  private affineEnds(v: ValueId): [string, string] | null {
    const { f } = this.cx;
    if (this.opt.affine?.has(v) === true) {
      return this.opt.affWritten?.has(v) === true ? null : [`(A${v} + f * C${v})`, `(A${v} + (le - 1) * C${v})`];
    }
    const d = f.values[v]!.def;
    if (d.kind !== "inst" || !this.definedHere.has(v)) return null;
    const inst = f.insts[d.inst]!;
    if (inst.kind !== "binary" || inst.type !== "i32" || (inst.op !== "add" && inst.op !== "sub")) return null;
    const uni = (u: ValueId): string | null => this.hoist !== null && this.hoist.has(u) ? `h${u}` : f.values[u]!.def.kind === "const" ? valueExpr(this.cx, u) : null;
    const a = this.affineEnds(inst.lhs);
    const ub = uni(inst.rhs);
    if (a !== null && ub !== null) return [`(${a[0]} ${inst.op === "add" ? "+" : "-"} ${ub})`, `(${a[1]} ${inst.op === "add" ? "+" : "-"} ${ub})`];
    const b = this.affineEnds(inst.rhs);
    const ua = uni(inst.lhs);
    if (b !== null && ua !== null) return [`(${ua} ${inst.op === "add" ? "+" : "-"} ${b[0]})`, `(${ua} ${inst.op === "add" ? "+" : "-"} ${b[1]})`];
    return null;
  }

  private wrongSpace(I: number, space: string): string {
    return fault(I, "wrong-space", `${this.device ? "device" : "host"} code cannot access ${space} memory`);
  }

  private blockParamWrites(target: BlockId, args: ValueId[]): string {
    const f = this.cx.f;
    return args.map((a, i) => `${this.slot(f.blocks[target]!.params[i]!, true)} = ${this.inlined.get(a) ?? valueExpr(this.cx, a)};`).join(" ");
  }

  private inst(id: InstId): void {
    const { cx, body } = this;
    const { f, env } = cx;
    const vals = f.values;
    const inst = f.insts[id]!;
    const I = id as number;
    this.localGlobals(inst, I);
    const startCost = this.cost;
    if (this.recordOffsets) cx.instOff[I] = startCost;
    this.cost += this.device ? deviceInstCost(env.costs, inst) : env.costs.host;
    if (needsScheduler(inst)) {
      this.stage(inst, id);
      return;
    }
    switch (inst.kind) {
      case "binary": {
        const a = this.use(inst.lhs);
        const b = this.use(inst.rhs);
        if (this.conds.has(inst.result)) {
          // Both operands are conditions too (conds.ts): a condition of them.
          this.cond(inst, inst.op === "and" ? `${a} && ${b}` : inst.op === "or" ? `${a} || ${b}` : `${a} !== ${b}`);
          return;
        }
        if (BINARY_OP_INFO[inst.op].divides && !(this.opt.nonzero?.has(inst.rhs) ?? false)) {
          body.push(`if (${b} === ${inst.type === "i64" ? "0n" : "0"}) ${fault(I, "div-by-zero", "integer division by zero")}`);
        }
        // a srem b after a sdiv b: a - (a / b) * b, one division instead of two (the
        // product is exact, |q * b| <= |a|, or wraps to the same INT_MIN / -1 result: 0).
        const key = `${inst.lhs},${inst.rhs}`;
        const q = inst.type === "i32" && inst.op === "srem" ? this.quotients.get(key) : undefined;
        this.def(inst, q !== undefined ? `((${a} - Math.imul(${q}, ${b})) | 0)` : binaryExpr(I, inst.op, inst.type, a, b));
        if (inst.type === "i32" && inst.op === "sdiv") this.quotients.set(key, `v${inst.result}`);
        return;
      }
      case "icmp":
        this.cond(inst, icmpExpr(inst.pred, inst.type, this.use(inst.lhs), this.use(inst.rhs)));
        return;
      case "fcmp":
        this.cond(inst, fcmpExpr(inst.pred, this.use(inst.lhs), this.use(inst.rhs)));
        return;
      case "select":
        this.def(inst, `(${this.use(inst.cond)} ? ${this.use(inst.a)} : ${this.use(inst.b)})`);
        return;
      case "cast":
        this.def(inst, castExpr(inst.op, inst.from, inst.to, this.use(inst.value)));
        return;
      case "fmath":
        this.def(inst, fr32(inst.type, fmathExpr(inst.fn, this.use(inst.a), inst.b === NO_VALUE ? "" : this.use(inst.b))));
        return;
      case "alloca": {
        const cnt = this.use(inst.count);
        const n = vals[inst.count]!.type === "i64" ? `Number(${cnt})` : cnt;
        this.def(inst, `${H}.alloca(w, fr, l, CF, ${I}, (${n}) * ${SIZE[inst.elemType]})`);
        body.push(REFRESH);
        return;
      }
      case "load":
      case "store":
      case "atomic":
      case "cmpxchg":
        this.memoryInst(inst, I);
        return;
      case "gep": {
        const p = this.use(inst.ptr);
        const ix = this.use(inst.index);
        const n = vals[inst.index]!.type === "i64" ? `Number(${ix})` : ix;
        if (vals[inst.index]!.type !== "i64") this.geps.set(inst.result, { base: inst.ptr, index: ix, ix: inst.index, size: SIZE[inst.elemType] });
        const e = `${p} + (${n}) * ${SIZE[inst.elemType]}`;
        // Pure, of values already in locals: the same number wherever it is evaluated.
        if (cx.slots.slotOf[inst.result] === -1) {
          this.inlined.set(inst.result, `(${e})`);
          this.definedHere.add(inst.result);
        } else this.def(inst, e);
        return;
      }
      case "ptrdiff": {
        // Rounded (allocNear): one before the start, as a reverse loop's `p >= a` reaches,
        // stays in its allocation.
        const a = this.use(inst.lhs);
        const b = this.use(inst.rhs);
        body.push(`if (${allocNear(a)} !== ${allocNear(b)}) ${fault(I, "invalid-pointer", "subtraction or ordering comparison of pointers into different allocations (undefined in C)")}`);
        this.def(inst, `BigInt(${a} - ${b})`);
        return;
      }
      case "objectsize": {
        // The allocation's size less the offset (0 past the end, for null and freed memory).
        this.memUsed = true;
        const p = this.use(inst.ptr);
        const d = allocNear(p);
        this.def(inst, `BigInt(Math.max(0, (SZ[${d}] ?? 0) - (${p} - ${d} * 4294967296)))`);
        return;
      }
      case "print": {
        const args = inst.args.map((a) => this.use(a));
        body.push(`${H}.print(w, fr, l, CF, ${I}, ${startCost}, [${args.join(", ")}]);`);
        return;
      }
      case "trap":
        // The fault's cycle is the trap's own (prints before it in this segment are older).
        body.push(`throw ${H}.fault(w, fr, l, CF, ${I}, "trap", ${JSON.stringify(inst.message)}, ${startCost});`);
        return;
      case "omp.query":
        this.def(inst, this.query(inst.query));
        return;
      case "omp.wtime":
        // The warp's clock at this instruction: its segment's start plus the issue before it.
        this.def(inst, `(w.clock + ${startCost}) / ${numLit(env.costs.clockHz)}`);
        return;
      case "omp.target_is_present":
        // Host only (the verifier's placement rule): a rare call, through the runtime.
        this.def(inst, `${H}.isPresent(w, ${this.use(inst.ptr)}, ${this.use(inst.device)})`);
        return;
      case "omp.alloc_shared": {
        const sz = this.use(inst.size);
        const n = vals[inst.size]!.type === "i64" ? `Number(${sz})` : sz;
        if (!this.device) body.push(fault(I, "unsupported", "omp.alloc_shared in host code"));
        this.def(inst, `${H}.${inst.uniform === true ? "allocUniform" : "allocShared"}(w, fr, l, CF, ${I}, ${n})`);
        body.push(REFRESH);
        return;
      }
      case "omp.free_shared": {
        const p = this.use(inst.ptr);
        const sz = this.use(inst.size);
        const n = vals[inst.size]!.type === "i64" ? `Number(${sz})` : sz;
        body.push(`${H}.${inst.uniform === true ? "freeUniform" : "freeShared"}(w, fr, l, CF, ${I}, ${p}, ${n});`);
        return;
      }
      case "omp.malloc": {
        // The size is unsigned: a negative i32 or i64 is a huge request (null).
        const sz = this.use(inst.size);
        const n = vals[inst.size]!.type === "i64" ? `Number(BigInt.asUintN(64, ${sz}))` : `(${sz} >>> 0)`;
        this.def(inst, `${H}.malloc(w, fr, l, CF, ${I}, ${n})`);
        body.push(REFRESH);
        return;
      }
      case "omp.free":
        body.push(`${H}.free(w, fr, l, CF, ${I}, ${this.use(inst.ptr)});`);
        return;
      case "br":
      case "cond_br":
      case "ret":
      case "unreachable":
        this.terminator(inst, id);
        return;
      default:
        return assertNever(inst);
    }
  }

  /** A lane's copy of a `local` global comes to be at its first reference (allocation may
   *  move the arena, hence the refresh); later references are one typed-array read. */
  private localGlobals(inst: Inst, I: number): void {
    const { f, env } = this.cx;
    const seenLocal = new Set<number>();
    for (const v of operands(inst)) {
      const d = f.values[v]!.def;
      const k = d.kind === "global" ? env.localIndex[d.global]! : -1;
      if (k < 0 || seenLocal.has(k)) continue;
      seenLocal.add(k);
      this.flags.lg = true;
      this.body.push(`if (LG[${k * this.W} + l] === 0) { ${H}.localGlobal(w, fr, l, CF, ${I}, ${k}); ${REFRESH} }`);
    }
  }

  /** Stages a scheduler instruction's operands (stage.ts) and ends the segment there. */
  private stage(inst: SchedulerInst, id: InstId): void {
    const { cx, body } = this;
    const vals = cx.f.values;
    const ops = operands(inst);
    const stagedBig = ops.map((v) => isBig(vals[v]!.type));
    ops.forEach((v, k) => {
      const e = this.use(v);
      body.push(stagedBig[k] ? `SB[${k * this.W} + l] = ${e};` : `S[${k * this.W} + l] = ${e};`);
    });
    this.flags.stage = true;
    this.end = endInfo("boundary", inst, id, this.s.block, this.si + 1,
      inst.result === NO_VALUE ? -1 : cx.slots.slotOf[inst.result]!, inst.result !== NO_VALUE && isBig(vals[inst.result]!.type),
      stagedBig, stageLayout(inst));
    this.tail = `return ${BOUNDARY};`;
  }

  /** load, store, atomic, cmpxchg: the space and bounds check, then the access. */
  private memoryInst(inst: LoadInst | StoreInst | AtomicInst | CmpXchgInst, I: number): void {
    const body = this.body;
    switch (inst.kind) {
      case "load": {
        const sp = spaceCode(inst.space);
        this.use(inst.ptr);
        if (!this.allowedSpace(sp)) {
          body.push(this.wrongSpace(I, inst.space));
          this.def(inst, isBig(inst.type) ? "0n" : "0");
          return;
        }
        // Without the race detector (whose hook comes between the check and the access),
        // the access goes into the check's branches, where the fast one knows alignment.
        if (ALIGNED.has(inst.type) && !this.cx.env.races) {
          body.push(`let t${I} = ${isBig(inst.type) ? "0n" : "0"};`);
          body.push(this.addr(I, inst.ptr, sp, SIZE[inst.type], true, (al) => `t${I} = ${al ? alignedLoad(inst.type, `a${I}`) : loadExpr(inst.type, `a${I}`)};`,
            { t: inst.type, fast: (arr, e) => `t${I} = ${arr}[${e}];` }));
          this.def(inst, `t${I}`);
          return;
        }
        body.push(this.addr(I, inst.ptr, sp, SIZE[inst.type], true));
        body.push(this.raceHook(I, sp, SIZE[inst.type], ACCESS_READ));
        this.def(inst, loadExpr(inst.type, `a${I}`));
        return;
      }
      case "store": {
        const sp = spaceCode(inst.space);
        const v = this.use(inst.value);
        this.use(inst.ptr);
        if (!this.allowedSpace(sp)) {
          body.push(this.wrongSpace(I, inst.space));
          return;
        }
        if (ALIGNED.has(inst.type) && !this.cx.env.races) {
          body.push(this.addr(I, inst.ptr, sp, SIZE[inst.type], false, (al) => al ? alignedStore(inst.type, `a${I}`, v) : storeStmt(inst.type, `a${I}`, v),
            { t: inst.type, fast: (arr, e) => `${arr}[${e}] = ${v};` }));
          return;
        }
        body.push(this.addr(I, inst.ptr, sp, SIZE[inst.type]));
        body.push(this.raceHook(I, sp, SIZE[inst.type], ACCESS_WRITE));
        body.push(storeStmt(inst.type, `a${I}`, v));
        return;
      }
      case "atomic":
      case "cmpxchg": {
        const sp = spaceCode(inst.space);
        this.use(inst.ptr);
        const t = inst.type;
        const v = inst.kind === "atomic" ? this.use(inst.value) : this.use(inst.desired);
        const e = inst.kind === "cmpxchg" ? this.use(inst.expected) : "";
        if (!this.allowedSpace(sp)) {
          body.push(this.wrongSpace(I, inst.space));
          this.def(inst, isBig(t) ? "0n" : "0");
          return;
        }
        body.push(this.addr(I, inst.ptr, sp, SIZE[t]));
        body.push(this.raceHook(I, sp, SIZE[t], ACCESS_ATOMIC));
        body.push(`const q${I} = ${loadExpr(t, `a${I}`)};`);
        if (inst.kind === "atomic") body.push(storeStmt(t, `a${I}`, atomicNewExpr(inst.op, t, `q${I}`, v)));
        else body.push(`if (q${I} === ${e}) { ${storeStmt(t, `a${I}`, v)} }`);
        this.def(inst, `q${I}`);
        return;
      }
      default:
        return assertNever(inst);
    }
  }

  /** The block's terminator: block arguments, the next segment or the divergence. */
  private terminator(inst: BrInst | CondBrInst | RetInst | UnreachableInst, id: InstId): void {
    const { cx, body } = this;
    const { env } = cx;
    const vals = cx.f.values;
    const I = id as number;
    switch (inst.kind) {
      case "br":
        body.push(this.blockParamWrites(inst.target, inst.args.map((a) => (this.use(a), a))));
        this.tail = `return ${cx.sg.blockSeg[inst.target]};`;
        this.end = endInfo("br", inst, id, this.s.block);
        return;
      case "cond_br": {
        const c = this.use(inst.cond);
        inst.thenArgs.forEach((a) => this.use(a));
        inst.elseArgs.forEach((a) => this.use(a));
        const T = cx.sg.blockSeg[inst.then]!;
        const E = cx.sg.blockSeg[inst.else]!;
        const ip = env.ipdom[this.s.block]!;
        const info = endInfo("cond_br", inst, id, this.s.block);
        info.thenSeg = T;
        info.elseSeg = E;
        info.reconv = ip >= 0 ? cx.sg.blockSeg[ip]! : EXIT;
        this.end = info;
        if (this.loopSeg >= 0) {
          // Lane-major loop (emitLoop): the exit side ends this lane's iterations.
          const out = (t: number): string => (t === this.loopSeg ? "" : " out = 1;");
          body.push(`if (${c}) { ${this.blockParamWrites(inst.then, inst.thenArgs)}${out(T)} } else { ${this.blockParamWrites(inst.else, inst.elseArgs)}${out(E)} }`);
        } else if (this.W === 1) {
          body.push(`if (${c}) { ${this.blockParamWrites(inst.then, inst.thenArgs)} return ${T}; } else { ${this.blockParamWrites(inst.else, inst.elseArgs)} return ${E}; }`);
        } else {
          this.flags.nx = true;
          this.inCond = true;
          const tw = this.blockParamWrites(inst.then, inst.thenArgs);
          const ew = this.blockParamWrites(inst.else, inst.elseArgs);
          this.inCond = false;
          const ne = this.opt.cnt ?? "ne";
          const { mask, local } = this.opt;
          const put = mask !== undefined ? `${mask} |= x${I} << l;` : local !== undefined ? `${local} = x${I};` : `NX[l] = x${I};`;
          if (!this.iter) body.push(`if (${c}) { nt++; NX[l] = 0; ${tw} } else { ne++; NX[l] = 1; ${ew} }`);
          else body.push(`const x${I} = ${c} ? 0 : 1; ${put}${mask !== undefined ? "" : ` ${ne} += x${I};`}${tw === "" && ew === "" ? "" : ` if (x${I} === 0) { ${tw} } else { ${ew} }`}`);
          this.tail = `if (ne === 0) return ${T}; if (nt === 0) return ${E}; return ${DIVERGE};`;
        }
        return;
      }
      case "ret":
        if (inst.value !== NO_VALUE) {
          const v = this.use(inst.value);
          body.push(isBig(vals[inst.value]!.type) ? `fr.RB[l] = ${v};` : `fr.RF[l] = ${v};`);
        }
        this.tail = `return ${RET};`;
        this.end = endInfo("ret", inst, id, this.s.block);
        return;
      case "unreachable":
        body.push(fault(I, "unreachable", "reached 'unreachable'"));
        this.tail = `return ${RET};`;
        this.end = endInfo("unreachable", inst, id, this.s.block);
        return;
      default:
        return assertNever(inst);
    }
  }

  /** A query's value: the thread's and team's from the prelude, the device's constants. */
  private query(q: OmpQuery): string {
    switch (q) {
      case "thread_num": this.flags.query = true; return "(LV1 ? HW0 + l : 0)";
      case "num_threads": this.flags.query = true; return "(LV1 ? PS : 1)";
      case "team_num": this.flags.query = true; return "TM";
      case "num_teams": this.flags.query = true; return "NTM";
      case "hw_thread_id": this.flags.query = true; return "(HW0 + l)";
      case "hw_num_threads": this.flags.query = true; return "TS";
      case "warp_size": return String(this.W);
      case "level": return "fr.level";
      case "active_level": this.flags.query = true; return "(fr.level >= 1 && PS > 1 ? 1 : 0)";
      case "device_num": return "w.dev";
      case "num_devices":
      case "initial_device": return "w.ndev";
      case "is_initial_device":
        return String(this.device ? QUERIES[q].deviceValue : QUERIES[q].hostValue);
      default: return assertNever(q);
    }
  }
}
