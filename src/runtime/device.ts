// The simulated GPU: kernel launches, teams, device warps, team barriers, and the driving of
// the generic-mode state machine (statemachine.ts).
//
// Every team runs concurrently (one SM per team, no contention between teams). A team of
// `threads` threads is ceil(threads / W) warps; thread t is lane t % W of warp t / W.
// - SPMD: every warp runs the kernel body; omp.parallel calls the region on the reaching
//   lanes with level 1 and ends with a team barrier.
// - Generic: warp 0 runs the body with only lane 0 (the main thread) active; the other
//   threads wait in the runtime's state machine. omp.parallel at level 0 publishes the region
//   and its arguments in team-shared storage (charged as dispatch + argPass per argument),
//   wakes the workers, runs the region on all lanes of warp 0, and joins at a team barrier.
// - Nested omp.parallel (level >= 1) runs the region on the calling lanes, one thread each.
// - omp.barrier is a team barrier in SPMD code and inside level-1 regions; a no-op in the
//   generic main thread's sequential code and in nested regions (a team of one).
// Faults: a barrier reached after some threads exited, or threads exiting while others wait,
// is a partial barrier; waiters that nothing can release are reported by execute() as a
// deadlock.

import type { Function } from "../ir/ir.js";
import type { Loc, SrcLoc } from "../ir/loc.js";
import { NO_SRC_LOC, toLoc } from "../ir/loc.js";
import { placementOf } from "../ir/opcodes.js";
import type { CompiledFn, SegInfo } from "./compile.js";
import type { Mapped } from "./present.js";
import type { Actor, Frame, Rt, WarpPool, WarpStore } from "./simt.js";
import type { FaultKind, FaultSignal } from "./faults.js";
import {
  BLOCKED, DONE, FK_KERNEL, FK_REGION_MAIN, FK_REGION_NESTED, FK_REGION_SPMD, FK_REGION_WORKER, RUNNING, Warp, countMask,
} from "./simt.js";
import { SP_SHARED, ptrId } from "./memory.js";
import { Q_OWN, Q_REPLICA } from "./quarantine.js";
import type { KernelStats } from "./stats.js";
import { emptyRevOffloadStats, round4 } from "./stats.js";
import type { ArgValue, RevChannel } from "./revoffload/api.js";
import type { StateMachine } from "./statemachine.js";
import { LLVM_GENERIC, customStateMachine } from "./statemachine.js";
import type { Machine } from "./machine.js";
import { residentTeams } from "./machine.js";
import { MAX_WARP_TRACKS } from "./trace.js";

/** What a warp does when the barrier it waits at opens. */
const AFTER_CONTINUE = 0;
const AFTER_REGION_MAIN = 1;
const AFTER_REGION_WORKER = 2;
const AFTER_REGION_SPMD = 3;
/** SPMD: the barrier that starts a parallel region opened; call the region. */
const AFTER_REGION_START = 4;

export type { ArgValue };

export class KernelRun implements Actor {
  /** Its teams; emptied when the last ends (a finished launch keeps its stats, not its teams). */
  teamsList: Team[] = [];
  readonly stats: KernelStats;
  teamsLeft: number;
  endTime = 0;
  done = false;
  readonly perWarpTracks: boolean;
  /** Called (on the host side, at completion time) once every team is done. */
  onComplete: (time: number) => void = () => {};
  /** Generic mode: how the main thread hands parallel regions to the workers. */
  readonly machine: StateMachine;

