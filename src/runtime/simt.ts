// The SIMT engine shared by device warps and the host (a "warp" of one lane).
//
// A warp runs compiled segments (compile.ts) for its active lanes. Each frame (a function
// activation of the whole warp) owns a reconvergence stack of entries (pc, rpc, mask):
// the top entry runs; at a divergent cond_br the lanes split and meet again at the branch
// block's immediate post-dominator (rpc); lanes reaching their entry's rpc leave it; an empty
// stack means every lane returned. Boundaries (calls, barriers, ...) are handed to the
// subclass, which may block the warp; the scheduler resumes it later on the same clock.

import type { Function } from "../ir/ir.js";
import type { CompiledFn, FrameRegs, Helpers, LoopFn, LoopInfo, SegInfo, WarpRegs } from "./compile.js";
import { BOUNDARY, DIVERGE, EXIT, LOOPED, RET } from "./compile.js";
import type { CostModel } from "./cost.js";
import type { FaultKind, RuntimeFault } from "./faults.js";
import { FaultSignal } from "./faults.js";
import type { Memory } from "./memory.js";
import type { DeviceHeap } from "./heap.js";
import { OutOfMemory, SP_HOST, SP_LOCAL, SP_SHARED, ptrId, ptrOffset, spaceName } from "./memory.js";
import { NO_RING } from "./quarantine.js";
import { Fifo } from "./queue.js";
import { formatPrint } from "./printf.js";
import { i64ToF32, u64ToF32 } from "./convert.js";
import type { RaceDetector, RaceTeam } from "./races.js";
import type { Trace } from "./trace.js";
import { toLoc } from "../ir/loc.js";

// What a frame is, which decides what happens when its last lane returns.
export const FK_CALL = 0;
export const FK_KERNEL = 1;
/** Generic mode, the main thread's warp running a parallel region. */
export const FK_REGION_MAIN = 2;
/** Generic mode, a worker warp running a parallel region. */
export const FK_REGION_WORKER = 3;
/** SPMD mode: a level-1 parallel region (barrier at the end). */
export const FK_REGION_SPMD = 4;
/** A nested parallel region (one thread each; no barrier). */
export const FK_REGION_NESTED = 5;
export const FK_HOST_MAIN = 6;

/** Reconvergence-stack entries a new frame has room for. */
const FRAME_DEPTH = 2;
/** A frame's allocas before its first: never written. */
const NO_ALLOCS: number[] = [];

export class Frame implements FrameRegs {
  F: Float64Array;
  B: BigInt64Array;
  RF: Float64Array;
  RB: BigInt64Array;
  level = 0;
  pc: Int32Array;
  rpc: Int32Array;
  masks: Uint8Array[];
  nacts: Int32Array;
  sp = 0;
  parent: Frame | null = null;
  kind = FK_CALL;
  /** The caller's boundary (for result slots). */
  site: SegInfo | null = null;
  /** Lanes that made the call (results are copied back for these). */
  callMask: Uint8Array;
  callCount = 0;
  /** (Both made at the frame's first alloca: most frames have none.) */
  allocs: number[] = NO_ALLOCS;
  /** The alloca instruction of each of `allocs` (host frames only: names main's allocas in RunResult.hostMemory). */
  allocSites: number[] = NO_ALLOCS;
  /** Activations below this one on the warp (0 for a warp's first frame). */
  depth = 0;
  startClock = 0;
  /** Divergent indirect call: the groups still to call. */
  pending: Fifo<{ cf: CompiledFn; mask: Uint8Array }> | null = null;
  savedMask: Uint8Array | null = null;

  constructor(readonly cf: CompiledFn) {
    const W = cf.W;
    this.F = new Float64Array(Math.max(1, cf.nF) * W);
    this.B = new BigInt64Array(Math.max(1, cf.nB) * W);
    this.RF = new Float64Array(W);
    this.RB = new BigInt64Array(W);
    // Room for the entry and one more (ensure grows it at a divergence): a frame that never
    // diverges, such as the kernel frame of a warp blocked in a reverse offload, holds six
    // mask arrays fewer for the collector to copy.
    this.pc = new Int32Array(FRAME_DEPTH);
    this.rpc = new Int32Array(FRAME_DEPTH);
    this.nacts = new Int32Array(FRAME_DEPTH);
    this.masks = [new Uint8Array(W), new Uint8Array(W)];
    this.callMask = new Uint8Array(W);
  }

  ensure(depth: number): void {
    if (depth < this.pc.length) return;
    let n = this.pc.length * 2;
    while (n <= depth) n *= 2;
    const grow = (a: Int32Array): Int32Array => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.pc = grow(this.pc);
    this.rpc = grow(this.rpc);
    this.nacts = grow(this.nacts);
    while (this.masks.length < n) this.masks.push(new Uint8Array(this.cf.W));
  }
}

