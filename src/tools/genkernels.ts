// The "generic kernels" generator profile: random whole programs (host @main, generic
// kernels, helpers, parallel-region functions) for differential testing of SPMD-ization
// (docs/TESTING.md). Deterministic from a seed; every program
// verifies, terminates and does not fault, and its observable behaviour is fixed by the
// generic-mode semantics — so any difference after `-O` is a miscompilation.
//
// What a program exercises (the things spmdize must preserve): sequential side effects
// (stores to global and team-shared memory, atomics, tagged prints) before, between and
// after parallel regions; sequential values passed to regions and used later; uniform
// branches (on kernel arguments, team numbers, loaded values) and counted loops, with and
// without parallel regions inside; helpers called from the sequential part (pure, with side
// effects, with thread queries, with a parallel region; some `noinline`); omp.alloc_shared
// variables; reads of global memory; early returns from sequential code (also from loops
// around parallel regions); reverse offload (opt-in: `reverseOffload`). Also
// the shapes that once broke `-O` (`Shapes`: back edges into guarded code, exit-less loops,
// private memory written through calls and maps, escaping allocas, helper clones in loops,
// call_indirect, mutual recursion, self-guarding amenable helpers, traps, lookalike names,
// local globals, sitofp edge values, large allocas, long loops), and runs of adjacent
// parallel regions in kernels kept generic, for merge-parallel (`merge`).
//
// Race freedom in generic mode, by construction. Each kernel gets one i32 buffer:
//   [0, 512)      bank 0 of per-thread slots, [512, 1024) bank 1: a parallel region called
//                 with phase p writes only its own slot of bank p and reads only bank 1-p;
//   [1024, 1152)  one 32-word area per team: words 0-15 written by sequential code and only
//                 read in regions, words 16-31 read/written by sequential code (atomics with
//                 used results included) and updated by regions with atomics whose results
//                 are dropped (word 24);
//   [1152, 1160)  cross-team counters, updated only by atomics whose results are dropped.
// Team-shared memory follows the same split (word 0: sequential writes, regions read;
// word 1: region atomics). The issue-9 shapes keep to it: an escaping alloca is updated in
// regions by atomic adds only and read by sequential code after the region; the amenable
// helper adds to word 24; `local` memory (allocas, @lg) is per thread; a trap that can be
// taken sits only in kernels launched on one team, so output before it is deterministic.
// Output lines are tagged with the hardware thread that printed them
// (`k<K> t<team>.<thread>|`; the sequential part is thread 0), so a comparison can
// allow the interleaving of different threads to change while each thread's own sequence
// (including the reverse-offload calls made for it, which the host callee prints) must not.

import { ICMP_PREDS } from "../ir/ir.js";
import type { Val as BodyVal } from "./bodytext.js";
import { BodyText, INT_OPS } from "./bodytext.js";
import { Rng } from "./rng.js";

export interface GenericOptions {
  /** Emit omp.reverse_offload from the sequential part and from regions (default false;
   *  the test and the fuzzer turn it on). */
  reverseOffload?: boolean;
  /** Kernels per program (default 1-2). */
  kernels?: number;
  /** Nesting depth of branches and loops (default 2). */
  maxDepth?: number;
  /** Statements per straight-line run (default 4). */
  maxStmts?: number;
  /** How often the adversarial shapes (`Shapes`) appear (probabilities; `SHAPES` by default,
   *  `NO_SHAPES` for the generator as it was before). */
  shapes?: Partial<Shapes>;
  /** The statement shapes `Shapes.stmt` and `Shapes.regionStmt` pick from (default all). */
  stmtShapes?: readonly StmtShape[];
}

/** Statement shapes (see `Shapes.stmt`). */
export const STMT_SHAPES = [
  "trap", "poll", "privptr", "escape", "largeAlloca", "names", "parloop", "privcall", "indirect", "rec", "amen",
  "rocall", "allocnear", "recpar", "calleeset", "allocuni", "heap",
] as const;
/** Statement shapes only `--shapes` names turn on: the default mix (and so every older
 *  seed's program) stays as it was without them. */
const OPT_IN_SHAPES: readonly StmtShape[] = ["heap"];
export type StmtShape = (typeof STMT_SHAPES)[number];

/**
 * Options for the named shapes only (the others off): each name is a `Shapes` key or a
 * statement shape (`escape`, `names` and `largeAlloca` are both). For `npm run fuzz --shapes`.
 */
export function onlyShapes(names: readonly string[]): { shapes: Shapes; stmtShapes: StmtShape[] } | { error: string } {
  const shapes: Shapes = { ...NO_SHAPES };
  const stmtShapes: StmtShape[] = [];
  for (const n of names) {
    const known = n in SHAPES || (STMT_SHAPES as readonly string[]).includes(n);
    if (!known) return { error: `unknown shape '${n}' (known: ${[...Object.keys(SHAPES), ...STMT_SHAPES].filter((x, i, a) => a.indexOf(x) === i).join(", ")})` };
    if (n in SHAPES) (shapes as unknown as Record<string, number>)[n] = FOCUSED[n as keyof Shapes];
    if ((STMT_SHAPES as readonly string[]).includes(n)) stmtShapes.push(n as StmtShape);
  }
  if (stmtShapes.length) {
    shapes.stmt = SHAPES.stmt;
    shapes.regionStmt = SHAPES.regionStmt;
  }
  return { shapes, stmtShapes };
}

/**
 * The shapes that broke `-O` once, each a probability. Per program: `names`,
 * `localGlobal`, `longLoop`, `spmdKernel`; per kernel: `exitless`, `escape`, `largeAlloca`;
 * per loop: `headerEffects`, `printIf`; per sequential statement slot: `stmt` (one of the
 * statement shapes below, picked uniformly among those the context allows); per pure
 * statement: `sitofp`; per region statement: `regionStmt`.
 */
export interface Shapes {
  /** User symbols that look generated: `@k<K>.bcast.N`, `@k<K>.dummy.global.i32`, `@<helper>.seq`/`.spmd`. */
  names: number;
  /** A `local` global (one copy per thread) used by sequential code and regions. */
  localGlobal: number;
  /** One pure loop of 1,000,000 iterations in a kernel's sequential part: 5 warp instructions
   *  an iteration, at most 15M steps on 3 teams as written (the differential limit is 20M),
   *  over the limit if -O replicates it on 2 or more warps. */
  longLoop: number;
  /** A hand-written SPMD kernel whose thread 0 prints a header before a barrier. */
  spmdKernel: number;
  /** The kernel ends in a loop without exit: left by `ret` inside (2/3) or by a trap (1/3). */
  exitless: number;
  /** A kernel alloca whose address reaches a parallel region (updated there by atomics). */
  escape: number;
  /** An 8 MiB alloca in the kernel's sequential part. */
  largeAlloca: number;
  /** A loop header with side effects (store, atomic, print) before the test, a guarded
   *  store before the loop; for time-step loops also the do-while form (effects, then the
   *  parallel region, in the header). */
  headerEffects: number;
  /** An if/else that prints after the parallel region of a time-step loop. */
  printIf: number;
  /** Statement shapes: traps on computed conditions, writes to private memory through calls
   *  and reverse-offload maps, pointers into private memory live across a region, `call_indirect`
   *  of helpers using hw_thread_id, mutual recursion, self-guarding amenable helpers, helpers
   *  with a parallel region called in loops, escaping allocas, generated-looking names; the
   *  decision gaps: read-only helpers, globalized variables of non-constant size next to
   *  guarded code, a recursive helper with a parallel region, call_indirect with a callee set. */
  stmt: number;
  /** sitofp / uitofp of edge values (i1, large i64 to f32). */
  sitofp: number;
  /** Region statement shapes (amenable and hw-query helpers, private writes through calls). */
  regionStmt: number;
  /** A kernel kept generic (an indirect call of four possible callees) with a run of adjacent
   *  parallel regions in one block for merge-parallel: sequential code between them writes
   *  what the regions read and computes values passed to the next region; sometimes in a
   *  counted loop. Drawn from a separate stream, so programs without it are unchanged. */
  merge: number;
  /** Warp shuffles (omp.shuffle_down of i32, i64 or f64 by a constant or computed delta) as
   *  region statements, and a quarter as often as sequential ones (which keep a kernel
   *  generic). Opt-in (`--shapes=shuffle`): 0 by default, so default programs are unchanged. */
  shuffle: number;
  /** A hand-written SPMD kernel `@pb0` that reaches a team synchronisation (a barrier, a
   *  parallel region without effects, a helper with a barrier) under `hw_thread_id < lim`,
   *  launched with a `lim` that lets no thread, every thread or only part of the team reach
   *  it (a planted partial-barrier fault), and that calls the `query` helper the generic
   *  kernels call (one helper in both modes). Opt-in (`--shapes=partialBarrier`), drawn from
   *  the side stream: default programs are unchanged. */
  partialBarrier: number;
  /** With `partialBarrier`: `@pb0`'s synchronisation sits one level deeper, behind a branch
   *  on a uniform condition (from `%lim`), a uniform loop, or one arm of such a diamond,
   *  inside the thread-id branch: only part of the team reaches it, though no branch right
   *  above it is divergent. Opt-in (`--shapes=partialBarrier,partialNested`), side stream. */
  partialNested: number;
  /** With `partialBarrier`: part of `@pb0`'s team takes a path on which every thread ends in
   *  `unreachable` (the planted fault), after a team synchronisation there (a barrier, a
   *  region, a helper with a barrier) or after a slow `noinline` helper or a helper that
   *  waits at a barrier, while the rest waits at a barrier and then prints, stores or
   *  returns: the threads that reach the barrier must wait there until the others fault.
   *  Launched on one team. Opt-in (`--shapes=partialBarrier,partialDoomed`), side stream. */
  partialDoomed: number;
  /** With `partialBarrier`: `@pb0`'s thread-id test reads the id back from memory each thread
   *  wrote it to: a plain `omp.alloc_shared` of a size from `%lim` (a block per thread, so the
   *  value is divergent) or the thread's own alloca; or it compares the address of the
   *  `local` global `@pb0_lg` (a copy per thread) with the one thread 0 published in a
   *  `shared` slot (true on thread 0 alone, when `%lim` is not 0). Opt-in
   *  (`--shapes=partialBarrier,partialMemory`), side stream. */
  partialMemory: number;
  /** A hand-written SPMD kernel `@sf0`: every thread prints (and sometimes stores its slot),
   *  waits at a barrier, then calls the `noinline` recursion `@sf_rec` (directly or through
   *  a wrapper) to a depth from the launch, sometimes past the simulated call stack (the
   *  planted out-of-memory fault in `@sf_rec`), or frees an `omp.alloc_shared uniform` block
   *  of 8 bytes with `omp.free_shared uniform` and a size from the launch, sometimes not 8,
   *  or twice with the size 8 (the planted invalid-pointer faults in `@sf0`); launched on one team. The barrier orders
   *  the lines before the fault. Opt-in (`--shapes=stackFault`), side stream. */
  stackFault: number;
  /** With `escape`: the sequential part writes the escaping alloca, then an amenable helper
   *  (every thread calls it after SPMD-ization) reads it, and its result is the next
   *  region's argument (each thread passes its own). Opt-in (`--shapes=escape,teamRead`),
   *  drawn from the side stream: default programs are unchanged. */
  teamRead: number;
  /** With `escape`: the sequential part keeps the escaping alloca's address in a `local`
   *  global, a `noinline` helper with no pointer argument writes the alloca through it (after
   *  a delay loop, so the other warps run ahead if nothing holds them), and the amenable
   *  reader of `teamRead` reads it back for the next region's argument. Opt-in
   *  (`--shapes=escape,teamViaLocal`), drawn from the side stream: default programs are unchanged. */
  teamViaLocal: number;
  /** A kernel launched on one team whose sequential part, after its parallel region, may
   *  take an early exit (on `%x`): a slow `noinline` helper writes the team's area, the main
   *  thread prints, and an amenable `noinline` helper (every thread calls it after
   *  SPMD-ization) divides by zero (the planted fault `GEN_FAULT_DIV`); the line must come
   *  before the fault. Opt-in (`--shapes=faultAfter`), drawn from the side stream. */
  faultAfter: number;
  /** A helper the inliner copies whose alloca outlives a slot: a loop that links one node
   *  alloca per iteration into a list and then walks it (each run of an alloca is a fresh
   *  slot for the rest of the activation); or (on some launches, after a print) a helper
   *  returning its alloca's address, which a `noinline` reader loads after the return (the
   *  planted fault `GEN_DANGLING_READ`); or a recursion 300 deep whose every level calls a
   *  helper with a 4 MiB alloca (one at a time as written; 1.2 GiB, over the memory limit,
   *  if the recursive function kept the slots; it writes a global, so SPMD-ization runs it
   *  on one thread, not replicated); or a call that never runs of a helper with a 1.2 GB
   *  alloca (out of memory if the slot were taken at the caller's start); or, on launches on
   *  one team, an unused alloca of count -1 in an inlined helper (the planted fault
   *  `GEN_NEGATIVE_ALLOCA`: deleted, the kernel would finish). Opt-in (`--shapes=allocaSlots`), drawn from
   *  the side stream. */
  allocaSlots: number;
  /** On launches on one team taking an early exit on `%x` after a print: `@gdpun` keeps its
   *  alloca's address in a second alloca and returns its bits as an `i64` (a load, or an
   *  atomic exchange's old value); the `noinline` `@gdbits` turns them back into a pointer
   *  through the `local` global `@gpunslot` and reads through it (the planted fault
   *  `GEN_DANGLING_READ`; inlined, the slot would live on). Opt-in (`--shapes=allocaPun`),
   *  drawn from the side stream. */
  allocaPun: number;
  /** A kernel alloca whose address reaches a parallel region (atomic adds) laundered on the
   *  way: through a `select` or a block argument (with a second alloca), a team-shared
   *  pointer slot (a store, or an atomic exchange), a `global` pointer slot per team, or a
   *  `noinline` identity helper; sometimes written through the laundered pointer first, read
   *  back directly after the region. Opt-in (`--shapes=escapeVia`), side stream. */
  escapeVia: number;
  /** A function address chosen by a computed value, kept in a `global` pointer slot per team,
   *  loaded and called through `call_indirect` (with or without `callees(...)`) by the
   *  sequential part and by a parallel region (summed into the region word with atomics).
   *  Opt-in (`--shapes=fnptrMem`), side stream. */
  fnptrMem: number;
  /** On launches on one team taking it on `%x`: a loop without exit (a print, sometimes a
   *  parallel region, a team-word store each iteration) left only by the division by zero of
   *  `@gfloop` (the planted fault `GEN_FAULT_LOOP`) after 1-4 iterations. Opt-in
   *  (`--shapes=faultLoop`), side stream. */
  faultLoop: number;
  /** Symbols named like the ones the passes and OpenMP runtimes invent: `@k<K>_r0.merged`
   *  (merge-parallel's function), `@t1.merged` (its value slots), `@globalized_shared`
   *  (deglobalize), `@__kmpc_*` / `@__omp_outlined__*` (helpers and a region), used by the
   *  sequential part and the region; in the kernel, a block named like spmdize's, inline's
   *  or specialize-indirect's (`^spmd.entry`, `^guard.barrier`, `^icall.join`, …) and values
   *  `%tid`, `%is_main`. Opt-in (`--shapes=names8`), side stream. */
  names8: number;
  /** Recursion reached from both modes: `@rb` (direct, bounded depth, thread queries and a
   *  `noinline` mutual partner `@rb2`) called by the sequential part, by a parallel region
   *  (summed into the region word with atomics) and by a hand-written SPMD kernel `@rbs`
   *  (each thread its own slot). Opt-in (`--shapes=recBoth`), side stream. */
  recBoth: number;
  /** Parallel regions capped by `threads(n)`, n a constant, 0, negative, a kernel operand, or
   *  computed by the main thread from its own thread id in a `noinline` helper, called
   *  directly or through `call_indirect` (with or without `callees(...)`): after
   *  SPMD-ization every thread reaches the region, and the cap must still be thread 0's. The
   *  region sums its `omp.num_threads` and thread numbers into a kernel alloca with atomics
   *  around a barrier (which counts only the region's threads); sometimes followed by a
   *  second region, capped or not (merge-parallel must not merge a capped one). Opt-in
   *  (`--shapes=capped`), side stream. */
  capped: number;
  /** `omp.level` read at every level: a `noinline` helper `@lv_q` (and an inlined `@lv_i`)
   *  reading it, called by the sequential part between two parallel regions (in a kernel
   *  kept generic by a call through one of four addresses, so merge-parallel may move the
   *  call into a merged region, at level 1), by the regions and by a region nested in them
   *  (level 2), so fold-queries cannot fold it; the query in the kernel's own code too.
   *  Results go to team word 24 with atomic adds, a print, a region argument. Opt-in
   *  (`--shapes=levels`), side stream. */
  levels: number;
  /** A recursion as deep as the simulated call stack allows (1024 activations per warp at
   *  warp size 32): `@dc_rec`, `noinline`, to a depth of 1022 or 1023 from `%x`, called by
   *  the sequential part between two parallel regions of a kernel kept generic (a call
   *  through one of four addresses), and by thread 0 of a region one level less deep.
   *  merge-parallel must not add an activation below it. Opt-in (`--shapes=deepCall`),
   *  side stream. */
  deepCall: number;
  /** On launches on one team taking an early exit on `%x`: thread 0 frees a device heap
   *  block and keeps its address (`@gqheap`), the sequential part then makes QUARANTINE_CHURN
   *  calls (4 200 to 4 499) of a pure `noinline` helper whose alloca's address goes to a call
   *  (so its id goes to the quarantine), which spmdize runs on every thread, then a region,
   *  then a read through the freed block's address (`GEN_HEAP_READ`, planted: a use after
   *  free naming the block). Under -O the team frees 32 to 96 times as many allocations as
   *  thread 0 does: a quarantine window counted over the run (131 072) closes, one counted
   *  per thread does not. Opt-in (`--shapes=quarantine`), side stream. */
  quarantine: number;
  /** The sequential part calls `@gbigh`, a pure `noinline` helper whose own alloca takes
   *  40 MiB (BIG_HELPER_I32 i32s): as written one thread holds it; run on every thread (a
   *  replicated pure call), a warp's 32 lanes would want 1.25 GiB of the 1 GiB memory, out
   *  of memory where the program runs. Half the time `@gbigp` instead, which also writes
   *  through a pointer to a slot of the kernel's own that the kernel then reads (a guarded
   *  call and an alloca the analysis could keep per thread). Opt-in (`--shapes=bigHelper`),
   *  side stream. */
  bigHelper: number;
  /** A callback passed as an argument: `@fpp_walk(%fp, %n, %acc)` calls `%fp` and recurses
   *  passing it on, `@fpp_apply(%fp, %v)` calls it once; the sequential part passes one of
   *  @fpp_a (hardware-thread query), @fpp_b (thread number), @fpp_c (an atomic on a per-team
   *  counter whose old value it returns: a side effect to guard), a `select` of two, or a
   *  pointer loaded from a global slot; sometimes @fpp_apply's address is taken, and a
   *  parallel region calls @fpp_walk with a callback of its own argument (@fpp_a or
   *  @fpp_b). For specialize-indirect's tracing into parameters (twelfth session).
   *  Opt-in (`--shapes=fnptrParam`), side stream. */
  fnptrParam: number;
  /** The sequential part calls `@gframe`, a pure `noinline` helper with BIG_FRAME_ALLOCAS
   *  allocas of 64 KiB each (none large alone: 8 MiB in all) and a delay loop that keeps
   *  every warp inside it at once: as written each team's main thread holds 8 MiB; run on
   *  every thread (a replicated pure call), 128 threads or more want the whole 1 GiB memory,
   *  out of memory where the program runs. Opt-in (`--shapes=bigFrame`), side stream
   *  (twelfth session). */
  bigFrame: number;
  /** A `noinline` helper `@glcaddr` returns the address of an element of the `local` global
   *  `@glc` (the main thread's copy, when the call is guarded); the sequential part compares
   *  it with the same element's address computed in the kernel (named, a gep, or the
   *  amenable `noinline` `@glcaddra`'s result) (`icmp eq`/`ne`, or a
   *  `select` between two values on it), and the result is a value the kernel uses: as
   *  written always equal; replicated, each thread compares thread 0's copy with its own.
   *  Sometimes it also stores through the returned pointer and reads the element back.
   *  Opt-in (`--shapes=localGlobalPtr`), side stream (twelfth session). */
  localGlobalPtr: number;
  /** The main thread issues a `nowait` reverse offload (directly, or in the `noinline`
   *  helper `@nwissue`) whose host function `@nwset` writes a slot through a `from` map: the
   *  kernel's own alloca, or the `shared` global `@nwslot`. Then a parallel region that does
   *  nothing (`@nw_nop`, directly or through the helper `@nwpar`), or one of the kernel's,
   *  whose implicit barriers complete the request; then the slot is read back and its value
   *  used. And a hand-written SPMD kernel @nws whose threads each issue one into their own
   *  alloca (directly or through `@nwissue`), or whose thread 0 issues one into a uniform
   *  block, then wait at a barrier and return or free the block, sometimes after reading the
   *  slots back. Sometimes the kernel is kept generic (a warp shuffle) and starts `@nw_reg`,
   *  whose threads 0 and 1 issue requests into their own alloca (or `@nw_reg2`, whose thread
   *  0 does it from a nested region `@nw_nest`) and wait at a barrier before returning (the
   *  alloca ends at the return, before the region's end barrier: docs/LANGUAGE.md), and one
   *  of its regions right after it; or starts `@nw_glob` (or `@nw_glob2`, through a noinline
   *  helper, or `@nw_glob3`, through a call_indirect of @nwgsend or @nwgquiet by the value's
   *  parity, with a callee set), whose every thread adds to its word of the device global `@nwbuf` by a request
   *  left pending at its return, reads its team's first word, and starts one of its regions
   *  (sixteenth session: merge-parallel merges such regions, the barrier after the call
   *  completing the requests). Without reverse offload, nothing. Opt-in (`--shapes=nowaitRevoffload`), side
   *  stream (thirteenth session: dead-parallel removed the empty region of a generic kernel,
   *  barrier-elim the barrier before the frame or the block ended). */
  nowaitRevoffload: number;
  /** Thread 0's alloca read by other threads late, just before the return that ends it:
   *  the SPMD kernel @shf publishes thread 0's alloca in a `shared` slot, waits at a barrier,
   *  the second warp's threads read it after a delay loop, a barrier, return; and the generic
   *  kernels pass a kernel alloca to the region @shf_add, then call the amenable `noinline`
   *  `@shf_rd` (a delay loop, then a read of it), whose result is used. Opt-in
   *  (`--shapes=sharedFrame`), side stream (thirteenth session: barrier-elim removed the
   *  barrier before the return). */
  sharedFrame: number;
}

