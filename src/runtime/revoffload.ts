// Reverse offload (`omp.reverse_offload`, OpenMP `target device(ancestor: 1)`): device lanes
// call host functions through the bounded device-to-host mailbox (mailbox.ts), served on
// the host either inline by the polling thread (`serial`, the old libgomp runtime) or by an
// on-demand pool of worker threads fed from a FIFO (`async`, GCC's 2023 rewrite). The
// protocol, semantics and costs are in docs/REVERSE_OFFLOAD.md.
//
// Everything is simulated on the run's one event queue: the poller and the workers are
// actors that interpret host functions like the host does (a warp of one lane), so runs are
// deterministic whatever the pool size. Mailbox and queue operations happen in events at
// their simulated time, never ahead of it, so slots and queue entries are handed out in
// time order.
//
// Per lane blocking: every active lane of a warp that reaches the instruction issues its
// own request; the warp resumes (as a unit, SIMT) once all of them have completed. Device
// prints travel through the same channel: the poller delivers them, so in serial mode they
// wait behind a request the poller is running.

import type { Function, MapClause, OmpReverseOffloadInst } from "../ir/ir.js";
import type { CompiledFn, SegInfo } from "./compile.js";
import type { ArgValue, DeviceWarp, KernelRun } from "./device.js";
import type { FaultKind, RevOffloadSite } from "./faults.js";
import { FaultSignal } from "./faults.js";
import { Fifo, Heap } from "./queue.js";
import type { MailboxFault, PublishProtocol } from "./mailbox.js";
import { Mailbox, StalePayload } from "./mailbox.js";
import { OutOfMemory, SP_GLOBAL, SP_HOST, SP_LOCAL, SP_SHARED, ptrId, ptrOffset, spaceName } from "./memory.js";
import type { PresentTable } from "./present.js";
import { MapError } from "./present.js";
import type { Actor, Frame, Rt } from "./simt.js";
import { BLOCKED, DONE, RUNNING, Warp } from "./simt.js";
import type { RevOffloadStats } from "./stats.js";
import { emptyRevOffloadStats, round2 } from "./stats.js";

export type RevOffloadMode = "serial" | "async";
export const REV_OFFLOAD_MODES: readonly RevOffloadMode[] = ["serial", "async"];
/** libgomp's defaults: GOMP_REVERSE_OFFLOAD_THREADS = 8, a 1024-entry ring. */
export const DEFAULT_REV_OFFLOAD_THREADS = 8;
export const DEFAULT_MAILBOX_SLOTS = 1024;
/** Cycles an idle pool worker waits for work before it exits (chosen with bench/revoffload.js:
 *  the smallest value for which async is never slower than serial on its workloads). */
export const DEFAULT_REV_OFFLOAD_KEEP_ALIVE = 100000;
/** Device prints the console ring holds undelivered; a warp whose print fills it waits
 *  until the host has drained it to half (bounded memory for a program that prints forever). */
export const PRINT_RING = 65536;

export interface RevOffloadConfig {
  mode: RevOffloadMode;
  threads: number;
  slots: number;
  fault: MailboxFault;
  protocol: PublishProtocol;
  /** Async: cycles an idle worker is kept (0: it exits at once, as libgomp's do). */
  keepAlive: number;
  /** Some device code of the module may reverse-offload: a launch starts the pool. */
  deviceRequests: boolean;
}

/** The root frame of a host thread serving a request. */
const FK_REQUEST = 7;

const SIZE = { i1: 1, i8: 1, i32: 4, i64: 8, f32: 4, f64: 8, ptr: 8 } as const;

/** What the engine needs from the runtime (execute.ts). */
export interface RevRt extends Rt {
  present: PresentTable;
  /** `exit` ran (hard) or main returned. */
  finish(code: number, hard?: boolean, time?: number): void;
}

/** One mapped section of one request. */
interface ReqMap {
  m: MapClause;
  dev: number;
  bytes: number;
  host: number;
  /** A temporary host buffer (no host counterpart, or firstprivate) to free afterwards. */
  temp: boolean;
}