/** The runtime services a warp needs (implemented in execute.ts). */
export interface Rt {
  /** Devices of the run (--devices). */
  readonly numDevices: number;
  mem: Memory;
  /** The devices' malloc heaps (omp.malloc / omp.free). */
  heap: DeviceHeap;
  costs: CostModel;
  file: string;
  /** The step limit, per warp (Warp.steps). */
  maxSteps: number;
  trace: Trace | null;
  /** The race detector, when `--detect-races` is on. */
  races: RaceDetector | null;
  /** How many `local` globals the module has (each warp keeps a copy per lane). */
  localGlobalCount: number;
  /** A fresh, initialised copy of local global number `k` (throws OutOfMemory). */
  allocLocalGlobal(k: number, ring: number): number;
  schedule(a: Actor, time: number): void;
  /** A print; `epoch` labels it for the order check (OutputLine.epoch). True if the
   *  device's console ring is full: the printing warp waits (waitForRing) after its segment. */
  output(time: number, launch: number, team: number, thread: number, text: string, epoch: number): boolean;
  /** The host-compiled or device-compiled form of a function, or null for a declaration. */
  compiled(f: Function, device: boolean): CompiledFn | null;
  functionAt(p: number): Function | null;
  functionById(id: number): Function;
  /** `omp.target_is_present`: 1 if host pointer `p` is in a section present on `device`
   *  (1 for the initial device, numDevices; 0 for null or a device outside the run). */
  isPresent(p: number, device: number): number;
}

export interface Actor {
  /** Runs from simulated time `time` until it blocks, finishes or uses its quantum. */
  step(time: number): void;
}

export const RUNNING = 0;
export const BLOCKED = 1;
export const DONE = 2;

/** A warp's per-lane arrays, views of one ArrayBuffer (one allocation, not seven). All zero
 *  when new and when WarpPool hands one out again, as a fresh warp's arrays are. */
export class WarpStore {
  readonly lg: Float64Array;
  readonly stageF: Float64Array;
  readonly stageB: BigInt64Array;
  readonly trips: Int32Array;
  readonly act: Uint8Array;
  readonly nx: Uint8Array;
  /** Device warps: the lanes that are threads of the team (DeviceWarp.valid). */
  readonly valid: Uint8Array;
  private readonly bytes: Uint8Array;

  constructor(readonly W: number, stageSlots: number, localGlobals: number) {
    const nLg = localGlobals * W;
    const nStage = stageSlots * W;
    const buf = new ArrayBuffer(8 * (nLg + 2 * nStage) + 4 * W + 3 * W);
    let o = 0;
    this.lg = new Float64Array(buf, o, nLg);
    o += 8 * nLg;
    this.stageF = new Float64Array(buf, o, nStage);
    o += 8 * nStage;
    this.stageB = new BigInt64Array(buf, o, nStage);
    o += 8 * nStage;
    this.trips = new Int32Array(buf, o, W);
    o += 4 * W;
    this.act = new Uint8Array(buf, o, W);
    this.nx = new Uint8Array(buf, o + W, W);
    this.valid = new Uint8Array(buf, o + 2 * W, W);
    this.bytes = new Uint8Array(buf);
  }

  clear(): void {
    this.bytes.fill(0);
  }
}

/** What a warp holds after giveBack: nothing. */
const DEAD_STORE = new WarpStore(0, 0, 0);

/** A run's free WarpStores by warp size: a device warp takes one when its team starts and
 *  gives it back when the team ends, so launches after the first allocate no warp arrays. */
export class WarpPool {
  /** False: every warp gets a new store (tests compare runs both ways). */
  static reuse = true;
  private readonly free: WarpStore[][] = [];

  constructor(readonly stageSlots: number, readonly localGlobals: number) {}

  take(W: number): WarpStore {
    return this.free[W]?.pop() ?? new WarpStore(W, this.stageSlots, this.localGlobals);
  }

  give(s: WarpStore): void {
    if (!WarpPool.reuse) return;
    s.clear();
    (this.free[s.W] ??= []).push(s);
  }
}

export abstract class Warp implements WarpRegs, Actor {
  act: Uint8Array;
  nx: Uint8Array;
  stageF: Float64Array;
  stageB: BigInt64Array;
  mem: Memory;
  lane0 = 0;
  team = { id: 0, size: 1, psize: 1, sg: [] as number[] };
  numTeams = 1;
  /** omp.device_num and omp.num_devices here: the launch's device on the device; on the
   *  host, the initial device, numbered after the last device (OpenMP 5.2 section 18.7). */
  dev = 0;
  ndev = 1;
  nact = 0;
  frame: Frame | null = null;
  clock = 0;
  state = RUNNING;
  issued = 0;
  laneOps = 0;
  /** Warp instructions this warp executed, for the step limit: it counts per thread of
   *  control (each device warp of each launch, the host, each reverse-offload host thread),
   *  so code that -O replicates on every warp costs each warp what it cost one. */
  steps = 0;
  /** Each lane's copies of the `local` globals (WarpRegs.lg) and their allocation ids, freed
   *  when the warp's team ends (device) or never (host threads). */
  lg: Float64Array;
  lgIds: number[] = [];
  /** A print of the last segment filled the console ring. */
  ringFull = false;
  /** The last segment the compiled dispatcher ran (its SegInfo is what Warp.run acts on). */
  seg = 0;
  /** Per lane, iterations of a lane-major loop (WarpRegs.trips). */
  trips: Int32Array;

  /** Where act, nx, stageF, stageB, lg and trips live (a device warp's, from WarpPool). */
  store: WarpStore;

  readonly W: number;

  constructor(readonly rt: Rt, store: WarpStore) {
    this.W = store.W;
    this.store = store;
    this.lg = store.lg;
    this.trips = store.trips;
    this.act = store.act;
    this.nx = store.nx;
    this.stageF = store.stageF;
    this.stageB = store.stageB;
    this.mem = rt.mem;
    this.dev = this.ndev = rt.numDevices;
  }