export const SHAPES: Shapes = {
  names: 0.3, localGlobal: 0.1, longLoop: 0.01, spmdKernel: 0.15, exitless: 0.1, escape: 0.15,
  largeAlloca: 0.01, headerEffects: 0.35, printIf: 0.35, stmt: 0.12, sitofp: 0.05, regionStmt: 0.08, shuffle: 0,
  merge: 0.25, partialBarrier: 0, teamRead: 0, teamViaLocal: 0, faultAfter: 0, allocaSlots: 0,
  allocaPun: 0, escapeVia: 0, fnptrMem: 0, faultLoop: 0, names8: 0, recBoth: 0, capped: 0, levels: 0, deepCall: 0, partialNested: 0,
  partialDoomed: 0, partialMemory: 0, stackFault: 0, quarantine: 0, bigHelper: 0, bigFrame: 0, localGlobalPtr: 0, fnptrParam: 0, nowaitRevoffload: 0, sharedFrame: 0,
};

/** The shapes the default mix (`--shapes=all`) never makes: they are made only when named. */
export function optInShapes(): string[] {
  return [...Object.keys(SHAPES).filter((k) => SHAPES[k as keyof Shapes] === 0), ...OPT_IN_SHAPES];
}

export const NO_SHAPES: Shapes = {
  names: 0, localGlobal: 0, longLoop: 0, spmdKernel: 0, exitless: 0, escape: 0, largeAlloca: 0,
  headerEffects: 0, printIf: 0, stmt: 0, sitofp: 0, regionStmt: 0, merge: 0, shuffle: 0, partialBarrier: 0, teamRead: 0,
  teamViaLocal: 0, faultAfter: 0, allocaSlots: 0, allocaPun: 0, escapeVia: 0, fnptrMem: 0, faultLoop: 0, names8: 0, recBoth: 0, capped: 0, levels: 0, deepCall: 0,
  partialNested: 0, partialDoomed: 0, partialMemory: 0, stackFault: 0, quarantine: 0, bigHelper: 0, bigFrame: 0, localGlobalPtr: 0, fnptrParam: 0, nowaitRevoffload: 0, sharedFrame: 0,
};

/** `onlyShapes` probabilities: the rare per-program and per-kernel shapes made common, so
 *  that a campaign on one class meets it in most programs. */
const FOCUSED: Shapes = { ...SHAPES, names: 1, localGlobal: 1, longLoop: 0.3, spmdKernel: 1, exitless: 0.3, escape: 0.6, largeAlloca: 0.2, merge: 1, shuffle: 0.25, partialBarrier: 1, teamRead: 1, teamViaLocal: 1, faultAfter: 0.7, allocaSlots: 1,
  allocaPun: 0.5, escapeVia: 0.7, fnptrMem: 0.6, faultLoop: 0.4, names8: 1, recBoth: 0.8, capped: 0.8, levels: 0.8, deepCall: 0.5, partialNested: 0.8, partialDoomed: 0.6, partialMemory: 1, stackFault: 0.8,
  quarantine: 0.6, bigHelper: 0.7, bigFrame: 0.7, localGlobalPtr: 0.8, fnptrParam: 0.7, nowaitRevoffload: 0.8, sharedFrame: 0.8 };

/** The partial-barrier kernels' entry: each thread's global id %g and its word %q of %buf. */
const PB_ENTRY = `^entry:
  %t = omp.team_num
  %h = omp.hw_thread_id
  %n = omp.hw_num_threads
  %row = mul i32 %t, %n
  %g = add i32 %row, %h
  %q = gep i32, %buf, %g`;

/** The message of every trap the generator plants: a run may end in it (identically after `-O`). */
export const GEN_TRAP = "gen: trap";
/** The helper of the `faultAfter` shape: its division by zero is planted. */
export const GEN_FAULT_DIV = "gfdiv";
/** The other helper of the `faultAfter` shape: its load past the end of its own 4-element
 *  alloca, at an index masked by `and 7` (a known range, not a known bound), is planted. */
export const GEN_FAULT_OOB = "gfoob";
/** The reader of the `allocaSlots` shape: its load through a returned alloca address is planted. */
export const GEN_DANGLING_READ = "gdread";
/** The reader of GEN_DANGLING_READ, as the allocaSlots and allocaPun shapes write it. */
const DANGLING_READER = `device @${GEN_DANGLING_READ}(%p: ptr) -> i32 noinline {
^entry:
  %v = load i32, local %p
  ret %v
}
`;
/** The `bigHelper` shape's alloca: 40 MiB. */
const BIG_HELPER_I32 = 10485760;
/** The `bigHelper` shape's helpers: pure but for a write through @gbigp's pointer, each
 *  with its own 40 MiB slot written and read at one place. */
const BIG_HELPER = `device @gbigh(%v: i32) -> i32 noinline {
^entry:
  %a = alloca i32, ${BIG_HELPER_I32}
  %m = and i32 %v, 4095
  %p = gep i32, %a, %m
  store i32 %v, local %p
  %x = load i32, local %p
  %r = add i32 %x, 1
  ret %r
}

device @gbigp(%v: i32, %out: ptr) -> i32 noinline {
^entry:
  %a = alloca i32, ${BIG_HELPER_I32}
  %m = and i32 %v, 4095
  %p = gep i32, %a, %m
  store i32 %v, local %p
  %x = load i32, local %p
  %r = add i32 %x, 3
  store i32 %r, local %out
  ret %x
}
`;
/** The `bigFrame` shape's allocas of 64 KiB (SMALL_ALLOCA_BYTES, the most that is not
 *  large alone) in one frame: 8 MiB. */
const BIG_FRAME_ALLOCAS = 128;
/** The `bigFrame` shape's helper: each alloca written once; a delay loop of 4000 iterations
 *  reading the first, so that the warps take turns inside it. */
const BIG_FRAME_HELPER = `device @gframe(%v: i32) -> i32 noinline {
^entry:
${Array.from({ length: BIG_FRAME_ALLOCAS }, (_, i) => `  %a${i} = alloca i32, 16384\n  store i32 %v, local %a${i}`).join("\n")}
  br ^loop(0, 0)
^loop(%i: i32, %s: i32):
  %c = icmp slt i32 %i, 4000
  cond_br %c, ^body, ^done
^body:
  %q = gep i32, %a0, %i
  %y = load i32, local %q
  %s2 = add i32 %s, %y
  %i2 = add i32 %i, 1
  br ^loop(%i2, %s2)
^done:
  %z = load i32, local %a${BIG_FRAME_ALLOCAS - 1}
  %r = add i32 %s, %z
  ret %r
}
`;
/** The `localGlobalPtr` shape's global and helper. */
const LOCAL_GLOBAL_PTR = `global @glc : local i32 x 4

device @glcaddr(%i: i32) -> ptr noinline {
^entry:
  %m = and i32 %i, 3
  %p = gep i32, @glc, %m
  ret %p
}

device @glcaddra(%i: i32) -> ptr noinline assume("ompx_spmd_amenable") {
^entry:
  %m = and i32 %i, 3
  %p = gep i32, @glc, %m
  ret %p
}
`;
/** The `sharedFrame` shape's kernel, region and reader. */
const SHARED_FRAME = `global @shfpub : shared ptr

kernel @shf(%out: ptr, %delay: i32) spmd {
^entry:
  %t = omp.hw_thread_id
  %tm = omp.team_num
  %n = omp.hw_num_threads
  %row = mul i32 %tm, %n
  %g = add i32 %row, %t
  %a = alloca i32, 2
  %z = icmp eq i32 %t, 0
  cond_br %z, ^publish, ^w1
^publish:
  %v0 = add i32 %g, 40
  store i32 %v0, local %a
  store ptr %a, shared @shfpub
  br ^w1
^w1:
  omp.barrier
  %late = icmp sge i32 %t, 32
  cond_br %late, ^spin(0), ^w2
^spin(%i: i32):
  %i1 = add i32 %i, 1
  %more = icmp slt i32 %i1, %delay
  cond_br %more, ^spin(%i1), ^read
^read:
  %p = load ptr, shared @shfpub
  %v = load i32, local %p
  %d = gep i32, %out, %g
  store i32 %v, global %d
  br ^w2
^w2:
  omp.barrier
  ret
}

device @shf_add(%a: ptr) {
^entry:
  %o = atomic add i32, local %a, 1
  ret
}

device @shf_rd(%a: ptr, %delay: i32) -> i32 noinline assume("ompx_spmd_amenable") {
^entry:
  br ^spin(0)
^spin(%i: i32):
  %i1 = add i32 %i, 1
  %more = icmp slt i32 %i1, %delay
  cond_br %more, ^spin(%i1), ^go
^go:
  %v = load i32, local %a
  ret %v
}
`;
/** The `nowaitRevoffload` shape's host function, slot, empty region and helpers. */
const NOWAIT_REVOFFLOAD = `global @nwslot : shared i32

host @nwset(%slot: ptr, %v: i32) {
^entry:
  %w = mul i32 %v, 3
  %w1 = add i32 %w, 1
  store i32 %w1, host %slot
  ret
}

device @nw_nop(%x: i32) {
^entry:
  %y = mul i32 %x, 5
  %z = add i32 %y, 1
  ret
}

device @nwpar(%x: i32) {
^entry:
  omp.parallel @nw_nop(%x)
  ret
}

device @nw_reg(%v: i32) {
^entry:
  %t = omp.thread_num
  %slot = alloca i32
  %few = icmp slt i32 %t, 2
  cond_br %few, ^ask, ^done
^ask:
  %w = add i32 %v, %t
  omp.reverse_offload @nwset(%slot, %w) map(from: i32 %slot[0:1]) nowait
  br ^done
^done:
  omp.barrier
  ret
}

device @nw_nest(%slot: ptr, %v: i32) {
^entry:
  omp.reverse_offload @nwset(%slot, %v) map(from: i32 %slot[0:1]) nowait
  ret
}

device @nw_reg2(%v: i32) {
^entry:
  %t = omp.thread_num
  %slot = alloca i32
  %z = icmp eq i32 %t, 0
  cond_br %z, ^ask, ^done
^ask:
  omp.parallel @nw_nest(%slot, %v)
  br ^done
^done:
  omp.barrier
  ret
}

device @nwissue(%slot: ptr, %v: i32) noinline {
^entry:
  omp.reverse_offload @nwset(%slot, %v) map(from: i32 %slot[0:1]) nowait
  ret
}

global @nwbuf : global i32 x 384

host @nwadd(%slot: ptr, %v: i32) {
^entry:
  %o = load i32, host %slot
  %n = add i32 %o, %v
  store i32 %n, host %slot
  ret
}

device @nwgsend(%p: ptr, %v: i32) noinline {
^entry:
  omp.reverse_offload @nwadd(%p, %v) map(always, tofrom: i32 %p[0:1]) nowait
  ret
}

device @nw_glob(%v: i32) {
^entry:
  %t = omp.thread_num
  %tm = omp.team_num
  %row = mul i32 %tm, 128
  %i = add i32 %row, %t
  %p = gep i32, @nwbuf, %i
  %w = add i32 %v, %t
  omp.reverse_offload @nwadd(%p, %w) map(always, tofrom: i32 %p[0:1]) nowait
  ret
}

device @nw_glob2(%v: i32) {
^entry:
  %t = omp.thread_num
  %tm = omp.team_num
  %row = mul i32 %tm, 128
  %i = add i32 %row, %t
  %p = gep i32, @nwbuf, %i
  %w = add i32 %v, %t
  call @nwgsend(%p, %w)
  ret
}

device @nwgquiet(%p: ptr, %v: i32) {
^entry:
  ret
}

device @nw_glob3(%v: i32) {
^entry:
  %t = omp.thread_num
  %tm = omp.team_num
  %row = mul i32 %tm, 128
  %i = add i32 %row, %t
  %p = gep i32, @nwbuf, %i
  %w = add i32 %v, %t
  %odd = and i32 %v, 1
  %even = icmp eq i32 %odd, 0
  %f = select ptr %even, @nwgsend, @nwgquiet
  call_indirect %f(%p, %w) : (ptr, i32) -> void callees(@nwgsend, @nwgquiet)
  ret
}

`;
/** @nws's read-back of the slots after its barrier. */
const STORE_BACK = `  br ^store
^store:
  %v = load i32, local %slot
  %w = load i32, shared %u
  %s = add i32 %v, %w
  %p = gep i32, %out, %g
  store i32 %s, global %p
  br ^end
`;
/** The `nowaitRevoffload` shape's SPMD kernel: `%how` & 3 picks where the requests go;
 *  with `keep` the threads read their slots back after the barrier and store them, without
 *  it nothing but the block's free follows the barrier. */
const nowaitSpmdKernel = (keep: boolean): string => `kernel @nws(%out: ptr, %how: i32) spmd {
^entry:
  %t = omp.hw_thread_id
  %tm = omp.team_num
  %n = omp.hw_num_threads
  %row = mul i32 %tm, %n
  %g = add i32 %row, %t
  %slot = alloca i32
  %u = omp.alloc_shared uniform 4
  %m = and i32 %how, 3
  %c0 = icmp eq i32 %m, 0
  cond_br %c0, ^own, ^not0
^own:
  omp.reverse_offload @nwset(%slot, %g) map(from: i32 %slot[0:1]) nowait
  br ^wait
^not0:
  %c1 = icmp eq i32 %m, 1
  cond_br %c1, ^helper, ^not1
^helper:
  call @nwissue(%slot, %g)
  br ^wait
^not1:
  %z = icmp eq i32 %t, 0
  cond_br %z, ^block, ^wait
^block:
  omp.reverse_offload @nwset(%u, %g) map(from: i32 %u[0:1]) nowait
  br ^wait
^wait:
  omp.barrier
${keep ? STORE_BACK : "  br ^end\n"}^end:
  omp.free_shared uniform %u, 4
  ret
}
`;
/** The reader of the `quarantine` shape: its load through a freed heap block is planted. */
export const GEN_HEAP_READ = "gqread";
/** The `quarantine` shape's helpers. */
const QUARANTINE_HELPERS = `device @gqid(%p: ptr) -> ptr noinline {
^entry:
  ret %p
}

device @gqslot(%i: i32) -> i32 noinline {
^entry:
  %a = alloca i32, 2
  store i32 %i, local %a
  %b = call @gqid(%a)
  %e = icmp eq ptr %b, null
  %r = select i32 %e, 7, %i
  ret %r
}

device @gqchurn(%n: i32, %v: i32) -> i32 noinline {
^entry:
  br ^loop(0, %v)
^loop(%i: i32, %s: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %r = call @gqslot(%i)
  %s1 = add i32 %s, %r
  %i1 = add i32 %i, 1
  br ^loop(%i1, %s1)
^done:
  ret %s
}

device @gqheap(%v: i32) -> ptr noinline {
^entry:
  %a = omp.malloc 8
  store i32 %v, global %a
  omp.free %a
  ret %a
}

device @gqread(%p: ptr) -> i32 noinline {
^entry:
  %v = load i32, global %p
  ret %v
}

device @gqreg(%tarea: ptr, %v: i32) {
^entry:
  %p = gep i32, %tarea, 29
  %o = atomic add i32, global %p, %v
  ret
}
`;
/** The helper of the `faultLoop` shape: its division by zero, which ends an exit-less loop, is planted. */
export const GEN_FAULT_LOOP = "gfloop";
/** The helper of the `allocaSlots` shape whose unused alloca of a negative count is planted. */
export const GEN_NEGATIVE_ALLOCA = "gneg";
/** The kernel of the `partialBarrier` shape: a partial-barrier fault there is planted. */
export const GEN_PARTIAL_BARRIER_KERNEL = "pb0";
/** The recursion of the `stackFault` shape: running out of call stack there is planted. */
export const GEN_STACK_FAULT = "sf_rec";
/** The kernel of the `stackFault` shape: its free of a uniform block with another size is planted. */
export const GEN_STACK_FAULT_KERNEL = "sf0";
/** Iterations of the long pure loop (`Shapes.longLoop`). */
export const LONG_LOOP = 1_000_000;

export const BANK = 512;
/** i32 elements of the large alloca (8 MiB). */
export const BIG_ALLOCA = 2 * 1024 * 1024;
export const TEAM_BASE = 1024;
export const TEAM_AREA = 32;
export const MAX_TEAMS = 4;
export const COUNTERS = TEAM_BASE + MAX_TEAMS * TEAM_AREA;
export const BUF_LEN = COUNTERS + 8;

type T = "i1" | "i32" | "i64" | "f64" | "ptr";
type Val = BodyVal<T>;

/** Where a body runs: kernel sequential part, a parallel region, a device helper, host code. */
type Ctx = "seq" | "region" | "helper" | "host";

/** One function body under construction: blocks of text plus the values in scope. */
class Body extends BodyText<T> {
  /** Parallel regions may be started here (sequential code of kernels and helpers). */
  canParallel = false;
  /** Names of: the kernel buffer, this team's area, the team-shared pair, team and thread tag values. */
  buf = "%buf";
  tarea = "";
  shared = "";
  team = "";
  tid = "0";
  /** Region bodies: the bank offsets to write / read and the thread count. */
  wofs = "";
  rofs = "";
  nt = "";
  scratch = "";
  /** What an early return returns ("void", "i32"), or null where none may appear. */
  ret: "void" | "i32" | null = null;

  constructor(readonly ctx: Ctx) {
    super();
  }

  /** A helper value kept out of scope (addresses, masks). */
  tmp(type: T, rhs: string): string {
    return this.def(type, rhs, "t", false).name;
  }
}

/** Edge values for int-to-float conversions: exact limits, ties, double-rounding cases. */
const EDGE_I64 = ["0", "1", "-1", "16777217", "-16777217", "2147483648", "9007199254740993", "-9007199254740993",
  "4611686293305294849", "9223372036854775807", "-9223372036854775808", "-4611686293305294849"] as const;
const EDGE_I32 = ["0", "1", "-1", "16777217", "-16777217", "2147483647", "-2147483648", "33554435"] as const;

const ATOMIC_OPS = ["add", "sub", "and", "or", "xor", "min", "max", "umin", "umax", "xchg"] as const;
const SEQ_QUERIES = ["team_num", "num_teams", "thread_num", "num_threads", "hw_thread_id", "hw_num_threads"] as const;

interface Helper {
  name: string;
  /** "pure": i32 math; "query": uses omp.thread_num; "side": stores to the team area
   *  (sequential code only); "par": starts a parallel region (sequential code only);
   *  "hwq": i32 math on omp.hw_thread_id (also called through call_indirect); "rec": one of
   *  two mutually recursive helpers using thread queries (first argument: the depth). */
  kind: "pure" | "query" | "side" | "par" | "hwq" | "rec";
  params: T[];
}

/** Helpers that write private memory through a pointer, and the self-guarding amenable one. */
interface ShapeHelpers {
  /** `(%tarea, %pp, %v) -> i32`: a team-area store (so its call is guarded) and a store to `local %pp`. */
  pw: string[];
  /** `(%pp, %v) -> i32 noinline`: its only write is to `local %pp`. */
  pset: string[];
  /** `(%tarea, %v) -> i32 assume("ompx_spmd_amenable")`: `if hw_thread_id == 0 { atomic add }`. */
  amen: string[];
  /** `(%buf, %tarea, %sh, %team, %v) -> i32 noinline`: may start a parallel region (only for
   *  large %v), then returns a guarded atomic's result: called in loops (the broadcast slot must not be reused too early). */
  pl: string[];
  /** `(%tarea, %v) -> i32 noinline`: reads two words of the team area, writes nothing. */
  ro: string[];
  /** `(%buf, %tarea, %sh, %team, %d, %v) -> i32 noinline`: recursive to depth %d, each level a
   *  guarded read-modify-write of a team word (16-23) and a parallel region. */
  rp: string[];
}

class Gen {
  private out: string[] = [];
  private helpers: Helper[] = [];
  private revCallees: string[] = [];
  private regions: string[] = [];
  private spmd: string | null = null;
  /** The `recBoth` shape's SPMD kernel `@rbs`: its launch argument, once written. */
  private recSpmd: number | null = null;
  /** The `sharedFrame` shape's SPMD kernel @shf: its delay (null: not in the program). */
  private shfSpmd: number | null = null;
  /** The `nowaitRevoffload` shape's SPMD kernel @nws: its variant (null: not in the program). */
  private nwSpmd: number | null = null;
  /** The `partialBarrier` kernel's launch: its `lim` argument and team size. */
  private pb: { lim: number; threads: number; teams: number } | null = null;
  /** The `stackFault` kernel's launch: its depth and team size. */
  private sf: { depth: number; threads: number } | null = null;
  /** Whether the `teamRead` shape's helper is written. */
  private teamReader = false;
  /** Whether the `teamViaLocal` shape's global and writer are written. */
  private localPtrWriter = false;
  /** This kernel gets the `faultAfter` shape; its helpers are written once. */
  private faultKernel = false;
  private faultHelpers = false;
  /** This kernel gets the `allocaSlots` shape (and its dangling read, on one team); the helpers are written once. */
  private slotsKernel: "list" | "dangle" | "recurse" | "untaken" | "negative" | null = null;
  private slotsHelpers = false;
  /** This kernel gets the `allocaPun` / `faultLoop` shape (launched on one team); which
   *  eighth-session helpers and globals are written. */
  private punKernel = false;
  private faultLoopKernel = false;
  private written8 = new Set<string>();
  private depth = 0;
  private k = 0;
  readonly sh: Shapes;
  private sx: ShapeHelpers = { pw: [], pset: [], amen: [], pl: [], ro: [], rp: [] };
  /** Program-level shape state: the local global, a long loop still to place, the set-flag host callee. */
  private localGlobal: string | null = null;
  private longLoopLeft = false;
  private revSet: string | null = null;
  private indirectWrapper: string | null = null;
  /** Per kernel: launch configuration, escaping cell, large alloca, generated-looking globals. */
  private launches: { teams: number; threads: number; x: number; n: number }[] = [];
  private kernelTeams1 = false;
  /** This kernel gets the `quarantine` shape (on one team). */
  private quarantineKernel = false;
  private escRegion: string | null = null;
  private escCell = "";
  private big = "";
  private lookalikes: { shared: string[]; global: string[] } = { shared: [], global: [] };

