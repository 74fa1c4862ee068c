// Reverse-offload counters per kernel launch and in total, finalised into RevOffloadStats.

import type { RevOffloadStats } from "../stats.js";
import { emptyRevOffloadStats, round2 } from "../stats.js";

/** Raw counters of one kernel (or the total). */
export class Acc {
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

/** The counters of every launch and their total: `each(launch)` gives both, to update alike. */
export class RevStats {
  private byKernel: Acc[] = [];
  readonly total = new Acc();
  private readonly totalOnly: readonly Acc[] = [this.total];
  /** Per launch, [its counters, the total]: built once, as `each` runs per request. */
  private pairs: (readonly Acc[])[] = [];

  /** Launch `launch`'s counters (launch -1, the program's own, has none: total only). */
  of(launch: number): Acc {
    return (this.byKernel[launch] ??= new Acc());
  }

  /** The counters to update for an event of launch `launch` (not to be modified). */
  each(launch: number): readonly Acc[] {
    if (launch < 0) return this.totalOnly;
    const p = this.pairs[launch];
    return p !== undefined ? p : (this.pairs[launch] = [this.of(launch), this.total]);
  }
}