/** One lane's request. */
interface Request {
  id: number;
  group: WarpGroup;
  lane: number;
  thread: number;
  callee: Function;
  cf: CompiledFn | null;
  args: ArgValue[];
  maps: ReqMap[];
  issue: number;
  ticket: number;
  /** The request holds its mailbox slot until it is done (serial: run inline). */
  holdsSlot: boolean;
  visible: number;
  /** Async: when the entry is in the host queue. */
  queued: number;
  start: number;
  end: number;
  done: number;
  /** --trace: the host thread's track. */
  hostTrack: number;
}

/** The lanes of one warp waiting at one reverse offload. */
interface WarpGroup {
  warp: DeviceWarp;
  kernel: KernelRun;
  site: SegInfo;
  siteCf: CompiledFn;
  reqs: Request[];
  left: number;
  resume: number;
}

/** A device print on its way to the host. */
interface PrintMsg {
  time: number;
  visible: number;
  seq: number;
  launch: number;
  delivered: boolean;
  deliver(seen: number): void;
}

/** Raw counters of one kernel (or the total), finalised into RevOffloadStats. */
class Acc {
  requests = 0;
  outstanding = 0;
  maxOutstanding = 0;
  maxQueueDepth = 0;
  latSum = 0;
  maxLatency = 0;
  stall = 0;
  waits = 0;
  busy = 0;
  created = 0;
  prints = 0;
  printSum = 0;
  maxPrint = 0;

  stats(): RevOffloadStats {
    const s = emptyRevOffloadStats();
    s.requests = this.requests;
    s.maxOutstanding = this.maxOutstanding;
    s.maxQueueDepth = this.maxQueueDepth;
    s.meanLatency = this.requests ? round2(this.latSum / this.requests) : 0;
    s.maxLatency = this.maxLatency;
    s.stallCycles = this.stall;
    s.mailboxWaits = this.waits;
    s.workerBusyCycles = this.busy;
    s.workersCreated = this.created;
    s.prints = this.prints;
    s.meanPrintDelay = this.prints ? round2(this.printSum / this.prints) : 0;
    s.maxPrintDelay = this.maxPrint;
    return s;
  }
}

const printBefore = (x: PrintMsg, y: PrintMsg): boolean => x.visible < y.visible || (x.visible === y.visible && x.seq < y.seq);

/** A one-shot event: runs `fn` at its time. */
class Later implements Actor {
  constructor(private readonly fn: (time: number) => void) {}
  step(time: number): void {
    this.fn(time);
  }
}

export class RevOffload {
  readonly mailbox: Mailbox<Request>;
  /** Requests published in the mailbox, in ticket order, not yet taken by the host. */
  private published = new Fifo<Request>();
  /** Lanes waiting for a free slot, in arrival order. */
  private slotWaiters = new Fifo<Request>();
  /** Async: the host FIFO. */
  private queue = new Fifo<Request>();
  private prints = new Heap<PrintMsg>(printBefore);
  private printSeq = 0;
  /** Warps waiting for room in the console ring. */
  private ringWaiters = new Fifo<Warp>();
  readonly poller: HostThread;
  /** Async: pool workers by index (null: free index); `live` counts them. */
  private workers: (HostThread | null)[] = [];
  private live = 0;
  /** Async: workers waiting for work (their keep-alive running), most recently idle last. */
  private idleWorkers: HostThread[] = [];
  /** Async: workers started but not spawned yet. */
  private spawning = 0;
  /** Every host thread ever created (for the host instruction count). */
  private threads: HostThread[] = [];
  private nextId = 0;
  private byKernel: Acc[] = [];
  private total = new Acc();
  /** Per request, for RunResult.revOffloadCalls: sort key and text (null: not asked for). */
  private calls: { launch: number; team: number; thread: number; id: number; text: string }[] | null;

  constructor(readonly rt: RevRt, readonly cfg: RevOffloadConfig, readonly stageSlots: number, listCalls: boolean) {
    this.calls = listCalls ? [] : null;
    this.mailbox = new Mailbox<Request>(cfg.slots, cfg.fault, rt.costs.revOffload.writeback);
    this.poller = new HostThread(this, -1);
    this.threads.push(this.poller);
  }

  /** Instructions the poller and the workers interpreted. */
  hostIssued(): number {
    return this.threads.reduce((a, t) => a + t.issued, 0);
  }

  private acc(launch: number): Acc {
    return (this.byKernel[launch] ??= new Acc());
  }

  /** The statistics of launch `launch`. */
  kernelStats(launch: number): RevOffloadStats {
    return this.acc(launch).stats();
  }

