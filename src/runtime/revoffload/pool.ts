// The async host side (GCC's 2023 rewrite): a FIFO of drained requests and a pool of at most
// `threads` workers. A worker is created on demand when a request is queued, no worker is
// idle and fewer than the cap exist (libgomp's gomp_target_rev); with a keep-alive, a worker
// that finds the queue empty waits that long for the next entry before it exits, and the
// pool is started ahead of the first requests (startPool).
//
// Dispatch: a free worker that finds the next entry not yet queued waits for its queue time,
// and the first to step then takes it. Free workers waiting for the same time hold one place
// between them (Waiters) in the host side's timeline (timeline.ts), the place in the run's
// event order that the first of them would have had; the others keep theirs as reserved
// sequence numbers (EventQueue.reserve), run one after another at that place (no other event
// can come between consecutive numbers), and those finding the entry taken wait for the next
// one by taking new numbers at once. A worker that finished a request joins them the same
// way, at the place its own event would have had. The groups come in two streams of the
// timeline (timeline.ts Stream: the finished workers' looks, and the groups waiting for an entry),
// each filled in place order, so neither is pushed on the timeline's heap unless it comes
// earlier than its stream's last (then it is). The timeline orders the streams' heads with
// its other places and runs each in the same queue event as what comes just before it when
// it can. So each request costs O(1) events however many workers wait, and every worker steps
// exactly where it would with an event of its own: the same worker serves the same request
// at the same time.
//
// requires: an EventQueue whose events run in (time, sequence) order.
// preserves: the order of every event and the sequence numbers taken, as with one event per
//   waiting worker.

import { Fifo } from "../queue.js";
import type { Actor } from "../simt.js";
import { DONE } from "../simt.js";
import type { Request } from "./request.js";
import { made } from "./request.js";
import type { RevStats } from "./stats.js";
import type { StreamActor, Timeline } from "./timeline.js";
import { Place, Stream } from "./timeline.js";
import type { PoolHooks, ServeHooks } from "./threads.js";
import { Worker } from "./threads.js";

/** A worker's keep-alive timer: one event per time it went idle, each carrying the idle
 *  epoch it was set in. A worker's clock never goes back, so its timers fire in the order
 *  they were set (ties by insertion) and a FIFO of epochs pairs each event with its own. */
class KeepAlive implements Actor {
  private readonly epochs = new Fifo<number>();

  constructor(private readonly pool: Pool, private readonly w: Worker) {}

  set(epoch: number, at: number): void {
    this.epochs.push(epoch);
    this.pool.rt.schedule(this, at);
  }

  step(): void {
    this.pool.expire(this.w, this.epochs.shift()!);
  }
}

/** Free workers waiting for the same time, in event order: member i's place is (time,
 *  seq + i) of `place`, the first member's, which the group has in the timeline. Members
 *  are held by pool index (Pool.workers): queues of numbers are written without the
 *  collector's write barrier. */
class Waiters implements Actor {
  readonly ws = new Fifo<number>();
  readonly place = new Place(this);

  /** `id`: its index in `all`, where it puts itself (streams and the pool hold it by id). */
  constructor(private readonly pool: Pool, readonly id: number, all: Waiters[]) {
    all[id] = this;
    made.waiters++;
  }

  step(time: number): void {
    this.pool.run(this, time);
  }
}

/** Pool.tail when no group is the tail. */
const NO_GROUP = -1;