  /** `merge` shapes draw from `side` (swapped in while they are emitted). */
  private mergeCallees: string[] = [];

  constructor(public rng: Rng, readonly opts: GenericOptions, private readonly side: Rng = new Rng(0)) {
    this.sh = { ...SHAPES, ...opts.shapes };
  }

  // ----- operands -------------------------------------------------------------------------

  lit(t: T): string {
    const r = this.rng;
    switch (t) {
      case "i1":
        return r.pick(["true", "false"]);
      case "i32":
        return String(r.pick([0, 1, 2, 3, 7, -1, -5, 100, 2147483647, r.int(-1000, 1000)]));
      case "i64":
        return String(r.pick([0, 1, -1, 42, 4294967296, r.int(-100000, 100000)]));
      case "f64":
        return r.pick(["0.0", "1.0", "-2.5", "0.125", "3.0"]);
      case "ptr":
        throw new Error("generator: no pointer literals");
    }
  }

  val(b: Body, t: T): string {
    const vs = b.scope.filter((v) => v.type === t);
    if (vs.length) return this.rng.pick(vs).name;
    switch (t) {
      case "i1":
        return b.def("i1", `icmp ${this.rng.pick(ICMP_PREDS)} i32 ${this.val(b, "i32")}, ${this.lit("i32")}`).name;
      case "i64":
        return b.def("i64", `sext i32 ${this.val(b, "i32")} to i64`).name;
      case "f64":
        return b.def("f64", `sitofp i32 ${this.val(b, "i32")} to f64`).name;
      case "i32":
        return b.def("i32", `add i32 ${this.lit("i32")}, ${this.lit("i32")}`).name;
      case "ptr":
        throw new Error("generator: pointers are never taken from scope");
    }
  }

  opnd(b: Body, t: T): string {
    return this.rng.chance(0.8) ? this.val(b, t) : this.lit(t);
  }

  /** An i32 in [0, mask] (mask + 1 a power of two), kept out of scope. */
  idx(b: Body, mask: number): string {
    return b.tmp("i32", `and i32 ${this.val(b, "i32")}, ${mask}`);
  }

  /** The address of word `lo + (v & mask)` of this team's area. */
  teamWord(b: Body, lo: number, mask: number): string {
    const i = this.idx(b, mask);
    const j = lo ? b.tmp("i32", `add i32 ${i}, ${lo}`) : i;
    return b.tmp("ptr", `gep i32, ${b.tarea}, ${j}`);
  }

  // ----- statements -------------------------------------------------------------------------

  /** Arithmetic, comparisons, casts: pure code every context may run. */
  pureStmt(b: Body): void {
    const r = this.rng;
    if (r.chance(this.sh.sitofp)) return this.sitofpStmt(b);
    switch (r.int(0, 6)) {
      case 0:
      case 1: {
        const t: T = r.chance(0.8) ? "i32" : "i64";
        b.def(t, `${r.pick(INT_OPS)} ${t} ${this.opnd(b, t)}, ${this.opnd(b, t)}`);
        return;
      }
      case 2: {
        const t: T = r.chance(0.8) ? "i32" : "i64";
        // divisor in [1, 15]: no division by zero, no INT_MIN / -1
        const m = b.tmp(t, `and ${t} ${this.val(b, t)}, 15`);
        const d = b.tmp(t, `or ${t} ${m}, 1`);
        b.def(t, `${r.pick(["sdiv", "udiv", "srem", "urem"])} ${t} ${this.opnd(b, t)}, ${d}`);
        return;
      }
      case 3: {
        const amt = b.tmp("i32", `and i32 ${this.val(b, "i32")}, 31`);
        b.def("i32", `${r.pick(["shl", "lshr", "ashr"])} i32 ${this.opnd(b, "i32")}, ${amt}`);
        return;
      }
      case 4:
        b.def("i1", `icmp ${r.pick(ICMP_PREDS)} i32 ${this.opnd(b, "i32")}, ${this.opnd(b, "i32")}`);
        return;
      case 5:
        b.def("i32", `select i32 ${this.val(b, "i1")}, ${this.opnd(b, "i32")}, ${this.opnd(b, "i32")}`);
        return;
      case 6:
        if (r.chance(0.5)) b.def("i32", `trunc i64 ${this.val(b, "i64")} to i32`);
        else if (r.chance(0.5)) b.def("f64", `fmul f64 ${this.opnd(b, "f64")}, ${this.opnd(b, "f64")}`);
        else b.def("i32", `fptosi f64 ${this.val(b, "f64")} to i32`);
        return;
    }
  }

  /** A warp shuffle of a value in scope: a constant delta (past the warp and negative ones
   *  included) or a computed one, in whatever control flow the statement lands in. */
  shuffleStmt(b: Body): void {
    const r = this.rng;
    const t = r.pick<T>(["i32", "i32", "i64", "f64"]);
    const delta = r.chance(0.5) ? String(r.pick([1, 2, 3, 16, 31, 32, 40, -1, -7])) : b.tmp("i32", `sub i32 ${b.tmp("i32", `and i32 ${this.val(b, "i32")}, 63`)}, 8`);
    b.def(t, `omp.shuffle_down ${t} ${this.opnd(b, t)}, ${delta}`);
  }

  /** A tagged print: `k<K> t<team>.<thread>| <kind> <values>`. */
  print(b: Body, what: string): void {
    const n = this.rng.int(1, 2);
    const parts: string[] = [];
    const args: string[] = [];
    for (let i = 0; i < n; i++) {
      const t = this.rng.pick<T>(["i32", "i32", "i64", "f64"]);
      parts.push(t === "i32" ? "%d" : t === "i64" ? "%ld" : "%f");
      args.push(this.val(b, t));
    }
    b.emit(`print "k${this.k} t%d.%d| ${what} ${parts.join(" ")}\\n", ${b.team}, ${b.tid}, ${args.join(", ")}`);
  }

  /** Thread-private scratch memory: every thread keeps its own identical copy. */
  privateStmt(b: Body): void {
    const base = this.localGlobal !== null && b.ctx !== "helper" && this.rng.chance(0.5) ? this.localGlobal : b.scratch;
    const p = b.tmp("ptr", `gep i32, ${base}, ${this.idx(b, 7)}`);
    const r = this.rng.int(0, 2);
    if (r === 0) b.emit(`store i32 ${this.opnd(b, "i32")}, local ${p}`);
    else if (r === 1) b.def("i32", `load i32, local ${p}`);
    else b.def("i32", `atomic ${this.rng.pick(ATOMIC_OPS)} i32, local ${p}, ${this.opnd(b, "i32")}`);
  }

  /** One statement of kernel (or helper) sequential code. */
  seqStmt(b: Body): void {
    const r = this.rng;
    // Tested only when asked for: drawing no number keeps the default programs as they were.
    if (this.sh.shuffle > 0 && r.chance(this.sh.shuffle / 4)) return this.shuffleStmt(b);
    if (r.chance(this.sh.stmt) && this.shapeStmt(b)) return;
    switch (r.int(0, 15)) {
      case 0:
      case 1:
      case 2:
        this.pureStmt(b);
        return;
      case 3: // store to this team's area (the region-readable half or the rest)
        b.emit(`store i32 ${this.opnd(b, "i32")}, global ${this.teamWord(b, 0, 31)}`);
        return;
      case 4:
        b.def("i32", `load i32, global ${this.teamWord(b, 0, 31)}`);
        return;
      case 5: {
        // read a slot a parallel region wrote (any bank, this team's range)
        const hw = b.tmp("i32", "omp.hw_num_threads");
        const u = b.tmp("i32", `urem i32 ${this.val(b, "i32")}, ${hw}`);
        const row = b.tmp("i32", `mul i32 ${b.team}, ${hw}`);
        const g = b.tmp("i32", `add i32 ${row}, ${u}`);
        const s = b.tmp("i32", `add i32 ${g}, ${r.pick([0, BANK])}`);
        b.def("i32", `load i32, global ${b.tmp("ptr", `gep i32, ${b.buf}, ${s}`)}`);
        return;
      }
      case 6: // team-shared memory: word 0 written here, read in regions; word 1 updated by regions
        if (r.chance(0.5)) b.emit(`store i32 ${this.opnd(b, "i32")}, shared ${b.shared}`);
        else b.def("i32", `load i32, shared ${b.tmp("ptr", `gep i32, ${b.shared}, ${r.int(0, 1)}`)}`);
        return;
      case 7: {
        const p = this.teamWord(b, 16, 15);
        if (r.chance(0.7)) b.def("i32", `atomic ${r.pick(ATOMIC_OPS)} i32, global ${p}, ${this.opnd(b, "i32")}`);
        else b.def("i32", `cmpxchg i32, global ${p}, ${this.opnd(b, "i32")}, ${this.opnd(b, "i32")}`);
        return;
      }
      case 8: {
        // a cross-team counter: commutative, result dropped
        const c = b.tmp("ptr", `gep i32, ${b.buf}, ${COUNTERS + r.int(0, 7)}`);
        b.tmp("i32", `atomic add i32, global ${c}, ${this.opnd(b, "i32")}`);
        return;
      }
      case 9:
        this.print(b, "seq");
        return;
      case 10:
        b.def("i32", `omp.${r.pick(SEQ_QUERIES)}`);
        return;
      case 11:
        this.privateStmt(b);
        return;
      case 12: {
        // read-only device memory
        const p = b.tmp("ptr", `gep i32, @dg, ${this.idx(b, 7)}`);
        b.def("i32", `load i32, global ${p}`);
        return;
      }
      case 13:
      case 14:
        this.callHelper(b);
        return;
      case 15:
        if (this.opts.reverseOffload) this.reverseOffload(b, this.teamWordIndex(b));
        else this.pureStmt(b);
        return;
    }
  }

  /** The buffer index of a word of the team area (for a reverse-offload map). */
  teamWordIndex(b: Body): string {
    const row = b.tmp("i32", `mul i32 ${b.team}, ${TEAM_AREA}`);
    const base = b.tmp("i32", `add i32 ${row}, ${TEAM_BASE + 16}`);
    return b.tmp("i32", `add i32 ${base}, ${this.idx(b, 7)}`);
  }

  /** Reverse offload of buffer word `index`: the host callee prints the tag and the value. */
  reverseOffload(b: Body, index: string): void {
    const cb = this.rng.pick(this.revCallees);
    const p = b.tmp("ptr", `gep i32, ${b.buf}, ${index}`);
    b.emit(`omp.reverse_offload ${cb}(${p}, ${this.opnd(b, "i32")}, ${b.team}, ${b.tid}) map(tofrom: i32 ${b.buf}[${index}:1])`);
  }

  callHelper(b: Body): void {
    const ok = this.helpers.filter((h) => b.ctx === "seq" || b.ctx === "helper" ? h.kind !== "par" || b.canParallel : h.kind !== "side" && h.kind !== "par");
    if (ok.length === 0) return this.pureStmt(b);
    const h = this.rng.pick(ok);
    const args: string[] = [];
    if (h.kind === "side" || h.kind === "par") args.push(b.buf, b.tarea, b.shared, b.team);
    if (h.kind === "rec") args.push(String(this.rng.int(0, 4)));
    for (const t of h.params.slice(h.kind === "rec" ? 1 : 0)) args.push(this.opnd(b, t));
    b.def("i32", `call ${h.name}(${args.join(", ")})`);
  }

  /** `omp.parallel` of one of the current kernel's regions. */
  parallel(b: Body): void {
    const region = this.rng.pick(this.regions);
    b.emit(`omp.parallel ${region}(${b.buf}, ${this.opnd(b, "i32")}, ${this.phase()}, ${b.shared})`);
  }

  private phases: string[] = [];
  /** The innermost time-step loop's parity, or a constant bank. */
  phase(): string {
    return this.phases.length && this.rng.chance(0.7) ? this.phases[this.phases.length - 1]! : String(this.rng.int(0, 1));
  }

  // ----- structured control flow ----------------------------------------------------------

  /** A straight-line run with nested diamonds, loops and (where allowed) parallel regions. */
  run(b: Body, stmt: (b: Body) => void, pRegion = 0): void {
    const n = this.rng.int(1, this.opts.maxStmts ?? 4);
    const maxDepth = this.opts.maxDepth ?? 2;
    for (let i = 0; i < n; i++) {
      const r = this.rng.next();
      if (this.depth < maxDepth && r < 0.12) this.ifElse(b, stmt, pRegion);
      else if (this.depth < maxDepth && r < 0.22) {
        if (b.canParallel && this.rng.chance(this.sh.headerEffects / 2)) this.doWhile(b, stmt, pRegion);
        else this.loop(b, stmt, pRegion);
      }
      else if (b.canParallel && r < 0.22 + pRegion) this.parallel(b);
      else if ((b.ctx === "seq" || b.ctx === "helper") && b.ret !== null && r < 0.25 + pRegion) this.earlyReturn(b, stmt);
      else if (b.ctx === "region" && this.depth === 0 && r < 0.3) b.emit("omp.barrier");
      else stmt(b);
    }
  }

  /** `cond_br c, ^early, ^cont` where ^early runs a few statements and returns: exits
   *  from the middle of sequential code (and of loops around parallel regions). */
  earlyReturn(b: Body, stmt: (b: Body) => void): void {
    const c = this.val(b, "i1");
    const [early, cont] = [b.label("early"), b.label("cont")];
    b.terminate(`cond_br ${c}, ${early}, ${cont}`);
    const mark = b.scope.length;
    const canPar = b.canParallel;
    b.canParallel = false;
    b.open(early);
    stmt(b);
    b.terminate(b.ret === "void" ? "ret" : `ret ${this.val(b, "i32")}`);
    b.scope.length = mark;
    b.canParallel = canPar;
    b.open(cont);
  }

  /** if/else merging one i32 through the join's parameter. The condition is any i1 in
   *  scope: uniform in sequential code (every input is), divergent in regions. */
  ifElse(b: Body, stmt: (b: Body) => void, pRegion: number): void {
    const c = this.val(b, "i1");
    const [then, els, join] = [b.label("then"), b.label("else"), b.label("join")];
    b.terminate(`cond_br ${c}, ${then}, ${els}`);
    const mark = b.scope.length;
    const canPar = b.canParallel;
    this.depth++;
    for (const arm of [then, els]) {
      b.open(arm);
      this.run(b, stmt, pRegion);
      b.terminate(`br ${join}(${this.opnd(b, "i32")})`);
      b.scope.length = mark;
      b.canParallel = canPar;
    }
    this.depth--;
    const m: Val = { name: b.fresh("m"), type: "i32" };
    b.open(join, [m]);
    b.scope.push(m);
  }

  /** A counted loop (trip count a constant 1-3 or a kernel argument in [1, 3]). In
   *  sequential code about half the loops may hold parallel regions (a time-step loop),
   *  the others only side effects. */
  loop(b: Body, stmt: (b: Body) => void, pRegion: number): void {
    const trips = b.scope.some((v) => v.name === "%n") && this.rng.chance(0.4) ? "%n" : String(this.rng.int(1, 3));
    const init = this.opnd(b, "i32");
    const effects = (b.ctx === "seq" || b.ctx === "helper") && b.tarea !== "" && this.rng.chance(this.sh.headerEffects);
    // a guarded store before a loop whose header holds guarded code (a back edge into a guarded region)
    if (effects) b.emit(`store i32 ${this.opnd(b, "i32")}, global ${this.teamWord(b, 0, 31)}`);
    const [head, body, exit] = [b.label("loop"), b.label("body"), b.label("exit")];
    b.terminate(`br ${head}(0, ${init})`);
    const i: Val = { name: b.fresh("i"), type: "i32" };
    const acc: Val = { name: b.fresh("acc"), type: "i32" };
    b.open(head, [i, acc]);
    b.scope.push(i, acc);
    if (effects) for (let e = this.rng.int(1, 2); e > 0; e--) this.seqEffect(b);
    const c = b.tmp("i1", `icmp slt i32 ${i.name}, ${trips}`);
    b.terminate(`cond_br ${c}, ${body}, ${exit}`);
    const headScope = b.scope.length;
    const canPar = b.canParallel;
    const withRegions = canPar && this.rng.chance(0.5);
    b.canParallel = withRegions;
    this.depth++;
    b.open(body);
    if (withRegions) {
      this.phases.push(b.tmp("i32", `and i32 ${i.name}, 1`));
      this.parallel(b);
      if (this.rng.chance(this.sh.printIf)) this.ifElsePrint(b);
    }
    this.run(b, stmt, pRegion);
    if (withRegions) this.phases.pop();
    const next = b.tmp("i32", `add i32 ${i.name}, 1`);
    b.terminate(`br ${head}(${next}, ${this.opnd(b, "i32")})`);
    this.depth--;
    b.canParallel = canPar;
    b.scope.length = headScope;
    b.open(exit);
  }

  // ----- the shapes that broke -O once --------------------------------------------------------

  /** Edge cases of int-to-float conversion (i1, large i64 to f32: one rounding). */
  sitofpStmt(b: Body): void {
    const r = this.rng;
    let v: string;
    if (r.chance(0.3)) v = b.def("f64", `sitofp i1 ${r.chance(0.7) ? r.pick(["false", "true"]) : this.val(b, "i1")} to f64`).name;
    else {
      const from = r.chance(0.7) ? "i64" : "i32";
      const lit = r.chance(0.8) ? r.pick(from === "i64" ? EDGE_I64 : EDGE_I32) : this.val(b, from);
      const op = r.pick(["sitofp", "uitofp"]);
      if (r.chance(0.6)) {
        const f = b.fresh("t");
        b.emit(`${f} = ${op} ${from} ${lit} to f32`);
        v = b.def("f64", `fpext f32 ${f} to f64`).name;
      } else v = b.def("f64", `${op} ${from} ${lit} to f64`).name;
    }
    if (b.ctx === "seq") b.emit(`print "k${this.k} t%d.%d| fp %f\\n", ${b.team}, ${b.tid}, ${v}`);
  }

  /** One guarded side effect of sequential code: a store, an atomic, a print, a counter. */
  seqEffect(b: Body): void {
    switch (this.rng.int(0, 3)) {
      case 0:
        b.emit(`store i32 ${this.opnd(b, "i32")}, global ${this.teamWord(b, 0, 31)}`);
        return;
      case 1:
        b.def("i32", `atomic ${this.rng.pick(ATOMIC_OPS)} i32, global ${this.teamWord(b, 16, 15)}, ${this.opnd(b, "i32")}`);
        return;
      case 2:
        this.print(b, "hdr");
        return;
      case 3:
        b.tmp("i32", `atomic add i32, global ${b.tmp("ptr", `gep i32, ${b.buf}, ${COUNTERS + this.rng.int(0, 7)}`)}, ${this.opnd(b, "i32")}`);
        return;
    }
  }

  /** Makes a sequential value observable where every thread would see its own copy after
   *  SPMD-ization: a parallel region's argument, a store, a print. */
  useValue(b: Body, v: string): void {
    if (b.canParallel && this.regions.length && this.rng.chance(0.6)) {
      b.emit(`omp.parallel ${this.rng.pick(this.regions)}(${b.buf}, ${v}, ${this.phase()}, ${b.shared})`);
    } else if (this.rng.chance(0.5)) b.emit(`store i32 ${v}, global ${this.teamWord(b, 0, 15)}`);
    else b.emit(`print "k${this.k} t%d.%d| use %d\\n", ${b.team}, ${b.tid}, ${v}`);
  }

  /** if/else whose arms print (after a time-step loop's parallel region). */
  ifElsePrint(b: Body): void {
    const c = this.val(b, "i1");
    const [then, els, join] = [b.label("then"), b.label("else"), b.label("join")];
    b.terminate(`cond_br ${c}, ${then}, ${els}`);
    const mark = b.scope.length;
    for (const [arm, what] of [[then, "then"], [els, "else"]] as const) {
      b.open(arm);
      this.print(b, what);
      if (this.rng.chance(0.3)) this.seqEffect(b);
      b.terminate(`br ${join}`);
      b.scope.length = mark;
    }
    b.open(join);
  }

  /** A time-step loop in do-while form: the header holds guarded effects, then the parallel
   *  region (and maybe an if/else that prints), and the back edge enters it from below. */
  doWhile(b: Body, stmt: (b: Body) => void, pRegion: number): void {
    const trips = b.scope.some((v) => v.name === "%n") && this.rng.chance(0.4) ? "%n" : String(this.rng.int(1, 3));
    b.emit(`store i32 ${this.opnd(b, "i32")}, global ${this.teamWord(b, 0, 31)}`);
    const init = this.opnd(b, "i32");
    const [head, exit] = [b.label("ts"), b.label("tsexit")];
    b.terminate(`br ${head}(0, ${init})`);
    const mark = b.scope.length;
    const i: Val = { name: b.fresh("i"), type: "i32" };
    const acc: Val = { name: b.fresh("acc"), type: "i32" };
    b.open(head, [i, acc]);
    b.scope.push(i, acc);
    this.depth++;
    this.phases.push(b.tmp("i32", `and i32 ${i.name}, 1`));
    for (let e = this.rng.int(1, 2); e > 0; e--) this.seqEffect(b);
    this.parallel(b);
    if (this.rng.chance(this.sh.printIf)) this.ifElsePrint(b);
    this.run(b, stmt, pRegion);
    this.phases.pop();
    this.depth--;
    const next = b.tmp("i32", `add i32 ${i.name}, 1`);
    const c = b.tmp("i1", `icmp slt i32 ${next}, ${trips}`);
    b.terminate(`cond_br ${c}, ${head}(${next}, ${this.opnd(b, "i32")}), ${exit}`);
    b.scope.length = mark;
    b.open(exit);
  }

