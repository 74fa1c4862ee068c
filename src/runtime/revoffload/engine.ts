// Reverse offload (`omp.reverse_offload`, OpenMP `target device(ancestor: 1)`): device lanes
// call host functions through the bounded device-to-host mailbox (../mailbox.ts), served on
// the host either inline by the polling thread (`serial`, the old libgomp runtime) or by a
// pool of worker threads fed from a FIFO (`async`, GCC's 2023 rewrite; pool.ts). The
// protocol, semantics and costs are in docs/REVERSE_OFFLOAD.md.
//
// The parts: this engine (issue, the mailbox, the poller's drain, completion), the print
// channel (prints.ts), the pool (pool.ts), the host threads (threads.ts), reverse data
// mapping (maps.ts), counters (stats.ts). The device sees only api.ts's RevChannel.
//
// Everything is simulated in the run's one event order: the poller and the workers are
// actors that interpret host functions like the host does (a warp of one lane), so runs are
// deterministic whatever the pool size. The host side's own events take their places in
// that order in a timeline (timeline.ts) that the run's event queue sees one event of.
// Mailbox and queue operations happen in events at their simulated time, so slots and queue
// entries are handed out in time order. Two things are decided ahead of their cycle, where
// nothing between can change them: a slot the host releases goes to the first lane waiting
// (at the cycle the device sees it free), and a request of a declared cost without map
// items runs to its end when a worker starts it (pool.ts). The async poller runs its steps
// back to back while nothing else comes between them (`pipeline`), serving such requests in
// closed form where the pool only rotates.
//
// A lane that gets a slot publishes itself (laneRef: its group and rank), not an object:
// its Request is made when the host side first needs one (a request it queues or runs
// inline, a fault), which a request served in closed form never does.
//
// Per lane blocking: every active lane of a warp that reaches the instruction issues its
// own request; the warp resumes (as a unit, SIMT) once all of them have completed.

import type { Function, OmpReverseOffloadInst } from "../../ir/ir.js";
import type { SegInfo } from "../compile.js";
import type { RevOffloadCosts } from "../cost.js";
import type { RevOffloadSite } from "../faults.js";
import type { MailboxFault, PublishProtocol } from "../mailbox.js";
import { Mailbox, StalePayload } from "../mailbox.js";
import { ptrId, spaceName } from "../memory.js";
import { Fifo } from "../queue.js";
import type { Frame, Warp } from "../simt.js";
import { BLOCKED, RUNNING } from "../simt.js";
import type { RevOffloadStats } from "../stats.js";
import type { Trace } from "../trace.js";
import type { ArgValue, RequestingWarp, RevChannel, RevRt } from "./api.js";
import { SIZE, callText, finishMaps, prepareMaps } from "./maps.js";
import { Pool } from "./pool.js";
import { PrintChannel } from "./prints.js";
import type { ReqMap, Request, WarpGroup } from "./request.js";
import { MAX_GROUPS, RequestPool, deviceFault, laneRef, requestSite } from "./request.js";
import type { Acc } from "./stats.js";
import { RevStats } from "./stats.js";
import type { HostThread, PollHooks } from "./threads.js";
import { Poller } from "./threads.js";
import { Timeline } from "./timeline.js";

export type RevOffloadMode = "serial" | "async";
export const REV_OFFLOAD_MODES: readonly RevOffloadMode[] = ["serial", "async"];
/** libgomp's defaults: GOMP_REVERSE_OFFLOAD_THREADS = 8, a 1024-entry ring. */
export const DEFAULT_REV_OFFLOAD_THREADS = 8;
export const DEFAULT_MAILBOX_SLOTS = 1024;
/** Cycles an idle pool worker waits for work before it exits (chosen with bench/revoffload.js
 *  table (c): the smallest value with the best async result on every workload). */
export const DEFAULT_REV_OFFLOAD_KEEP_ALIVE = 100000;

export interface RevOffloadConfig {
  mode: RevOffloadMode;
  threads: number;
  slots: number;
  fault: MailboxFault;
  protocol: PublishProtocol;
  /** Async: cycles an idle worker is kept (0: it exits at once, as libgomp's do). */
  keepAlive: number;
  /** Some device code of the module may reverse-offload: the program starts the pool. */
  deviceRequests: boolean;
}