  /** The warp finished for good: its store goes back to `pool` (zeroed) and the warp keeps
   *  empty arrays, so nothing it still holds can reach the store's next warp. */
  giveBack(pool: WarpPool): void {
    const dead = DEAD_STORE;
    if (this.store === dead) return;
    pool.give(this.store);
    this.store = dead;
    this.lg = dead.lg;
    this.trips = dead.trips;
    this.act = dead.act;
    this.nx = dead.nx;
    this.stageF = dead.stageF;
    this.stageB = dead.stageB;
  }

  /** The quarantine ring (quarantine.ts) for what lane `l` allocates at parallel level
   *  `level`: the host's (0) unless a device warp says otherwise. */
  qRing(_l: number, _level: number): number {
    return 0;
  }

  /** Kernel/team/thread of lane `l` for fault reports (device warps). */
  abstract where(l: number): Pick<RuntimeFault, "kernel" | "team" | "thread">;
  /** Handles a boundary; returns false if the warp stopped (blocked or finished). */
  abstract boundary(fr: Frame, info: SegInfo): boolean;
  /** A non-call frame finished (every lane returned); returns false if the warp stopped. */
  abstract frameDone(fr: Frame): boolean;
  /** Lanes of a kernel-body frame returned. */
  lanesExited(_fr: Frame, _n: number): void {}
  /** Who prints on lane `l`, and its order label (OutputLine.epoch). */
  abstract printKey(l: number): { launch: number; team: number; thread: number; epoch: number };

  step(time: number): void {
    if (time > this.clock) this.clock = time;
    if (this.state !== RUNNING) return;
    this.run(this.clock + this.rt.costs.quantum);
    if (this.state === RUNNING) this.rt.schedule(this, this.clock);
  }

  /** Runs segments until the warp blocks, finishes, or its clock passes `limit`. */
  run(limit: number): void {
    const rt = this.rt;
    while (this.state === RUNNING) {
      const fr = this.frame!;
      const sp = fr.sp;
      const cf = fr.cf;
      // Runs segments while they simply continue, charging each (compile.ts dispatcher()).
      const code = cf.run(this, fr, limit, rt.maxSteps);
      const inf = cf.info[this.seg]!;
      if (code >= 0) {
        if (code === fr.rpc[sp]) this.pop(fr);
        else fr.pc[sp] = code;
      } else if (code === DIVERGE) this.diverge(fr, inf);
      else if (code === RET) {
        if (fr.kind === FK_KERNEL) this.lanesExited(fr, this.nact);
        this.pop(fr);
      } else if (code === BOUNDARY) {
        fr.pc[sp] = inf.cont;
        if (!this.boundary(fr, inf)) return;
      }
      if (this.steps > rt.maxSteps) {
        const f = this.frame ?? fr;
        throw this.faultAt(f.cf, f.cf.info[f.pc[Math.max(0, f.sp)]!]?.instId ?? inf.instId, this.firstLane(), "max-steps",
          `step limit exceeded (${rt.maxSteps} warp instructions); an infinite loop? (raise it with --max-steps)`);
      }
      if (this.ringFull) {
        this.ringFull = false;
        if (this.state === RUNNING && this.waitForRing()) return;
      }
      if (this.clock >= limit) return;
    }
  }

  /** The console ring is full: block until it has room (device warps); false to go on. */
  waitForRing(): boolean {
    return false;
  }

  firstLane(): number {
    const a = this.act;
    for (let l = 0; l < this.W; l++) if (a[l]) return l;
    return 0;
  }

  setActive(fr: Frame): void {
    this.act = fr.masks[fr.sp]!;
    this.nact = fr.nacts[fr.sp]!;
  }

  /** The top entry's lanes are done: pop it (and any entry already at its rpc). */
  pop(fr: Frame): void {
    let sp = fr.sp - 1;
    while (sp >= 0 && fr.pc[sp] === fr.rpc[sp]) sp--;
    fr.sp = sp;
    if (sp >= 0) this.setActive(fr);
    else this.finishFrame(fr);
  }