  /** The kernel's last part: a loop without exit, left by `finish` (which returns) or by a trap. */
  endlessLoop(b: Body, trap: boolean, finish: () => void): void {
    const [head, out] = [b.label("forever"), b.label("leave")];
    b.terminate(`br ${head}(0)`);
    const i: Val = { name: b.fresh("i"), type: "i32" };
    b.open(head, [i]);
    b.scope.push(i);
    this.phases.push(b.tmp("i32", `and i32 ${i.name}, 1`));
    this.depth++;
    this.seqEffect(b);
    if (b.canParallel) this.parallel(b);
    this.run(b, (x) => this.seqStmt(x), 0.12);
    this.depth--;
    this.phases.pop();
    const next = b.tmp("i32", `add i32 ${i.name}, 1`);
    const c = b.tmp("i1", `icmp sge i32 ${next}, ${this.rng.int(1, 3)}`);
    b.terminate(`cond_br ${c}, ${out}, ${head}(${next})`);
    b.open(out);
    if (!trap) return finish();
    b.emit(`print "k${this.k} t%d.%d| end\\n", ${b.team}, ${b.tid}`);
    b.emit(`trap "${GEN_TRAP} k${this.k}"`);
    b.terminate("unreachable");
  }

  /** A pure loop of LONG_LOOP iterations in the sequential part. */
  longLoop(b: Body): void {
    const [head, done] = [b.label("long"), b.label("longdone")];
    b.terminate(`br ${head}(0, ${this.opnd(b, "i32")})`);
    const [i, a] = [b.fresh("i"), b.fresh("a")];
    b.open(head, [{ name: i, type: "i32" }, { name: a, type: "i32" }]);
    const a1 = b.tmp("i32", `mul i32 ${a}, 1103515245`);
    const a2 = b.def("i32", `add i32 ${a1}, 12345`);
    const i1 = b.tmp("i32", `add i32 ${i}, 1`);
    const c = b.tmp("i1", `icmp slt i32 ${i1}, ${LONG_LOOP}`);
    b.terminate(`cond_br ${c}, ${head}(${i1}, ${a2.name}), ${done}`);
    b.open(done);
    // the result is a region's argument: every thread needs it after SPMD-ization
    if (b.canParallel) b.emit(`omp.parallel ${this.rng.pick(this.regions)}(${b.buf}, ${a2.name}, ${this.phase()}, ${b.shared})`);
    else b.emit(`store i32 ${a2.name}, global ${this.teamWord(b, 0, 31)}`);
  }

  /** A parallel region updating a cell the kernel allocated (its address escapes). */
  escapeRegion(name: string): string {
    const b = this.start("region", [{ name: "%v", type: "i32" }]);
    const t = b.tmp("i32", "omp.thread_num");
    const a = b.tmp("i32", `and i32 ${t}, 3`);
    const v = b.tmp("i32", `add i32 ${a}, %v`);
    b.tmp("i32", `atomic add i32, local %cell, ${v}`);
    b.terminate("ret");
    this.out.push(`device ${name}(%buf: ptr, %cell: ptr, %v: i32)${this.noinline()} {\n${b.text()}\n}\n`);
    return name;
  }

  /** Globals named like the slots the guard builder adds to kernel k. */
  lookalikeGlobals(nk: number): void {
    const lines: string[] = [];
    for (let k = 0; k < nk; k++) {
      for (let j = this.rng.int(1, 3); j > 0; j--) {
        const g = `@k${k}.bcast.${this.rng.int(0, 9)}`;
        if (!lines.some((l) => l.startsWith(`global ${g} `))) lines.push(`global ${g} : shared i32`);
      }
      lines.push(`global @k${k}.dummy.global.i32 : global i32`, `global @k${k}.dummy.shared.i32 : shared i32`);
    }
    this.out.push(lines.join("\n") + "\n");
    for (const l of lines) {
      const [, name, space] = /^global (\S+) : (\w+)/.exec(l)!;
      (space === "shared" ? this.lookalikes.shared : this.lookalikes.global).push(name!);
    }
  }

  /** Helpers for the statement shapes: hw-query (for call_indirect), mutual recursion,
   *  private writes through a pointer, the self-guarding amenable helper. */
  shapeHelpers(): void {
    const p0 = this.sh.stmt > 0 || this.sh.regionStmt > 0 ? 0.6 : 0;
    // only the helpers of the statement shapes asked for, so that `--shapes` isolates a class
    const on = (k: StmtShape) => (this.opts.stmtShapes === undefined || this.opts.stmtShapes.includes(k) ? p0 : 0);
    const r = this.rng;
    if (r.chance(on("indirect"))) {
      const b = this.start("helper", [{ name: "%p0", type: "i32" }, { name: "%p1", type: "i32" }]);
      b.scope.push(b.def("i32", "omp.hw_thread_id", "q", false));
      this.run(b, (x) => this.pureStmt(x));
      b.terminate(`ret ${this.val(b, "i32")}`);
      this.out.push(`device @hwq0(%p0: i32, %p1: i32) -> i32${this.noinline()} {\n${b.text()}\n}\n`);
      this.helpers.push({ name: "@hwq0", kind: "hwq", params: ["i32", "i32"] });
      // A helper reaching @hwq0 only through call_indirect (a kernel's own indirect call
      // blocks SPMD-ization; a helper's is resolved): directly, or through a pointer kept in
      // an alloca, which is a constant only once mem2reg has run (after simplify).
      const direct = r.chance(0.3);
      const lines = ["^entry:"];
      if (!direct) lines.push("  %slot = alloca ptr", "  store ptr @hwq0, local %slot", "  %fp = load ptr, local %slot");
      lines.push(`  %r = call_indirect ${direct ? "@hwq0" : "%fp"}(%p0, %p1) : (i32, i32) -> i32`, "  ret %r");
      this.out.push(`device @ind0(%p0: i32, %p1: i32) -> i32 noinline {\n${lines.join("\n")}\n}\n`);
      this.indirectWrapper = "@ind0";
    }
    if (r.chance(on("rec"))) {
      // @rec0 always queries the hardware thread, @rec1 sometimes omp.thread_num
      const q1 = r.chance(0.5);
      for (const [me, other, q] of [["@rec0", "@rec1", "omp.hw_thread_id"], ["@rec1", "@rec0", q1 ? "omp.thread_num" : null]] as const) {
        const lines = ["^entry:"];
        if (q !== null) lines.push(`  %h = ${q}`);
        lines.push("  %c = icmp sgt i32 %d, 0", "  cond_br %c, ^rec, ^base", "^rec:", "  %d1 = sub i32 %d, 1");
        lines.push(q !== null ? "  %y = add i32 %x, %h" : `  %y = mul i32 %x, ${r.int(2, 5)}`);
        lines.push(`  %r = call ${other}(%d1, %y)`, "  ret %r", "^base:", `  %s = ${r.pick(INT_OPS)} i32 %x, ${q !== null ? "%h" : r.int(1, 9)}`, "  ret %s");
        this.out.push(`device ${me}(%d: i32, %x: i32) -> i32${this.noinline()} {\n${lines.join("\n")}\n}\n`);
      }
      this.helpers.push({ name: r.pick(["@rec0", "@rec1"]), kind: "rec", params: ["i32", "i32"] });
    }
    if (r.chance(on("amen"))) {
      this.out.push(`device @amen0(%tarea: ptr, %v: i32) -> i32${this.noinline()} assume("ompx_spmd_amenable") {
^entry:
  %h = omp.hw_thread_id
  %c = icmp eq i32 %h, 0
  cond_br %c, ^g, ^j
^g:
  %p = gep i32, %tarea, 24
  %o = atomic add i32, global %p, %v
  br ^j
^j:
  ret %v
}
`);
      this.sx.amen.push("@amen0");
    }
    if (r.chance(on("privcall"))) {
      const w = r.int(16, 31);
      this.out.push(`device @pw0(%tarea: ptr, %pp: ptr, %v: i32) -> i32${this.noinline()} {
^entry:
  %a = ${r.pick(INT_OPS)} i32 %v, ${r.int(-9, 9)}
  store i32 %a, local %pp
  %q = gep i32, %tarea, ${w}
  store i32 %v, global %q
  ret %a
}
`);
      this.sx.pw.push("@pw0");
    }
    if (r.chance(on("privcall"))) {
      this.out.push(`device @pset0(%pp: ptr, %v: i32) -> i32 noinline {
^entry:
  %a = ${r.pick(INT_OPS)} i32 %v, ${r.int(-9, 9)}
  store i32 %a, local %pp
  ret %a
}
`);
      this.sx.pset.push("@pset0");
    }
    if (r.chance(on("parloop"))) this.parLoopHelper();
    if (r.chance(on("rocall"))) {
      this.out.push(`device @ro0(%tarea: ptr, %v: i32) -> i32 noinline {
^entry:
  %q = gep i32, %tarea, ${r.int(0, 31)}
  %a = load i32, global %q
  %q2 = gep i32, %tarea, ${r.int(0, 31)}
  %b = load i32, global %q2
  %s = ${r.pick(INT_OPS)} i32 %a, %b
  %t = ${r.pick(INT_OPS)} i32 %s, %v
  ret %t
}
`);
      this.sx.ro.push("@ro0");
    }
    if (r.chance(on("recpar"))) {
      const region = this.region("@rp0_region");
      this.out.push(`device @rp0(%buf: ptr, %tarea: ptr, %sh: ptr, %team: i32, %d: i32, %v: i32) -> i32 noinline {
^entry:
  %c = icmp sgt i32 %d, 0
  cond_br %c, ^rec, ^base
^rec:
  %q = gep i32, %tarea, ${r.int(16, 23)}
  %o = load i32, global %q
  %n = ${r.pick(["add", "xor", "sub"])} i32 %o, %v
  store i32 %n, global %q
  omp.parallel ${region}(%buf, %n, ${r.int(0, 1)}, %sh)
  %d1 = sub i32 %d, 1
  %r = call @rp0(%buf, %tarea, %sh, %team, %d1, %n)
  ret %r
^base:
  ret %v
}
`);
      this.sx.rp.push("@rp0");
    }
  }

  /** The helper of `parInLoop`: a parallel region on a rarely taken path, then an atomic whose result it returns. */
  parLoopHelper(): void {
    const region = this.region("@pl0_region");
    this.out.push(`device @pl0(%buf: ptr, %tarea: ptr, %sh: ptr, %team: i32, %v: i32) -> i32 noinline {
^entry:
  %c = icmp sgt i32 %v, ${this.rng.pick([10, 100, 1000])}
  cond_br %c, ^par, ^join
^par:
  omp.parallel ${region}(%buf, %v, ${this.rng.int(0, 1)}, %sh)
  br ^join
^join:
  %q = gep i32, %tarea, ${this.rng.int(16, 31)}
  %o = atomic ${this.rng.pick(["add", "xor", "max"])} i32, global %q, %v
  %r = add i32 %o, %v
  ret %r
}
`);
    this.sx.pl.push("@pl0");
  }

  /** A host function for reverse offload that sets a flag (never to 0). */
  revSetCallee(): void {
    this.out.push(`host @revset(%slot: ptr, %v: i32) {
^entry:
  %x = or i32 %v, 1
  store i32 %x, host %slot
  ret
}
`);
    this.revSet = "@revset";
  }

  /** A hand-written SPMD kernel: thread 0 prints a header before a barrier, threads 0-1 after it. */
  spmdKernel(): void {
    const r = this.rng;
    this.out.push(`kernel @s0(%buf: ptr) spmd {
^entry:
  %t = omp.team_num
  %h = omp.hw_thread_id
  %n = omp.hw_num_threads
  %c = icmp eq i32 %h, 0
  cond_br %c, ^hdr, ^go
^hdr:
  print "s t%d.%d| header %d\\n", %t, %h, %n
  br ^go
^go:
  omp.barrier
  %c2 = icmp ult i32 %h, ${r.int(1, 2)}
  cond_br %c2, ^p, ^w
^p:
  print "s t%d.%d| after\\n", %t, %h
  br ^w
^w:
  %row = mul i32 %t, %n
  %g = add i32 %row, %h
  %q = gep i32, %buf, %g
  %v = ${r.pick(INT_OPS)} i32 %g, ${r.int(-9, 9)}
  store i32 %v, global %q
  ret
}
`);
    this.spmd = "@s0";
  }

  /** The `partialBarrier` shape (Shapes.partialBarrier). Each thread writes only its own
   *  slot of the buffer (team t, thread h: slot t * n + h), so the kernel is race-free. */
  partialBarrierKernel(): void {
    const r = this.rng;
    if (this.sh.partialDoomed > 0 && r.chance(this.sh.partialDoomed)) return this.partialDoomedKernel();
    const threads = r.pick([32, 33, 64]);
    const lim = r.pick([0, 1, r.int(2, threads - 1), 32, threads, threads + 3]);
    const sync = r.pick(["barrier", "region", "helper"] as const);
    const query = this.helpers.find((h) => h.kind === "query");
    if (sync === "region") {
      this.out.push(`device @pb0_region(%v: i32) {
^entry:
  %x = ${r.pick(INT_OPS)} i32 %v, ${r.int(1, 9)}
  ret
}
`);
    } else if (sync === "helper") {
      this.out.push(`device @pb0_sync(%v: i32) -> i32 noinline {
^entry:
  omp.barrier
  %x = add i32 %v, ${r.int(1, 9)}
  ret %x
}
`);
    }
    const syncLine = sync === "barrier" ? "omp.barrier" : sync === "region" ? "omp.parallel @pb0_region(%h)" : "%y = call @pb0_sync(%h)";
    // Sometimes every thread writes its slot before the synchronisation too (memory it orders).
    const before = r.chance(0.5) ? `  store i32 ${r.int(-9, 9)}, global %q
` : "";
    const value = query !== undefined && r.chance(0.7) ? `call ${query.name}(%g, ${r.int(-9, 9)})` : `${r.pick(INT_OPS)} i32 %g, ${r.int(-9, 9)}`;
    const nested = this.nestedSync(syncLine, threads);
    const test = this.memoryTest() ?? `  %c = icmp ult i32 %h, %lim
`;
    // A nested synchronisation (or one behind a test read from memory) sometimes orders no
    // memory access at all, so that barrier-elim may take it if it misjudges which threads
    // reach it.
    const quiet = (nested !== null || this.sh.partialMemory > 0) && r.chance(0.5);
    const after = quiet ? "" : `  %v = ${value}
  store i32 %v, global %q
`;
    this.out.push(`kernel @${GEN_PARTIAL_BARRIER_KERNEL}(%buf: ptr, %lim: i32) spmd {
${PB_ENTRY}
${quiet ? "" : before}${nested?.pre ?? ""}${test}  cond_br %c, ^s, ^d
^s:
${nested?.body ?? `  ${syncLine}
  br ^d`}
^d:
${after}  ret
}
`);
    this.pb = { lim, threads, teams: 2 };
  }

  /** The `partialDoomed` variant of `@pb0` (Shapes.partialDoomed): threads on one side of
   *  `hw_thread_id < lim` reach `unreachable` after a synchronisation, a slow helper or a
   *  helper that waits at a barrier; the others wait at a barrier (unless the doomed side
   *  synchronises itself), then print, store their own slot or just return. */
  partialDoomedKernel(): void {
    const r = this.rng;
    const threads = r.pick([32, 64, 96]);
    const lim = r.pick([0, r.int(1, threads - 1), 32, 64, threads]);
    const doomed = r.pick(["barrier", "region", "helper", "slow", "slowcall"] as const);
    if (doomed === "region") this.out.push(`device @pb0_region(%v: i32) {
^entry:
  ret
}
`);
    if (doomed === "helper" || doomed === "slowcall") this.out.push(`device @pb0_sync(%v: i32) -> i32 noinline {
^entry:
  omp.barrier
  %x = add i32 %v, ${r.int(1, 9)}
  ret %x
}
`);
    if (doomed === "slow" || doomed === "slowcall") this.out.push(`device @pb0_slow(%n: i32) -> i32 noinline {
^entry:
  br ^loop(0)
^loop(%i: i32):
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  cond_br %c, ^loop(%i1), ^done
^done:
  ret %i1
}
`);
    const path = doomed === "barrier" ? "  omp.barrier\n" : doomed === "region" ? "  omp.parallel @pb0_region(%h)\n"
      : doomed === "helper" ? "  %y = call @pb0_sync(%h)\n"
      : doomed === "slow" ? `  %w = call @pb0_slow(${r.int(100, 3000)})\n`
      : `  %w = call @pb0_slow(${r.int(100, 3000)})\n  %y = call @pb0_sync(%w)\n`;
    // The others wait at a barrier, unless the doomed side's own synchronisation is the point.
    // Not against a region: its start pairs with their barrier, and which comes first of its
    // end and their exit (the partial-barrier message says) is the schedule's, which -O
    // changes (adversarial/dead-parallel-two-barriers.oir).
    const wait = doomed === "barrier" || doomed === "region" ? r.chance(0.5) && doomed === "barrier" : true;
    const after = r.pick(["", `  print "pb %d\\n", %g\n`, `  store i32 ${r.int(-9, 9)}, global %q\n`]);
    this.out.push(`kernel @${GEN_PARTIAL_BARRIER_KERNEL}(%buf: ptr, %lim: i32) spmd {
${PB_ENTRY}
  %c = icmp ${r.pick(["ult", "uge"])} i32 %h, %lim
  cond_br %c, ^s, ^d
^s:
${path}  unreachable
^d:
${wait ? "  omp.barrier\n" : ""}${after}  ret
}
`);
    this.pb = { lim, threads, teams: 1 };
  }

  /** The `stackFault` shape (Shapes.stackFault): each thread writes only its own slot. */
  stackFaultKernel(): void {
    const r = this.rng;
    const threads = r.pick([32, 64, 96]);
    // 1024 activations per warp at warp size 32: the deepest two fault, the others not.
    const depth = r.pick([3, 200, 1000, 1100, 3000]);
    if (r.chance(0.3)) {
      this.out.push(`kernel @${GEN_STACK_FAULT_KERNEL}(%buf: ptr, %d: i32) spmd {
^entry:
  %h = omp.hw_thread_id
  %q = gep i32, %buf, %h
  %u = omp.alloc_shared uniform 8
  store i32 %h, global %q
  print "sf %d\\n", %h
  omp.barrier
${r.chance(0.6) ? "  omp.free_shared uniform %u, %d\n" : "  omp.free_shared uniform %u, 8\n  omp.free_shared uniform %u, 8\n"}  ret
}
`);
      this.sf = { depth: r.pick([8, 12, 16]), threads };
      return;
    }
    this.out.push(`device @${GEN_STACK_FAULT}(%d: i32, %v: i32) -> i32 noinline {
^entry:
  %z = icmp sle i32 %d, 0
  cond_br %z, ^base, ^more
^base:
  ret %v
^more:
  %d1 = sub i32 %d, 1
  %v1 = ${r.pick(INT_OPS)} i32 %v, ${r.int(1, 9)}
  %r = call @${GEN_STACK_FAULT}(%d1, %v1)
  ret %r
}
`);
    const wrap = r.chance(0.5);
    if (wrap) this.out.push(`device @sf_wrap(%d: i32, %v: i32) -> i32 noinline {
^entry:
  %r = call @${GEN_STACK_FAULT}(%d, %v)
  ret %r
}
`);
    const store = r.chance(0.5) ? `  store i32 %h, global %q
` : "";
    this.out.push(`kernel @${GEN_STACK_FAULT_KERNEL}(%buf: ptr, %d: i32) spmd {
^entry:
  %h = omp.hw_thread_id
  %q = gep i32, %buf, %h
${store}  print "sf %d\\n", %h
  omp.barrier
  %r = call @${wrap ? "sf_wrap" : GEN_STACK_FAULT}(%d, %h)
  ret
}
`);
    this.sf = { depth, threads };
  }

  /** With `partialMemory` (else null): `@pb0`'s test `%c` of `%h < %lim` with the thread id
   *  read back from memory: a plain team-shared block per thread (a barrier between the
   *  write and the read, which every thread reaches) or the thread's own alloca. */
  memoryTest(): string | null {
    if (!(this.sh.partialMemory > 0 && this.rng.chance(this.sh.partialMemory))) return null;
    if (this.rng.chance(0.35)) {
      this.out.push(`global @pb0_lg : local i32 x 1
global @pb0_slot : shared ptr x 1
`);
      return `  %mz = icmp eq i32 %h, 0
  cond_br %mz, ^mw, ^mj
^mw:
  store ptr @pb0_lg, shared @pb0_slot
  br ^mj
^mj:
  omp.barrier
  %mp = load ptr, shared @pb0_slot
  %mown = icmp eq ptr %mp, @pb0_lg
  %mlz = icmp ne i32 %lim, 0
  %c = and i1 %mown, %mlz
`;
    }
    return this.rng.chance(0.75) ? `  %msz = or i32 %lim, 4
  %mp = omp.alloc_shared %msz
  store i32 %h, shared %mp
  omp.barrier
  %mv = load i32, shared %mp
  %c = icmp ult i32 %mv, %lim
` : `  %mp = alloca i32, 2
  %mq = gep i32, %mp, 1
  store i32 %h, local %mq
  %mv = load i32, local %mq
  %c = icmp ult i32 %mv, %lim
`;
  }

