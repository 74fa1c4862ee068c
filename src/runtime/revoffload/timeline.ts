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
  /** The places in order: the first `n` entries of each, earliest first (a few: moved down
   *  one by one when the first runs). */
  private actors: (Actor | undefined)[] = [];
  private times: number[] = [];
  private seqs: number[] = [];
  /** Per place: it has its event in the run's queue (then it runs only there). */
  private armed: boolean[] = [];
  private n = 0;
  private running = false;

  constructor(private readonly rt: RevRt) {}

  /** `a` steps at (time, seq), a place taken with EventQueue.reserve. */
  at(a: Actor, time: number, seq: number): void {
    const { actors, times, seqs, armed } = this;
    let i = this.n++;
    for (; i > 0 && (times[i - 1]! > time || (times[i - 1]! === time && seqs[i - 1]! > seq)); i--) {
      actors[i] = actors[i - 1];
      times[i] = times[i - 1]!;
      seqs[i] = seqs[i - 1]!;
      armed[i] = armed[i - 1]!;
    }
    actors[i] = a;
    times[i] = time;
    seqs[i] = seq;
    armed[i] = false;
    if (i === 0 && !this.running) this.arm();
  }

  /** `a` steps at `time`, at the next place in the order (as rt.schedule would). */
  schedule(a: Actor, time: number): void {
    this.at(a, time, this.rt.queue.reserve(1));
  }

  /** The first place gets its event. */
  private arm(): void {
    this.armed[0] = true;
    this.rt.queue.pushAt(this, this.times[0]!, this.seqs[0]!);
  }

  /** The event of the first place: it runs, then the next ones while nothing comes before. */
  step(time: number): void {
    if (this.n === 0 || !this.armed[0] || this.times[0] !== time) throw new Error("internal error: reverse-offload timeline event out of order");
    const rt = this.rt;
    this.running = true;
    try {
      for (let k = 0; ; k++) {
        const a = this.actors[0]!;
        const t = this.times[0]!;
        this.drop();
        if (k > 0) rt.eventAt(t);
        a.step(t);
        if (rt.hardExit || this.n === 0 || this.armed[0]) return;
        if (k + 1 >= MAX_INLINE || !rt.queue.nothingBefore(this.times[0]!, this.seqs[0]!)) break;
      }
    } finally {
      this.running = false;
    }
    this.arm();
  }

  private drop(): void {
    const { actors, times, seqs, armed } = this;
    const n = --this.n;
    for (let i = 0; i < n; i++) {
      actors[i] = actors[i + 1];
      times[i] = times[i + 1]!;
      seqs[i] = seqs[i + 1]!;
      armed[i] = armed[i + 1]!;
    }
    actors[n] = undefined;
  }
}