  constructor(
    readonly rt: Rt & { initShared(team: Team): void; rev: RevChannel; readonly kernels: readonly KernelRun[]; readonly machine: Machine; readonly warpPool: WarpPool },
    readonly launch: number,
    readonly cf: CompiledFn,
    readonly teams: number,
    readonly threads: number,
    readonly args: ArgValue[],
    readonly maps: Mapped[],
    readonly nowait: boolean,
    readonly launchTime: number,
    readonly startTime: number,
    /** The omp.target that launched it. */
    readonly site: SrcLoc = NO_SRC_LOC,
    /** The device it runs on (device(n); 0 by default). */
    readonly device = 0,
  ) {
    const W = cf.W;
    const fn = cf.fn;
    const warpsPerTeam = Math.ceil(threads / W);
    this.machine = fn.stateMachine !== null && fn.mode !== "spmd" ? customStateMachine(fn.stateMachine) : LLVM_GENERIC;
    this.perWarpTracks = teams * warpsPerTeam <= MAX_WARP_TRACKS;
    // Teams beyond what the machine holds at once wait; each starts as a resident one ends.
    const resident = Math.min(teams, residentTeams(rt.machine, threads, W, fn.mode !== "spmd"));
    this.stats = {
      launch, kernel: fn.name, mode: fn.mode ?? "generic", stateMachine: fn.mode === "spmd" ? "none" : this.machine.name, teams, threads, warpSize: W,
      device, waves: resident > 0 ? Math.ceil(teams / resident) : 0, nowait,
      launchCycle: launchTime, startCycle: startTime, endCycle: 0, cycles: 0,
      warpInstructions: 0, laneSlots: 0, activeLanes: 0, utilisation: 0,
      barriers: 0, dispatches: 0, fallbackDispatches: 0, parallelRegions: 0, sharedBytes: 0, revOffload: emptyRevOffloadStats(),
    };
    this.teamsLeft = teams;
    this.nextTeam = resident;
    // Every team's shared globals are allocated at the launch (their addresses do not depend
    // on when a team starts); a team's warps exist only while it runs (Team.start, finish).
    for (let t = 0; t < teams; t++) {
      const team = new Team(this, t, threads);
      this.teamsList.push(team);
      rt.initShared(team);
      if (t < resident) team.start(startTime);
    }
  }

  /** The latest clock of the warps of its teams that have ended. */
  doneClock = 0;

  /** The first team not started yet (teams run in waves when the machine is full). */
  private nextTeam: number;

  /** This launch and its omp.target, for a fault's message, when the kernel has been launched
   *  more than once (else the kernel's name says which). */
  launchSite(): { index: number; loc: Loc } | undefined {
    let n = 0;
    for (const other of this.rt.kernels) if (other.cf.fn === this.cf.fn) n++;
    return n > 1 ? { index: this.launch, loc: toLoc(this.site) } : undefined;
  }

  get generic(): boolean {
    return this.cf.fn.mode !== "spmd";
  }

  trackOf(team: number, warp: number): number | null {
    if (this.perWarpTracks) return this.launch * 1000000 + team * 1000 + warp;
    return warp === 0 ? this.launch * 1000000 + team * 1000 : null;
  }

  teamDone(team: Team): void {
    if (this.nextTeam < this.teams) this.teamsList[this.nextTeam++]!.start(team.endTime);
    let end = team.endTime;
    if (end > this.endTime) this.endTime = end;
    if (--this.teamsLeft > 0) return;
    end = this.endTime + this.rt.costs.kernelEnd;
    const s = this.stats;
    // The teams' warps added their counts when each team ended (Team.finish).
    for (const tm of this.teamsList) if (tm.peakShared > s.sharedBytes) s.sharedBytes = tm.peakShared;
    this.teamsList = [];
    s.laneSlots = s.warpInstructions * this.cf.W;
    s.utilisation = s.laneSlots ? round4(s.activeLanes / s.laneSlots) : 0;
    s.endCycle = end;
    s.cycles = end - this.startTime;
    this.rt.schedule(this, end);
  }

  /** The latest clock of any of its warps. */
  clockNow(): number {
    let c = Math.max(this.startTime, this.doneClock);
    for (const t of this.teamsList) for (const w of t.warps) if (w.clock > c) c = w.clock;
    return c;
  }

  /** The run stopped at `stop` (a fault or an interrupt) with this launch still running:
   *  its stats and trace cover what its teams did until then. */
  cutShort(stop: number): void {
    const s = this.stats;
    s.incomplete = true;
    const tr = this.rt.trace;
    for (const tm of this.teamsList) {
      // Teams that ended have no warps left: their counts are in s already.
      for (const w of tm.warps) {
        s.warpInstructions += w.issued;
        s.activeLanes += w.laneOps;
        const tid = this.trackOf(tm.id, w.index);
        if (tr === null || tid === null || tm.done || !tm.started) continue;
        tr.track(1, tid, this.perWarpTracks ? `@${this.cf.fn.name}#${this.launch} team ${tm.id} warp ${w.index}` : `@${this.cf.fn.name}#${this.launch} team ${tm.id}`);
        tr.slice(1, tid, `@${this.cf.fn.name}`, "kernel", tm.startTime, Math.max(tm.startTime, Math.min(stop, this.perWarpTracks ? w.clock : stop)), { team: tm.id, warp: w.index, incomplete: 1 });
      }
      if (tm.peakShared > s.sharedBytes) s.sharedBytes = tm.peakShared;
    }
    s.laneSlots = s.warpInstructions * this.cf.W;
    s.utilisation = s.laneSlots ? round4(s.activeLanes / s.laneSlots) : 0;
    s.endCycle = stop;
    s.cycles = stop - this.startTime;
  }