export class RevOffload implements RevChannel, PollHooks {
  /** Its payloads are the requests' slots (RequestPool.all). */
  readonly mailbox: Mailbox<number>;
  /** The next mailbox ticket the host takes: tickets from it to the mailbox's next are
   *  published (a lane publishes as it reserves) and not taken yet. */
  private taken = 0;
  /** Per mailbox slot, what the device published there: when the host sees the flag, and
   *  the lane (laneRef; the payload as written, whatever the host reads). */
  private readonly pubVisible: Float64Array;
  private readonly pubRef: Int32Array;
  /** Warps with lanes waiting for a free slot, in arrival order (each lane's in lane order). */
  private slotWaiters = new Fifo<WarpGroup>();
  private prints: PrintChannel;
  readonly poller: Poller;
  /** The host side's own events (the poller's wake-ups, workers free while entries wait). */
  readonly timeline: Timeline;
  private pool: Pool;
  private nextId = 0;
  private reqPool: RequestPool;
  private stats = new RevStats();
  /** The run's reverse-offload costs; serial mode (both read per request). */
  private readonly c: RevOffloadCosts;
  private readonly serial: boolean;
  /** The poller runs its steps in `pipeline`: async, without a trace, a call listing or an
   *  injected mailbox fault. */
  private readonly pipelined: boolean;
  /** Per request, for RunResult.revOffloadCalls: sort key and text (null: not asked for). */
  private calls: { launch: number; team: number; thread: number; id: number; text: string }[] | null;

  constructor(readonly rt: RevRt, readonly cfg: RevOffloadConfig, readonly stageSlots: number, listCalls: boolean) {
    this.calls = listCalls ? [] : null;
    this.c = rt.costs.revOffload;
    this.serial = cfg.mode === "serial";
    this.pipelined = !this.serial && rt.trace === null && !listCalls && cfg.fault === "none";
    this.reqPool = new RequestPool(this, rt.trace !== null);
    this.mailbox = new Mailbox<number>(cfg.slots, cfg.fault, rt.costs.revOffload.writeback);
    this.pubVisible = new Float64Array(cfg.slots);
    this.pubRef = new Int32Array(cfg.slots);
    this.prints = new PrintChannel(rt, this.stats);
    this.timeline = new Timeline(rt);
    this.freeSeen = cfg.slots;
    this.poller = new Poller(this);
    this.pool = new Pool(this, this.stats, cfg.threads, cfg.keepAlive, this.timeline, this.reqPool.all);
  }

  /** Instructions the poller and the workers interpreted. */
  hostIssued(): number {
    return this.pool.created.reduce((a, t) => a + t.issued, this.poller.issued);
  }

  /** The statistics of launch `launch`. */
  kernelStats(launch: number): RevOffloadStats {
    return this.stats.of(launch).stats();
  }

  totalStats(): RevOffloadStats & { mode: RevOffloadMode; threads: number; slots: number } {
    return { ...this.stats.total.stats(), mode: this.cfg.mode, threads: this.cfg.threads, slots: this.cfg.slots };
  }

  /** The program started (launch -1) or a kernel was launched at `time` (pool.ts). */
  startPool(launch: number, time: number): void {
    if (this.cfg.mode === "async" && this.cfg.deviceRequests) this.pool.startPool(launch, time);
  }

  // -------------------------------------------------------------------------------------
  // Device side