  totalStats(): RevOffloadStats & { mode: RevOffloadMode; threads: number; slots: number } {
    return { ...this.total.stats(), mode: this.cfg.mode, threads: this.cfg.threads, slots: this.cfg.slots };
  }

  // -------------------------------------------------------------------------------------
  // Device side

  /** A warp reached omp.reverse_offload with its active lanes: every lane sends a request
   *  and the warp blocks until all of them completed. Returns false (the warp stopped). */
  issue(warp: DeviceWarp, fr: Frame, info: SegInfo): boolean {
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
    const group: WarpGroup = { warp, kernel, site: info, siteCf: fr.cf, reqs: [], left: 0, resume: 0 };
    const issue = warp.clock;
    const nargs = inst.args.length;
    const staged = (k: number, l: number): number => (info.stagedBig[k] ? Number(warp.stageB[k * W + l]!) : warp.stageF[k * W + l]!);
    const acc = this.acc(kernel.launch);
    for (let l = 0; l < W; l++) {
      if (!warp.act[l]) continue;
      const args: ArgValue[] = [];
      for (let i = 0; i < nargs; i++) args.push(info.stagedBig[i] ? warp.stageB[i * W + l]! : warp.stageF[i * W + l]!);
      const maps: ReqMap[] = inst.maps.map((m, j) => {
        const k = nargs + 3 * j;
        const size = SIZE[m.elemType];
        return { m, dev: warp.stageF[k * W + l]! + staged(k + 1, l) * size, bytes: staged(k + 2, l) * size, host: 0, temp: false };
      });
      const req: Request = {
        id: this.nextId++, group, lane: l, thread: warp.lane0 + l, callee, cf, args, maps, issue,
        ticket: -1, holdsSlot: false, visible: 0, queued: 0, start: 0, end: 0, done: 0, hostTrack: 0,
      };
      group.reqs.push(req);
      this.calls?.push({ launch: kernel.launch, team: warp.teamObj.id, thread: req.thread, id: req.id, text: callText(callee, args, maps, (i) => fr.cf.fn.values[inst.args[i]!]!.type === "ptr", (p) => this.spaceOf(p)) });
      for (const a of [acc, this.total]) {
        a.requests++;
        a.outstanding++;
        if (a.outstanding > a.maxOutstanding) a.maxOutstanding = a.outstanding;
      }
    }
    group.left = group.reqs.length;
    warp.state = BLOCKED;
    // The device side costs `send` per warp instruction; the lanes reserve slots in an event
    // at the warp's time, so reservations happen in simulated-time order across warps.
    const at = issue + rt.costs.revOffload.send;
    rt.schedule(new Later((t) => this.send(group.reqs, t)), at);
    return false;
  }

  /** Reserve a slot and publish, per lane; lanes finding the ring full wait for a slot. */
  private send(reqs: Request[], time: number): void {
    for (const r of reqs) {
      if (this.slotWaiters.size === 0 && this.reserve(r, time)) continue;
      this.slotWaiters.push(r);
      this.acc(r.group.kernel.launch).waits++;
      this.total.waits++;
    }
  }

  private reserve(r: Request, time: number): boolean {
    const ticket = this.mailbox.reserve();
    if (ticket === null) return false;
    r.ticket = ticket;
    r.visible = this.mailbox.publish(ticket, r, this.cfg.protocol, time, this.rt.costs.revOffload.toHost);
    this.published.push(r);
    if (this.cfg.mode === "serial") this.noteDepth(r, this.mailbox.outstanding);
    this.poller.wake(r.visible);
    return true;
  }

  /** The host released a slot at `time`; the device sees it `toDevice` later. */
  private slotFreed(time: number): void {
    if (this.slotWaiters.size === 0) return;
    this.rt.schedule(new Later((t) => {
      for (let w = this.slotWaiters.peek(); w !== undefined && this.reserve(w, t); w = this.slotWaiters.peek()) this.slotWaiters.shift();
    }), time + this.rt.costs.revOffload.toDevice);
  }

  private noteDepth(r: Request, depth: number): void {
    const a = this.acc(r.group.kernel.launch);
    if (depth > a.maxQueueDepth) a.maxQueueDepth = depth;
    if (depth > this.total.maxQueueDepth) this.total.maxQueueDepth = depth;
  }

