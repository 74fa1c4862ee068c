// The reverse-offload host side's events, kept out of the run's event queue: the poller's
// wake-ups, the freed slots the device sees and the pool's waiting workers each take a
// place (time, sequence number) in the run's event order as an event of their own would
// (EventQueue.reserve), and are held here in that order. Only the earliest has an event in
// the run's queue; when it has run, the next one runs in the same event if no event of the
// queue comes before its place (after what the event loop does before an event:
// RevRt.eventAt), else it gets its event. On bench (d) the three host-side events of a
// request (drain, slot seen, worker) come one after another, so the run's queue sees about
// none of them instead of three.
//
// requires: an EventQueue whose events run in (time, sequence) order; places taken by
//   reserve and each given here once.
// preserves: the order of every event and the sequence numbers taken, as with one event
//   per place; what the event loop does before each (eventAt), but the progress callback.

import type { Actor } from "../simt.js";
import type { RevRt } from "./api.js";

/** Events run in one queue event at most: the run returns to its event loop (which checks
 *  for an interrupt) at least this often. */
const MAX_INLINE = 1024;

export class Timeline implements Actor {
  /** The places in order, earliest first: entries [h, n) of each array (a few; the first is
   *  dropped by moving h, and the arrays are moved down when h has gone far). */
  private actors: (Actor | undefined)[] = [];
  private times: number[] = [];
  private seqs: number[] = [];
  /** Per place: it has its event in the run's queue (then it runs only there). */
  private armed: boolean[] = [];
  private h = 0;
  private n = 0;
  private running = false;

  constructor(private readonly rt: RevRt) {}

  /** `a` steps at (time, seq), a place taken with EventQueue.reserve. */
  at(a: Actor, time: number, seq: number): void {
    const { actors, times, seqs, armed, h } = this;
    let i = this.n++;
    for (; i > h && (times[i - 1]! > time || (times[i - 1]! === time && seqs[i - 1]! > seq)); i--) {
      actors[i] = actors[i - 1];
      times[i] = times[i - 1]!;
      seqs[i] = seqs[i - 1]!;
      armed[i] = armed[i - 1]!;
    }
    actors[i] = a;
    times[i] = time;
    seqs[i] = seq;
    armed[i] = false;
    if (i === h && !this.running) this.arm();
  }

  /** `a` steps at `time`, at the next place in the order (as rt.schedule would). */
  schedule(a: Actor, time: number): void {
    this.at(a, time, this.rt.queue.reserve(1));
  }

  /** The first place gets its event. */
  private arm(): void {
    this.armed[this.h] = true;
    this.rt.queue.pushAt(this, this.times[this.h]!, this.seqs[this.h]!);
  }

  /** The event of the first place: it runs, then the next ones while nothing comes before. */
  step(time: number): void {
    if (this.n === this.h || !this.armed[this.h] || this.times[this.h] !== time) throw new Error("internal error: reverse-offload timeline event out of order");
    const rt = this.rt;
    this.running = true;
    try {
      for (let k = 0; ; k++) {
        const a = this.actors[this.h]!;
        const t = this.times[this.h]!;
        this.drop();
        if (k > 0) rt.eventAt(t);
        a.step(t);
        const h = this.h;
        if (rt.hardExit || this.n === h || this.armed[h]) return;
        if (k + 1 >= MAX_INLINE || !rt.queue.nothingBefore(this.times[h]!, this.seqs[h]!)) break;
      }
    } finally {
      this.running = false;
    }
    this.arm();
  }

  /** Drops the first place. */
  private drop(): void {
    this.actors[this.h++] = undefined;
    if (this.h === this.n) this.h = this.n = 0;
    else if (this.h >= 64) {
      const { actors, times, seqs, armed, h, n } = this;
      for (let i = h; i < n; i++) {
        actors[i - h] = actors[i];
        times[i - h] = times[i]!;
        seqs[i - h] = seqs[i]!;
        armed[i - h] = armed[i]!;
        actors[i] = undefined;
      }
      this.h = 0;
      this.n = n - h;
    }
  }
}