  /** A warp reached omp.reverse_offload with its active lanes: every lane sends a request
   *  and the warp blocks until all of them completed. Returns false (the warp stopped). */
  issue(warp: RequestingWarp, fr: Frame, info: SegInfo): boolean {
    const inst = info.inst as OmpReverseOffloadInst;
    const rt = this.rt;
    const callee = rt.functionById(inst.callee);
    const cf = callee.kind === "host" ? rt.compiled(callee, false) : null;
    if (callee.kind !== "host") {
      throw warp.faultAt(fr.cf, info.instId, warp.firstLane(), "unsupported", `reverse offload to non-host function @${callee.name}`);
    }
    if (cf === null && callee.attrs.cost === null) {
      throw warp.faultAt(fr.cf, info.instId, warp.firstLane(), "no-body", `reverse offload to @${callee.name}, which has no body and no cost() attribute`);
    }
    const W = warp.W;
    const kernel = warp.kernel;
    const issue = warp.clock;
    const nargs = inst.args.length;
    const nmaps = inst.maps.length;
    if (this.reqPool.full()) {
      throw warp.faultAt(fr.cf, info.instId, warp.firstLane(), "out-of-memory", `reverse offload: more than ${MAX_GROUPS} warps' requests in flight`);
    }
    const group = this.reqPool.group(warp, info, fr.cf, callee, cf, inst.nowait, issue, this.nextId, nargs);
    const pool = this.reqPool;
    const { args: a0, maps: m0 } = info.stage!;
    const big = info.stagedBig;
    const sF = warp.stageF;
    const sB = warp.stageB;
    const act = warp.act;
    // A blocking group's warp waits without running until all its lanes completed, so its
    // staged arguments stay put: each request reads its own when it is served (requestArgs).
    const direct = !inst.nowait;
    group.direct = direct;
    let n = 0;
    for (let l = 0; l < W; l++) {
      if (!act[l]) continue;
      pool.lane(group, l);
      if (!direct) for (let i = 0; i < nargs; i++) pool.arg(group, big[a0 + i] ? sB[(a0 + i) * W + l]! : sF[(a0 + i) * W + l]!);
      for (let j = 0; j < nmaps; j++) {
        const k = m0 + 3 * j;
        const size = SIZE[inst.maps[j]!.elemType];
        pool.map(group, sF[k * W + l]! + staged(warp, big, k + 1, l) * size, staged(warp, big, k + 2, l) * size);
      }
      if (this.calls !== null) this.listCall(warp, fr, info, callee, l, group.firstId + n);
      n++;
    }
    this.nextId += n;
    group.accs = this.stats.each(kernel.launch);
    for (const a of group.accs) {
      a.requests += n;
      a.outstanding += n;
      if (a.outstanding > a.maxOutstanding) a.maxOutstanding = a.outstanding;
    }
    group.left = n;
    // The device side costs `send` per warp instruction; the lanes reserve slots in an event
    // at the warp's time, so reservations happen in simulated-time order across warps.
    const at = issue + rt.costs.revOffload.send;
    rt.schedule(group, at);
    if (group.nowait) {
      // A deferred task (OpenMP 6.0): the lanes go on; the team's next barrier waits for it.
      warp.teamObj.nowaitIssued();
      warp.clock = at;
      return true;
    }
    warp.state = BLOCKED;
    return false;
  }

  /** RunOptions.listRevOffloadCalls: lane `l`'s request (id `id`) in the call listing. */
  private listCall(warp: RequestingWarp, fr: Frame, info: SegInfo, callee: Function, l: number, id: number): void {
    const inst = info.inst as OmpReverseOffloadInst;
    const W = warp.W;
    const { args: a0, maps: m0 } = info.stage!;
    const big = info.stagedBig;
    const args: ArgValue[] = [];
    for (let i = 0; i < inst.args.length; i++) args.push(big[a0 + i] ? warp.stageB[(a0 + i) * W + l]! : warp.stageF[(a0 + i) * W + l]!);
    const maps: ReqMap[] = inst.maps.map((m, j) => {
      const k = m0 + 3 * j;
      const size = SIZE[m.elemType];
      return { m, dev: warp.stageF[k * W + l]! + staged(warp, big, k + 1, l) * size, bytes: staged(warp, big, k + 2, l) * size, host: 0, temp: false };
    });
    this.calls!.push({ launch: warp.kernel.launch, team: warp.teamObj.id, thread: warp.lane0 + l, id, text: callText(callee, args, maps, (i) => fr.cf.fn.values[inst.args[i]!]!.type === "ptr", (p) => this.spaceOf(p)) });
  }