  /** A device print issued at `time` by launch `launch`; `deliver(seen)` when the host has
   *  it. Returns true if the console ring is now full (the printing warp should wait). */
  print(time: number, launch: number, deliver: (seen: number) => void): boolean {
    const m: PrintMsg = { time, visible: time + this.rt.costs.revOffload.toHost, seq: this.printSeq++, launch, delivered: false, deliver };
    this.prints.push(m);
    this.poller.wake(m.visible);
    return this.prints.size >= PRINT_RING;
  }

  /** `w` (blocked) waits until the console ring has room. */
  waitForRing(w: Warp): void {
    this.ringWaiters.push(w);
  }

  /** A kernel completed: its completion reaches the host behind its prints, so any still in
   *  the channel arrive now (at the latest). */
  kernelDone(launch: number, time: number): void {
    // The heap is small in practice (prints in flight); a linear pass keeps it simple.
    const rest: PrintMsg[] = [];
    for (let m = this.prints.pop(); m !== undefined; m = this.prints.pop()) {
      if (m.launch === launch) this.deliverPrint(m, Math.max(time, m.time));
      else rest.push(m);
    }
    for (const m of rest) this.prints.push(m);
  }

  private deliverPrint(m: PrintMsg, seen: number): void {
    if (m.delivered) return;
    m.delivered = true;
    m.deliver(seen);
    if (this.ringWaiters.size > 0 && this.prints.size <= PRINT_RING / 2) {
      for (const w of this.ringWaiters.drain()) {
        if (w.clock < seen) w.clock = seen;
        w.state = RUNNING;
        this.rt.schedule(w, w.clock);
      }
    }
    const delay = seen - m.time;
    for (const a of [this.acc(m.launch), this.total]) {
      a.prints++;
      a.printSum += delay;
      if (delay > a.maxPrint) a.maxPrint = delay;
    }
  }

  /** The end of the run: prints still in the channel arrive when they become visible. */
  flush(): void {
    for (let m = this.prints.pop(); m !== undefined; m = this.prints.pop()) this.deliverPrint(m, Math.max(m.visible, this.poller.clock));
  }

  // -------------------------------------------------------------------------------------
  // Host side: the poller

  /** The earliest time anything in the channel becomes visible, or Infinity. */
  nextVisible(): number {
    const r = this.published.peek();
    const p = this.prints.peek();
    return Math.min(r !== undefined ? r.visible : Infinity, p !== undefined ? p.visible : Infinity);
  }

  /** The poller at `time` takes the next message visible by then; false if there is none. */
  pollOne(th: HostThread): boolean {
    const now = th.clock;
    const r = this.published.peek();
    const p = this.prints.peek();
    const rv = r !== undefined && r.visible <= now ? r.visible : Infinity;
    const pv = p !== undefined && p.visible <= now ? p.visible : Infinity;
    if (rv === Infinity && pv === Infinity) return false;
    const c = this.rt.costs.revOffload;
    if (pv <= rv) {
      this.prints.pop();
      this.deliverPrint(p!, now);
      th.clock = now + c.drain;
      return true;
    }
    const req = r!;
    if (this.mailbox.ready() !== req.ticket) throw new Error("internal error: mailbox flag not set for a published request");
    try {
      this.mailbox.read(req.ticket, now);
    } catch (e) {
      if (!(e instanceof StalePayload)) throw e;
      throw this.deviceFault(req, "mailbox", `${e.message}: the payload became visible after its ready flag`, now);
    }
    this.published.shift();
    if (this.cfg.mode === "serial") {
      // The old runtime: run it inline; the slot is released when it is done.
      req.holdsSlot = true;
      th.begin(req, now);
      return true;
    }
    th.clock = now + c.drain;
    this.mailbox.release(req.ticket);
    this.slotFreed(th.clock);
    this.enqueue(req, th.clock);
    return true;
  }

  // -------------------------------------------------------------------------------------
  // Host side: the async queue and the pool

  private enqueue(req: Request, time: number): void {
    req.queued = time;
    this.queue.push(req);
    this.noteDepth(req, this.queue.size);
    const idle = this.idleWorkers.pop();
    if (idle !== undefined) {
      this.rt.schedule(idle, Math.max(time, idle.clock));
      return;
    }
    // A new worker per enqueue while below the cap (libgomp's gomp_target_rev).
    if (this.live < this.cfg.threads) this.spawn(req.group.kernel.launch, time);
  }