  /** The completion event, on the host's side of the clock. */
  step(time: number): void {
    this.done = true;
    this.onComplete(time);
  }
}

export class Team {
  /** Its warps, from its start to its end (then given back to the run's WarpPool). */
  warps: DeviceWarp[] = [];
  sg: number[] = [];
  arrived = 0;
  waiters: DeviceWarp[] = [];
  barMax = 0;
  /** Where the first thread of the pending barrier arrived (for fault reports). */
  barSite: { cf: CompiledFn; inst: number; warp: DeviceWarp; lane: number } | null = null;
  exited = 0;
  warpsDone = 0;
  sharedIds: number[] = [];
  /** Team-uniform allocations (`omp.alloc_shared uniform`): every thread's n-th one is the
   *  team's n-th block (uniPtr[n], uniBytes[n]), freed when all `size` threads freed it.
   *  uniSeq[t]: thread t's next n; uniLive[t]: its blocks not yet freed (n, newest last).
   *  Created at the team's first uniform allocation. */
  uniPtr: number[] = [];
  uniBytes: number[] = [];
  uniFrees: number[] = [];
  uniSeq: Int32Array | null = null;
  uniLive: number[][] = [];
  sharedCur = 0;
  peakShared = 0;
  regionArgs: ArgValue[] = [];
  /** Threads of the running level-1 parallel region (`omp.parallel … threads(n)` caps it at
   *  min(n, size)); `size` outside one. A barrier waits for this many threads. */
  psize: number;
  /** SPMD: the cap the lowest-numbered thread arriving at a region start asked for, and its
   *  thread; the region's idle warps (every lane at or past psize), parked until it ends. */
  private capThread = -1;
  private capAsked = 0;
  private idle: DeviceWarp[] = [];
  /** Barrier epoch for the race detector: bumped whenever the team synchronises. */
  epoch = 0;
  endTime = 0;
  done = false;

  /** Quarantine rings (quarantine.ts) by slot: 2·thread + class, 2·size for the team's
   *  omp.alloc_shared storage, 2·size + 1 + g for shared global g; -1 until first used. */
  private qRings: Int32Array | null = null;

  constructor(readonly kernel: KernelRun, readonly id: number, readonly size: number) {
    this.psize = size;
  }

  /** The quarantine ring of slot `slot` (named `key` for a shared global), created on
   *  first use; the same (device, kernel, team, slot) gets the same ring in every launch, so
   *  launches in program order add to it in program order. A shared global has a ring of
   *  its own: the storage a pass adds (spmdize's broadcasts) cannot push a program's out. */
  qRing(slot: number, cls: number, key: string | number = slot): number {
    const rs = (this.qRings ??= new Int32Array(2 * this.size + 1 + this.sg.length).fill(-1));
    let r = rs[slot]!;
    if (r < 0) {
      const k = this.kernel;
      r = rs[slot] = k.rt.mem.quarantine.ring(`${k.device}/${k.cf.fn.name}/${this.id}/${key}`, cls);
    }
    return r;
  }

  /** The team size a region's `threads(n)` operand gives, as LLVM's DeviceRTL
   *  (determineNumberOfThreads): n read as unsigned, 0 meaning no cap. */
  capOf(n: number): number {
    const u = n >>> 0;
    return u === 0 || u >= this.size ? this.size : u;
  }

  /** SPMD: a thread arriving at the start of a capped region asks for `n` threads. */
  askCap(thread: number, n: number): void {
    if (this.capThread < 0 || thread < this.capThread) {
      this.capThread = thread;
      this.capAsked = n;
    }
  }