  /** Each lane takes a slot the device sees free, in order: at `time` if it has seen one
   *  since, else at the cycle it will (a slot the host released less than `toDevice` ago);
   *  lanes left over wait for the next releases (slotFreed). Every lane's slot, and so its
   *  request, is known here or at a release, never later: the device needs no event to see a
   *  freed slot. */
  send(g: WarpGroup, time: number): void {
    let waited = 0;
    if (this.slotWaiters.size === 0) {
      while (g.sent < g.count) {
        let at = time;
        if (this.freeSeen > 0) this.freeSeen--;
        else {
          const seen = this.freed.shift();
          if (seen === undefined) break;
          if (seen > time) {
            at = seen;
            waited++;
          }
        }
        this.poller.wake(this.grant(g, at));
      }
    }
    const left = g.count - g.sent;
    if (left > 0) this.slotWaiters.push(g);
    waited += left;
    if (waited > 0) for (const a of this.stats.each(g.kernel.launch)) a.waits += waited;
  }

  /** `g`'s next lane takes a free slot at `time` and publishes its request there; returns
   *  when the host sees it (the caller wakes the poller: only send needs to, slotFreed
   *  running on the poller while it polls or serves). */
  private grant(g: WarpGroup, time: number): number {
    const mb = this.mailbox;
    const ticket = mb.reserve();
    if (ticket === null) throw new Error("internal error: a lane granted a slot of a full mailbox");
    const ref = laneRef(g, g.sent++);
    const visible = mb.publish(ticket, ref, this.cfg.protocol, time, this.c.toHost);
    const s = mb.slotOf(ticket);
    this.pubVisible[s] = visible;
    this.pubRef[s] = ref;
    if (this.serial) {
      const depth = mb.outstanding;
      const accs = g.accs;
      for (let i = 0; i < accs.length; i++) if (depth > accs[i]!.maxQueueDepth) accs[i]!.maxQueueDepth = depth;
    }
    return visible;
  }

  /** Slots the device has seen free from the start and no lane took (the ring's first). */
  private freeSeen: number;
  /** Released slots no lane took yet, by the cycle the device sees each free (the poller
   *  releases them in time order, so this is sorted). */
  private readonly freed = new Fifo<number>();

  /** The host released a slot at `time`; the device sees it `toDevice` later: the first
   *  waiting lane takes it then, or the next lane to send. Only the poller releases, while it
   *  polls or serves a request inline (serial), and wakes up by itself after: its request
   *  wakes nobody (Poller.wake would return at once). */
  private slotFreed(time: number): void {
    const seen = time + this.c.toDevice;
    const g = this.slotWaiters.peek();
    if (g === undefined) {
      this.freed.push(seen);
      return;
    }
    this.grant(g, seen);
    if (g.sent === g.count) this.slotWaiters.shift();
  }

  /** A device print issued at `time` by launch `launch`; `deliver(seen)` when the host has
   *  it. Returns true if the console ring is now full (the printing warp should wait). */
  print(time: number, launch: number, deliver: (seen: number) => void): boolean {
    const m = this.prints.send(time, launch, deliver);
    this.poller.wake(m.visible);
    return this.prints.full;
  }

  waitForRing(w: Warp): void {
    this.prints.waitForRing(w);
  }

  /** A kernel completed: its completion reaches the host behind its prints. */
  kernelDone(launch: number, time: number): void {
    this.prints.kernelDone(launch, time);
  }

  /** The end of the run: prints still in the channel arrive when they become visible. */
  flush(): void {
    this.prints.flush(this.poller.clock);
  }

  // -------------------------------------------------------------------------------------
  // Host side: the poller

  /** When the host sees the oldest published request not taken yet (Infinity: none). */
  private firstVisible(): number {
    const mb = this.mailbox;
    return this.taken < mb.next ? this.pubVisible[mb.slotOf(this.taken)]! : Infinity;
  }

  nextVisible(): number {
    const p = this.prints.peek();
    return Math.min(this.firstVisible(), p !== undefined ? p.visible : Infinity);
  }

  /** Async: the lane (laneRef) of the request the poller copied out in its last step, queued
   *  at its next (-1: none; a number is stored without the collector's write barrier). */
  private drained = -1;