  /** Runs pure loop `seg` of `cf` (compile.ts LoopInfo) lane by lane with `fn` (emitLoop)
   *  for as many iterations as Warp.run would have run it without stopping, charges what
   *  the warp would have issued iteration by iteration, and leaves the reconvergence stack
   *  as diverge() would have. Returns the segment to go on with, LOOPED (the stack is set),
   *  or -1 where it does not apply: the exit's lanes must either leave for the entry's rpc
   *  or reconverge at the exit itself, the two shapes whose end state does not depend on
   *  the iteration at which each lane left. */
  laneMajorLoop(fr: Frame, cf: CompiledFn, seg: number, fn: LoopFn, limit: number, maxSteps: number): number {
    const L = cf.loops[seg]!;
    const sp = fr.sp;
    const P = fr.rpc[sp]!;
    if (L.iter) return this.iterMajorLoop(fr, L, cf.info, fn, limit, maxSteps);
    const X = L.exit;
    const parked = X === P;
    if (seg === P || (!parked && L.reconv !== X)) return -1;
    const parts = L.parts;
    const costs = L.costs;
    const m = parts.length;
    for (let j = 1; j < m; j++) if (parts[j] === P) return -1;
    const info = cf.info;
    const K = L.integral && Number.isInteger(this.clock) ? loopBoundExact(L, this.clock, this.steps, limit, maxSteps) : this.loopBoundSim(L, info, limit, maxSteps);
    if (K === 0) return -1;
    fn(this, fr, K, limit, maxSteps);
    const W = this.W;
    const act = this.act;
    const tr = this.trips;
    let kmax = 0;
    let sum = 0;
    let exited = 0;
    let looping = 0;
    for (let l = 0; l < W; l++) {
      if (act[l] === 0) continue;
      const t = tr[l]!;
      const a = t < 0 ? -t : t;
      if (a > kmax) kmax = a;
      sum += a;
      if (t > 0) exited++;
      else looping++;
    }
    // Iteration k issues every part once with the lanes that have not left before it
    // (whole numbers add up exactly; otherwise in Warp.run's order).
    if (L.integral && Number.isInteger(this.clock)) this.clock += kmax * L.cost;
    else for (let k = 0; k < kmax; k++) for (let j = 0; j < m; j++) this.clock += costs[j]!;
    this.issued += L.n * kmax;
    this.steps += L.n * kmax;
    this.laneOps += L.n * sum;
    if (looping === 0) return X;
    if (exited === 0) return seg;
    const mk = fr.masks[sp]!;
    if (parked) {
      // The leavers were dropped from the entry, which goes on with the rest.
      for (let l = 0; l < W; l++) if (mk[l] !== 0 && tr[l]! > 0) mk[l] = 0;
      fr.nacts[sp] = looping;
      fr.pc[sp] = seg;
    } else {
      // The entry waits at the exit; the rest loop in an entry of their own.
      fr.ensure(sp + 3);
      fr.pc[sp] = X;
      const mt = fr.masks[sp + 1]!;
      for (let l = 0; l < W; l++) mt[l] = mk[l] !== 0 && tr[l]! < 0 ? 1 : 0;
      fr.pc[sp + 1] = seg;
      fr.rpc[sp + 1] = X;
      fr.nacts[sp + 1] = looping;
      fr.sp = sp + 1;
    }
    this.setActive(fr);
    return LOOPED;
  }

  /** Runs loop L (compile.ts LoopInfo) iteration by iteration with `fn` (emitIter) for
   *  as many iterations as Warp.run would have run it without stopping, or until a lane
   *  leaves, and then the next iteration up to where Warp.run would stop; `fn` charges
   *  each iteration itself and sets w.seg. Returns the code of the last segment it ran, or
   *  -1 where it does not apply (no part may be the entry's rpc, where the dispatcher
   *  would stop) or ran nothing. */
  private iterMajorLoop(fr: Frame, L: LoopInfo, info: SegInfo[], fn: LoopFn, limit: number, maxSteps: number): number {
    const P = fr.rpc[fr.sp]!;
    const parts = L.parts;
    for (let j = 0; j < parts.length; j++) if (parts[j] === P) return -1;
    const K = L.integral && Number.isInteger(this.clock) ? loopBoundExact(L, this.clock, this.steps, limit, maxSteps) : this.loopBoundSim(L, info, limit, maxSteps);
    return fn(this, fr, K, limit, maxSteps);
  }

  /** Iterations of loop L that Warp.run would run from here before a check stops it
   *  (at most LOOP_CAP): a stop after a part inside an iteration cuts that iteration, which
   *  is then not run here; a stop after the last part makes that iteration the last. */
  private loopBoundSim(L: LoopInfo, info: SegInfo[], limit: number, maxSteps: number): number {
    const parts = L.parts;
    const m = parts.length;
    let clock = this.clock;
    let steps = this.steps;
    let K = 0;
    outer: while (K < LOOP_CAP) {
      for (let j = 0; j < m; j++) {
        clock += L.costs[j]!;
        steps += info[parts[j]!]!.n;
        if (j < m - 1 && !(clock < limit && steps <= maxSteps)) break outer;
      }
      K++;
      if (!(clock < limit && steps <= maxSteps)) break;
    }
    return K;
  }

  private diverge(fr: Frame, inf: SegInfo): void {
    const sp = fr.sp;
    const rpc = fr.rpc[sp]!;
    const T = inf.thenSeg;
    const E = inf.elseSeg;
    if (T === E) {
      if (T === rpc) this.pop(fr);
      else fr.pc[sp] = T;
      return;
    }
    const W = this.W;
    const nx = this.nx;
    const m = fr.masks[sp]!;
    const tGo = T !== rpc;
    const eGo = E !== rpc;
    if (!tGo && !eGo) {
      this.pop(fr);
      return;
    }
    if (tGo !== eGo) {
      // One side leaves for the rpc (parked in a lower entry); the other goes on.
      const drop = tGo ? 1 : 0;
      let n = 0;
      for (let l = 0; l < W; l++) {
        if (m[l] === 0) continue;
        if (nx[l] === drop) m[l] = 0;
        else n++;
      }
      fr.pc[sp] = tGo ? T : E;
      fr.nacts[sp] = n;
      this.setActive(fr);
      return;
    }
    const R = inf.reconv;
    fr.ensure(sp + 3);
    if (R === rpc) {
      // Reconverging where this entry already does: the entry keeps the else lanes.
      const mt = fr.masks[sp + 1]!;
      let ct = 0;
      let ce = 0;
      for (let l = 0; l < W; l++) {
        if (m[l] !== 0 && nx[l] === 0) {
          mt[l] = 1;
          m[l] = 0;
          ct++;
        } else {
          mt[l] = 0;
          if (m[l] !== 0) ce++;
        }
      }
      fr.pc[sp] = E;
      fr.nacts[sp] = ce;
      fr.pc[sp + 1] = T;
      fr.rpc[sp + 1] = rpc;
      fr.nacts[sp + 1] = ct;
      fr.sp = sp + 1;
    } else {
      // The entry becomes the reconvergence point; then runs first, else next.
      fr.pc[sp] = R;
      let k = sp;
      for (const [target, side] of [[E, 1], [T, 0]] as const) {
        if (target === R) continue;
        k++;
        const mk = fr.masks[k]!;
        let c = 0;
        for (let l = 0; l < W; l++) {
          const on = m[l] !== 0 && nx[l] === side ? 1 : 0;
          mk[l] = on;
          c += on;
        }
        fr.pc[k] = target;
        fr.rpc[k] = R;
        fr.nacts[k] = c;
      }
      fr.sp = k;
    }
    this.setActive(fr);
  }

