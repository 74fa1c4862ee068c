// The host threads of reverse offload, simulated as warps of one lane that interpret host
// functions like the host does: the mailbox poller (which also runs requests inline in
// serial mode) and the pool workers of async mode.

import type { CompiledFn, SegInfo } from "../compile.js";
import type { FaultKind, RevOffloadSite } from "../faults.js";
import type { FaultSignal } from "../faults.js";
import type { Frame } from "../simt.js";
import { BLOCKED, DONE, RUNNING, Warp, WarpStore } from "../simt.js";
import type { ArgValue, RevRt } from "./api.js";
import type { Request } from "./request.js";
import { requestArgs } from "./request.js";
import type { Timeline } from "./timeline.js";
import { Stream } from "./timeline.js";

/** A request of a declared cost without map items: nothing to copy, nothing to run, nothing
 *  that can fault; it ends `call + cost` cycles after it starts (its group knows). */
export function declared(req: Request): boolean {
  return req.group.declared;
}

/** The root frame of a host thread serving a request. */
const FK_REQUEST = 7;
/** A host thread's one lane, active (newFrame copies it). */
const ONE_LANE = Uint8Array.of(1);

/** What a host thread asks of the engine while it serves a request. */
export interface ServeHooks {
  readonly rt: RevRt;
  readonly stageSlots: number;
  /** Reverse maps and device→host copies; the host function's arguments. */
  prepare(req: Request, th: HostThread): ArgValue[];
  /** Host→device copies, temporary buffers freed. */
  finishMaps(req: Request, th: HostThread): void;
  /** The completion signal is sent at th.clock. */
  complete(req: Request, th: HostThread): void;
  /** Serial: the request's mailbox slot (of `ticket`) is released at th.clock. */
  released(ticket: number, th: HostThread): void;
  site(req: Request): RevOffloadSite;
}

/** The poller's view of the channel. */
export interface PollHooks extends ServeHooks {
  /** Where the poller's wake-ups are scheduled. */
  readonly timeline: Timeline;
  /** Take the next message visible at p.clock; false if there is none. It may run the
   *  poller's next steps too, each only where Timeline.goOn lets it go on (engine.ts). */
  poll(p: Poller): boolean;
  /** The earliest time anything in the channel becomes visible, or Infinity. */
  nextVisible(): number;
}

/** A worker's view of the pool (it serves through the engine's ServeHooks directly). */
export interface PoolHooks {
  /** `w` finished a request, or was spawned: it is free from w.clock. */
  finished(w: Worker): void;
}

/** A host thread serving requests: copies, then the host function (or its declared cost). */
export abstract class HostThread extends Warp {
  req: Request | null = null;
  /** When it started the request it serves (or served last). */
  reqStart = 0;
  private fnStart = 0;

  constructor(private readonly hooks: ServeHooks) {
    super(hooks.rt, new WarpStore(1, hooks.stageSlots, hooks.rt.localGlobalCount));
    this.state = BLOCKED;
  }

  /** Its track in the trace (pid 0). */
  abstract trackId(): number;
  abstract trackName(): string;
  /** No request in hand at this step: find work. */
  protected abstract idle(): void;
  /** The request is done (at this.clock): what next. */
  protected abstract afterRequest(): void;

  where(): Record<string, never> {
    return {};
  }

  printKey(): { launch: number; team: number; thread: number; epoch: number } {
    return { launch: -1, team: -1, thread: 0, epoch: -2 };
  }

  override step(time: number): void {
    if (time > this.clock) this.clock = time;
    if (this.req === null) {
      this.idle();
      if (this.req === null) return;
    }
    if (this.state !== RUNNING) return;
    this.run(this.clock + this.rt.costs.quantum);
    if (this.state === RUNNING) this.rt.schedule(this, this.clock);
  }

  /** Starts serving `req` at `time`. */
  begin(req: Request, time: number): void {
    if (declared(req)) {
      this.serveDeclared(req, time);
      return;
    }
    this.reqStart = time;
    this.clock = time + this.rt.costs.revOffload.call;
    this.req = req;
    requestArgs(req);
    const args = req.maps.length === 0 ? req.args : this.hooks.prepare(req, this);
    this.fnStart = this.clock;
    if (req.cf === null) {
      this.end(req);
      return;
    }
    const fr = this.newFrame(req.cf, null, FK_REQUEST, ONE_LANE, 0);
    req.cf.params.forEach((p, i) => {
      const v = args[i]!;
      if (p.big) fr.B[p.slot] = v as bigint;
      else fr.F[p.slot] = v as number;
    });
    this.frame = fr;
    this.setActive(fr);
    this.state = RUNNING;
  }

  /** Serves a `declared` request from `time` to its end, at once. Not held in `req` (an
   *  object stored per request pays the collector's write barrier); nothing here can fault. */
  serveDeclared(req: Request, time: number): void {
    this.reqStart = time;
    this.clock = time + this.rt.costs.revOffload.call + req.group.cost;
    this.done(req);
  }

  private end(req: Request): void {
    if (req.callee.attrs.cost !== null) this.clock = this.fnStart + req.callee.attrs.cost;
    if (req.maps.length > 0) this.hooks.finishMaps(req, this);
    this.done(req);
  }