  poll(th: Poller): boolean {
    return this.pipelined ? this.pipeline(th) : this.pollOne(th);
  }

  /** The poller's step at th.clock: it queues what it drained in its last step, then takes
   *  the next message visible by now. */
  private pollOne(th: Poller): boolean {
    const now = th.clock;
    if (this.drained >= 0) {
      const ref = this.drained;
      this.drained = -1;
      this.enqueue(ref, now);
    }
    return this.take(th, now);
  }

  /** The async poller's steps from th.clock on, as pollOne then Timeline.goOn would run them
   *  (the poller's `idle` loop), for as long as goOn would let them go on: until a step takes
   *  nothing (false), or until the next would wait for something else (true, th.clock at its
   *  time; goOn then fails for the caller as it did here). What the poller does on bench (d),
   *  one step per request, mostly in closed form: a step that queues a `declared` request
   *  when the pool only rotates (Pool.rotate) serves it here, as numbers, without making its
   *  Request, and a step that takes a request before any print copies it out without a fault
   *  check (none is injected). The places of the run (goOn's test) are looked up again only
   *  after something may have added one: a general step, or a warp group done. What the event
   *  loop does before each step (eventAt) is owed and run before anything else could see it:
   *  only the last one's time counts, nothing being printed meanwhile. */
  private pipeline(th: Poller): boolean {
    const rt = this.rt;
    const tl = this.timeline;
    const pool = this.pool;
    const mb = this.mailbox;
    const reqPool = this.reqPool;
    const pubVisible = this.pubVisible;
    const c = this.c;
    let horizon = tl.horizon();
    let owed = -1;
    let noted: readonly Acc[] | null = null;
    for (let first = true; ; first = false) {
      const t = th.clock;
      if (!first) {
        if (t >= horizon || !tl.goOnBefore()) break;
        owed = t;
      }
      const d = this.drained;
      if (d >= 0) {
        this.drained = -1;
        const g = reqPool.groupOf(d);
        const end = g.declared ? t + c.call + g.cost : -1;
        if (end >= 0 && pool.rotate(t, end)) {
          if (g.accs !== noted) {
            // enqueue's depth, 1 each time here: the first of a launch may be its maximum
            pool.noteDepth(g.kernel.launch, 1);
            noted = g.accs;
          }
          const last = g.left === 1;
          if (last && owed >= 0) {
            rt.eventAt(owed); // its warp goes on: the run may see the time
            owed = -1;
          }
          this.laneDone(g, t, end);
          if (last) horizon = tl.horizon(); // its warp's event is placed
        } else {
          if (owed >= 0) rt.eventAt(owed);
          owed = -1;
          this.enqueue(d, t);
          horizon = tl.horizon();
        }
      }
      const ticket = this.taken;
      if (ticket < mb.next) {
        const rv = pubVisible[mb.slotOf(ticket)]!;
        const p = this.prints.peek();
        if (rv <= t && (p === undefined || p.visible > t || p.visible > rv)) {
          // take's copy of a request, the mailbox's checks in one
          this.drained = mb.take(ticket);
          this.taken++;
          th.clock = t + c.drain;
          this.slotFreed(th.clock);
          continue;
        }
      }
      if (owed >= 0) rt.eventAt(owed);
      owed = -1;
      if (!this.take(th, t)) return false;
      horizon = tl.horizon();
    }
    if (owed >= 0) rt.eventAt(owed);
    return true;
  }

