// The async host side (GCC's 2023 rewrite): a FIFO of drained requests and a pool of at most
// `threads` workers. A worker is created on demand when a request is queued, no worker is
// free and fewer than the cap exist (libgomp's gomp_target_rev); with a keep-alive, a free
// worker waits that long for the next entry before it exits, and the pool is started ahead
// of the first requests (startPool).
//
// Dispatch happens where an entry is queued (the poller's step when its drain ends): it goes
// to the free worker that became free last, else it waits in the FIFO for the first worker
// to become free (a new one if fewer than the cap exist). A worker is free from the cycle
// it finished its last request (or was ready, when spawned); the pool learns it lazily. A
// request of a declared cost without map items runs to its end in the step that starts it
// (nothing of the program is read or written: its end is a sum), so its worker is known to
// be free from then: it returns (`returning`, ordered by that cycle) and is counted free
// when the next entry is queued at or after that cycle. Only while entries wait in the FIFO
// does a returning worker need its own step at the cycle it is free (its place in the host
// side's timeline, timeline.ts), where it takes the FIFO's head. So on a launch whose pool
// keeps up a request costs no event of the pool at all: the poller's step that queues it
// starts it; where the pool only rotates (the first returning worker takes it and returns
// last) that step is a few numbers (`rotate`, for the poller's pipeline). A worker whose
// request runs host code or copies steps through its events (a warp of one lane) and, when
// done, returns the same way.
//
// Keep-alive: a free worker exits when it has been free `keepAlive` cycles; the pool applies
// it lazily too, wherever it picks a worker or counts them (an entry queued at the exact
// cycle a keep-alive runs out finds that worker gone).
//
// requires: an EventQueue whose events run in (time, sequence) order; entries queued in
//   time order (one poller).
// preserves: the FIFO's order; the cycle each worker becomes free.

import { Fifo } from "../queue.js";
import type { Actor } from "../simt.js";
import { DONE, RUNNING } from "../simt.js";
import type { Request } from "./request.js";
import type { RevStats } from "./stats.js";
import type { Timeline } from "./timeline.js";
import { Place } from "./timeline.js";
import type { PoolHooks, ServeHooks } from "./threads.js";
import { Worker, declared } from "./threads.js";

/** A worker's step at the cycle it is free while entries wait (its timeline place's actor). */
class Return implements Actor {
  readonly place = new Place(this);
  constructor(private readonly pool: Pool, readonly w: Worker) {}
  step(time: number): void {
    this.pool.look(this.w, time);
  }
}

/** startPool at its cycle. */
class PoolStart implements Actor {
  constructor(private readonly pool: Pool, private readonly launch: number) {}
  step(time: number): void {
    this.pool.fill(this.launch, time);
  }
}

export class Pool implements PoolHooks {
  /** Entries waiting for a worker (request slots: RequestPool.all). */
  private queue = new Fifo<number>();
  /** Workers by index (null: free index); `live` counts them. */
  private workers: (Worker | null)[] = [];
  private returns: Return[] = [];
  private live = 0;
  /** Free workers by index, least recently free first (the last takes the next entry; the
   *  first exit when their keep-alive runs out), each free since its freeAt. */
  private free = new Fifo<number>();
  /** Workers known to become free at their freeAt (a finished request or a spawn), not yet
   *  counted free and not placed in the timeline, in freeFirst order. They come back about in
   *  order (requests of one length end in the order they start): one that comes back before
   *  the last moves the few behind it (by index: a number is stored without the collector's
   *  write barrier). */
  private returning = new Fifo<number>();
  /** Returning workers moved aside while one is put in the middle. */
  private aside: number[] = [];
  /** Per worker index: the cycle it became free (or becomes free, returning), and the order
   *  it got there in among workers free at the same cycle. Typed arrays: read for every
   *  entry queued, where a field of the Worker would be a boxed number of its own. */
  private freeAt = new Float64Array(8);
  private freeOrder = new Float64Array(8);
  private order = 0;
  /** Every worker ever created (for the host instruction count). */
  readonly created: Worker[] = [];

  readonly rt: ServeHooks["rt"];

  constructor(
    private readonly serve: ServeHooks,
    private readonly stats: RevStats,
    private readonly threads: number,
    private readonly keepAlive: number,
    private readonly timeline: Timeline,
    /** Requests by slot (RequestPool.all). */
    private readonly reqs: readonly Request[],
  ) {
    this.rt = serve.rt;
  }

  /** The poller queued `req` at `time`, the current cycle. */
  enqueue(req: Request, time: number): void {
    const launch = req.group.kernel.launch;
    // The backlog it found, itself included (one that a free worker takes at once counts 1).
    this.noteDepth(launch, this.queue.size + 1);
    this.settle(time);
    if (this.queue.size === 0) {
      const i = this.free.pop();
      if (i !== undefined) {
        this.start(this.workers[i]!, req, time);
        return;
      }
    }
    this.queue.push(req.slot);
    if (this.queue.size === 1) this.placeReturning();
    if (this.live < this.threads) this.spawn(launch, time);
  }

  noteDepth(launch: number, depth: number): void {
    const accs = this.stats.each(launch);
    // The total's maximum is at least the launch's: a depth neither exceeds changes nothing.
    if (depth <= accs[0]!.maxQueueDepth) return;
    for (let i = 0; i < accs.length; i++) if (depth > accs[i]!.maxQueueDepth) accs[i]!.maxQueueDepth = depth;
  }