  /** Starts a pool worker at `time` (attributed to launch `launch`); it is ready `spawn` later. */
  private spawn(launch: number, time: number): void {
    let i = this.workers.indexOf(null);
    if (i < 0) i = this.workers.length;
    const w = new HostThread(this, i);
    this.threads.push(w);
    this.workers[i] = w;
    this.live++;
    this.spawning++;
    w.spawning = true;
    if (launch >= 0) this.acc(launch).created++; // -1: started with the program
    this.total.created++;
    w.clock = time + this.rt.costs.revOffload.spawn;
    this.rt.schedule(w, w.clock);
  }

  /** The program started (launch -1) or a kernel was launched at `time`: when device code may
   *  reverse-offload, async mode (with a keep-alive) starts the pool's missing workers now, off
   *  the requests' path, as LLVM starts its RPC server thread with the device. */
  startPool(launch: number, time: number): void {
    if (this.cfg.mode !== "async" || !this.cfg.deviceRequests || this.cfg.keepAlive === 0) return;
    while (this.live < this.cfg.threads) this.spawn(launch, time);
  }

  /** A worker with nothing to run: the next queue entry (maybe waiting for it to be
   *  enqueued), or wait `keepAlive` for one, then exit. */
  workerIdle(w: HostThread): void {
    if (w.spawning) {
      w.spawning = false;
      this.spawning--;
    }
    const next = this.queue.peek();
    if (next === undefined) {
      if (this.cfg.keepAlive > 0) {
        const epoch = ++w.idleEpoch;
        this.idleWorkers.push(w);
        this.rt.schedule(new Later(() => {
          if (w.idleEpoch !== epoch || w.req !== null) return; // it found work meanwhile
          const k = this.idleWorkers.indexOf(w);
          if (k < 0) return; // woken for work (its event is pending)
          this.idleWorkers.splice(k, 1);
          this.retire(w);
        }), w.clock + this.cfg.keepAlive);
        return;
      }
      this.retire(w);
      return;
    }
    if (next.queued > w.clock) {
      this.rt.schedule(w, next.queued);
      return;
    }
    this.queue.shift();
    w.begin(next, w.clock);
  }

  private retire(w: HostThread): void {
    this.workers[w.index] = null;
    this.live--;
    w.state = DONE;
  }

  // -------------------------------------------------------------------------------------
  // Serving one request (on the poller in serial mode, on a worker in async mode)

  /** Reverse maps and copies device→host; returns the host function's arguments. */
  prepare(req: Request, th: HostThread): ArgValue[] {
    const rt = this.rt;
    const mem = rt.mem;
    for (const rm of req.maps) {
      if (rm.bytes === 0) continue;
      const { m } = rm;
      const sp = mem.isLive(ptrId(rm.dev)) ? mem.space[ptrId(rm.dev)]! : -1;
      const where = sp === SP_GLOBAL || sp === SP_SHARED || sp === SP_LOCAL ? sp : SP_GLOBAL;
      const chk = rm.bytes < 0 ? "a negative length" : mem.check(rm.dev, where, rm.bytes);
      if (typeof chk === "string") throw this.deviceFault(req, "map", `reverse offload map of ${rm.bytes} bytes: ${chk}`, th.clock, m.loc);
      let host: number | null = null;
      try {
        host = m.kind === "firstprivate" ? null : rt.present.reverse(rm.dev, rm.bytes);
      } catch (e) {
        if (!(e instanceof MapError)) throw e;
        throw this.deviceFault(req, "map", e.message, th.clock, m.loc);
      }
      const toHost = m.kind === "to" || m.kind === "tofrom" || m.kind === "firstprivate";
      if (host !== null) {
        rm.host = host;
        if (m.always && toHost) this.copy(th, rm.host, rm.dev, rm.bytes);
      } else {
        try {
          rm.host = mem.alloc(SP_HOST, rm.bytes);
        } catch (e) {
          if (!(e instanceof OutOfMemory)) throw e;
          throw this.deviceFault(req, "out-of-memory", `reverse offload map: host buffer of ${rm.bytes} bytes: ${e.message}`, th.clock, m.loc);
        }
        rm.temp = true;
        if (toHost) this.copy(th, rm.host, rm.dev, rm.bytes);
      }
    }
    const params = req.callee.params;
    return req.args.map((v, i) => {
      if (typeof v !== "number" || req.callee.values[params[i]!]!.type !== "ptr") return v;
      for (const rm of req.maps) {
        if (rm.bytes > 0 && ptrId(v) === ptrId(rm.dev) && v >= rm.dev && v <= rm.dev + rm.bytes) return rm.host + (v - rm.dev);
      }
      return v;
    });
  }