  /** With `partialNested` (else null): `@pb0`'s synchronisation behind a branch on a
   *  uniform condition, a uniform loop or one arm of a diamond. `pre` computes the
   *  condition in the entry block, before the thread-id branch (computed inside it, the
   *  condition would itself count as divergent); `body` is block `^s`, ending in a branch
   *  to `^d`. */
  nestedSync(syncLine: string, threads: number): { pre: string; body: string } | null {
    if (!(this.sh.partialNested > 0 && this.rng.chance(this.sh.partialNested))) return null;
    const r = this.rng;
    const k = r.pick([0, 1, r.int(2, threads), threads + 3]);
    switch (r.pick(["if", "loop", "diamond"] as const)) {
      case "if":
        return { pre: `  %u = icmp sgt i32 %lim, ${k}
`, body: `  cond_br %u, ^s2, ^d
^s2:
  ${syncLine}
  br ^d` };
      case "loop":
        return { pre: `  %u = and i32 %lim, ${r.pick([1, 3])}
`, body: `  br ^sl(0)
^sl(%i: i32):
  %m = icmp slt i32 %i, %u
  cond_br %m, ^s2, ^d
^s2:
  ${syncLine}
  %i2 = add i32 %i, 1
  br ^sl(%i2)` };
      case "diamond":
        return { pre: `  %u = icmp sgt i32 %lim, ${k}
`, body: `  cond_br %u, ^s2, ^s3
^s2:
  ${syncLine}
  br ^sm
^s3:
  br ^sm
^sm:
  br ^d` };
    }
  }

  /** One of the statement shapes the context allows; false if none does. */
  shapeStmt(b: Body): boolean {
    const r = this.rng;
    const kernel = b.ctx === "seq";
    const hwq = this.helpers.filter((h) => h.kind === "hwq");
    const rec = this.helpers.filter((h) => h.kind === "rec");
    const par = this.helpers.filter((h) => h.kind === "par");
    const opts: (() => void)[] = [];
    const on = (k: StmtShape) => this.opts.stmtShapes === undefined ? !OPT_IN_SHAPES.includes(k) : this.opts.stmtShapes.includes(k);
    // From the side stream, so that the programs without it are unchanged.
    if (on("allocuni") && kernel && b.canParallel && this.side.chance(0.25)) {
      this.withSide(() => this.allocUniform(b));
      return true;
    }
    if (on("trap") && (kernel)) opts.push(() => this.trapStmt(b));
    if (on("poll") && (kernel && this.opts.reverseOffload && this.revSet !== null)) opts.push(() => this.pollPrivate(b));
    if (on("privptr") && (kernel && b.canParallel)) opts.push(() => this.privatePointer(b));
    if (on("escape") && (kernel && b.canParallel && this.escRegion !== null)) opts.push(() => this.escapeStmt(b));
    if (on("largeAlloca") && (kernel && this.big !== "")) opts.push(() => this.bigStmt(b));
    if (on("names") && (kernel && (this.lookalikes.shared.length || this.lookalikes.global.length))) opts.push(() => this.lookalikeStmt(b));
    const loopers = [...this.sx.pl, ...par.map((h) => h.name)];
    if (on("parloop") && (kernel && b.canParallel && loopers.length)) opts.push(() => this.parInLoop(b, r.pick(loopers)));
    if (on("privcall") && (this.sx.pw.length || this.sx.pset.length)) opts.push(() => this.privateCall(b));
    if (on("indirect") && (hwq.length)) opts.push(() => this.indirect(b, hwq[0]!.name));
    if (on("rec") && (rec.length)) opts.push(() => this.useValue(b, b.def("i32", `call ${rec[0]!.name}(${r.int(1, 4)}, ${this.opnd(b, "i32")})`).name));
    if (on("amen") && (this.sx.amen.length)) opts.push(() => void b.tmp("i32", `call ${this.sx.amen[0]}(${b.tarea}, ${this.opnd(b, "i32")})`));
    if (on("rocall") && (kernel && this.sx.ro.length)) opts.push(() => this.useValue(b, b.def("i32", `call ${this.sx.ro[0]}(${b.tarea}, ${this.opnd(b, "i32")})`).name));
    if (on("allocnear") && (kernel)) opts.push(() => this.allocNear(b));
    if (on("recpar") && (kernel && b.canParallel && this.sx.rp.length)) {
      opts.push(() => this.useValue(b, b.def("i32", `call ${this.sx.rp[0]}(${b.buf}, ${b.tarea}, ${b.shared}, ${b.team}, ${r.int(1, 3)}, ${this.opnd(b, "i32")})`).name));
    }
    const two = this.helpers.filter((h) => h.params.length === 2 && h.params.every((t) => t === "i32") && (h.kind === "pure" || h.kind === "query" || h.kind === "hwq"));
    if (on("calleeset") && (kernel && two.length)) opts.push(() => this.calleeSet(b, two.map((h) => h.name)));
    if (on("heap") && (kernel)) opts.push(() => this.heapStmt(b));
    if (opts.length === 0) return false;
    r.pick(opts)();
    return true;
  }

  /** A globalized variable deglobalize keeps (its size is not a constant), with a guarded
   *  store before it and per-thread stores between: spmdize moves it into a neighbouring region. */
  allocNear(b: Body): void {
    const nt = b.tmp("i32", "omp.num_teams");
    const sz = b.tmp("i32", `mul i32 ${nt}, 4`);
    b.emit(`store i32 ${this.opnd(b, "i32")}, global ${this.teamWord(b, 0, 15)}`);
    const pp = b.tmp("ptr", `gep i32, ${b.scratch}, ${this.rng.int(0, 7)}`);
    b.emit(`store i32 ${this.opnd(b, "i32")}, local ${pp}`);
    const p = b.tmp("ptr", `omp.alloc_shared ${sz}`);
    b.emit(`store i32 ${this.opnd(b, "i32")}, shared ${p}`);
    const x = b.def("i32", `load i32, shared ${p}`).name;
    b.emit(`store i32 ${x}, local ${pp}`);
    b.emit(`omp.free_shared ${p}, ${sz}`);
    this.useValue(b, b.def("i32", `load i32, local ${pp}`).name);
  }

  /** A globalized variable deglobalize keeps (size not constant) whose pointer goes straight
   *  to a parallel region and whose free has nothing guarded next to it (spmdize makes them
   *  uniform): regions read word 0 and add to word 1; sometimes a guarded store before the
   *  region or a read of word 1 after it; sometimes a counted loop's body. */
  allocUniform(b: Body): void {
    const r = this.rng;
    const body = () => {
      const nt = b.tmp("i32", "omp.num_teams");
      const sz = b.tmp("i32", `mul i32 ${nt}, 8`);
      const p = b.tmp("ptr", `omp.alloc_shared ${sz}`);
      // Sometimes a second block, of another size, live at once and freed after the first
      // (not in stack order): uniform allocations must keep the blocks apart.
      const two = r.chance(0.3);
      const sz2 = two ? b.tmp("i32", `add i32 ${sz}, 4`) : "";
      const q = two ? b.tmp("ptr", `omp.alloc_shared ${sz2}`) : "";
      if (r.chance(0.3)) b.emit(`store i32 ${this.opnd(b, "i32")}, shared ${p}`);
      b.emit(`omp.parallel ${r.pick(this.regions)}(${b.buf}, ${this.opnd(b, "i32")}, ${this.phase()}, ${p})`);
      if (r.chance(0.5)) this.useValue(b, b.def("i32", `load i32, shared ${b.tmp("ptr", `gep i32, ${p}, 1`)}`).name);
      b.emit(`omp.free_shared ${p}, ${sz}`);
      if (two) {
        b.emit(`omp.parallel ${r.pick(this.regions)}(${b.buf}, ${this.opnd(b, "i32")}, ${this.phase()}, ${q})`);
        this.useValue(b, b.def("i32", `load i32, shared ${b.tmp("ptr", `gep i32, ${q}, 1`)}`).name);
        b.emit(`omp.free_shared ${q}, ${sz2}`);
      }
    };
    if (!r.chance(0.4)) return body();
    const [head, loop, done] = [b.label("uloop"), b.label("ubody"), b.label("udone")];
    b.terminate(`br ${head}(0)`);
    const j = b.fresh("j");
    b.open(head, [{ name: j, type: "i32" }]);
    const c = b.tmp("i1", `icmp slt i32 ${j}, ${r.int(1, 3)}`);
    b.terminate(`cond_br ${c}, ${loop}, ${done}`);
    b.open(loop);
    const mark = b.scope.length;
    body();
    b.scope.length = mark;
    const j1 = b.tmp("i32", `add i32 ${j}, 1`);
    b.terminate(`br ${head}(${j1})`);
    b.open(done);
  }

  /** Device malloc in the sequential part: a block of a size the team computes, written and
   *  read back, its value used, then freed (or, sometimes, left allocated); an unused block,
   *  kept; a null test. spmdize must allocate once, on thread 0, and broadcast the pointer. */
  heapStmt(b: Body): void {
    const r = this.rng;
    const sz = b.tmp("i32", `add i32 ${b.tmp("i32", `mul i32 ${b.team}, 8`)}, ${r.pick([4, 16, 40])}`);
    const p = b.tmp("ptr", `omp.malloc ${sz}`);
    if (r.chance(0.3)) b.tmp("ptr", `omp.malloc ${r.int(1, 64)}`);
    b.emit(`store i32 ${this.opnd(b, "i32")}, global ${p}`);
    const ok = b.tmp("i32", `zext i1 ${b.tmp("i1", `icmp ne ptr ${p}, null`)} to i32`);
    const x = b.def("i32", `load i32, global ${p}`).name;
    this.useValue(b, b.def("i32", `add i32 ${x}, ${ok}`).name);
    if (r.chance(0.8)) b.emit(`omp.free ${p}`);
  }

  /** call_indirect through a pointer loaded from private memory, with a callee set. */
  calleeSet(b: Body, names: string[]): void {
    const r = this.rng;
    const [f1, f2] = [r.pick(names), r.pick(names)];
    const set = [...new Set([f1, f2, ...(r.chance(0.3) ? [r.pick(names)] : [])])];
    const slots = b.tmp("ptr", "alloca ptr, 2");
    const s1 = b.tmp("ptr", `gep ptr, ${slots}, 1`);
    const fp0 = f1 === f2 ? f1 : b.tmp("ptr", `select ptr ${this.val(b, "i1")}, ${f1}, ${f2}`);
    b.emit(`store ptr ${fp0}, local ${s1}`);
    const fp = b.tmp("ptr", `load ptr, local ${s1}`);
    this.useValue(b, b.def("i32", `call_indirect ${fp}(${this.opnd(b, "i32")}, ${this.opnd(b, "i32")}) : (i32, i32) -> i32 callees(${set.join(", ")})`).name);
  }

  /** Region statement shapes: the amenable helper, hw-query helpers (also indirectly), private writes. */
  regionShape(b: Body): boolean {
    const hwq = this.helpers.filter((h) => h.kind === "hwq");
    const opts: (() => void)[] = [];
    const on = (k: StmtShape) => this.opts.stmtShapes === undefined ? !OPT_IN_SHAPES.includes(k) : this.opts.stmtShapes.includes(k);
    if (on("amen") && this.sx.amen.length) opts.push(() => void b.tmp("i32", `call ${this.sx.amen[0]}(${b.tarea}, ${this.opnd(b, "i32")})`));
    if (on("indirect") && hwq.length) opts.push(() => void b.def("i32", `call_indirect ${hwq[0]!.name}(${this.opnd(b, "i32")}, ${this.opnd(b, "i32")}) : (i32, i32) -> i32`));
    if (on("privcall") && this.sx.pset.length) {
      opts.push(() => {
        const pp = b.tmp("ptr", `gep i32, ${b.scratch}, ${this.idx(b, 7)}`);
        b.tmp("i32", `call ${this.sx.pset[0]}(${pp}, ${this.opnd(b, "i32")})`);
        b.def("i32", `load i32, local ${pp}`);
      });
    }
    if (on("heap")) {
      // A block per thread: written, read back and freed by its thread alone.
      opts.push(() => {
        const p = b.tmp("ptr", `omp.malloc ${this.rng.pick([4, 12, 64])}`);
        b.emit(`store i32 ${this.opnd(b, "i32")}, global ${p}`);
        b.def("i32", `load i32, global ${p}`);
        b.emit(`omp.free ${p}`);
      });
    }
    if (opts.length === 0) return false;
    this.rng.pick(opts)();
    return true;
  }

  /** A trap on a condition the program computes: in a kernel launched on one team any
   *  sequential value will do (the run is deterministic); otherwise one never true. */
  trapStmt(b: Body): void {
    const c = this.kernelTeams1 && this.rng.chance(0.7)
      ? b.tmp("i1", `icmp ${this.rng.pick(["sgt", "slt", "eq"])} i32 ${this.val(b, "i32")}, ${this.rng.pick([0, 3, 10, -5])}`)
      : b.tmp("i1", `icmp eq i32 %x, ${this.rng.pick([1000, -1000])}`);
    const [die, cont] = [b.label("die"), b.label("cont")];
    b.terminate(`cond_br ${c}, ${die}, ${cont}`);
    b.open(die);
    b.emit(`print "k${this.k} t%d.%d| trap\\n", ${b.team}, ${b.tid}`);
    b.emit(`trap "${GEN_TRAP} k${this.k}"`);
    b.terminate("unreachable");
    b.open(cont);
  }

  /** A polling loop on a private flag a reverse offload sets through a map (bounded). */
  pollPrivate(b: Body): void {
    const pp = b.tmp("ptr", `gep i32, ${b.scratch}, ${this.rng.int(0, 7)}`);
    b.emit(`store i32 0, local ${pp}`);
    const [head, body, done] = [b.label("poll"), b.label("ask"), b.label("polled")];
    b.terminate(`br ${head}(0)`);
    const j = b.fresh("j");
    b.open(head, [{ name: j, type: "i32" }]);
    const f = b.tmp("i32", `load i32, local ${pp}`);
    const z = b.tmp("i1", `icmp eq i32 ${f}, 0`);
    const lim = b.tmp("i1", `icmp slt i32 ${j}, 3`);
    const go = b.tmp("i1", `and i1 ${z}, ${lim}`);
    b.terminate(`cond_br ${go}, ${body}, ${done}`);
    b.open(body);
    b.emit(`omp.reverse_offload ${this.revSet}(${pp}, ${this.opnd(b, "i32")}) map(${this.rng.pick(["from", "tofrom"])}: i32 ${pp}[0:1])`);
    const j1 = b.tmp("i32", `add i32 ${j}, 1`);
    b.terminate(`br ${head}(${j1})`);
    b.open(done);
    this.useValue(b, b.def("i32", `load i32, local ${pp}`).name);
  }

  /** A pointer into private memory computed in guarded code, used after a parallel region. */
  privatePointer(b: Body): void {
    const w = b.tmp("i32", `load i32, global ${this.teamWord(b, 0, 31)}`);
    const j = b.tmp("i32", `and i32 ${w}, 7`);
    const pp = b.tmp("ptr", `gep i32, ${b.scratch}, ${j}`);
    b.def("i32", `atomic add i32, global ${this.teamWord(b, 16, 15)}, ${this.opnd(b, "i32")}`);
    this.parallel(b);
    b.emit(`store i32 ${this.opnd(b, "i32")}, local ${pp}`);
    this.useValue(b, b.def("i32", `load i32, local ${pp}`).name);
  }

  /** A write to private memory through a call (a guarded helper, or a noinline one). */
  privateCall(b: Body): void {
    const pp = b.tmp("ptr", `gep i32, ${b.scratch}, ${this.idx(b, 7)}`);
    if (this.sx.pw.length && (this.sx.pset.length === 0 || this.rng.chance(0.5))) b.def("i32", `call ${this.sx.pw[0]}(${b.tarea}, ${pp}, ${this.opnd(b, "i32")})`);
    else b.def("i32", `call ${this.sx.pset[0]}(${pp}, ${this.opnd(b, "i32")})`);
    this.useValue(b, b.def("i32", `load i32, local ${pp}`).name);
  }

  /** call_indirect of the hw-query helper: directly, through a pointer kept in an alloca
   *  (a constant once mem2reg has run, after simplify), or through a selected pointer. */
  indirect(b: Body, hwq: string): void {
    if (this.indirectWrapper !== null && (b.ctx === "seq" || this.rng.chance(0.5))) {
      return this.useValue(b, b.def("i32", `call ${this.indirectWrapper}(${this.opnd(b, "i32")}, ${this.opnd(b, "i32")})`).name);
    }
    const others = this.helpers.filter((h) => h.params.length === 2 && (h.kind === "pure" || h.kind === "query" || h.kind === "hwq"));
    let fp = hwq;
    const how = this.rng.int(0, 3);
    if (how === 1 || how === 2) {
      const slot = b.tmp("ptr", "alloca ptr");
      b.emit(`store ptr ${hwq}, local ${slot}`);
      fp = b.tmp("ptr", `load ptr, local ${slot}`);
    } else if (how === 3) fp = b.tmp("ptr", `select ptr ${this.val(b, "i1")}, ${hwq}, ${this.rng.pick(others).name}`);
    this.useValue(b, b.def("i32", `call_indirect ${fp}(${this.opnd(b, "i32")}, ${this.opnd(b, "i32")}) : (i32, i32) -> i32`).name);
  }

  /** The escaping alloca: a parallel region updates it, the sequential part reads it. */
  escapeStmt(b: Body): void {
    if (this.rng.chance(0.3)) b.emit(`store i32 ${this.opnd(b, "i32")}, local ${this.escCell}`);
    b.emit(`omp.parallel ${this.escRegion}(${b.buf}, ${this.escCell}, ${this.opnd(b, "i32")})`);
    const v = b.def("i32", `load i32, local ${this.escCell}`).name;
    if (this.rng.chance(0.5)) this.useValue(b, v);
    if (this.sh.teamRead > 0 && this.side.chance(this.sh.teamRead)) this.withSide(() => this.teamReadStmt(b));
    if (this.sh.teamViaLocal > 0 && this.side.chance(this.sh.teamViaLocal)) this.withSide(() => this.teamViaLocalStmt(b));
  }

  /** The `faultAfter` shape: on some launches an early exit that prints after a slow
   *  helper and then faults in an amenable helper every thread runs after SPMD-ization. */
  faultAfterStmt(b: Body): void {
    if (!this.faultHelpers) {
      this.out.push(`device @gfslow(%tarea: ptr, %v: i32) noinline {
^entry:
  br ^spin(0)
^spin(%i: i32):
  %j = add i32 %i, 1
  %more = icmp slt i32 %j, 20000
  cond_br %more, ^spin(%j), ^done
^done:
  %p = gep i32, %tarea, 20
  store i32 %v, global %p
  ret
}

device @${GEN_FAULT_DIV}(%d: i32) -> i32 noinline assume("ompx_spmd_amenable") {
^entry:
  %q = sdiv i32 1000, %d
  ret %q
}

device @${GEN_FAULT_OOB}(%k: i32) -> i32 noinline assume("ompx_spmd_amenable") {
^entry:
  %buf = alloca i32, 4
  %m = and i32 %k, 7
  %p = gep i32, %buf, %m
  %v = load i32, local %p
  ret %v
}
`);
      this.faultHelpers = true;
    }
    const c = b.tmp("i1", `icmp slt i32 %x, ${this.rng.int(-10, 10)}`);
    const [die, cont] = [b.label("fdie"), b.label("fcont")];
    b.terminate(`cond_br ${c}, ${die}, ${cont}`);
    b.open(die);
    b.emit(`call @gfslow(${b.tarea}, ${this.opnd(b, "i32")})`);
    b.emit(`print "k${this.k} t%d.%d| fault next\\n", ${b.team}, ${b.tid}`);
    // The division, or (drawn only here, so other shapes' programs stay as they were) the
    // masked load past the alloca's end.
    b.tmp("i32", this.side.chance(0.5) ? `call @${GEN_FAULT_DIV}(0)` : `call @${GEN_FAULT_OOB}(5)`);
    b.terminate("ret");
    b.open(cont);
  }

  /** The `allocaSlots` shape: a list of per-iteration allocas summed, or a dangling read. */
  allocaSlotsStmt(b: Body, how: "list" | "dangle" | "recurse" | "untaken" | "negative"): void {
    if (!this.slotsHelpers) {
      const text = `device @gslots(%n: i32, %v: i32) -> i32 {
^entry:
  br ^build(0, null)
^build(%i: i32, %prev: ptr):
  %node = alloca i64, 2
  %w0 = add i32 %v, %i
  %w = sext i32 %w0 to i64
  store i64 %w, local %node
  %link = gep i64, %node, 1
  store ptr %prev, local %link
  %i2 = add i32 %i, 1
  %more = icmp slt i32 %i2, %n
  cond_br %more, ^build(%i2, %node), ^walk(%node, 0, 0)
^walk(%p: ptr, %s: i64, %k: i32):
  %end = icmp eq ptr %p, null
  %stuck = icmp sgt i32 %k, 50
  %stop = or i1 %end, %stuck
  cond_br %stop, ^done, ^step
^step:
  %x = load i64, local %p
  %s2 = mul i64 %s, 7
  %s3 = add i64 %s2, %x
  %l = gep i64, %p, 1
  %q = load ptr, local %l
  %k2 = add i32 %k, 1
  br ^walk(%q, %s3, %k2)
^done:
  %r = trunc i64 %s to i32
  %r2 = mul i32 %k, 1000
  %r3 = add i32 %r, %r2
  ret %r3
}

device @gdangle(%v: i32) -> ptr {
^entry:
  %a = alloca i32
  store i32 %v, local %a
  ret %a
}

device @${GEN_DANGLING_READ}(%p: ptr) -> i32 noinline {
^entry:
  %v = load i32, local %p
  ret %v
}

device @gbig(%v: i32) -> i32 {
^entry:
  %a = alloca i32, 1048576
  %m = and i32 %v, 1023
  %p = gep i32, %a, %m
  store i32 %v, local %p
  %x = load i32, local %p
  ret %x
}

device @grec(%d: i32) -> i32 {
^entry:
  %x = call @gbig(%d)
  %c = icmp sgt i32 %d, 0
  cond_br %c, ^more, ^done
^more:
  %d1 = sub i32 %d, 1
  %y = call @grec(%d1)
  %s = add i32 %x, %y
  ret %s
^done:
  store i32 %x, global @grecout
  ret %x
}

global @grecout : global i32

device @${GEN_NEGATIVE_ALLOCA}(%k: i32) {
^entry:
  %a = alloca i32, %k
  ret
}

device @ghuge(%v: i32) -> i32 {
^entry:
  %a = alloca i32, 300000000
  %m = and i32 %v, 1023
  %p = gep i32, %a, %m
  store i32 %v, local %p
  %x = load i32, local %p
  ret %x
}
`;
      // The reader may be written already (by allocaPun).
      this.out.push(this.written8.has("gdread") ? text.replace(DANGLING_READER, "") : text);
      this.slotsHelpers = true;
    }
    if (how === "negative") {
      // On launches whose %x is small, an unused alloca of count -1 (a planted fault).
      const c = b.tmp("i1", `icmp slt i32 %x, ${this.rng.int(-10, 10)}`);
      const k = b.tmp("i32", `select i32 ${c}, -1, 2`);
      b.emit(`print "k${this.k} t%d.%d| alloca next\\n", ${b.team}, ${b.tid}`);
      b.emit(`call @${GEN_NEGATIVE_ALLOCA}(${k})`);
      return;
    }
    if (how === "untaken") {
      // %x is at most 20: the call never runs, and neither may its 1.2 GB alloca.
      const c = b.tmp("i1", `icmp sgt i32 %x, ${this.rng.int(100, 1000)}`);
      const [big, join] = [b.label("huge"), b.label("hjoin")];
      b.terminate(`cond_br ${c}, ${big}, ${join}`);
      b.open(big);
      b.tmp("i32", `call @ghuge(${this.opnd(b, "i32")})`);
      b.terminate(`br ${join}`);
      b.open(join);
      return;
    }
    if (how === "recurse") {
      this.useValue(b, b.def("i32", "call @grec(300)").name);
      return;
    }
    if (how === "list") {
      const n = b.tmp("i32", `and i32 ${this.opnd(b, "i32")}, 3`);
      const n1 = b.tmp("i32", `add i32 ${n}, 2`);
      this.useValue(b, b.def("i32", `call @gslots(${n1}, ${this.opnd(b, "i32")})`).name);
      return;
    }
    const c = b.tmp("i1", `icmp slt i32 %x, ${this.rng.int(-10, 10)}`);
    const [die, cont] = [b.label("ddie"), b.label("dcont")];
    b.terminate(`cond_br ${c}, ${die}, ${cont}`);
    b.open(die);
    b.emit(`print "k${this.k} t%d.%d| dangling next\\n", ${b.team}, ${b.tid}`);
    const p = b.tmp("ptr", `call @gdangle(${this.opnd(b, "i32")})`);
    this.useValue(b, b.tmp("i32", `call @${GEN_DANGLING_READ}(${p})`));
    b.terminate("ret");
    b.open(cont);
  }