  /** Every lane of `fr` returned. */
  private finishFrame(fr: Frame): void {
    if (fr.kind !== FK_CALL) {
      this.frameDone(fr);
      return;
    }
    const parent = fr.parent!;
    const site = fr.site!;
    this.copyResult(fr, parent);
    this.release(fr);
    this.frame = parent;
    if (parent.pending !== null && parent.pending.size > 0) {
      const g = parent.pending.shift()!;
      parent.masks[parent.sp]!.set(g.mask);
      parent.nacts[parent.sp] = countMask(g.mask);
      this.setActive(parent);
      this.enterCall(g.cf, parent, site, FK_CALL, parent.level);
      return;
    }
    if (parent.savedMask !== null) {
      parent.masks[parent.sp]!.set(parent.savedMask);
      parent.nacts[parent.sp] = countMask(parent.savedMask);
      parent.savedMask = null;
      parent.pending = null;
    }
    this.setActive(parent);
  }

  copyResult(fr: Frame, parent: Frame): void {
    const site = fr.site;
    if (site === null || site.resultSlot < 0) return;
    const W = this.W;
    const base = site.resultSlot * W;
    const cm = fr.callMask;
    if (site.resultBig) {
      for (let l = 0; l < W; l++) if (cm[l]) parent.B[base + l] = fr.RB[l]!;
    } else {
      for (let l = 0; l < W; l++) if (cm[l]) parent.F[base + l] = fr.RF[l]!;
    }
  }

  /** Frees the lanes' copies of the local globals (the end of their lifetime). */
  freeLocalGlobals(): void {
    if (this.lgIds.length === 0) return; // (setting length is a runtime call, even to 0)
    for (const id of this.lgIds) if (this.mem.isLive(id)) this.mem.free(id);
    this.lgIds.length = 0;
    this.lg.fill(0);
  }

  /** Ends a finished frame's allocas (its activation returned). */
  freeAllocas(fr: Frame): void {
    if (fr.allocs.length !== 0) {
      for (const id of fr.allocs) this.mem.free(id);
      fr.allocs.length = 0;
      fr.allocSites.length = 0;
    }
  }

  /** Frees a finished frame's allocas and returns it to its function's pool. */
  release(fr: Frame): void {
    this.freeAllocas(fr);
    fr.parent = null;
    fr.site = null;
    fr.pending = null;
    fr.savedMask = null;
    (fr.cf.pool as Frame[]).push(fr);
  }

  /** A frame of `cf` for the lanes in `mask`, arguments not yet set. */
  newFrame(cf: CompiledFn, parent: Frame | null, kind: number, mask: Uint8Array, level: number): Frame {
    const fr = (cf.pool as Frame[]).pop() ?? new Frame(cf);
    fr.parent = parent;
    fr.depth = parent === null ? 0 : parent.depth + 1;
    fr.kind = kind;
    fr.level = level;
    fr.sp = 0;
    fr.pc[0] = cf.entry;
    fr.rpc[0] = EXIT;
    fr.masks[0]!.set(mask);
    fr.callMask.set(mask);
    const n = countMask(mask);
    fr.nacts[0] = n;
    fr.callCount = n;
    fr.startClock = this.clock;
    return fr;
  }

  /** Copies staged operands [first, first+nparams) of the boundary into the callee's params. */
  passArgs(callee: Frame, site: SegInfo, first: number, broadcastLane = -1): void {
    const W = this.W;
    const ps = callee.cf.params;
    const m = callee.callMask;
    for (let i = 0; i < ps.length; i++) {
      const p = ps[i]!;
      const k = first + i;
      const big = site.stagedBig[k]!;
      const src = k * W;
      const dst = p.slot * W;
      for (let l = 0; l < W; l++) {
        if (!m[l]) continue;
        const sl = broadcastLane >= 0 ? broadcastLane : l;
        if (big) callee.B[dst + l] = this.stageB[src + sl]!;
        else callee.F[dst + l] = this.stageF[src + sl]!;
      }
    }
  }

  /** Calls `cf` with the current lanes; arguments are staged where site.stage says. */
  enterCall(cf: CompiledFn, parent: Frame, site: SegInfo, kind: number, level: number): Frame {
    // The simulated call stack is memory too: a bounded depth, so endless recursion is an
    // out-of-memory fault at the call rather than an exhausted JS heap.
    const limit = callDepthLimit(this.W);
    if (parent.depth >= limit) {
      throw this.faultAt(parent.cf, site.instId, this.firstLane(), "out-of-memory",
        `call stack exhausted: more than ${limit} nested calls on one ${this.W === 1 ? "thread" : "warp"} (endless recursion?)`);
    }
    const callee = this.newFrame(cf, parent, kind, parent.masks[parent.sp]!, level);
    callee.site = site;
    this.passArgs(callee, site, site.stage!.args);
    this.frame = callee;
    this.setActive(callee);
    return callee;
  }