  /** Copies h→d per the map kinds and frees temporary host buffers. */
  finishMaps(req: Request, th: HostThread): void {
    const mem = this.rt.mem;
    for (const rm of req.maps) {
      if (rm.bytes <= 0 || rm.host === 0) continue;
      const fromHost = rm.m.kind === "from" || rm.m.kind === "tofrom";
      if (fromHost && (rm.temp || rm.m.always)) {
        // The device storage may have gone (it cannot while its lane waits, but be safe).
        if (mem.isLive(ptrId(rm.dev))) this.copy(th, rm.dev, rm.host, rm.bytes);
      }
      if (rm.temp && mem.isLive(ptrId(rm.host))) mem.free(ptrId(rm.host));
    }
  }

  private copy(th: HostThread, dst: number, src: number, bytes: number): void {
    const mem = this.rt.mem;
    const d = mem.base[ptrId(dst)]! + ptrOffset(dst);
    const s = mem.base[ptrId(src)]! + ptrOffset(src);
    mem.copy(d, s, bytes);
    const c = this.rt.costs.revOffload;
    th.clock += c.copyFixed + Math.ceil(bytes * c.copyPerByte);
  }

  /** The request's completion signal was sent at `end`; its lane sees it `toDevice` later. */
  complete(req: Request, th: HostThread): void {
    const rt = this.rt;
    req.end = th.clock;
    req.done = req.end + rt.costs.revOffload.toDevice;
    const g = req.group;
    const launch = g.kernel.launch;
    const busy = req.end - req.start;
    const lat = req.done - req.issue;
    for (const a of [this.acc(launch), this.total]) {
      a.busy += busy;
      a.outstanding--;
      a.latSum += lat;
      if (lat > a.maxLatency) a.maxLatency = lat;
    }
    const tr = rt.trace;
    if (tr !== null) {
      const tid = th.trackId();
      tr.track(0, tid, th.index >= 0 ? `reverse-offload worker ${th.index}` : this.cfg.mode === "serial" ? "mailbox poller (runs requests in serial mode)" : "mailbox poller (runs requests no worker is ready for)");
      tr.slice(0, tid, `@${req.callee.name}`, "revoffload", req.start, req.end, { kernel: `@${g.kernel.cf.fn.name}#${launch}`, team: g.warp.teamObj.id, thread: req.thread });
      req.hostTrack = tid; // its arrows are written with the warp's wait slice, below
    }
    if (req.done > g.resume) g.resume = req.done;
    if (--g.left > 0) return;
    // Every lane's completion arrived: the warp goes on as a unit.
    const w = g.warp;
    for (const r of g.reqs) {
      const stall = g.resume - r.issue;
      this.acc(launch).stall += stall;
      this.total.stall += stall;
    }
    if (tr !== null) {
      // Both arrows of every lane's request bind on the device to the warp's wait slice.
      const wt = warpTrack(g);
      const dev = { pid: 1, tid: wt, start: g.reqs[0]!.issue, end: g.resume };
      tr.slice(1, wt, "reverse offload", "revoffload", dev.start, dev.end);
      for (const r of g.reqs) {
        const host = { pid: 0, tid: r.hostTrack, start: r.start, end: r.end };
        tr.flow(2 * r.id + 1, "request", { ...dev, ts: r.issue }, { ...host, ts: r.start });
        tr.flow(2 * r.id + 2, "completion", { ...host, ts: r.end }, { ...dev, ts: r.done });
      }
    }
    w.clock = Math.max(w.clock, g.resume);
    w.state = RUNNING;
    rt.schedule(w, w.clock);
  }

  /** Serial mode: the inline request is done; release its slot (if it holds one). */
  released(req: Request, th: HostThread): void {
    this.mailbox.release(req.ticket);
    this.slotFreed(th.clock);
  }