  /** SPMD: a warp with no thread in the region waits for its end. */
  parkIdle(w: DeviceWarp): void {
    w.state = BLOCKED;
    this.idle.push(w);
  }

  /** When the team started on an SM (after the launch, or when a slot freed). */
  startTime = 0;
  started = false;

  start(time: number): void {
    const k = this.kernel;
    const W = k.cf.W;
    const pool = k.rt.warpPool;
    for (let i = 0, n = Math.ceil(this.size / W); i < n; i++) this.warps.push(new DeviceWarp(k.rt, k, this, i, pool.take(W)));
    this.startTime = time;
    this.started = true;
    for (const w of this.warps) w.clock = time;
    if (k.generic) {
      this.warps[0]!.startKernel(true);
      k.machine.park(this, this.warps[0]!, BLOCKED);
    } else {
      for (const w of this.warps) w.startKernel(false);
    }
  }

  noteFallback(): void {
    this.kernel.stats.fallbackDispatches++;
  }

  noteShared(delta: number): void {
    this.sharedCur += delta;
    if (this.sharedCur > this.peakShared) this.peakShared = this.sharedCur;
  }

  /** `nowait` reverse offloads of the team not yet complete, and when the last completed. */
  private nowaitPending = 0;
  private nowaitEnd = 0;
  /** The last warp to arrive at a barrier that waits for those, or the team's end. */
  private heldBarrier: DeviceWarp | null = null;
  private heldFinish = false;

  nowaitIssued(): void {
    this.nowaitPending++;
  }

  /** A `nowait` reverse offload of the team completed; its lane sees that at `time`. */
  nowaitDone(time: number): void {
    if (time > this.nowaitEnd) this.nowaitEnd = time;
    if (--this.nowaitPending > 0) return;
    const w = this.heldBarrier;
    if (w !== null) {
      this.heldBarrier = null;
      if (this.nowaitEnd > this.barMax) this.barMax = this.nowaitEnd;
      this.release(w);
      if (w.state === RUNNING) this.kernel.rt.schedule(w, w.clock);
    }
    if (this.heldFinish) {
      this.heldFinish = false;
      this.finish();
    }
  }

  /** A warp arrives with `count` threads; returns true if the barrier opened (it goes on). */
  arrive(w: DeviceWarp, count: number, after: number, cf: CompiledFn, inst: number): boolean {
    const lane = w.firstLane();
    if (this.exited > 0) {
      throw w.faultAt(cf, inst, lane, "partial-barrier",
        `barrier reached by only part of the team: ${this.exited} of ${this.size} threads already exited the kernel`);
    }
    if (this.barSite === null) this.barSite = { cf, inst, warp: w, lane };
    this.arrived += count;
    w.after = after;
    w.barrierStart = w.clock;
    if (w.clock > this.barMax) this.barMax = w.clock;
    if (this.arrived < this.psize) {
      w.state = BLOCKED;
      this.waiters.push(w);
      return false;
    }
    if (this.nowaitPending > 0) {
      // A barrier completes the team's deferred reverse offloads: it opens after the last.
      w.state = BLOCKED;
      this.heldBarrier = w;
      return false;
    }
    this.release(w);
    return true;
  }

  private release(last: DeviceWarp): void {
    const k = this.kernel;
    const t = this.barMax + k.rt.costs.barrier;
    k.stats.barriers++;
    this.epoch++;
    if (last.after !== AFTER_CONTINUE && last.after !== AFTER_REGION_START) k.stats.parallelRegions++;
    const ws = [...this.waiters, last];
    if (last.after === AFTER_REGION_START && this.capThread >= 0) {
      // Thread 0 of the team sets the region's size, as __kmpc_parallel_51 in SPMD mode.
      this.psize = this.capOf(this.capAsked);
      this.capThread = -1;
    } else if (last.after === AFTER_REGION_MAIN || last.after === AFTER_REGION_WORKER || last.after === AFTER_REGION_SPMD) {
      this.psize = this.size;
      for (const w of this.idle) ws.push(w);
      this.idle.length = 0;
    }
    this.arrived = 0;
    this.waiters = [];
    this.barMax = 0;
    this.barSite = null;
    for (const w of ws) {
      const tr = k.rt.trace;
      const tid = k.trackOf(this.id, w.index);
      if (tr !== null && tid !== null && t > w.barrierStart) tr.slice(1, tid, "barrier", "barrier", w.barrierStart, t);
      w.clock = t;
      w.state = RUNNING;
      w.resumeAfterBarrier();
      if (w !== last && w.state === RUNNING) k.rt.schedule(w, t);
    }
  }

