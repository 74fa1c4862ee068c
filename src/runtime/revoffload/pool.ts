// The async host side (GCC's 2023 rewrite): a FIFO of drained requests and a pool of at most
// `threads` workers. A worker is created on demand when a request is queued, no worker is
// idle and fewer than the cap exist (libgomp's gomp_target_rev); with a keep-alive, a worker
// that finds the queue empty waits that long for the next entry before it exits, and the
// pool is started ahead of the first requests (startPool).

import { Fifo } from "../queue.js";
import type { Actor } from "../simt.js";
import { DONE } from "../simt.js";
import type { ArgValue } from "./api.js";
import type { Request } from "./request.js";
import type { RevStats } from "./stats.js";
import type { HostThread, PoolHooks, ServeHooks } from "./threads.js";
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

export class Pool implements PoolHooks {
  /** The host FIFO. */
  private queue = new Fifo<Request>();
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

  constructor(
    private readonly serve: ServeHooks,
    private readonly stats: RevStats,
    private readonly threads: number,
    private readonly keepAlive: number,
  ) {}

  get rt(): ServeHooks["rt"] {
    return this.serve.rt;
  }

  get stageSlots(): number {
    return this.serve.stageSlots;
  }

  // Workers serve through the engine.
  prepare(req: Request, th: HostThread): ArgValue[] {
    return this.serve.prepare(req, th);
  }
  finishMaps(req: Request, th: HostThread): void {
    this.serve.finishMaps(req, th);
  }
  complete(req: Request, th: HostThread): void {
    this.serve.complete(req, th);
  }
  released(ticket: number, th: HostThread): void {
    this.serve.released(ticket, th);
  }
  site(req: Request): ReturnType<ServeHooks["site"]> {
    return this.serve.site(req);
  }

  /** The poller drained `req` into the queue at `time`. */
  enqueue(req: Request, time: number): void {
    req.queued = time;
    this.queue.push(req);
    this.noteDepth(req.group.kernel.launch, this.queue.size);
    const idle = this.idleWorkers.pop();
    if (idle !== undefined) {
      this.rt.schedule(idle, Math.max(time, idle.clock));
      return;
    }
    if (this.live < this.threads) this.spawn(req.group.kernel.launch, time);
  }

  private noteDepth(launch: number, depth: number): void {
    for (const a of this.stats.each(launch)) if (depth > a.maxQueueDepth) a.maxQueueDepth = depth;
  }

  /** Starts a worker at `time` (for launch `launch`, -1: the program); ready `spawn` later,
   *  or at `time` if it was started before the program (`early`). */
  private spawn(launch: number, time: number, early = false): void {
    let i = this.workers.indexOf(null);
    if (i < 0) i = this.workers.length;
    const w = new Worker(this, i);
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
    const next = this.queue.peek();
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
      this.rt.schedule(w, next.queued);
      return;
    }
    this.queue.shift();
    w.begin(next, w.clock);
  }

  /** `w`'s keep-alive set in idle epoch `epoch` ran out: it exits unless it found work. */
  expire(w: Worker, epoch: number): void {
    if (w.idleEpoch !== epoch || w.req !== null) return; // it found work meanwhile
    const k = this.idleWorkers.indexOf(w);
    if (k < 0) return; // woken for work (its event is pending)
    this.idleWorkers.splice(k, 1);
    this.retire(w);
  }

  private retire(w: Worker): void {
    this.workers[w.index] = null;
    this.live--;
    w.state = DONE;
  }
}