  /** A call or call_indirect boundary; false if it faulted into a stop (never: faults throw). */
  doCall(fr: Frame, site: SegInfo, device: boolean): boolean {
    const inst = site.inst;
    const W = this.W;
    if (inst.kind === "call") {
      const f = this.rt.functionById(inst.callee);
      this.enterCall(this.callable(f, device, site), fr, site, FK_CALL, fr.level);
      return true;
    }
    if (inst.kind !== "call_indirect") throw new Error("internal error: doCall");
    // Group the lanes by callee (ascending lane order of first appearance).
    const m = fr.masks[fr.sp]!;
    const groups: { f: Function; mask: Uint8Array }[] = [];
    for (let l = 0; l < W; l++) {
      if (!m[l]) continue;
      const p = this.stageF[site.stage!.callee * W + l]!;
      const f = this.rt.functionAt(p);
      if (f === null) throw this.faultAt(fr.cf, site.instId, l, p === 0 ? "null" : "invalid-pointer", p === 0 ? "indirect call through a null pointer" : "indirect call through a pointer that is not a function address");
      // A declared callee set is a promise: breaking it faults (a few ids: no allocation).
      if (inst.callees !== undefined && !inst.callees.includes(f.id)) {
        throw this.faultAt(fr.cf, site.instId, l, "invalid-pointer", `indirect call to @${f.name}, which is not in its callee set`);
      }
      let g = groups.find((x) => x.f === f);
      if (g === undefined) groups.push((g = { f, mask: new Uint8Array(W) }));
      g.mask[l] = 1;
    }
    const cfs = groups.map((g) => ({ cf: this.callable(g.f, device, site), mask: g.mask }));
    if (cfs.length > 1) {
      fr.savedMask = m.slice();
      const pending = (fr.pending = new Fifo());
      for (let i = 1; i < cfs.length; i++) pending.push(cfs[i]!);
      m.set(cfs[0]!.mask);
      fr.nacts[fr.sp] = countMask(m);
      this.setActive(fr);
    }
    this.enterCall(cfs[0]!.cf, fr, site, FK_CALL, fr.level);
    return true;
  }

  private callable(f: Function, device: boolean, site: SegInfo): CompiledFn {
    const fr = this.frame!;
    if ((f.kind === "host") === device) {
      throw this.faultAt(fr.cf, site.instId, this.firstLane(), "unsupported", `${device ? "device" : "host"} code calls ${f.kind} function @${f.name}`);
    }
    const cf = this.rt.compiled(f, device);
    if (cf === null) throw this.faultAt(fr.cf, site.instId, this.firstLane(), "no-body", `call to @${f.name}, which has no body`);
    return cf;
  }

  /** A fault at instruction `inst` of `cf`, lane `l`. */
  faultAt(cf: CompiledFn, inst: number, l: number, kind: FaultKind, message: string): FaultSignal {
    const i = cf.fn.insts[inst];
    return new FaultSignal({
      kind, message, file: this.rt.file, loc: toLoc(i?.loc ?? cf.fn.loc), func: cf.fn.name, ...this.where(l), cycle: this.clock,
    });
  }
}

/** Nested activations a warp of `W` lanes may hold: 32768 / W (1024 at warp size 32, 32768
 *  on the host), so that a warp's frames stay within a few megabytes of JS memory. */
/** Iterations a lane-major loop runs per call at most (the rest in later calls). */
const LOOP_CAP = 1 << 16;

/** Warp.loopBoundSim in closed form, for whole-number costs from a whole-number clock (sums
 *  of whole numbers are exact, so the closed form gives the same comparisons): the largest
 *  K (at most LOOP_CAP) whose iterations of loop L can all start and finish their inner
 *  parts, with no stop after the last part of an earlier one; 0 if none can. Once per
 *  quantum: a guess from the division, made exact by the predicate itself (it falls with
 *  K), or a binary search over [1, LOOP_CAP] when the guess is more than a step off. */
export function loopBoundExact(L: LoopBound, clock: number, steps: number, limit: number, maxSteps: number): number {
  if (!boundOk(L, 1, clock, steps, limit, maxSteps)) return 0;
  const C = L.cost;
  const N = L.n;
  const multi = L.parts.length !== 1;
  let g = LOOP_CAP;
  if (C > 0) g = Math.min(g, 1 + Math.floor((limit - clock - (multi ? L.innerCost : 0)) / C));
  if (N > 0) g = Math.min(g, 1 + Math.floor((maxSteps - steps - (multi ? L.innerN : 0)) / N));
  for (let i = 0; i < 2 && g >= 1 && g <= LOOP_CAP; i++) {
    const okG = boundOk(L, g, clock, steps, limit, maxSteps);
    if (okG && (g === LOOP_CAP || !boundOk(L, g + 1, clock, steps, limit, maxSteps))) return g;
    g += okG ? 1 : -1;
  }
  return loopBoundSearch(L, clock, steps, limit, maxSteps);
}