  /** `req` ended at this.clock: its completion is sent, then what comes next. */
  private done(req: Request): void {
    const holdsSlot = req.holdsSlot;
    const ticket = req.ticket;
    this.hooks.complete(req, this); // may recycle req
    if (holdsSlot) this.hooks.released(ticket, this);
    this.req = null;
    this.frame = null;
    this.state = BLOCKED;
    this.afterRequest();
  }

  boundary(fr: Frame, info: SegInfo): boolean {
    const inst = info.inst;
    switch (inst.kind) {
      case "call":
      case "call_indirect":
        return this.doCall(fr, info, false);
      case "exit":
        this.hooks.rt.finish(this.stageF[info.stage!.code]! | 0, true, this.clock);
        this.state = DONE;
        return false;
      case "omp.reverse_offload":
        throw this.faultAt(fr.cf, info.instId, 0, "unsupported", "a reverse offload cannot be nested in a reverse offload");
      case "omp.target":
      case "omp.taskwait":
      case "omp.target_enter_data":
      case "omp.target_exit_data":
      case "omp.target_update":
        throw this.faultAt(fr.cf, info.instId, 0, "unsupported", `${inst.kind} is not allowed in host code run by reverse offload`);
      case "omp.parallel":
      case "omp.barrier":
      case "omp.shuffle_down":
        throw this.faultAt(fr.cf, info.instId, 0, "unsupported", `${inst.kind} is device-only`);
      default:
        throw new Error(`internal error: host thread boundary ${inst.kind}`);
    }
  }

  frameDone(fr: Frame): boolean {
    if (fr.kind !== FK_REQUEST) throw new Error(`internal error: host thread frame kind ${fr.kind}`);
    this.release(fr);
    this.frame = null;
    this.end(this.req!);
    return false;
  }

  /** Host faults carry the device call site of the request being served. */
  override faultAt(cf: CompiledFn, inst: number, l: number, kind: FaultKind, message: string): FaultSignal {
    const s = super.faultAt(cf, inst, l, kind, message);
    if (this.req !== null) s.fault.revOffload = this.hooks.site(this.req);
    return s;
  }
}

/** The mailbox poller: polls the channel every `poll` cycles when idle, at once after work;
 *  in serial mode it runs each request inline. */
export class Poller extends HostThread {
  /** The pending wake-up time (Infinity: not scheduled). */
  private wakeAt = Infinity;
  /** Its wake-ups' places in the timeline (in time order but when one is brought forward). */
  private readonly wakes: Stream;

  constructor(private readonly ch: PollHooks) {
    super(ch);
    this.wakes = new Stream(ch.timeline, this);
  }

  trackId(): number {
    return 1;
  }

  trackName(): string {
    return "mailbox poller (runs requests in serial mode)";
  }

  /** Something becomes visible at `visible`; poll then (or at the next poll tick). */
  wake(visible: number): void {
    // Busy with an inline request, or polling: it polls again when done.
    if (this.req !== null || this.polling) return;
    if (visible >= this.wakeAt) return; // it wakes by then anyway (`at` below is >= visible)
    const P = Math.max(1, this.rt.costs.revOffload.poll);
    const at = visible <= this.clock ? this.clock : this.clock + Math.ceil((visible - this.clock) / P) * P;
    if (at >= this.wakeAt) return;
    this.wakeAt = at;
    this.schedule(at, this.ch.rt.queue.reserve(1));
  }

  /** It steps at (time, seq), a place taken now: appended to its stream of wake-ups, or a
   *  heap place when it comes before the last one (a wake-up brought forward). */
  private schedule(time: number, seq: number): void {
    if (this.wakes.fits(time)) this.wakes.add(time, seq);
    else this.ch.timeline.at(this, time, seq);
  }

  override step(time: number): void {
    if (this.req === null) {
      if (time !== this.wakeAt) return; // a superseded wake-up
      this.wakeAt = Infinity;
    }
    super.step(time);
  }

  /** In its own step's poll (a slot it frees may publish a request: it looks again after). */
  private polling = false;

  protected idle(): void {
    for (;;) {
      this.polling = true;
      let took: boolean;
      try {
        took = this.ch.poll(this);
      } finally {
        this.polling = false;
      }
      if (!took) {
        const v = this.ch.nextVisible();
        if (v !== Infinity) this.wake(v);
        return;
      }
      if (this.req !== null) return; // serial: it runs the request it took
      // A drain, a print or a request done inline: go on at the new time, after other
      // actors up to it; at once when none comes between (its next step, without a place).
      if (this.ch.timeline.goOn(this.clock)) continue;
      this.wakeAt = this.clock;
      this.schedule(this.clock, this.ch.rt.queue.reserve(1));
      return;
    }
  }

  protected afterRequest(): void {
    this.wake(this.clock); // poll again at once
  }
}

/** A pool worker (async mode), with its pool index. The pool starts its requests (begin);
 *  it steps only while it runs host code. */
export class Worker extends HostThread {
  constructor(serve: ServeHooks, private readonly pool: PoolHooks, readonly index: number) {
    super(serve);
  }

  trackId(): number {
    return 2 + this.index;
  }

  trackName(): string {
    return `reverse-offload worker ${this.index}`;
  }

  protected idle(): void {
    throw new Error("internal error: a reverse-offload worker stepped without a request");
  }

  protected afterRequest(): void {
    this.pool.finished(this);
  }
}