  /** What enqueue does at `time` for a request that runs to its end at `end` (`declared`),
   *  when the pool only rotates: the FIFO is empty; the first returning worker is free by
   *  `time` and the next is not, so settle moves that one to the free ones, the newest, and the
   *  request takes it; no keep-alive runs out by then; and it returns after every other
   *  returning worker. Then as numbers, without the Worker (its clock and reqStart are read
   *  only while it runs host code, which sets them first): true. Else nothing changed: false,
   *  and enqueue decides. (The poller's pipeline, engine.ts; the caller completes the request.) */
  rotate(time: number, end: number): boolean {
    if (this.queue.size !== 0) return false;
    const ret = this.returning;
    const at = this.freeAt;
    const i = ret.peek();
    if (i === undefined || at[i]! > time) return false;
    const n = ret.size;
    if (n > 1 && (at[ret.at(1)!]! <= time || at[ret.at(n - 1)!]! > end)) return false;
    const f = this.free.peek();
    if (at[f === undefined ? i : f]! + this.keepAlive <= time) return false;
    at[i] = end;
    this.freeOrder[i] = this.order++;
    ret.rotate();
    return true;
  }

  /** Workers free by `time` are counted free (in the order they became free); those free
   *  `keepAlive` cycles by then exit. */
  private settle(time: number): void {
    const ret = this.returning;
    const free = this.free;
    for (let i = ret.peek(); i !== undefined && this.freeAt[i]! <= time; i = ret.peek()) {
      ret.shift();
      free.push(i);
    }
    const K = this.keepAlive;
    for (let i = free.peek(); i !== undefined && this.freeAt[i]! + K <= time; i = free.peek()) {
      free.shift();
      this.retire(this.workers[i]!);
    }
  }

  /** Worker `i` becomes free before worker `j` (earlier; at the same cycle, got there first). */
  private freeFirst(i: number, j: number): boolean {
    const a = this.freeAt[i]!;
    const b = this.freeAt[j]!;
    return a < b || (a === b && this.freeOrder[i]! < this.freeOrder[j]!);
  }

  /** Worker `w` becomes free at its freeAt: into `returning` at its place. */
  private putReturning(w: number): void {
    const ret = this.returning;
    const n = ret.size;
    if (n === 0 || !this.freeFirst(w, ret.at(n - 1)!)) {
      ret.push(w);
      return;
    }
    const aside = this.aside;
    for (let i = ret.at(ret.size - 1); i !== undefined && this.freeFirst(w, i); i = ret.at(ret.size - 1)) aside.push(ret.pop()!);
    ret.push(w);
    for (let i = aside.pop(); i !== undefined; i = aside.pop()) ret.push(i);
  }

  /** `w` takes `req` at `time` (the current cycle). */
  private start(w: Worker, req: Request, time: number): void {
    if (declared(req)) {
      w.serveDeclared(req, time); // ends it at once (finished)
      return;
    }
    w.begin(req, time);
    if (w.state === RUNNING) this.rt.schedule(w, w.clock);
  }

  /** Starts a worker at `time` (for launch `launch`, -1: the program); free `spawn` later,
   *  or at `time` if it was started before the program (`early`). */
  private spawn(launch: number, time: number, early = false): void {
    let i = this.workers.indexOf(null);
    if (i < 0) i = this.workers.length;
    const w = new Worker(this.serve, this, i);
    this.created.push(w);
    this.workers[i] = w;
    this.returns[i] = new Return(this, w);
    if (i === this.freeAt.length) {
      const at = new Float64Array(2 * i);
      const order = new Float64Array(2 * i);
      at.set(this.freeAt);
      order.set(this.freeOrder);
      this.freeAt = at;
      this.freeOrder = order;
    }
    this.live++;
    for (const a of this.stats.each(launch)) a.created++;
    w.clock = early ? time : time + this.rt.costs.revOffload.spawn;
    this.finished(w);
  }

  /** The program started (launch -1) or a kernel that may reverse-offload was launched at
   *  `time`: with a keep-alive, start the missing workers now, off the requests' path. Those
   *  of the program's start were started with the runtime, before main, as LLVM starts its
   *  RPC server thread with the device and as the poller is: they are up at `time` (else a
   *  request from early in the first kernel waits for a spawn that serial mode never pays). */
  startPool(launch: number, time: number): void {
    if (this.keepAlive === 0) return;
    // At the launch's cycle, in event order: the host thread that launches runs ahead of it,
    // and the pool counts who is free at a cycle only once everything before it happened.
    this.rt.schedule(new PoolStart(this, launch), time);
  }

  /** startPool's event. */
  fill(launch: number, time: number): void {
    this.settle(time);
    while (this.live < this.threads) this.spawn(launch, time, launch < 0);
  }

  /** `w` is free from w.clock: it returns, with a step of its own there if entries wait. */
  finished(w: Worker): void {
    const i = w.index;
    this.freeAt[i] = w.clock;
    this.freeOrder[i] = this.order++;
    if (this.queue.size > 0) this.place(w);
    else this.putReturning(i);
  }

  /** Entries wait: every returning worker steps where it is free. */
  private placeReturning(): void {
    const ret = this.returning;
    for (let i = ret.shift(); i !== undefined; i = ret.shift()) this.place(this.workers[i]!);
  }

  private place(w: Worker): void {
    this.timeline.place(this.returns[w.index]!.place, this.freeAt[w.index]!, this.rt.queue.reserve(1));
  }

  /** `w`'s step at `time`, where it became free while entries waited: it takes the head. */
  look(w: Worker, time: number): void {
    const i = this.queue.shift();
    if (i === undefined) {
      // Taken by others meanwhile: it is free from now.
      this.settle(time);
      this.free.push(w.index);
      return;
    }
    this.start(w, this.reqs[i]!, time);
  }

  private retire(w: Worker): void {
    this.workers[w.index] = null;
    this.live--;
    w.state = DONE;
  }
}