  /** A fault reported at the device call site of `req`. */
  deviceFault(req: Request, kind: FaultKind, message: string, cycle: number, loc?: MapClause["loc"]): FaultSignal {
    const g = req.group;
    const f = g.warp.faultAt(g.siteCf, g.site.instId, req.lane, kind, message).fault;
    f.cycle = cycle;
    if (loc !== undefined && loc.line > 0) f.loc = loc;
    return new FaultSignal(f);
  }

  site(req: Request): RevOffloadSite {
    const g = req.group;
    const inst = g.siteCf.fn.insts[g.site.instId]!;
    return { loc: inst.loc, func: g.siteCf.fn.name, kernel: g.kernel.cf.fn.name, team: g.warp.teamObj.id, thread: req.thread };
  }

  /** omp.reverse_offload reached in host code: listed like a device request. */
  noteHostCall(callee: Function, args: ArgValue[], isPtr: (i: number) => boolean): void {
    this.calls?.push({ launch: -1, team: 0, thread: 0, id: this.nextId++, text: callText(callee, args, [], isPtr, (p) => this.spaceOf(p)) });
  }

  private spaceOf(p: number): string {
    const id = ptrId(p);
    return this.rt.mem.isLive(id) ? spaceName(this.rt.mem.space[id]!) : "ptr";
  }

  /** Every reverse-offload call, per (launch, team, thread) in program order (RunResult.revOffloadCalls). */
  callListing(kernelName: (launch: number) => string): string | null {
    if (this.calls === null) return null;
    const cs = [...this.calls].sort((a, b) => a.launch - b.launch || a.team - b.team || a.thread - b.thread || a.id - b.id);
    return cs.map((c) => (c.launch < 0 ? `host: ${c.text}` : `#${c.launch} @${kernelName(c.launch)} team ${c.team} thread ${c.thread}: ${c.text}`)).join("\n");
  }
}

function warpTrack(g: WarpGroup): number {
  return g.kernel.trackOf(g.warp.teamObj.id, g.warp.index) ?? g.kernel.trackOf(g.warp.teamObj.id, 0)!;
}

/** `@fn(1, 2.5, map0+4)`: pointers are shown relative to the request's map sections, or
 *  by space and offset, so the text does not depend on allocation order. */
function callText(callee: Function, args: ArgValue[], maps: ReqMap[], isPtr: (i: number) => boolean, spaceOf: (p: number) => string): string {
  const parts = args.map((v, i) => {
    if (!isPtr(i) || typeof v !== "number") return String(v);
    if (v === 0) return "null";
    for (let j = 0; j < maps.length; j++) {
      const rm = maps[j]!;
      if (rm.bytes > 0 && ptrId(v) === ptrId(rm.dev) && v >= rm.dev && v <= rm.dev + rm.bytes) return `map${j}+${v - rm.dev}`;
    }
    return `${spaceOf(v)}+${ptrOffset(v)}`;
  });
  return `@${callee.name}(${parts.join(", ")})`;
}

/** The mailbox poller (index -1) or a pool worker (index >= 0): a host thread that
 *  interprets host functions for requests, as a warp of one lane. */
export class HostThread extends Warp {
  req: Request | null = null;
  /** The poller's pending wake-up time (Infinity: not scheduled). */
  private wakeAt = Infinity;
  private fnStart = 0;
  /** Worker: started, not ready yet. */
  spawning = false;
  /** Worker: bumped each time it goes idle (its keep-alive timer checks it). */
  idleEpoch = 0;

  constructor(readonly eng: RevOffload, readonly index: number) {
    super(eng.rt, 1, eng.stageSlots);
    this.state = BLOCKED;
  }

  trackId(): number {
    return this.index < 0 ? 1 : 2 + this.index;
  }

  where(): Record<string, never> {
    return {};
  }

  printKey(): { launch: number; team: number; thread: number; epoch: number } {
    return { launch: -1, team: -1, thread: 0, epoch: -2 };
  }

  /** Poller: something becomes visible at `visible`; poll then (or at the next poll tick). */
  wake(visible: number): void {
    if (this.req !== null) return; // busy with an inline request: it polls again when done
    const P = this.rt.costs.revOffload.poll;
    const at = visible <= this.clock ? this.clock : this.clock + Math.ceil((visible - this.clock) / Math.max(1, P)) * Math.max(1, P);
    if (at >= this.wakeAt) return;
    this.wakeAt = at;
    this.rt.schedule(this, at);
  }