  /** The `quarantine` shape (see Shapes.quarantine). */
  quarantineStmt(b: Body): void {
    this.once("quarantine", QUARANTINE_HELPERS);
    const c = b.tmp("i1", `icmp slt i32 %x, ${this.rng.int(-10, 10)}`);
    const [die, cont] = [b.label("qdie"), b.label("qcont")];
    b.terminate(`cond_br ${c}, ${die}, ${cont}`);
    b.open(die);
    const hp = b.tmp("ptr", `call @gqheap(${this.opnd(b, "i32")})`);
    const cs = b.tmp("i32", `call @gqchurn(${this.rng.int(4200, 4499)}, ${this.opnd(b, "i32")})`);
    b.emit(`omp.parallel @gqreg(${b.tarea}, ${cs})`);
    b.emit(`print "k${this.k} t%d.%d| churned %d, use after free next\\n", ${b.team}, ${b.tid}, ${cs}`);
    this.useValue(b, b.tmp("i32", `call @${GEN_HEAP_READ}(${hp})`));
    b.terminate("ret");
    b.open(cont);
  }

  /** Module text written once per program (helpers and globals of the eighth-session shapes). */
  private once(key: string, text: string): void {
    if (this.written8.has(key)) return;
    this.written8.add(key);
    this.out.push(text);
  }

  /** The `allocaPun` shape: a dangling address whose bits leave a holder as an i64. */
  allocaPunStmt(b: Body): void {
    this.once("pun", `device @gdpun(%v: i32, %how: i32) -> i64 {
^entry:
  %a = alloca i32
  store i32 %v, local %a
  %h = alloca ptr
  store ptr %a, local %h
  %byload = icmp eq i32 %how, 0
  cond_br %byload, ^ld, ^xc
^ld:
  %b1 = load i64, local %h
  ret %b1
^xc:
  %b2 = atomic xchg i64, local %h, 0
  ret %b2
}

global @gpunslot : local i64

device @gdbits(%bits: i64) -> i32 noinline {
^entry:
  store i64 %bits, local @gpunslot
  %p = load ptr, local @gpunslot
  %v = call @${GEN_DANGLING_READ}(%p)
  ret %v
}
`);
    if (!this.slotsHelpers) this.once("gdread", DANGLING_READER);
    const c = b.tmp("i1", `icmp slt i32 %x, ${this.rng.int(-10, 10)}`);
    const [die, cont] = [b.label("pdie"), b.label("pcont")];
    b.terminate(`cond_br ${c}, ${die}, ${cont}`);
    b.open(die);
    b.emit(`print "k${this.k} t%d.%d| punned next\\n", ${b.team}, ${b.tid}`);
    const bits = b.tmp("i64", `call @gdpun(${this.opnd(b, "i32")}, ${this.rng.int(0, 1)})`);
    // Read back by @gdbits itself, or handed to the reader the fault is planted in.
    if (this.rng.chance(0.5)) {
      const p = b.tmp("ptr", `call @gdptr(${bits})`);
      this.once("gdptr", `device @gdptr(%bits: i64) -> ptr noinline {
^entry:
  store i64 %bits, local @gpunslot
  %p = load ptr, local @gpunslot
  ret %p
}
`);
      this.useValue(b, b.tmp("i32", `call @${GEN_DANGLING_READ}(${p})`));
    } else this.useValue(b, b.tmp("i32", `call @gdbits(${bits})`));
    b.terminate("ret");
    b.open(cont);
  }

  /** The `escapeVia` shape: a kernel alloca's address laundered, then given to a region. */
  escapeViaStmt(b: Body): void {
    this.once("escv", `global @escv_s : shared ptr
global @escv_g : global ptr x ${MAX_TEAMS}

device @escv_id(%p: ptr) -> ptr noinline {
^entry:
  ret %p
}

device @escv_r(%buf: ptr, %cell: ptr, %v: i32) {
^entry:
  %t = omp.thread_num
  %a = and i32 %t, 3
  %w = add i32 %a, %v
  %o = atomic add i32, local %cell, %w
  ret
}
`);
    const r = this.rng;
    const c0 = b.tmp("ptr", "alloca i32");
    const c1 = b.tmp("ptr", "alloca i32");
    b.emit(`store i32 ${this.opnd(b, "i32")}, local ${c0}`);
    if (r.chance(0.5)) b.emit(`store i32 ${this.opnd(b, "i32")}, local ${c1}`);
    const how = r.pick(["select", "phi", "shared", "xchg", "global", "call"] as const);
    let p: string;
    if (how === "select") p = b.tmp("ptr", `select ptr ${this.val(b, "i1")}, ${c0}, ${c1}`);
    else if (how === "phi") {
      const [l, rr, j] = [b.label("evl"), b.label("evr"), b.label("evj")];
      b.terminate(`cond_br ${this.val(b, "i1")}, ${l}, ${rr}`);
      b.open(l);
      b.terminate(`br ${j}(${c0})`);
      b.open(rr);
      b.terminate(`br ${j}(${c1})`);
      p = b.fresh("ev");
      b.open(j, [{ name: p, type: "ptr" }]);
    } else if (how === "shared") {
      b.emit(`store ptr ${c0}, shared @escv_s`);
      p = b.tmp("ptr", "load ptr, shared @escv_s");
    } else if (how === "xchg") {
      b.emit(`store ptr ${c1}, shared @escv_s`);
      const old = b.tmp("ptr", `atomic xchg ptr, shared @escv_s, ${c0}`);
      // The old value (the other cell) gets a write of its own.
      b.emit(`store i32 ${this.opnd(b, "i32")}, local ${old}`);
      p = b.tmp("ptr", "load ptr, shared @escv_s");
    } else if (how === "global") {
      const slot = b.tmp("ptr", `gep ptr, @escv_g, ${b.team}`);
      b.emit(`store ptr ${c0}, global ${slot}`);
      p = b.tmp("ptr", `load ptr, global ${slot}`);
    } else p = b.tmp("ptr", `call @escv_id(${c0})`);
    if (r.chance(0.4)) b.emit(`store i32 ${this.opnd(b, "i32")}, local ${p}`);
    if (r.chance(0.3)) this.print(b, "escv");
    b.emit(`omp.parallel @escv_r(${b.buf}, ${p}, ${this.opnd(b, "i32")})`);
    this.useValue(b, b.tmp("i32", `load i32, local ${c0}`));
    this.useValue(b, b.tmp("i32", `load i32, local ${c1}`));
  }

  /** The `capped` shape: regions whose thread count the sequential part computes. */
  cappedStmt(b: Body): void {
    this.once("cap", `device @cap_tid() -> i32 noinline {
^entry:
  %t = omp.hw_thread_id
  %c = add i32 %t, 3
  ret %c
}

device @cap_two() -> i32 noinline {
^entry:
  %t = omp.hw_thread_id
  %c = mul i32 %t, 5
  %d = add i32 %c, 2
  ret %d
}

device @cap_r(%cell: ptr, %v: i32) {
^entry:
  %t = omp.thread_num
  %n = omp.num_threads
  %m = mul i32 %n, 100
  %a = add i32 %m, %t
  %w = add i32 %a, %v
  %o = atomic add i32, local %cell, %w
  omp.barrier
  %o2 = atomic add i32, local %cell, 1
  ret
}
`);
    const r = this.rng;
    const cell = b.tmp("ptr", "alloca i32");
    const cap = (): string => {
      const how = r.pick(["const", "zero", "neg", "operand", "tid", "indirect"] as const);
      if (how === "const") return String(r.int(1, 40));
      if (how === "zero") return "0";
      if (how === "neg") return "-3";
      if (how === "operand") return b.tmp("i32", `and i32 ${this.opnd(b, "i32")}, 15`);
      if (how === "tid") return b.tmp("i32", "call @cap_tid()");
      const fp = b.tmp("ptr", `select ptr ${this.val(b, "i1")}, @cap_tid, @cap_two`);
      return b.tmp("i32", `call_indirect ${fp}() : () -> i32${r.chance(0.7) ? " callees(@cap_tid, @cap_two)" : ""}`);
    };
    b.emit(`omp.parallel @cap_r(${cell}, ${this.opnd(b, "i32")}) threads(${cap()})`);
    if (r.chance(0.5)) {
      if (r.chance(0.3)) this.print(b, "cap");
      b.emit(`omp.parallel @cap_r(${cell}, ${this.opnd(b, "i32")})${r.chance(0.5) ? ` threads(${cap()})` : ""}`);
    }
    this.useValue(b, b.tmp("i32", `load i32, local ${cell}`));
  }

  /** The `levels` shape: omp.level read at levels 0, 1 and 2, between regions too. */
  levelsStmt(b: Body): void {
    this.once("lv", `device @lv_q(%a: i32) -> i32 noinline {
^entry:
  %l = omp.level
  %m = mul i32 %l, 1000
  %r = add i32 %m, %a
  ret %r
}

device @lv_i(%a: i32) -> i32 {
^entry:
  %l = omp.level
  %r = xor i32 %l, %a
  ret %r
}

device @lv_c0(%a: i32) -> i32 {
^entry:
  %r = add i32 %a, 7
  ret %r
}

device @lv_c1(%a: i32) -> i32 {
^entry:
  %r = xor i32 %a, 5
  ret %r
}

device @lv_c2(%a: i32) -> i32 {
^entry:
  %r = mul i32 %a, 3
  ret %r
}

device @lv_c3(%a: i32) -> i32 {
^entry:
  %r = sub i32 %a, 2
  ret %r
}

device @lv_n(%tarea: ptr, %v: i32) {
^entry:
  %q = call @lv_q(%v)
  %w = gep i32, %tarea, 24
  %o = atomic add i32, global %w, %q
  ret
}

device @lv_r(%tarea: ptr, %v: i32) {
^entry:
  %q = call @lv_q(%v)
  %i = call @lv_i(%v)
  %s = add i32 %q, %i
  %w = gep i32, %tarea, 24
  %o = atomic add i32, global %w, %s
  omp.parallel @lv_n(%tarea, %v)
  ret
}
`);
    const r = this.rng;
    if (r.chance(0.7)) {
      // Four possible callees: over specialize-indirect's cap, so the kernel stays generic.
      const c1 = b.tmp("i1", `icmp sgt i32 %x, ${r.int(-10, 10)}`);
      const c2 = b.tmp("i1", `icmp slt i32 %n, ${r.int(1, 3)}`);
      const s1 = b.tmp("ptr", `select ptr ${c2}, @lv_c0, @lv_c1`);
      const s2 = b.tmp("ptr", `select ptr ${c2}, @lv_c2, @lv_c3`);
      const fp = b.tmp("ptr", `select ptr ${c1}, ${s1}, ${s2}`);
      b.emit(`store i32 ${b.tmp("i32", `call_indirect ${fp}(${this.opnd(b, "i32")}) : (i32) -> i32`)}, global ${this.teamWord(b, 0, 15)}`);
    }
    if (r.chance(0.4)) this.useValue(b, b.tmp("i32", "omp.level"));
    b.emit(`omp.parallel @lv_r(${b.tarea}, ${this.opnd(b, "i32")})`);
    const q = b.tmp("i32", `call ${r.pick(["@lv_q", "@lv_q", "@lv_i"])}(${this.opnd(b, "i32")})`);
    if (r.chance(0.5)) b.emit(`print "k${this.k} t%d.%d| level %d\\n", ${b.team}, ${b.tid}, ${q}`);
    b.emit(`omp.parallel @lv_r(${b.tarea}, ${r.chance(0.7) ? q : this.opnd(b, "i32")})`);
    this.useValue(b, q);
  }

  /** The `deepCall` shape: a recursion to the call stack's bound, between regions and in one. */
  deepCallStmt(b: Body): void {
    this.once("dc", `device @dc_rec(%d: i32) -> i32 noinline {
^entry:
  %z = icmp sle i32 %d, 0
  cond_br %z, ^base, ^more
^base:
  ret 0
^more:
  %d1 = sub i32 %d, 1
  %r = call @dc_rec(%d1)
  %r1 = add i32 %r, 3
  ret %r1
}

device @dc_r(%tarea: ptr, %d: i32) {
^entry:
  %t = omp.thread_num
  %z = icmp eq i32 %t, 0
  cond_br %z, ^deep, ^done
^deep:
  %d1 = sub i32 %d, 1
  %r = call @dc_rec(%d1)
  %w = gep i32, %tarea, 24
  %o = atomic add i32, global %w, %r
  br ^done
^done:
  ret
}

device @dc_c0(%a: i32) -> i32 {
^entry:
  %r = add i32 %a, 11
  ret %r
}

device @dc_c1(%a: i32) -> i32 {
^entry:
  %r = xor i32 %a, 6
  ret %r
}

device @dc_c2(%a: i32) -> i32 {
^entry:
  %r = mul i32 %a, 5
  ret %r
}

device @dc_c3(%a: i32) -> i32 {
^entry:
  %r = sub i32 %a, 9
  ret %r
}
`);
    const r = this.rng;
    // Four possible callees: over specialize-indirect's cap, so the kernel stays generic.
    const c1 = b.tmp("i1", `icmp sgt i32 %x, ${r.int(-10, 10)}`);
    const c2 = b.tmp("i1", `icmp slt i32 %n, ${r.int(1, 3)}`);
    const s1 = b.tmp("ptr", `select ptr ${c2}, @dc_c0, @dc_c1`);
    const s2 = b.tmp("ptr", `select ptr ${c2}, @dc_c2, @dc_c3`);
    const fp = b.tmp("ptr", `select ptr ${c1}, ${s1}, ${s2}`);
    b.emit(`store i32 ${b.tmp("i32", `call_indirect ${fp}(${this.opnd(b, "i32")}) : (i32) -> i32`)}, global ${this.teamWord(b, 0, 15)}`);
    // 1022 or 1023 activations of @dc_rec below the kernel: the most a warp of 32 holds.
    const d = b.tmp("i32", `add i32 ${b.tmp("i32", "and i32 %x, 1")}, 1022`);
    b.emit(`omp.parallel ${r.pick(this.regions)}(${b.buf}, ${this.opnd(b, "i32")}, ${this.phase()}, ${b.shared})`);
    const v = b.tmp("i32", `call @dc_rec(${d})`);
    b.emit(`omp.parallel ${r.chance(0.5) ? `@dc_r(${b.tarea}, ${d})` : `${r.pick(this.regions)}(${b.buf}, ${v}, ${this.phase()}, ${b.shared})`}`);
    this.useValue(b, v);
  }

  /** The `fnptrParam` shape: a callback passed down calls (see Shapes.fnptrParam). */
  fnptrParamStmt(b: Body): void {
    this.once("fpp", `global @fpp_cnt : global i32 x ${MAX_TEAMS}
global @fpp_slot : global ptr x ${MAX_TEAMS}

device @fpp_a(%a: i32, %b: i32) -> i32 {
^entry:
  %h = omp.hw_thread_id
  %s = add i32 %a, %h
  %r = mul i32 %s, %b
  ret %r
}

device @fpp_b(%a: i32, %b: i32) -> i32 noinline {
^entry:
  %t = omp.thread_num
  %s = xor i32 %a, %t
  %r = sub i32 %s, %b
  ret %r
}

device @fpp_c(%a: i32, %b: i32) -> i32 noinline {
^entry:
  %tm = omp.team_num
  %p = gep i32, @fpp_cnt, %tm
  %o = atomic add i32, global %p, %a
  %r = add i32 %o, %b
  ret %r
}

device @fpp_walk(%fp: ptr, %n: i32, %acc: i32) -> i32 noinline {
^entry:
  %z = icmp sle i32 %n, 0
  cond_br %z, ^done, ^more
^more:
  %a = call_indirect %fp(%acc, %n) : (i32, i32) -> i32
  %n1 = sub i32 %n, 1
  %r = call @fpp_walk(%fp, %n1, %a)
  ret %r
^done:
  ret %acc
}

device @fpp_apply(%fp: ptr, %v: i32) -> i32 noinline {
^entry:
  %r = call_indirect %fp(%v, 3) : (i32, i32) -> i32
  ret %r
}

device @fpp_r(%tarea: ptr, %fp: ptr, %v: i32) {
^entry:
  %t = omp.thread_num
  %s = add i32 %t, %v
  %r = call @fpp_walk(%fp, 2, %s)
  %w = gep i32, %tarea, 24
  %o = atomic add i32, global %w, %r
  ret
}
`);
    const r = this.rng;
    const callback = (): string => {
      const k = r.int(0, 4);
      if (k <= 2) return ["@fpp_a", "@fpp_b", "@fpp_c"][k]!;
      if (k === 3) return b.tmp("ptr", `select ptr ${b.tmp("i1", `icmp slt i32 ${this.val(b, "i32")}, ${this.val(b, "i32")}`)}, ${r.pick(["@fpp_a", "@fpp_b", "@fpp_c"])}, ${r.pick(["@fpp_a", "@fpp_b", "@fpp_c"])}`);
      // A pointer from memory: the tracing cannot settle it, the fallback stays.
      const slot = b.tmp("ptr", `gep ptr, @fpp_slot, ${b.team}`);
      b.emit(`store ptr ${r.pick(["@fpp_a", "@fpp_b", "@fpp_c"])}, global ${slot}`);
      return b.tmp("ptr", `load ptr, global ${slot}`);
    };
    const n = b.tmp("i32", `and i32 ${this.val(b, "i32")}, 3`);
    this.useValue(b, b.tmp("i32", `call @fpp_walk(${callback()}, ${n}, ${this.opnd(b, "i32")})`));
    if (r.chance(0.5)) this.useValue(b, b.tmp("i32", `call @fpp_apply(${callback()}, ${this.opnd(b, "i32")})`));
    if (r.chance(0.3)) {
      // @fpp_apply's address taken: its parameter is no longer only what direct calls pass.
      const ap = b.tmp("ptr", `select ptr ${b.tmp("i1", `icmp sgt i32 ${this.val(b, "i32")}, 0`)}, @fpp_apply, @fpp_apply`);
      this.useValue(b, b.tmp("i32", `call_indirect ${ap}(${callback()}, ${this.opnd(b, "i32")}) : (ptr, i32) -> i32`));
    }
    if (b.canParallel && r.chance(0.5)) b.emit(`omp.parallel @fpp_r(${b.tarea}, ${r.pick(["@fpp_a", "@fpp_b"])}, ${this.opnd(b, "i32")})`);
  }

  /** The `fnptrMem` shape: a function address kept in global memory, called indirectly. */
  fnptrMemStmt(b: Body): void {
    this.once("fpm", `global @fpm_g : global ptr x ${MAX_TEAMS}

device @fpm_a(%a: i32, %b: i32) -> i32 {
^entry:
  %h = omp.hw_thread_id
  %s = add i32 %a, %h
  %r = mul i32 %s, 3
  %r2 = add i32 %r, %b
  ret %r2
}

device @fpm_b(%a: i32, %b: i32) -> i32 noinline {
^entry:
  %t = omp.thread_num
  %n = omp.num_threads
  %s = mul i32 %t, %n
  %r = xor i32 %s, %a
  %r2 = sub i32 %r, %b
  ret %r2
}

device @fpm_r(%tarea: ptr, %fp: ptr, %v: i32) {
^entry:
  %t = omp.thread_num
  %r = call_indirect %fp(%t, %v) : (i32, i32) -> i32
  %w = gep i32, %tarea, 24
  %o = atomic add i32, global %w, %r
  ret
}
`);
    const r = this.rng;
    const sel = b.tmp("i1", `icmp slt i32 ${this.val(b, "i32")}, ${this.val(b, "i32")}`);
    const f = b.tmp("ptr", `select ptr ${sel}, @fpm_a, @fpm_b`);
    const slot = b.tmp("ptr", `gep ptr, @fpm_g, ${b.team}`);
    b.emit(`store ptr ${f}, global ${slot}`);
    if (b.canParallel && r.chance(0.4)) this.parallel(b);
    const g = b.tmp("ptr", `load ptr, global ${slot}`);
    const set = r.chance(0.5) ? " callees(@fpm_a, @fpm_b)" : "";
    if (r.chance(0.7)) this.useValue(b, b.tmp("i32", `call_indirect ${g}(${this.opnd(b, "i32")}, ${this.opnd(b, "i32")}) : (i32, i32) -> i32${set}`));
    if (b.canParallel) b.emit(`omp.parallel @fpm_r(${b.tarea}, ${g}, ${this.opnd(b, "i32")})`);
  }