  /** Threads of the kernel body returned. */
  exit(w: DeviceWarp, n: number): void {
    this.exited += n;
    if (this.arrived > 0 && this.barSite !== null) {
      const s = this.barSite;
      throw s.warp.faultAt(s.cf, s.inst, s.lane, "partial-barrier",
        `barrier reached by only part of the team: ${this.arrived} of ${this.size} threads wait here while thread ${w.lane0 + w.firstLane()} exited the kernel`);
    }
  }

  warpDone(w: DeviceWarp): void {
    w.state = DONE;
    if (w.clock > this.endTime) this.endTime = w.clock;
    if (++this.warpsDone === this.warps.length) this.finish();
  }

  /** Generic mode: the main thread finished the kernel, so the workers leave the state machine. */
  terminateWorkers(): void {
    for (const w of this.warps) {
      if (w.state === DONE) continue;
      if (w.clock < this.endTime) w.clock = this.endTime;
      this.warpDone(w);
    }
  }

  private finish(): void {
    if (this.done) return;
    if (this.nowaitPending > 0) {
      // The kernel does not complete before the team's deferred reverse offloads.
      this.heldFinish = true;
      return;
    }
    if (this.nowaitEnd > this.endTime) this.endTime = this.nowaitEnd;
    this.done = true;
    const k = this.kernel;
    const tr = k.rt.trace;
    for (const w of this.warps) {
      const tid = k.trackOf(this.id, w.index);
      if (tr !== null && tid !== null) {
        tr.track(1, tid, k.perWarpTracks ? `@${k.cf.fn.name}#${k.launch} team ${this.id} warp ${w.index}` : `@${k.cf.fn.name}#${k.launch} team ${this.id}`);
        tr.slice(1, tid, `@${k.cf.fn.name}`, "kernel", this.startTime, k.perWarpTracks ? w.clock : this.endTime, { team: this.id, warp: w.index });
      }
    }
    for (const id of this.sharedIds) if (this.kernel.rt.mem.isLive(id)) this.kernel.rt.mem.free(id);
    this.sharedIds = [];
    const s = k.stats;
    const pool = k.rt.warpPool;
    for (const w of this.warps) {
      w.freeLocalGlobals(); // the threads' local globals end with the team
      s.warpInstructions += w.issued;
      s.activeLanes += w.laneOps;
      if (w.clock > k.doneClock) k.doneClock = w.clock;
      w.giveBack(pool);
    }
    this.warps = [];
    k.teamDone(this);
  }
}

export class DeviceWarp extends Warp {
  after = AFTER_CONTINUE;
  barrierStart = 0;
  /** SPMD: the region to call once its start barrier opens. */
  private regionStart: { cf: CompiledFn; info: SegInfo } | null = null;
  /** Scratch for regionMask. */
  private readonly capMask: Uint8Array;

  constructor(rt: Rt, readonly kernel: KernelRun, readonly teamObj: Team, readonly index: number, store: WarpStore) {
    super(rt, store);
    const W = this.W;
    this.lane0 = index * W;
    this.team = teamObj;
    this.numTeams = kernel.teams;
    this.dev = kernel.device;
    this.ndev = rt.numDevices;
    for (let l = 0; l < W && this.lane0 + l < teamObj.size; l++) store.valid[l] = 1;
    this.capMask = new Uint8Array(W);
  }

  /** Its lanes that are threads of the team. */
  get valid(): Uint8Array {
    return this.store.valid;
  }

  where(l: number): { kernel: string; team: number; thread: number } {
    return { kernel: this.kernel.cf.fn.name, team: this.teamObj.id, thread: this.lane0 + l };
  }