  override step(time: number): void {
    if (this.index < 0) {
      if (this.req === null) {
        if (time !== this.wakeAt) return; // a superseded wake-up
        this.wakeAt = Infinity;
      }
    }
    if (time > this.clock) this.clock = time;
    if (this.req === null) {
      this.idle();
      if (this.req === null) return;
    }
    if (this.state !== RUNNING) return;
    this.run(this.clock + this.rt.costs.quantum);
    if (this.state === RUNNING) this.rt.schedule(this, this.clock);
  }

  /** No request in hand: poll (poller) or take the next queue entry (worker). */
  private idle(): void {
    if (this.index >= 0) {
      this.eng.workerIdle(this);
      return;
    }
    if (this.eng.pollOne(this)) {
      if (this.req === null) {
        // A drain or a print: go on at the new time (after other actors up to it).
        this.wakeAt = this.clock;
        this.rt.schedule(this, this.clock);
      }
      return;
    }
    const v = this.eng.nextVisible();
    if (v !== Infinity) this.wake(v);
  }

  /** Starts serving `req` at `time`: copies, then the host function (or its declared cost). */
  begin(req: Request, time: number): void {
    const c = this.rt.costs.revOffload;
    this.req = req;
    req.start = time;
    this.clock = time + c.call;
    const args = this.eng.prepare(req, this);
    this.fnStart = this.clock;
    if (req.cf === null) {
      this.clock += req.callee.attrs.cost ?? 0;
      this.end();
      return;
    }
    const fr = this.newFrame(req.cf, null, FK_REQUEST, Uint8Array.of(1), 0);
    req.cf.params.forEach((p, i) => {
      const v = args[i]!;
      if (p.big) fr.B[p.slot] = v as bigint;
      else fr.F[p.slot] = v as number;
    });
    this.frame = fr;
    this.setActive(fr);
    this.state = RUNNING;
  }

  private end(): void {
    const req = this.req!;
    if (req.callee.attrs.cost !== null) this.clock = this.fnStart + req.callee.attrs.cost;
    this.eng.finishMaps(req, this);
    this.eng.complete(req, this);
    if (req.holdsSlot) this.eng.released(req, this);
    this.req = null;
    this.frame = null;
    this.state = BLOCKED;
    // Next: the poller polls again at once, a worker takes the next entry (as events, so
    // the shared mailbox and queue are used in simulated-time order).
    if (this.index < 0) this.wake(this.clock);
    else this.rt.schedule(this, this.clock);
  }

  boundary(fr: Frame, info: SegInfo): boolean {
    const inst = info.inst;
    switch (inst.kind) {
      case "call":
      case "call_indirect":
        return this.doCall(fr, info, false);
      case "exit":
        (this.rt as RevRt).finish(this.stageF[0]! | 0, true, this.clock);
        this.state = DONE;
        return false;
      case "omp.reverse_offload":
        throw this.faultAt(fr.cf, info.instId, 0, "unsupported", "a reverse offload cannot be nested in a reverse offload");
      case "omp.target":
      case "omp.taskwait":
      case "omp.target_enter_data":
      case "omp.target_exit_data":
        throw this.faultAt(fr.cf, info.instId, 0, "unsupported", `${inst.kind} is not allowed in host code run by reverse offload`);
      case "omp.parallel":
      case "omp.barrier":
        throw this.faultAt(fr.cf, info.instId, 0, "unsupported", `${inst.kind} is device-only`);
      default:
        throw new Error(`internal error: host thread boundary ${inst.kind}`);
    }
  }

  frameDone(fr: Frame): boolean {
    if (fr.kind !== FK_REQUEST) throw new Error(`internal error: host thread frame kind ${fr.kind}`);
    this.release(fr);
    this.frame = null;
    this.end();
    return false;
  }

  /** Host faults carry the device call site of the request being served. */
  override faultAt(cf: CompiledFn, inst: number, l: number, kind: FaultKind, message: string): FaultSignal {
    const s = super.faultAt(cf, inst, l, kind, message);
    if (this.req !== null) s.fault.revOffload = this.eng.site(this.req);
    return s;
  }
}