  /** The `names8` shape: user symbols named like generated ones, used. */
  names8Stmt(b: Body): void {
    this.once("names8", `global @globalized_shared : shared i32 x 2
global @t1.merged : global i32 x ${MAX_TEAMS}
global @__kmpc_data_sharing : global i32 x ${MAX_TEAMS}

device @__kmpc_parallel_51(%a: i32, %b: i32) -> i32 {
^entry:
  %s = mul i32 %a, 5
  %r = add i32 %s, %b
  ret %r
}

device @__omp_outlined__(%tarea: ptr, %v: i32) {
^entry:
  %t = omp.thread_num
  %x = call @__kmpc_parallel_51(%t, %v)
  %w = gep i32, %tarea, 24
  %o = atomic add i32, global %w, %x
  %g = load i32, shared @globalized_shared
  %o2 = atomic add i32, global %w, %g
  ret
}
`);
    this.once(`names8.k${this.k}`, `global @k${this.k}_r0.merged : shared i32
`);
    const m = `@k${this.k}_r0.merged`;
    b.emit(`store i32 ${this.opnd(b, "i32")}, shared @globalized_shared`);
    b.emit(`store i32 ${this.opnd(b, "i32")}, shared ${m}`);
    const s1 = b.tmp("ptr", `gep i32, @t1.merged, ${b.team}`);
    b.emit(`store i32 ${this.opnd(b, "i32")}, global ${s1}`);
    const s2 = b.tmp("ptr", `gep i32, @__kmpc_data_sharing, ${b.team}`);
    const o = b.tmp("i32", `atomic add i32, global ${s2}, ${this.opnd(b, "i32")}`);
    if (b.canParallel) b.emit(`omp.parallel @__omp_outlined__(${b.tarea}, ${o})`);
    if (b.canParallel && this.rng.chance(0.5)) this.parallel(b);
    const v = b.tmp("i32", `load i32, shared ${m}`);
    const w = b.tmp("i32", `load i32, global ${s1}`);
    this.useValue(b, b.tmp("i32", `call @__kmpc_parallel_51(${v}, ${w})`));
    // Block and value names the passes invent in the functions they change.
    const blk = this.rng.pick(["^spmd.entry", "^guard.barrier", "^guard.check", "^icall.join", "^zero.cont"]);
    b.terminate(`br ${blk}`);
    b.open(blk);
    b.emit("%tid = omp.hw_thread_id");
    b.emit("%is_main = icmp eq i32 %tid, 0");
    b.emit("%main.i = zext i1 %is_main to i32");
    b.emit(`print "k${this.k} t%d.%d| main %d\\n", ${b.team}, ${b.tid}, %main.i`);
  }

  /** The `recBoth` shape: one recursion called from the sequential part, a region and an SPMD kernel. */
  recBothStmt(b: Body): void {
    const r = this.rng;
    this.once("recboth", `device @rb(%d: i32, %x: i32) -> i32${this.noinline()} {
^entry:
  %h = omp.hw_thread_id
  %t = omp.thread_num
  %c = icmp sgt i32 %d, 0
  cond_br %c, ^rec, ^base
^rec:
  %d1 = sub i32 %d, 1
  %y = add i32 %x, %h
  %odd = and i32 %d, 1
  %use2 = icmp eq i32 %odd, 1
  cond_br %use2, ^mut, ^self
^mut:
  %m = call @rb2(%d1, %y)
  ret %m
^self:
  %s = call @rb(%d1, %y)
  %s2 = mul i32 %s, 3
  ret %s2
^base:
  %b = xor i32 %x, %t
  ret %b
}

device @rb2(%d: i32, %x: i32) -> i32 noinline {
^entry:
  %n = omp.num_threads
  %y = add i32 %x, %n
  %r = call @rb(%d, %y)
  ret %r
}

device @rb_r(%tarea: ptr, %v: i32) {
^entry:
  %t = omp.thread_num
  %d = and i32 %t, 3
  %x = call @rb(%d, %v)
  %w = gep i32, %tarea, 24
  %o = atomic add i32, global %w, %x
  ret
}

kernel @rbs(%buf: ptr, %v: i32) spmd {
^entry:
  %t = omp.team_num
  %h = omp.hw_thread_id
  %n = omp.hw_num_threads
  %d = and i32 %h, 3
  %x = call @rb(%d, %v)
  %row = mul i32 %t, %n
  %g = add i32 %row, %h
  %q = gep i32, %buf, %g
  store i32 %x, global %q
  ret
}
`);
    this.recSpmd ??= r.int(-9, 9);
    this.useValue(b, b.tmp("i32", `call @rb(${r.int(0, 4)}, ${this.opnd(b, "i32")})`));
    if (b.canParallel) b.emit(`omp.parallel @rb_r(${b.tarea}, ${this.opnd(b, "i32")})`);
  }

  /** The `faultLoop` shape: an exit-less loop left only by a planted division by zero. */
  faultLoopStmt(b: Body): void {
    this.once("floop", `device @${GEN_FAULT_LOOP}(%lim: i32, %i: i32) -> i32${this.noinline()} {
^entry:
  %d = sub i32 %lim, %i
  %r = sdiv i32 1000, %d
  ret %r
}
`);
    const c = b.tmp("i1", `icmp slt i32 %x, ${this.rng.int(-10, 10)}`);
    const m = b.tmp("i32", `and i32 ${this.opnd(b, "i32")}, 3`);
    const lim = b.tmp("i32", `add i32 ${m}, 1`);
    const [head, cont] = [b.label("floop"), b.label("fcont")];
    b.terminate(`cond_br ${c}, ${head}(0), ${cont}`);
    const i = b.fresh("fi");
    b.open(head, [{ name: i, type: "i32" }]);
    b.emit(`print "k${this.k} t%d.%d| floop %d\\n", ${b.team}, ${b.tid}, ${i}`);
    if (b.canParallel && this.rng.chance(0.6)) b.emit(`omp.parallel ${this.rng.pick(this.regions)}(${b.buf}, ${i}, ${this.rng.int(0, 1)}, ${b.shared})`);
    const q = b.tmp("i32", `call @${GEN_FAULT_LOOP}(${lim}, ${i})`);
    b.emit(`store i32 ${q}, global ${this.teamWord(b, 16, 7)}`);
    const i2 = b.tmp("i32", `add i32 ${i}, 1`);
    b.terminate(`br ${head}(${i2})`);
    b.open(cont);
  }

  /** The amenable helper reading an i32 through its pointer argument. */
  private teamReaderHelper(): void {
    if (this.teamReader) return;
    this.out.push(`device @amenrd(%p: ptr) -> i32${this.noinline()} assume("ompx_spmd_amenable") {
^entry:
  %v = load i32, local %p
  ret %v
}
`);
    this.teamReader = true;
  }

  /** The `teamViaLocal` shape: after a region (a synchronisation point), the escaping
   *  alloca's address goes to the `local` global @lgp and a helper without pointer
   *  arguments writes the alloca through it; the amenable reader's result is the next
   *  region's argument. */
  teamViaLocalStmt(b: Body): void {
    this.teamReaderHelper();
    if (!this.localPtrWriter) {
      this.out.push(`global @lgp : local ptr

device @lgpwr(%v: i32) noinline {
^entry:
  br ^spin(0)
^spin(%i: i32):
  %j = add i32 %i, 1
  %more = icmp slt i32 %j, 20000
  cond_br %more, ^spin(%j), ^done
^done:
  %p = load ptr, local @lgp
  store i32 %v, local %p
  ret
}
`);
      this.localPtrWriter = true;
    }
    b.emit(`omp.parallel ${this.escRegion}(${b.buf}, ${this.escCell}, ${this.opnd(b, "i32")})`);
    b.emit(`store ptr ${this.escCell}, local @lgp`);
    b.emit(`call @lgpwr(${this.opnd(b, "i32")})`);
    const r = b.tmp("i32", `call @amenrd(${this.escCell})`);
    b.emit(`omp.parallel ${this.escRegion}(${b.buf}, ${this.escCell}, ${r})`);
    this.useValue(b, b.def("i32", `load i32, local ${this.escCell}`).name);
  }

  /** The `teamRead` shape: a write of the escaping alloca, read back by an amenable helper
   *  whose result is the next region's argument. */
  teamReadStmt(b: Body): void {
    this.teamReaderHelper();
    b.emit(`store i32 ${this.opnd(b, "i32")}, local ${this.escCell}`);
    const r = b.tmp("i32", `call @amenrd(${this.escCell})`);
    b.emit(`omp.parallel ${this.escRegion}(${b.buf}, ${this.escCell}, ${r})`);
    this.useValue(b, b.def("i32", `load i32, local ${this.escCell}`).name);
  }

  bigStmt(b: Body): void {
    const j = b.tmp("i32", `and i32 ${this.val(b, "i32")}, ${BIG_ALLOCA - 1}`);
    const p = b.tmp("ptr", `gep i32, ${this.big}, ${j}`);
    if (this.rng.chance(0.5)) b.emit(`store i32 ${this.opnd(b, "i32")}, local ${p}`);
    else b.def("i32", `load i32, local ${p}`);
  }

  /** Uses of the user globals named like generated ones (only this kernel's). */
  lookalikeStmt(b: Body): void {
    const sh = this.lookalikes.shared.filter((n) => n.startsWith(`@k${this.k}.`));
    const gl = this.lookalikes.global.filter((n) => n.startsWith(`@k${this.k}.`));
    if (sh.length && (gl.length === 0 || this.rng.chance(0.6))) {
      const g = this.rng.pick(sh);
      if (this.rng.chance(0.5)) b.emit(`store i32 ${this.opnd(b, "i32")}, shared ${g}`);
      else b.def("i32", `load i32, shared ${g}`);
    } else if (gl.length) b.tmp("i32", `atomic add i32, global ${this.rng.pick(gl)}, ${this.opnd(b, "i32")}`);
  }

  /** A helper that starts a parallel region (and broadcasts a guarded atomic's result) called in a loop. */
  parInLoop(b: Body, par: string): void {
    const [head, body, exit] = [b.label("ploop"), b.label("pbody"), b.label("pexit")];
    b.terminate(`br ${head}(0, ${this.opnd(b, "i32")})`);
    const i: Val = { name: b.fresh("i"), type: "i32" };
    const acc: Val = { name: b.fresh("acc"), type: "i32" };
    b.open(head, [i, acc]);
    const c = b.tmp("i1", `icmp slt i32 ${i.name}, ${this.rng.int(2, 3)}`);
    b.terminate(`cond_br ${c}, ${body}, ${exit}`);
    b.open(body);
    const r = b.tmp("i32", `call ${par}(${b.buf}, ${b.tarea}, ${b.shared}, ${b.team}, ${this.opnd(b, "i32")})`);
    const acc2 = b.tmp("i32", `add i32 ${acc.name}, ${r}`);
    const next = b.tmp("i32", `add i32 ${i.name}, 1`);
    b.terminate(`br ${head}(${next}, ${acc2})`);
    b.open(exit);
    b.scope.push(acc);
    if (this.rng.chance(0.5)) this.useValue(b, acc.name);
  }

  // ----- functions ---------------------------------------------------------------------------

  /** `scratch`: i32 elements of the body's private scratch alloca (64 KiB ones end up in
   *  callers' loops once inlined, which must not allocate per iteration). */
  private start(ctx: Ctx, params: Val[], scratch = 8): Body {
    const b = new Body(ctx);
    b.open("^entry");
    b.scope.push(...params.filter((p) => p.type !== ("ptr")));
    if (ctx !== "host") b.scratch = b.tmp("ptr", `alloca i32, ${scratch}`);
    return b;
  }

  private sig(params: Val[]): string {
    return params.map((p) => `${p.name}: ${p.type}`).join(", ");
  }

  private noinline(): string {
    return this.rng.chance(0.4) ? " noinline" : "";
  }

  /** A pure i32 helper, or one using omp.thread_num (cloned for sequential callers). */
  mathHelper(i: number | string, kind: "pure" | "query"): void {
    const params: Val[] = [{ name: "%p0", type: "i32" }, { name: "%p1", type: "i32" }];
    const big = this.opts.stmtShapes === undefined || this.opts.stmtShapes.includes("largeAlloca") ? this.sh.stmt : 0;
    const b = this.start("helper", params, kind === "pure" && this.rng.chance(big) ? 16384 : 8);
    if (kind === "query") b.scope.push(b.def("i32", "omp.thread_num", "q", false), b.def("i32", "omp.num_threads", "q", false));
    this.run(b, (x) => this.pureStmt(x));
    b.terminate(`ret ${this.val(b, "i32")}`);
    const name = typeof i === "string" ? `@${i}` : `@${kind}${i}`;
    this.out.push(`device ${name}(${this.sig(params)}) -> i32${this.noinline()} {\n${b.text()}\n}\n`);
    this.helpers.push({ name, kind, params: ["i32", "i32"] });
  }

  /** A helper with sequential side effects ("side") or a parallel region too ("par"); only
   *  called from sequential code, with the kernel's buffer, team area, shared pair and team. */
  effectHelper(i: number, kind: "side" | "par"): void {
    const params: Val[] = [
      { name: "%buf", type: "ptr" }, { name: "%tarea", type: "ptr" }, { name: "%sh", type: "ptr" },
      { name: "%team", type: "i32" }, { name: "%p0", type: "i32" },
    ];
    const b = this.start("helper", params);
    b.tarea = "%tarea";
    b.shared = "%sh";
    b.team = "%team";
    b.tid = b.tmp("i32", "omp.thread_num");
    const name = `@${kind}${i}`;
    const saved = this.regions;
    if (kind === "par") {
      this.regions = [this.region(`@${kind}${i}_region`)];
      b.canParallel = true;
    }
    b.ret = this.rng.chance(0.3) ? "i32" : null;
    this.run(b, (x) => this.seqStmt(x), kind === "par" ? 0.1 : 0);
    if (kind === "par") {
      this.parallel(b);
      // a guarded atomic whose result is used: broadcast through a slot
      if (this.rng.chance(0.7)) {
        const o = b.def("i32", `atomic add i32, global ${this.teamWord(b, 16, 15)}, ${this.opnd(b, "i32")}`).name;
        this.regions = saved;
        b.terminate(`ret ${b.tmp("i32", `add i32 ${o}, ${this.opnd(b, "i32")}`)}`);
        this.out.push(`device ${name}(${this.sig(params)}) -> i32${this.noinline()} {\n${b.text()}\n}\n`);
        this.helpers.push({ name, kind, params: ["i32"] });
        return;
      }
    }
    this.regions = saved;
    b.terminate(`ret ${this.val(b, "i32")}`);
    this.out.push(`device ${name}(${this.sig(params)}) -> i32${this.noinline()} {\n${b.text()}\n}\n`);
    this.helpers.push({ name, kind, params: ["i32"] });
  }

  /** A host function run by reverse offload: prints the calling thread's tag and value,
   *  accumulates into a host global (commutatively) and updates the mapped word. */
  revCallee(i: number): void {
    const name = `@rev${i}`;
    const b = this.start("host", [{ name: "%v", type: "i32" }]);
    b.emit(`print "t%d.%d| rev${i} %d\\n", %team, %tid, %v`);
    b.tmp("i32", `atomic add i32, host @hacc, %v`);
    const old = b.tmp("i32", "load i32, host %slot");
    const x = b.tmp("i32", `${this.rng.pick(["add", "xor", "mul"])} i32 ${old}, %v`);
    b.emit(`store i32 ${x}, host %slot`);
    b.terminate("ret");
    this.out.push(`host ${name}(%slot: ptr, %v: i32, %team: i32, %tid: i32) {\n${b.text()}\n}\n`);
    this.revCallees.push(name);
  }

  /** A parallel region: each thread computes from its inputs and writes its own slot. */
  region(name: string): string {
    const params: Val[] = [{ name: "%buf", type: "ptr" }, { name: "%a", type: "i32" }, { name: "%ph", type: "i32" }, { name: "%sh", type: "ptr" }];
    const b = this.start("region", params);
    b.shared = "%sh";
    b.team = b.def("i32", "omp.team_num", "team").name;
    b.tid = b.def("i32", "omp.thread_num", "tid").name;
    b.nt = b.def("i32", "omp.num_threads", "nt").name;
    const row = b.tmp("i32", `mul i32 ${b.team}, ${b.nt}`);
    const gid = b.tmp("i32", `add i32 ${row}, ${b.tid}`);
    const pb = b.tmp("i32", "and i32 %ph, 1");
    b.wofs = b.tmp("i32", `mul i32 ${pb}, ${BANK}`);
    b.rofs = b.tmp("i32", `sub i32 ${BANK}, ${b.wofs}`);
    const toff = b.tmp("i32", `mul i32 ${b.team}, ${TEAM_AREA}`);
    const tbase = b.tmp("i32", `add i32 ${toff}, ${TEAM_BASE}`);
    b.tarea = b.tmp("ptr", `gep i32, %buf, ${tbase}`);
    this.run(b, (x) => this.regionStmt(x));
    const slot = b.tmp("i32", `add i32 ${b.wofs}, ${gid}`);
    const sp = b.tmp("ptr", `gep i32, %buf, ${slot}`);
    // the slot depends on the region's argument, so a sequential value every thread computed
    // differently after SPMD-ization shows in the buffer
    b.emit(`store i32 ${b.tmp("i32", `add i32 ${this.val(b, "i32")}, %a`)}, global ${sp}`);
    if (this.opts.reverseOffload && this.rng.chance(0.3)) this.fewThreads(b, () => this.reverseOffload(b, slot));
    b.terminate("ret");
    this.out.push(`device ${name}(${this.sig(params)})${this.noinline()} {\n${b.text()}\n}\n`);
    return name;
  }

  /** Runs `body` on threads 0 and 1 of the region only (keeps output and host calls small). */
  fewThreads(b: Body, body: () => void): void {
    const c = b.tmp("i1", `icmp ult i32 ${b.tid}, ${this.rng.int(1, 2)}`);
    const [yes, join] = [b.label("few"), b.label("fewjoin")];
    b.terminate(`cond_br ${c}, ${yes}, ${join}`);
    b.open(yes);
    const mark = b.scope.length;
    body();
    b.scope.length = mark;
    b.terminate(`br ${join}`);
    b.open(join);
  }

  regionStmt(b: Body): void {
    const r = this.rng;
    if (this.sh.shuffle > 0 && r.chance(this.sh.shuffle)) return this.shuffleStmt(b);
    if (r.chance(this.sh.regionStmt) && this.regionShape(b)) return;
    switch (r.int(0, 9)) {
      case 0:
      case 1:
      case 2:
        this.pureStmt(b);
        return;
      case 3: {
        // another thread's slot of the bank this region only reads
        const u = b.tmp("i32", `urem i32 ${this.val(b, "i32")}, ${b.nt}`);
        const row = b.tmp("i32", `mul i32 ${b.team}, ${b.nt}`);
        const g = b.tmp("i32", `add i32 ${row}, ${u}`);
        const s = b.tmp("i32", `add i32 ${g}, ${b.rofs}`);
        b.def("i32", `load i32, global ${b.tmp("ptr", `gep i32, %buf, ${s}`)}`);
        return;
      }
      case 4:
        b.def("i32", `load i32, global ${this.teamWord(b, 0, 15)}`);
        return;
      case 5:
        if (r.chance(0.5)) b.def("i32", `load i32, shared %sh`);
        else b.tmp("i32", `atomic add i32, shared ${b.tmp("ptr", "gep i32, %sh, 1")}, ${this.opnd(b, "i32")}`);
        return;
      case 6:
        // only `add`: different operators on one word would not commute across threads
        b.tmp("i32", `atomic add i32, global ${b.tmp("ptr", `gep i32, ${b.tarea}, 24`)}, ${this.opnd(b, "i32")}`);
        return;
      case 7:
        this.fewThreads(b, () => this.print(b, "par"));
        return;
      case 8:
        this.privateStmt(b);
        return;
      case 9:
        this.callHelper(b);
        return;
    }
  }

  private withSide(f: () => void): void {
    const saved = this.rng;
    this.rng = this.side;
    try {
      f();
    } finally {
      this.rng = saved;
    }
  }

  /** The `merge` shape: a blocker that keeps the kernel generic, then runs of adjacent
   *  parallel regions (one block each) with mergeable sequential code between them. */
  mergeShape(b: Body): void {
    const r = this.rng;
    if (this.mergeCallees.length === 0) {
      for (let i = 0; i < 4; i++) {
        const name = `@mcallee${i}`;
        this.out.push(`device ${name}(%p0: i32, %p1: i32) -> i32 {\n^entry:\n  %a = ${r.pick(["add", "sub", "xor", "mul"])} i32 %p0, ${r.int(1, 9)}\n  %b = ${r.pick(["add", "xor", "and", "or"])} i32 %a, %p1\n  ret %b\n}\n`);
        this.mergeCallees.push(name);
      }
    }
    // Four possible callees: more than specialize-indirect's cap (3), so the kernel stays generic.
    const [f0, f1, f2, f3] = this.mergeCallees as [string, string, string, string];
    const c1 = b.tmp("i1", `icmp sgt i32 %x, ${r.int(-10, 10)}`);
    const c2 = b.tmp("i1", `icmp slt i32 %n, ${r.int(1, 3)}`);
    const s1 = b.tmp("ptr", `select ptr ${c2}, ${f0}, ${f1}`);
    const s2 = b.tmp("ptr", `select ptr ${c2}, ${f2}, ${f3}`);
    const fp = b.tmp("ptr", `select ptr ${c1}, ${s1}, ${s2}`);
    const res = b.def("i32", `call_indirect ${fp}(${this.opnd(b, "i32")}, ${this.opnd(b, "i32")}) : (i32, i32) -> i32`).name;
    b.emit(`store i32 ${res}, global ${this.teamWord(b, 0, 15)}`);
    const inLoop = r.chance(0.4);
    let done = "";
    let mark = 0;
    if (inLoop) {
      const [head, body] = [b.label("mloop"), b.label("mbody")];
      done = b.label("mdone");
      b.terminate(`br ${head}(0)`);
      const j = b.fresh("j");
      b.open(head, [{ name: j, type: "i32" }]);
      const c = b.tmp("i1", `icmp slt i32 ${j}, ${r.int(1, 3)}`);
      b.terminate(`cond_br ${c}, ${body}, ${done}`);
      b.open(body);
      mark = b.scope.length;
      b.scope.push({ name: j, type: "i32" });
      this.mergeRun(b);
      const j1 = b.tmp("i32", `add i32 ${j}, 1`);
      b.terminate(`br ${head}(${j1})`);
      b.scope.length = mark;
      b.open(done);
    } else this.mergeRun(b);
  }