  /** A fault names the launch when its kernel has been launched more than once. */
  override faultAt(cf: CompiledFn, inst: number, l: number, kind: FaultKind, message: string): FaultSignal {
    const s = super.faultAt(cf, inst, l, kind, message);
    const launch = this.kernel.launchSite();
    if (launch !== undefined) s.fault.launch = launch;
    s.fault.sync = { launch: this.kernel.launch, epoch: this.teamObj.epoch };
    return s;
  }

  printKey(l: number): { launch: number; team: number; thread: number; epoch: number } {
    return { launch: this.kernel.launch, team: this.teamObj.id, thread: this.lane0 + l, epoch: this.teamObj.epoch };
  }

  /** Lane l's quarantine ring at parallel level `level` (quarantine.ts): a thread other than
   *  0 running level-0 code has a ring of its own, the replica class. */
  override qRing(l: number, level: number): number {
    const tid = this.lane0 + l;
    return tid !== 0 && level === 0 ? this.teamObj.qRing(2 * tid, Q_REPLICA) : this.teamObj.qRing(2 * tid + 1, Q_OWN);
  }

  /** Starts the kernel body: on lane 0 only (generic main thread) or on every valid lane. */
  startKernel(mainOnly: boolean): void {
    const mask = mainOnly ? Uint8Array.from(this.valid, (v, l) => (l === 0 ? v : 0)) : this.valid;
    const fr = this.newFrame(this.kernel.cf, null, FK_KERNEL, mask, 0);
    this.setParams(fr, this.kernel.args);
    this.frame = fr;
    this.setActive(fr);
    this.state = countMask(mask) ? RUNNING : DONE;
    if (this.state === RUNNING) this.rt.schedule(this, this.clock);
    else this.teamObj.warpDone(this);
  }

  private setParams(fr: Frame, values: readonly ArgValue[]): void {
    const W = this.W;
    fr.cf.params.forEach((p, i) => {
      const v = values[i]!;
      for (let l = 0; l < W; l++) {
        if (p.big) fr.B[p.slot * W + l] = v as bigint;
        else fr.F[p.slot * W + l] = v as number;
      }
    });
  }

  /** Team-shared storage for omp.alloc_shared (throws OutOfMemory). */
  sharedAlloc(bytes: number): number {
    const t = this.teamObj;
    const p = this.mem.alloc(SP_SHARED, bytes, true, t.qRing(2 * t.size, Q_OWN));
    this.teamObj.sharedIds.push(ptrId(p));
    this.teamObj.noteShared(bytes);
    return p;
  }

  /** Thread (lane l)'s next uniform allocation: the team's block of that number, allocated by
   *  the first thread to get there; a message when its size differs from that thread's. */
  uniformAlloc(l: number, bytes: number): number | string {
    const t = this.teamObj;
    const tid = this.lane0 + l;
    if (t.uniSeq === null) {
      t.uniSeq = new Int32Array(t.size);
      t.uniLive = Array.from({ length: t.size }, () => []);
    }
    const n = t.uniSeq[tid]!;
    if (n === t.uniPtr.length) {
      t.uniPtr.push(this.sharedAlloc(bytes));
      t.uniBytes.push(bytes);
      t.uniFrees.push(0);
    } else if (t.uniBytes[n] !== bytes) {
      return `omp.alloc_shared uniform of ${bytes} bytes where other threads of the team allocated ${t.uniBytes[n]!}: not uniform`;
    }
    t.uniSeq[tid] = n + 1;
    t.uniLive[tid]!.push(n);
    return t.uniPtr[n]!;
  }

  /** Thread (lane l) frees one of its live uniform blocks; the storage goes when the last
   *  thread of the team has freed it. False when p (with that size) is none of them. */
  uniformFree(l: number, p: number, bytes: number): boolean {
    const t = this.teamObj;
    const live = t.uniLive[this.lane0 + l];
    if (live === undefined) return false;
    for (let i = live.length - 1; i >= 0; i--) {
      const n = live[i]!;
      if (t.uniPtr[n] !== p || t.uniBytes[n] !== bytes) continue;
      live.splice(i, 1);
      if (++t.uniFrees[n]! === t.size) this.sharedFree(ptrId(p));
      return true;
    }
    return false;
  }

  sharedFree(id: number): void {
    this.teamObj.noteShared(-this.mem.size[id]!);
    this.mem.free(id);
    const ids = this.teamObj.sharedIds;
    const i = ids.lastIndexOf(id);
    if (i >= 0) ids.splice(i, 1);
  }