  /** The poller's step at `now`, after the queueing: it takes the next message visible. */
  private take(th: Poller, now: number): boolean {
    const mb = this.mailbox;
    const p = this.prints.peek();
    const fv = this.firstVisible();
    const rv = fv <= now ? fv : Infinity;
    const pv = p !== undefined && p.visible <= now ? p.visible : Infinity;
    if (rv === Infinity && pv === Infinity) return false;
    const c = this.c;
    if (pv <= rv) {
      this.prints.take(now);
      th.clock = now + c.drain;
      return true;
    }
    const ticket = this.taken;
    const ref = this.pubRef[mb.slotOf(ticket)]!;
    if (mb.ready() !== ticket) throw new Error("internal error: mailbox flag not set for a published request");
    try {
      mb.read(ticket, now);
    } catch (e) {
      if (!(e instanceof StalePayload)) throw e;
      throw deviceFault(this.reqPool.make(ref, ticket), "mailbox", `${e.message}: the payload became visible after its ready flag`, now);
    }
    this.taken++;
    if (this.serial) {
      // The old runtime: run it inline; the slot is released when it is done.
      const req = this.reqPool.make(ref, ticket);
      req.holdsSlot = true;
      th.begin(req, now);
      return true;
    }
    // The entry is queued when the copy is done, in the poller's next step (`drained`, at
    // the top of pollOne).
    th.clock = now + c.drain;
    mb.release(ticket);
    this.slotFreed(th.clock);
    this.drained = ref;
    return true;
  }

  /** The request of lane `ref`, copied out (released, async), is queued at `time`: its
   *  Request is made now. */
  private enqueue(ref: number, time: number): void {
    // Its ticket is past: only serial mode reads one (to release the slot it holds).
    this.pool.enqueue(this.reqPool.make(ref, -1), time);
  }

  // -------------------------------------------------------------------------------------
  // Serving one request (on the poller in serial mode, on a worker in async mode)

  prepare(req: Request, th: HostThread): ArgValue[] {
    return prepareMaps(this.rt, req, th);
  }

  finishMaps(req: Request, th: HostThread): void {
    finishMaps(this.rt, req, th);
  }

  /** The request's completion signal was sent at th.clock; its lane sees it `toDevice` later. */
  complete(req: Request, th: HostThread): void {
    const tr = this.rt.trace;
    if (tr !== null) this.traceHost(req, th, th.clock + this.c.toDevice, tr);
    const g = req.group;
    this.reqPool.done(req);
    this.laneDone(g, th.reqStart, th.clock);
  }

  /** A lane of `g`, its request served from `start`, sent its completion signal at `end`
   *  (its Request, if made, done with). */
  private laneDone(g: WarpGroup, start: number, end: number): void {
    const done = end + this.c.toDevice;
    const busy = end - start;
    const lat = done - g.issue;
    const accs = g.accs;
    for (let i = 0; i < accs.length; i++) {
      const a = accs[i]!;
      a.busy += busy;
      a.outstanding--;
      a.latSum += lat;
      if (lat > a.maxLatency) a.maxLatency = lat;
    }
    if (done > g.resume) g.resume = done;
    if (--g.left === 0) this.groupDone(g, accs);
  }

  /** --trace: `req`'s slice on the track of `th`, which served it until now (its lane sees
   *  the completion at `done`); its times are kept for its arrows. */
  private traceHost(req: Request, th: HostThread, done: number, tr: Trace): void {
    const g = req.group;
    req.start = th.reqStart;
    req.end = th.clock;
    req.done = done;
    const tid = th.trackId();
    tr.track(0, tid, th.trackName());
    tr.slice(0, tid, `@${req.callee.name}`, "revoffload", req.start, req.end, { kernel: `@${g.kernel.cf.fn.name}#${g.kernel.launch}`, team: g.warp.teamObj.id, thread: req.thread });
    req.hostTrack = tid; // its arrows are written with the warp's wait slice (groupDone)
  }

  /** Every request of `g` completed (`accs`: its launch's counters). */
  private groupDone(g: WarpGroup, accs: readonly Acc[]): void {
    const rt = this.rt;
    const tr = rt.trace;
    if (g.nowait) {
      // Nobody waited at the call: the team's barrier or end that waits for it goes on.
      if (tr !== null) this.traceNowait(g, tr);
      g.warp.teamObj.nowaitDone(g.resume);
      this.reqPool.free(g);
      return;
    }
    // Every lane's completion arrived: the warp goes on as a unit.
    const w = g.warp;
    const stall = (g.resume - g.issue) * g.count; // every lane issued with the warp (integers: exact)
    for (let i = 0; i < accs.length; i++) accs[i]!.stall += stall;
    if (tr !== null) {
      // Both arrows of every lane's request bind on the device to the warp's wait slice.
      const wt = warpTrack(g);
      const dev = { pid: 1, tid: wt, start: g.issue, end: g.resume };
      tr.slice(1, wt, "reverse offload", "revoffload", dev.start, dev.end);
      for (const r of g.reqs) {
        const host = { pid: 0, tid: r.hostTrack, start: r.start, end: r.end };
        tr.flow(2 * r.id + 1, "request", { ...dev, ts: g.issue }, { ...host, ts: r.start });
        tr.flow(2 * r.id + 2, "completion", { ...host, ts: r.end }, { ...dev, ts: r.done });
      }
    }
    w.clock = Math.max(w.clock, g.resume);
    w.state = RUNNING;
    rt.schedule(w, w.clock);
    this.reqPool.free(g);
  }