  /** One block: region; segment; region; … (2-4 regions). */
  private mergeRun(b: Body): void {
    const r = this.rng;
    let v = this.opnd(b, "i32");
    b.emit(`omp.parallel ${r.pick(this.regions)}(${b.buf}, ${v}, ${this.phase()}, ${b.shared})`);
    for (let i = 0, n = r.int(1, 3); i < n; i++) {
      for (let s = 0, m = r.int(0, 4); s < m; s++) {
        switch (r.int(0, 7)) {
          case 0: // a word the regions read
            b.emit(`store i32 ${this.opnd(b, "i32")}, global ${this.teamWord(b, 0, 15)}`);
            break;
          case 1: // team-shared word 0: regions read it
            b.emit(`store i32 ${this.opnd(b, "i32")}, shared ${b.shared}`);
            break;
          case 2:
            v = b.def("i32", `load i32, global ${this.teamWord(b, 0, 31)}`).name;
            break;
          case 3:
            v = b.def("i32", `load i32, shared ${b.tmp("ptr", `gep i32, ${b.shared}, ${r.int(0, 1)}`)}`).name;
            break;
          case 4:
            v = b.def("i32", `atomic ${r.pick(ATOMIC_OPS)} i32, global ${this.teamWord(b, 16, 15)}, ${this.opnd(b, "i32")}`).name;
            break;
          case 5:
            this.print(b, "seq");
            break;
          default:
            this.pureStmt(b);
        }
      }
      if (r.chance(0.6)) v = this.opnd(b, "i32");
      b.emit(`omp.parallel ${r.pick(this.regions)}(${b.buf}, ${v}, ${this.phase()}, ${b.shared})`);
    }
    if (r.chance(0.5)) this.useValue(b, v);
  }

  /** Kernel k: a sequential part with parallel regions, helpers and side effects. */
  kernel(k: number): void {
    this.k = k;
    const nreg = this.rng.int(1, 2);
    this.regions = Array.from({ length: nreg }, (_, j) => this.region(`@k${k}_r${j}`));
    // How the kernel ends: "ret" inside an endless loop, or a trap in one; a
    // kernel that may trap runs on one team, so that what other teams did before the fault
    // (a scheduling artifact) cannot differ.
    const ending = this.rng.chance(this.sh.exitless) ? this.rng.pick(["loop-ret", "loop-ret", "loop-trap"] as const) : "ret";
    const traps = this.opts.stmtShapes === undefined || this.opts.stmtShapes.includes("trap") ? this.sh.stmt : 0;
    this.kernelTeams1 = ending === "loop-trap" || this.rng.chance(traps);
    this.faultKernel = this.sh.faultAfter > 0 && this.side.chance(this.sh.faultAfter);
    this.kernelTeams1 ||= this.faultKernel;
    this.slotsKernel = this.sh.allocaSlots > 0 && this.side.chance(this.sh.allocaSlots) ? this.side.pick(["list", "list", "dangle", "dangle", "recurse", "untaken", "negative"] as const) : null;
    this.kernelTeams1 ||= this.slotsKernel === "dangle" || this.slotsKernel === "negative";
    // Drawn only when asked for, so the side stream of every other shape stays as it was.
    this.punKernel = this.sh.allocaPun > 0 && this.side.chance(this.sh.allocaPun);
    this.faultLoopKernel = this.sh.faultLoop > 0 && this.side.chance(this.sh.faultLoop);
    this.kernelTeams1 ||= this.punKernel || this.faultLoopKernel;
    this.quarantineKernel = this.sh.quarantine > 0 && this.side.chance(this.sh.quarantine);
    this.kernelTeams1 ||= this.quarantineKernel;
    this.launches[k] = {
      teams: this.kernelTeams1 ? 1 : this.rng.int(2, 3), threads: this.rng.pick([32, 64, 96]),
      x: this.rng.int(-20, 20), n: this.rng.int(1, 3),
    };
    this.escRegion = this.rng.chance(this.sh.escape) ? this.escapeRegion(`@k${k}_esc`) : null;
    const params: Val[] = [{ name: "%buf", type: "ptr" }, { name: "%x", type: "i32" }, { name: "%n", type: "i32" }];
    const b = this.start("seq", params);
    b.team = b.def("i32", "omp.team_num", "team").name;
    this.escCell = this.escRegion !== null ? b.tmp("ptr", "alloca i32") : "";
    this.big = this.rng.chance(this.sh.largeAlloca) ? b.tmp("ptr", `alloca i32, ${BIG_ALLOCA}`) : "";
    const toff = b.tmp("i32", `mul i32 ${b.team}, ${TEAM_AREA}`);
    const tbase = b.tmp("i32", `add i32 ${toff}, ${TEAM_BASE}`);
    b.tarea = b.tmp("ptr", `gep i32, %buf, ${tbase}`);
    const alloc = this.rng.chance(0.6);
    b.shared = alloc ? b.tmp("ptr", "omp.alloc_shared 8") : "@sg";
    if (alloc) b.emit(`store i32 ${this.opnd(b, "i32")}, shared ${b.shared}`);
    // About one kernel in ten has no parallel region (SPMD-ized by running thread 0 only).
    b.canParallel = this.rng.chance(0.9);
    b.ret = this.rng.chance(0.3) ? "void" : null;
    this.run(b, (x) => this.seqStmt(x), 0.12);
    if (b.canParallel) this.parallel(b);
    if (this.faultKernel) this.withSide(() => this.faultAfterStmt(b));
    if (this.slotsKernel !== null) this.withSide(() => this.allocaSlotsStmt(b, this.slotsKernel!));
    if (this.punKernel) this.withSide(() => this.allocaPunStmt(b));
    if (this.quarantineKernel && b.canParallel) this.withSide(() => this.quarantineStmt(b));
    if (this.sh.bigHelper > 0 && this.side.chance(this.sh.bigHelper)) {
      this.withSide(() => {
        this.once("bigHelper", BIG_HELPER);
        if (this.side.chance(0.5)) {
          this.useValue(b, b.tmp("i32", `call @gbigh(${this.opnd(b, "i32")})`));
        } else {
          // A slot of the kernel's own that the helper writes: guarded, the call must see
          // the main thread's one copy and every thread the value it left there.
          const slot = b.tmp("ptr", "alloca i32");
          b.emit(`store i32 ${this.opnd(b, "i32")}, local ${slot}`);
          const r = b.tmp("i32", `call @gbigp(${this.opnd(b, "i32")}, ${slot})`);
          this.useValue(b, b.tmp("i32", `add i32 ${r}, ${b.tmp("i32", `load i32, local ${slot}`)}`));
        }
      });
    }
    if (this.sh.bigFrame > 0 && this.side.chance(this.sh.bigFrame)) {
      this.withSide(() => {
        this.once("bigFrame", BIG_FRAME_HELPER);
        this.useValue(b, b.tmp("i32", `call @gframe(${this.opnd(b, "i32")})`));
      });
    }
    if (this.sh.localGlobalPtr > 0 && this.side.chance(this.sh.localGlobalPtr)) this.withSide(() => this.localGlobalPtrStmt(b));
    if (this.sh.sharedFrame > 0 && b.canParallel && this.side.chance(this.sh.sharedFrame)) this.withSide(() => this.sharedFrameStmt(b));
    if (this.sh.nowaitRevoffload > 0 && b.canParallel && this.opts.reverseOffload && this.side.chance(this.sh.nowaitRevoffload)) this.withSide(() => this.nowaitRevoffloadStmt(b));
    if (this.sh.escapeVia > 0 && b.canParallel && this.side.chance(this.sh.escapeVia)) this.withSide(() => this.escapeViaStmt(b));
    if (this.sh.fnptrMem > 0 && this.side.chance(this.sh.fnptrMem)) this.withSide(() => this.fnptrMemStmt(b));
    if (this.sh.fnptrParam > 0 && this.side.chance(this.sh.fnptrParam)) this.withSide(() => this.fnptrParamStmt(b));
    if (this.sh.names8 > 0 && this.side.chance(this.sh.names8)) this.withSide(() => this.names8Stmt(b));
    if (this.sh.recBoth > 0 && this.side.chance(this.sh.recBoth)) this.withSide(() => this.recBothStmt(b));
    if (this.sh.capped > 0 && b.canParallel && this.side.chance(this.sh.capped)) this.withSide(() => this.cappedStmt(b));
    if (this.sh.levels > 0 && b.canParallel && this.side.chance(this.sh.levels)) this.withSide(() => this.levelsStmt(b));
    if (this.sh.deepCall > 0 && b.canParallel && this.side.chance(this.sh.deepCall)) this.withSide(() => this.deepCallStmt(b));
    if (this.faultLoopKernel) this.withSide(() => this.faultLoopStmt(b));
    if (b.canParallel && this.side.chance(this.sh.merge)) this.withSide(() => this.mergeShape(b));
    if (b.canParallel && this.escRegion !== null) this.escapeStmt(b);
    if (this.longLoopLeft) {
      this.longLoopLeft = false;
      this.longLoop(b);
    }
    this.run(b, (x) => this.seqStmt(x), 0.12);
    const finish = () => {
      const res = b.tmp("ptr", `gep i32, ${b.tarea}, ${this.rng.int(16, 23)}`);
      b.emit(`store i32 ${this.val(b, "i32")}, global ${res}`);
      if (alloc) b.emit(`omp.free_shared ${b.shared}, 8`);
      b.terminate("ret");
    };
    if (ending === "ret") finish();
    else this.endlessLoop(b, ending === "loop-trap", finish);
    this.out.push(`kernel @k${k}(${this.sig(params)}) generic {\n${b.text()}\n}\n`);
  }

  /** The `sharedFrame` shape (see Shapes.sharedFrame). */
  private sharedFrameStmt(b: Body): void {
    const r = this.side;
    this.once("sharedFrame", SHARED_FRAME);
    this.shfSpmd ??= r.int(500, 3000);
    const a = b.tmp("ptr", "alloca i32");
    b.emit(`store i32 ${this.opnd(b, "i32")}, local ${a}`);
    b.emit(`omp.parallel @shf_add(${a})`);
    this.useValue(b, b.tmp("i32", `call @shf_rd(${a}, ${r.int(100, 3000)})`));
  }

  /** The `nowaitRevoffload` shape (see Shapes.nowaitRevoffload). */
  private nowaitRevoffloadStmt(b: Body): void {
    const r = this.side;
    this.once("nowaitRevoffload", NOWAIT_REVOFFLOAD);
    if (this.nwSpmd === null) {
      this.nwSpmd = r.int(0, 5);
      this.out.push(nowaitSpmdKernel(this.nwSpmd >= 4));
    }
    const slot = r.chance(0.5) ? b.tmp("ptr", "alloca i32") : "@nwslot";
    const space = slot === "@nwslot" ? "shared" : "local";
    b.emit(`store i32 ${this.opnd(b, "i32")}, ${space} ${slot}`);
    if (r.chance(0.7)) b.emit(`omp.reverse_offload @nwset(${slot}, ${this.opnd(b, "i32")}) map(from: i32 ${slot}[0:1]) nowait`);
    else b.emit(`call @nwissue(${slot}, ${this.opnd(b, "i32")})`);
    const how = r.int(0, 3);
    if (how <= 1) b.emit(`omp.parallel @nw_nop(${this.opnd(b, "i32")})`);
    else if (how === 2) b.emit(`call @nwpar(${this.opnd(b, "i32")})`);
    else b.emit(`omp.parallel ${r.pick(this.regions)}(${b.buf}, ${this.opnd(b, "i32")}, ${this.phase()}, ${b.shared})`);
    this.useValue(b, b.tmp("i32", `load i32, ${space} ${slot}`));
    if (r.chance(0.4)) {
      // Kept generic by a warp shuffle, two adjacent regions, the first issuing requests:
      // merge-parallel's candidates. Into its own alloca, waiting at a barrier (@nw_reg,
      // @nw_reg2); or, every thread, adding to its word of a device global and returning
      // with the request pending (@nw_glob, @nw_glob2 through a noinline helper, @nw_glob3
      // through a call_indirect whose callee set alone says it may defer), the main thread
      // reading its team's first word between the regions (sixteenth, seventeenth session).
      const v = b.tmp("i32", `omp.shuffle_down i32 ${this.opnd(b, "i32")}, 1`);
      const first = r.pick(["@nw_reg", "@nw_reg2", "@nw_glob", "@nw_glob2", "@nw_glob3"]);
      b.emit(`omp.parallel ${first}(${v})`);
      if (first.startsWith("@nw_glob")) {
        const row = b.tmp("i32", `mul i32 ${b.team}, 128`);
        this.useValue(b, b.tmp("i32", `load i32, global ${b.tmp("ptr", `gep i32, @nwbuf, ${row}`)}`));
      }
      b.emit(`omp.parallel ${r.pick(this.regions)}(${b.buf}, ${this.opnd(b, "i32")}, ${this.phase()}, ${b.shared})`);
    }
  }

  /** The `localGlobalPtr` shape: the main thread's `@glc` element address from a helper,
   *  compared with the kernel's own computation of it. */
  private localGlobalPtrStmt(b: Body): void {
    const r = this.side;
    this.once("localGlobalPtr", LOCAL_GLOBAL_PTR);
    const i = r.int(0, 3);
    const q = b.tmp("ptr", `call @glcaddr(${i})`);
    if (r.chance(0.4)) {
      b.emit(`store i32 ${this.opnd(b, "i32")}, local ${q}`);
      this.useValue(b, b.tmp("i32", `load i32, local ${q}`));
    }
    // The kernel's own address: named directly, through a gep, or from an amenable helper
    // (run on every thread after SPMD-ization, as written).
    const how = r.int(0, 2);
    const own = how === 0 && i === 0 ? "@glc" : how === 2 ? b.tmp("ptr", `call @glcaddra(${i})`) : b.tmp("ptr", `gep i32, @glc, ${i}`);
    const e = b.tmp("i1", `icmp ${r.pick(["eq", "ne"])} ptr ${q}, ${own}`);
    const v = r.chance(0.5) ? b.tmp("i32", `zext i1 ${e} to i32`) : b.tmp("i32", `select i32 ${e}, ${this.opnd(b, "i32")}, ${this.opnd(b, "i32")}`);
    this.useValue(b, v);
  }

  main(kernels: number): void {
    const b = this.start("host", []);
    for (let k = 0; k < kernels; k++) {
      const buf = b.tmp("ptr", `alloca i32, ${BUF_LEN}`);
      // seed the team areas so sequential loads see data
      const w = b.tmp("ptr", `gep i32, ${buf}, ${TEAM_BASE + this.rng.int(0, MAX_TEAMS * TEAM_AREA - 1)}`);
      b.emit(`store i32 ${this.rng.int(-99, 99)}, host ${w}`);
      const l = this.launches[k]!;
      b.emit(`omp.target @k${k}(${buf}, ${l.x}, ${l.n}) teams(${l.teams}) threads(${l.threads}) map(tofrom: i32 ${buf}[0:${BUF_LEN}])`);
      this.checksum(b, buf, `kernel ${k}`);
    }
    if (this.pb !== null) {
      // Last: its launch may end the run with the planted fault.
      const buf = b.tmp("ptr", `alloca i32, ${BANK}`);
      b.emit(`omp.target @${GEN_PARTIAL_BARRIER_KERNEL}(${buf}, ${this.pb.lim}) teams(${this.pb.teams}) threads(${this.pb.threads}) map(tofrom: i32 ${buf}[0:${BANK}])`);
      this.checksum(b, buf, "pb", BANK);
    }
    if (this.sf !== null) {
      // Its launch may end the run with the planted fault.
      const buf = b.tmp("ptr", `alloca i32, ${BANK}`);
      b.emit(`omp.target @${GEN_STACK_FAULT_KERNEL}(${buf}, ${this.sf.depth}) teams(1) threads(${this.sf.threads}) map(tofrom: i32 ${buf}[0:${BANK}])`);
      this.checksum(b, buf, "sf", BANK);
    }
    if (this.shfSpmd !== null) {
      const buf = b.tmp("ptr", `alloca i32, ${BANK}`);
      b.emit(`omp.target @shf(${buf}, ${this.shfSpmd}) teams(2) threads(${this.rng.pick([64, 96])}) map(tofrom: i32 ${buf}[0:${BANK}])`);
      this.checksum(b, buf, "shf", BANK);
    }
    if (this.nwSpmd !== null) {
      const buf = b.tmp("ptr", `alloca i32, ${BANK}`);
      b.emit(`omp.target @nws(${buf}, ${this.nwSpmd}) teams(2) threads(${this.rng.pick([32, 64])}) map(tofrom: i32 ${buf}[0:${BANK}])`);
      this.checksum(b, buf, "nws", BANK);
    }
    if (this.recSpmd !== null) {
      const buf = b.tmp("ptr", `alloca i32, ${BANK}`);
      b.emit(`omp.target @rbs(${buf}, ${this.recSpmd}) teams(2) threads(64) map(tofrom: i32 ${buf}[0:${BANK}])`);
      this.checksum(b, buf, "rbs", BANK);
    }
    if (this.spmd !== null) {
      const buf = b.tmp("ptr", `alloca i32, ${BANK}`);
      b.emit(`omp.target ${this.spmd}(${buf}) teams(2) threads(${this.rng.pick([32, 64])}) map(tofrom: i32 ${buf}[0:${BANK}])`);
      this.checksum(b, buf, "spmd", BANK);
    }
    const h = b.tmp("i32", "load i32, host @hacc");
    b.emit(`print "host: hacc %d\\n", ${h}`);
    b.terminate("ret 0");
    this.out.push(`host @main() -> i32 {\n${b.text()}\n}\n`);
  }

  /** Prints a position-weighted hash of a kernel buffer (every slot matters, in place). */
  private checksum(b: Body, buf: string, what: string, len = BUF_LEN): void {
    const [head, body, exit] = [b.label("sum"), b.label("add"), b.label("done")];
    b.terminate(`br ${head}(0, 0)`);
    const i = b.fresh("i");
    const acc = b.fresh("acc");
    b.open(head, [{ name: i, type: "i32" }, { name: acc, type: "i64" }]);
    const c = b.tmp("i1", `icmp slt i32 ${i}, ${len}`);
    b.terminate(`cond_br ${c}, ${body}, ${exit}`);
    b.open(body);
    const p = b.tmp("ptr", `gep i32, ${buf}, ${i}`);
    const v = b.tmp("i32", `load i32, host ${p}`);
    const w = b.tmp("i64", `sext i32 ${v} to i64`);
    const m = b.tmp("i64", `mul i64 ${acc}, 31`);
    const acc2 = b.tmp("i64", `add i64 ${m}, ${w}`);
    const next = b.tmp("i32", `add i32 ${i}, 1`);
    b.terminate(`br ${head}(${next}, ${acc2})`);
    b.open(exit);
    b.emit(`print "host: ${what} checksum %ld\\n", ${acc}`);
  }

  program(): string {
    const init = Array.from({ length: 8 }, () => this.rng.int(-50, 50)).join(", ");
    this.out.push(`global @dg : global i32 x 8 = [${init}]\nglobal @sg : shared i32 x 4\nglobal @hacc : host i32\n`);
    if (this.opts.reverseOffload) for (let i = 0, n = this.rng.int(1, 2); i < n; i++) this.revCallee(i);
    const nk = this.opts.kernels ?? this.rng.int(1, 2);
    const names = this.rng.chance(this.sh.names);
    if (this.rng.chance(this.sh.localGlobal)) {
      this.localGlobal = "@lg";
      this.out.push("global @lg : local i32 x 8\n");
    }
    this.longLoopLeft = this.rng.chance(this.sh.longLoop);
    if (this.opts.reverseOffload && this.sh.stmt > 0) this.revSetCallee();
    if (names) this.lookalikeGlobals(nk);
    this.shapeHelpers();
    this.mathHelper(0, "pure");
    if (this.rng.chance(0.7)) this.mathHelper(1, "query");
    if (this.rng.chance(0.7)) this.effectHelper(0, "side");
    if (this.rng.chance(0.5)) this.effectHelper(1, "par");
    // user helpers named like the clones spmdize makes of the ones above
    if (names) for (const h of [...this.helpers]) if (h.kind !== "pure" && this.rng.chance(0.5)) this.mathHelper(`${h.name.slice(1)}.${this.rng.pick(["seq", "spmd"])}`, "pure");
    for (let k = 0; k < nk; k++) this.kernel(k);
    if (this.rng.chance(this.sh.spmdKernel)) this.spmdKernel();
    if (this.sh.partialBarrier > 0 && this.side.chance(this.sh.partialBarrier)) this.withSide(() => this.partialBarrierKernel());
    if (this.sh.stackFault > 0 && this.side.chance(this.sh.stackFault)) this.withSide(() => this.stackFaultKernel());
    this.main(nk);
    // Last, so that adding it moved no location of the programs generated before it existed.
    if (this.out.some((t) => t.includes("omp.reverse_offload"))) this.out.push("requires reverse_offload\n");
    return this.out.join("\n");
  }
}

/** A random generic-kernel program (as text), the same for the same seed and options. */
export function generateGenericProgram(seed: number, opts: GenericOptions = {}): string {
  return new Gen(new Rng(seed), opts, new Rng(Math.imul(seed, 0x9e3779b1) ^ 0x6d657267)).program();
}