  override waitForRing(): boolean {
    this.state = BLOCKED;
    this.kernel.rt.rev.waitForRing(this);
    return true;
  }

  override lanesExited(_fr: Frame, n: number): void {
    this.teamObj.exit(this, n);
  }

  boundary(fr: Frame, info: SegInfo): boolean {
    const inst = info.inst;
    if (placementOf(inst) === "host") throw this.faultAt(fr.cf, info.instId, this.firstLane(), "unsupported", `${inst.kind} is host-only`);
    switch (inst.kind) {
      case "call":
      case "call_indirect":
        return this.doCall(fr, info, true);
      case "omp.parallel":
        return this.parallel(fr, info, this.rt.functionById(inst.region));
      case "omp.barrier":
        if ((this.kernel.generic && fr.level === 0) || fr.level >= 2) return true;
        return this.teamObj.arrive(this, this.nact, AFTER_CONTINUE, fr.cf, info.instId);
      case "omp.reverse_offload":
        return this.kernel.rt.rev.issue(this, fr, info);
      case "omp.shuffle_down":
        this.shuffleDown(fr, info);
        return true;
      default:
        throw new Error(`internal error: device boundary ${inst.kind}`);
    }
  }

  /** omp.shuffle_down: every active lane staged its value, so each reads its source lane's
   *  (l + delta), or its own where that lane is outside the warp or not active here (past
   *  the team, exited, or on the other side of a divergent branch). */
  private shuffleDown(fr: Frame, info: SegInfo): void {
    const W = this.W;
    const act = this.act;
    const st = info.stage!;
    const v0 = st.value * W;
    const d0 = st.delta * W;
    const r0 = info.resultSlot * W;
    const big = info.resultBig;
    const SF = this.stageF;
    for (let l = 0; l < W; l++) {
      if (act[l] === 0) continue;
      const src = l + SF[d0 + l]!;
      const from = src >= 0 && src < W && act[src] !== 0 ? src : l;
      if (big) fr.B[r0 + l] = this.stageB[v0 + from]!;
      else fr.F[r0 + l] = SF[v0 + from]!;
    }
  }

  private parallel(fr: Frame, info: SegInfo, region: Function): boolean {
    const cf = this.rt.compiled(region, true);
    if (region.kind === "host" || cf === null) {
      throw this.faultAt(fr.cf, info.instId, this.firstLane(), region.kind === "host" ? "unsupported" : "no-body",
        region.kind === "host" ? `parallel region @${region.name} is a host function` : `parallel region @${region.name} has no body`);
    }
    if (fr.level >= 1) {
      this.enterCall(cf, fr, info, FK_REGION_NESTED, fr.level + 1);
      return true;
    }
    if (!this.kernel.generic) {
      // The region starts with a team barrier, as LLVM's __kmpc_parallel_51 in SPMD mode:
      // what the team did before it (memory, output) precedes the region.
      // The last to arrive yields, so the team's warps enter the region in arrival order.
      this.regionStart = { cf, info };
      const tn = info.stage!.threads;
      if (tn >= 0) {
        const l = this.firstLane();
        this.teamObj.askCap(this.lane0 + l, this.stageF[tn * this.W + l]!);
      }
      this.teamObj.arrive(this, this.nact, AFTER_REGION_START, fr.cf, info.instId);
      return false;
    }
    // Generic mode: the state machine (statemachine.ts) publishes the region and its
    // arguments and wakes the workers; the main thread runs the region too.
    const ml = this.firstLane();
    const machine = this.kernel.machine;
    const team = this.teamObj;
    this.kernel.stats.dispatches++;
    const a0 = info.stage!.args;
    const tn = info.stage!.threads;
    if (tn >= 0) team.psize = team.capOf(this.stageF[tn * this.W + ml]!);
    const refused = machine.publish(team, this, cf, cf.params.map((p, i) => (p.big ? this.stageB[(a0 + i) * this.W + ml]! : this.stageF[(a0 + i) * this.W + ml]!)), this.rt.costs);
    if (refused !== null) throw this.faultAt(fr.cf, info.instId, ml, "state-machine", refused);
    const callee = this.newFrame(cf, fr, FK_REGION_MAIN, this.regionMask(), 1);
    callee.site = info;
    this.passArgs(callee, info, a0, ml);
    this.frame = callee;
    this.setActive(callee);
    machine.wake(team, this, cf, this.rt.costs);
    return true;
  }