/** loopBoundExact by binary search (what it did before the guess; a reference for tests). */
export function loopBoundSearch(L: LoopBound, clock: number, steps: number, limit: number, maxSteps: number): number {
  if (!boundOk(L, 1, clock, steps, limit, maxSteps)) return 0;
  let lo = 1;
  let hi = LOOP_CAP + 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (boundOk(L, mid, clock, steps, limit, maxSteps)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** What loopBoundExact reads of a loop (compile.ts LoopInfo). */
export type LoopBound = Pick<LoopInfo, "cost" | "n" | "parts" | "innerCost" | "innerN">;

/** Whether k iterations of loop L can all start and finish their inner parts from (clock,
 *  steps), with no stop after the last part of an earlier one. */
function boundOk(L: LoopBound, k: number, clock: number, steps: number, limit: number, maxSteps: number): boolean {
  const C = L.cost;
  const N = L.n;
  return (L.parts.length === 1 || (clock + (k - 1) * C + L.innerCost < limit && steps + (k - 1) * N + L.innerN <= maxSteps)) &&
    (k === 1 || (clock + (k - 1) * C < limit && steps + (k - 1) * N <= maxSteps));
}

export function callDepthLimit(W: number): number {
  return Math.floor(32768 / W);
}

export function countMask(m: Uint8Array): number {
  let n = 0;
  for (let l = 0; l < m.length; l++) n += m[l]!;
  return n;
}

function classify(mem: Memory, p: number, sp: number, bytes: number): [FaultKind, string] {
  const r = mem.check(p, sp, bytes);
  if (typeof r === "number") return ["invalid-pointer", "misaligned or invalid access"];
  if (r.startsWith("null")) return ["null", r];
  if (r.startsWith("wrong")) return ["wrong-space", r];
  if (r.startsWith("out-of-bounds")) return ["out-of-bounds", r];
  return ["invalid-pointer", r];
}

/** Where prefetch() leaves what it read, so that the reads are not optimised away. */
const PF_SINK = new Int32Array(1);

/** Touches the cache lines that loads at offsets [hi - span, hi] of an allocation (arena
 *  address b, size z) will read in each of the next e iterations, stepping d bytes per
 *  iteration: a hint to the memory system, invisible to the program (reads only, every
 *  offset clamped into the allocation; a wrong guess costs time only). */
export function prefetch(u8: Uint8Array, b: number, z: number, hi: number, span: number, d: number, e: number): void {
  if (!(z > 0 && b >= 0 && b + z <= u8.length)) return;
  const lim = z - 1;
  const n = span >= 0 && span <= 512 ? (span >> 6) + 1 : 1;
  // Offsets in int32 arithmetic (a wrapped one is clamped like any other: a hint needs no
  // exact address), so that V8 keeps the loop in integer registers: the code before, in
  // doubles, took about 47 instructions a read.
  const dd = d | 0;
  let c = hi | 0;
  let s = 0;
  for (let k = 1; k <= e; k++) {
    c = (c + dd) | 0;
    for (let j = 0, y = c; j < n; j++, y = (y - 64) | 0) s = (s + u8[b + (y < 0 ? 0 : y > lim ? lim : y)]!) | 0;
  }
  PF_SINK[0] = s;
}

/** The number of bits set in int32 `x`. */
export function popcount(x: number): number {
  let c = x - ((x >>> 1) & 0x55555555);
  c = (c & 0x33333333) + ((c >>> 2) & 0x33333333);
  return Math.imul((c + (c >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** The slow-path helpers generated code calls. */
/** A fault raised inside a segment's code. Its cycle is the segment's start (the warp's
 *  clock), but output up to its instruction's own time came before it: a line printed earlier
 *  in the segment is stamped at the clock plus that print's offset (FaultSignal.outputUntil). */
function inSegment(warp: Warp, cf: CompiledFn, inst: number, l: number, kind: FaultKind, message: string): FaultSignal {
  const sig = warp.faultAt(cf, inst, l, kind, message);
  sig.outputUntil = warp.clock + (cf.instOff[inst] ?? 0);
  return sig;
}

export function makeHelpers(): Helpers {
  return {
    i64f32: i64ToF32,
    u64f32: u64ToF32,
    pf: prefetch,
    popcount,
    loop(w, fr, cf, seg, fn, limit, maxSteps) {
      return (w as unknown as Warp).laneMajorLoop(fr as Frame, cf, seg, fn, limit, maxSteps);
    },
    isPresent(w, p, device) {
      return (w as unknown as Warp).rt.isPresent(p, device);
    },
    mem(w, _fr, l, cf, inst, p, sp, bytes) {
      const warp = w as unknown as Warp;
      const [kind, msg] = classify(warp.mem, p, sp, bytes);
      return inSegment(warp, cf, inst, l, kind, msg);
    },
    fault(w, _fr, l, cf, inst, kind, msg, off) {
      const warp = w as unknown as Warp;
      const sig = inSegment(warp, cf, inst, l, kind as FaultKind, msg);
      if (off !== undefined) sig.fault.cycle = sig.outputUntil = warp.clock + off;
      return sig;
    },
    alloca(w, fr, l, cf, inst, bytes) {
      const warp = w as unknown as Warp;
      let p: number;
      try {
        p = warp.mem.alloc(cf.device ? SP_LOCAL : SP_HOST, bytes, true, cf.held[inst] ? warp.qRing(l, (fr as Frame).level) : NO_RING);
      } catch (e) {
        if (e instanceof OutOfMemory) throw inSegment(warp, cf, inst, l, "out-of-memory", `alloca of ${bytes} bytes: ${e.message}`);
        throw e;
      }
      if ((fr as Frame).allocs === NO_ALLOCS) {
        (fr as Frame).allocs = [];
        (fr as Frame).allocSites = [];
      }
      (fr as Frame).allocs.push(ptrId(p));
      if (!cf.device) (fr as Frame).allocSites.push(inst);
      const det = warp.rt.races;
      if (det !== null && cf.device) {
        const thread = warp.lane0 + l;
        det.own(ptrId(p), warp.team as unknown as RaceTeam, thread, cf.fn.name, cf.fn.insts[inst]!.loc, thread === 0 && (fr as Frame).level === 0);
      }
      return p;
    },
    localGlobal(w, fr, l, cf, inst, k) {
      const warp = w as unknown as Warp;
      let p: number;
      try {
        p = warp.rt.allocLocalGlobal(k, warp.qRing(l, (fr as Frame).level));
      } catch (e) {
        if (e instanceof OutOfMemory) throw inSegment(warp, cf, inst, l, "out-of-memory", e.message);
        throw e;
      }
      warp.lg[k * warp.W + l] = p;
      warp.lgIds.push(ptrId(p));
      const det = warp.rt.races;
      // The host's copy has no device owner: any device access to it is reported.
      if (det !== null) det.own(ptrId(p), cf.device ? warp.team as unknown as RaceTeam : null, warp.lane0 + l, cf.fn.name, cf.fn.insts[inst]!.loc);
    },
    priv(w, l, cf, inst, id, kind) {
      const warp = w as unknown as Warp;
      const det = warp.rt.races;
      if (det === null) return;
      det.privateAccess(warp.team as unknown as RaceTeam, warp.where(l).kernel ?? cf.fn.name, warp.lane0 + l, id, kind, cf.fn.name, cf.fn.insts[inst]!.loc);
    },
    allocShared(w, _fr, l, cf, inst, bytes) {
      const warp = w as unknown as Warp & { sharedAlloc(bytes: number): number };
      try {
        return warp.sharedAlloc(bytes);
      } catch (e) {
        if (e instanceof OutOfMemory) throw inSegment(warp, cf, inst, l, "out-of-memory", `omp.alloc_shared of ${bytes} bytes: ${e.message}`);
        throw e;
      }
    },
    freeShared(w, _fr, l, cf, inst, p, bytes) {
      const warp = w as unknown as Warp & { sharedFree(id: number): void };
      const id = ptrId(p);
      const mem = warp.mem;
      if (!mem.isLive(id) || mem.space[id] !== SP_SHARED || ptrOffset(p) !== 0 || mem.size[id] !== bytes) {
        throw inSegment(warp, cf, inst, l, "invalid-pointer", "omp.free_shared of a pointer (or size) that omp.alloc_shared did not return");
      }
      warp.sharedFree(id);
    },
    allocUniform(w, _fr, l, cf, inst, bytes) {
      const warp = w as unknown as Warp & { uniformAlloc(l: number, bytes: number): number | string };
      let r: number | string;
      try {
        r = warp.uniformAlloc(l, bytes);
      } catch (e) {
        if (e instanceof OutOfMemory) throw inSegment(warp, cf, inst, l, "out-of-memory", `omp.alloc_shared of ${bytes} bytes: ${e.message}`);
        throw e;
      }
      if (typeof r === "string") throw inSegment(warp, cf, inst, l, "invalid-pointer", r);
      return r;
    },
    freeUniform(w, _fr, l, cf, inst, p, bytes) {
      const warp = w as unknown as Warp & { uniformFree(l: number, p: number, bytes: number): boolean };
      if (!warp.uniformFree(l, p, bytes)) {
        throw inSegment(warp, cf, inst, l, "invalid-pointer", "omp.free_shared of a pointer (or size) that omp.alloc_shared did not return");
      }
    },
    malloc(w, fr, l, cf, inst, bytes) {
      const warp = w as unknown as Warp;
      return warp.rt.heap.malloc(warp.dev, bytes, cf.fn.insts[inst]!.loc, warp.qRing(l, (fr as Frame).level));
    },
    free(w, _fr, l, cf, inst, p) {
      const warp = w as unknown as Warp;
      const id = ptrId(p);
      const [addr, bytes] = warp.mem.isLive(id) ? [warp.mem.base[id]!, warp.mem.size[id]!] : [0, 0];
      const why = warp.rt.heap.free(warp.dev, p, cf.fn.insts[inst]!.loc);
      if (why !== null) throw inSegment(warp, cf, inst, l, "invalid-pointer", why);
      warp.rt.races?.released(addr, bytes);
    },
    race(w, l, cf, inst, a, bytes, kind, sp) {
      const warp = w as unknown as Warp;
      const det = warp.rt.races;
      if (det === null) return;
      const team = warp.team as unknown as RaceTeam;
      const i = cf.fn.insts[inst]!;
      const thread = warp.lane0 + l;
      det.access(team, warp.where(l).kernel ?? cf.fn.name, thread, a, bytes, kind, spaceName(sp), cf.fn.name, i.loc);
      // Spin locks (races.ts): a cmpxchg takes the word, an atomic xchg gives it back.
      if (i.kind === "cmpxchg") det.acquire(team, thread, a);
      else if (i.kind === "atomic" && i.op === "xchg") det.release(team, thread, a);
    },
    print(w, _fr, l, cf, inst, off, args) {
      const warp = w as unknown as Warp;
      const i = cf.fn.insts[inst]!;
      if (i.kind !== "print") return;
      const types = i.args.map((a) => cf.fn.values[a]!.type);
      const k = warp.printKey(l);
      if (warp.rt.output(warp.clock + off, k.launch, k.team, k.thread, formatPrint(i.format, types, args), k.epoch)) warp.ringFull = true;
    },
  };
}