  /** A `nowait` group's device side: the warp only sent (a slice of `send` cycles, where the
   *  request arrows leave) and each completion lands on the warp's track when its lane sees
   *  it (a zero-length slice per time and track: equal ones would take each other's arrows). */
  private traceNowait(g: WarpGroup, tr: Trace): void {
    const wt = warpTrack(g);
    const send = { pid: 1, tid: wt, start: g.issue, end: g.issue + this.rt.costs.revOffload.send };
    tr.slice(1, wt, "reverse offload (nowait)", "revoffload", send.start, send.end);
    for (const r of g.reqs) {
      const key = `${wt}/${r.done}`;
      if (!this.nowaitDoneSlices.has(key)) {
        this.nowaitDoneSlices.add(key);
        tr.slice(1, wt, "nowait reverse offload done", "revoffload", r.done, r.done);
      }
      const host = { pid: 0, tid: r.hostTrack, start: r.start, end: r.end };
      tr.flow(2 * r.id + 1, "request", { ...send, ts: g.issue }, { ...host, ts: r.start });
      tr.flow(2 * r.id + 2, "completion", { ...host, ts: r.end }, { pid: 1, tid: wt, start: r.done, end: r.done, ts: r.done });
    }
  }

  /** --trace: the (track, time) pairs that have a `nowait` completion slice. */
  private nowaitDoneSlices = new Set<string>();

  /** Serial mode: the inline request (of mailbox ticket `ticket`) is done; release its slot. */
  released(ticket: number, th: HostThread): void {
    this.mailbox.release(ticket);
    this.slotFreed(th.clock);
  }

  site(req: Request): RevOffloadSite {
    return requestSite(req);
  }

  /** omp.reverse_offload reached in host code: listed like a device request. */
  noteHostCall(callee: Function, args: ArgValue[], isPtr: (i: number) => boolean): void {
    this.calls?.push({ launch: -1, team: 0, thread: 0, id: this.nextId++, text: callText(callee, args, [], isPtr, (p) => this.spaceOf(p)) });
  }

  private spaceOf(p: number): string {
    const id = ptrId(p);
    return this.rt.mem.isLive(id) ? spaceName(this.rt.mem.space[id]!) : "ptr";
  }

  /** Every reverse-offload call, per (launch, team, thread) in program order
   *  (RunResult.revOffloadCalls), or null if not asked for. */
  callListing(kernelName: (launch: number) => string): string | null {
    if (this.calls === null) return null;
    const cs = [...this.calls].sort((a, b) => a.launch - b.launch || a.team - b.team || a.thread - b.thread || a.id - b.id);
    return cs.map((c) => (c.launch < 0 ? `host: ${c.text}` : `#${c.launch} @${kernelName(c.launch)} team ${c.team} thread ${c.thread}: ${c.text}`)).join("\n");
  }
}

/** Staged operand `k` of lane `l` as a number (a map section's start or length). */
function staged(warp: Warp, big: readonly boolean[], k: number, l: number): number {
  return big[k] ? Number(warp.stageB[k * warp.W + l]!) : warp.stageF[k * warp.W + l]!;
}

function warpTrack(g: WarpGroup): number {
  return g.kernel.trackOf(g.warp.teamObj.id, g.warp.index) ?? g.kernel.trackOf(g.warp.teamObj.id, 0)!;
}