  /** The warp's lanes that are threads of the running region (all valid ones unless capped). */
  private regionMask(): Uint8Array {
    const n = this.teamObj.psize - this.lane0;
    if (n >= this.W) return this.valid;
    const m = this.capMask;
    m.set(this.valid);
    m.fill(0, Math.max(0, n));
    return m;
  }

  /** A worker leaves the state machine to run the published region. */
  startWorker(cf: CompiledFn, time: number): void {
    // Threads at or past the region's size stay in the state machine.
    if (this.lane0 >= this.teamObj.psize) return;
    const fr = this.newFrame(cf, null, FK_REGION_WORKER, this.regionMask(), 1);
    if (time > this.clock) this.clock = time;
    fr.startClock = this.clock;
    this.setParams(fr, this.teamObj.regionArgs);
    this.frame = fr;
    this.setActive(fr);
    this.state = RUNNING;
    this.rt.schedule(this, this.clock);
  }

  frameDone(fr: Frame): boolean {
    switch (fr.kind) {
      case FK_KERNEL:
        this.release(fr);
        this.frame = null;
        if (this.kernel.generic) {
          this.teamObj.endTime = Math.max(this.teamObj.endTime, this.clock);
          this.teamObj.warpDone(this);
          this.teamObj.terminateWorkers();
        } else {
          this.teamObj.warpDone(this);
        }
        return false;
      // A region body's activation returned: its allocas end now (docs/LANGUAGE.md,
      // "alloca"), not when the region's end barrier opens; the frame itself waits there.
      case FK_REGION_MAIN:
        this.freeAllocas(fr);
        return this.teamObj.arrive(this, fr.callCount, AFTER_REGION_MAIN, fr.parent!.cf, fr.site!.instId);
      case FK_REGION_WORKER:
        this.freeAllocas(fr);
        return this.teamObj.arrive(this, fr.callCount, AFTER_REGION_WORKER, fr.cf, fr.cf.info[0]!.instId);
      case FK_REGION_SPMD:
        this.freeAllocas(fr);
        return this.teamObj.arrive(this, fr.callCount, AFTER_REGION_SPMD, fr.parent!.cf, fr.site!.instId);
      case FK_REGION_NESTED: {
        const parent = fr.parent!;
        this.release(fr);
        this.frame = parent;
        this.setActive(parent);
        return true;
      }
      default:
        throw new Error(`internal error: device frame kind ${fr.kind}`);
    }
  }

  /** The barrier this warp waited at opened (clock already set). */
  resumeAfterBarrier(): void {
    const after = this.after;
    this.after = AFTER_CONTINUE;
    if (after === AFTER_CONTINUE) return;
    if (after === AFTER_REGION_START) {
      const { cf, info } = this.regionStart!;
      this.regionStart = null;
      const n = this.teamObj.psize - this.lane0;
      if (n <= 0 || (n < this.W && !this.frame!.masks[this.frame!.sp]!.subarray(0, n).includes(1))) {
        this.teamObj.parkIdle(this); // goes on after the omp.parallel when the region ends
        return;
      }
      const callee = this.enterCall(cf, this.frame!, info, FK_REGION_SPMD, 1);
      if (n < this.W) {
        const m = callee.masks[0]!;
        m.fill(0, n);
        callee.callMask.fill(0, n);
        callee.nacts[0] = callee.callCount = countMask(m);
        this.setActive(callee);
      }
      return;
    }
    const fr = this.frame!;
    const tr = this.rt.trace;
    const tid = this.kernel.trackOf(this.teamObj.id, this.index);
    if (tr !== null && tid !== null) tr.slice(1, tid, `parallel @${fr.cf.fn.name}`, "parallel", fr.startClock, this.clock);
    const parent = fr.parent;
    this.release(fr);
    if (after === AFTER_REGION_WORKER) {
      this.frame = null;
      this.state = BLOCKED; // back in the state machine
      return;
    }
    this.frame = parent;
    this.setActive(parent!);
  }
}