export class Pool implements PoolHooks, StreamActor {
  /** The host FIFO (request slots: RequestPool.all). */
  private queue = new Fifo<number>();
  /** Workers by index (null: free index); `live` counts them. */
  private workers: (Worker | null)[] = [];
  private live = 0;
  /** Workers waiting for work (their keep-alive running), most recently idle last. */
  private idleWorkers: Worker[] = [];
  /** Keep-alive timers by worker index, one per live worker (a worker retires at its last
   *  timer's event, so none is pending when its index is reused). */
  private timers: KeepAlive[] = [];
  /** Every worker ever created (for the host instruction count). */
  readonly created: Worker[] = [];
  /** The group of waiting workers that took the latest sequence numbers (a new waiter with
   *  the next number joins it); recycled groups, the first `nspare` (a stack with its own
   *  count: an array popped to empty gives back its storage). */
  private tail = NO_GROUP;
  private spare: number[] = [];
  private nspare = 0;
  /** Every group made, by id (the fields above hold ids: numbers are stored without the
   *  collector's write barrier, which a group's object would pay per request). */
  private readonly groups: Waiters[] = [];
  /** Groups of workers that finished a request (their look at the queue), and groups waiting
   *  for an entry: two streams of the timeline, each in place order as it is filled. */
  private readonly finishers: Stream;
  private readonly waiting: Stream;

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
    this.finishers = new Stream(timeline, this);
    this.waiting = new Stream(timeline, this);
  }

  /** The poller drained `req` into the queue at `time`. */
  enqueue(req: Request, time: number): void {
    req.queued = time;
    this.queue.push(req.slot);
    this.noteDepth(req.group.kernel.launch, this.queue.size);
    const idle = this.idleWorkers.pop();
    if (idle !== undefined) {
      this.wait(idle, Math.max(time, idle.clock));
      return;
    }
    if (this.live < this.threads) this.spawn(req.group.kernel.launch, time);
  }

  private noteDepth(launch: number, depth: number): void {
    const accs = this.stats.each(launch);
    // The total's maximum is at least the launch's: a depth neither exceeds changes nothing.
    if (depth <= accs[0]!.maxQueueDepth) return;
    for (let i = 0; i < accs.length; i++) if (depth > accs[i]!.maxQueueDepth) accs[i]!.maxQueueDepth = depth;
  }

  /** Starts a worker at `time` (for launch `launch`, -1: the program); ready `spawn` later,
   *  or at `time` if it was started before the program (`early`). */
  private spawn(launch: number, time: number, early = false): void {
    let i = this.workers.indexOf(null);
    if (i < 0) i = this.workers.length;
    const w = new Worker(this.serve, this, i);
    this.created.push(w);
    this.workers[i] = w;
    this.timers[i] = new KeepAlive(this, w);
    this.live++;
    for (const a of this.stats.each(launch)) a.created++;
    w.clock = early ? time : time + this.rt.costs.revOffload.spawn;
    this.rt.schedule(w, w.clock);
  }

  /** The program started (launch -1) or a kernel that may reverse-offload was launched at
   *  `time`: with a keep-alive, start the missing workers now, off the requests' path. Those
   *  of the program's start were started with the runtime, before main, as LLVM starts its
   *  RPC server thread with the device and as the poller is: they are up at `time` (else a
   *  request from early in the first kernel waits for a spawn that serial mode never pays). */
  startPool(launch: number, time: number): void {
    if (this.keepAlive === 0) return;
    while (this.live < this.threads) this.spawn(launch, time, launch < 0);
  }

  /** A worker with nothing to run: the next queue entry (maybe waiting for it to be
   *  enqueued), or wait `keepAlive` for one, then exit. */
  workerIdle(w: Worker): void {
    const next = this.next();
    if (next === undefined) {
      if (this.keepAlive === 0) {
        this.retire(w);
        return;
      }
      const epoch = ++w.idleEpoch;
      this.idleWorkers.push(w);
      this.timers[w.index]!.set(epoch, w.clock + this.keepAlive);
      return;
    }
    if (next.queued > w.clock) {
      this.wait(w, next.queued);
      return;
    }
    this.queue.shift();
    w.begin(next, w.clock);
  }

  /** The next queue entry, or undefined. */
  private next(): Request | undefined {
    const i = this.queue.peek();
    return i === undefined ? undefined : this.reqs[i];
  }

  /** `w`'s keep-alive set in idle epoch `epoch` ran out: it exits unless it found work. */
  expire(w: Worker, epoch: number): void {
    if (w.idleEpoch !== epoch || w.req !== null) return; // it found work meanwhile
    const k = this.idleWorkers.indexOf(w);
    if (k < 0) return; // woken for work (its event is pending)
    this.idleWorkers.splice(k, 1);
    this.retire(w);
  }

  /** `w` steps at `time` (where an event pushed now would run). */
  private wait(w: Worker, time: number): void {
    const g = this.join(w, time);
    if (g !== null) this.add(this.waiting, g, time, g.place.seq);
  }

  /** `w` finished a request at w.clock: it steps then, as an event pushed now would (a
   *  group of its own, or the end of the group at its place). */
  finished(w: Worker): void {
    const g = this.join(w, w.clock);
    if (g !== null) this.add(this.finishers, g, w.clock, g.place.seq);
  }

  /** `g` steps at (time, seq): appended to stream `s` (a group placed at a time not earlier
   *  than the last one's comes after it: its numbers are the latest taken), or a heap place
   *  when it comes earlier (a shorter request finishing first). */
  private add(s: Stream, g: Waiters, time: number, seq: number): void {
    g.place.time = time;
    g.place.seq = seq;
    if (s.fits(time)) s.add(time, seq, g.id);
    else this.timeline.place(g.place, time, seq);
  }

  /** A stream's first group steps at `time`. */
  streamStep(time: number, id: number): void {
    this.run(this.groups[id]!, time);
  }

  /** `w` takes the next sequence number, to step at `time`: it joins the tail group if that
   *  group's places end just before, else it gets a group of its own, which is returned
   *  (the caller places it at (time, its place's seq)). */
  private join(w: Worker, time: number): Waiters | null {
    const seq = this.rt.queue.reserve(1);
    if (this.tail !== NO_GROUP) {
      const t = this.groups[this.tail]!;
      if (t.place.time === time && t.place.seq + t.ws.size === seq) {
        t.ws.push(w.index);
        return null;
      }
    }
    const g = this.nspare > 0 ? this.groups[this.spare[--this.nspare]!]! : new Waiters(this, this.groups.length, this.groups);
    g.ws.push(w.index);
    g.place.seq = seq;
    this.tail = g.id;
    return g;
  }

  /** Runs `g`'s members at `time` in order (until the run ends: `exit`). */
  run(g: Waiters, time: number): void {
    const ws = g.ws;
    while (ws.size > 0) {
      const next = this.next();
      if (next !== undefined && next.queued > time) {
        // Every member left finds the entry still to come: they wait for it, in order, each
        // taking the next sequence number as its own event would. (Their clocks catch up when
        // they next step, never earlier than now.)
        const base = this.rt.queue.reserve(ws.size);
        if (this.tail !== NO_GROUP && this.tail !== g.id) {
          const t = this.groups[this.tail]!;
          if (t.place.time === next.queued && t.place.seq + t.ws.size === base) {
            for (let w = ws.shift(); w !== undefined; w = ws.shift()) t.ws.push(w);
            break;
          }
        }
        this.tail = g.id;
        this.add(this.waiting, g, next.queued, base);
        return;
      }
      const w = this.workers[ws.shift()!]!;
      g.place.seq++;
      w.step(time); // takes `next`, or finds the queue empty and goes idle
      if (this.rt.hardExit) return;
    }
    if (this.tail === g.id) this.tail = NO_GROUP;
    this.spare[this.nspare++] = g.id;
  }

  private retire(w: Worker): void {
    this.workers[w.index] = null;
    this.live--;
    w.state = DONE;
  }
}
