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

import { Heap, byTimeSeq } from "../queue.js";
import type { Actor } from "../simt.js";
import type { RevRt } from "./api.js";

/** Events run in one queue event at most: the run returns to its event loop (which checks
 *  for an interrupt) at least this often. */
const MAX_INLINE = 1024;

/** A place in the order (fields in the event queue's order: one comparator for both);
 *  recycled (a request makes about three). */
interface Place {
  actor: Actor | null;
  time: number;
  seq: number;
  /** It has its event in the run's queue (then it runs only there). */
  armed: boolean;
}

export class Timeline implements Actor {
  /** The places, earliest first (the runtime's one heap, queue.ts). */
  private readonly places = new Heap<Place>(byTimeSeq);
  /** Recycled places: a stack with its own count (an array popped to empty gives back its
   *  storage). */
  private readonly spare: Place[] = [];
  private nspare = 0;
  private running = false;

  constructor(private readonly rt: RevRt) {}

  /** `a` steps at (time, seq), a place taken with EventQueue.reserve. */
  at(a: Actor, time: number, seq: number): void {
    const p = this.nspare > 0 ? this.spare[--this.nspare]! : { actor: null, time: 0, seq: 0, armed: false };
    p.actor = a;
    p.time = time;
    p.seq = seq;
    p.armed = false;
    this.places.push(p);
    if (this.places.peek() === p && !this.running) this.arm(p);
  }

  /** `a` steps at `time`, at the next place in the order (as rt.schedule would). */
  schedule(a: Actor, time: number): void {
    this.at(a, time, this.rt.queue.reserve(1));
  }

  /** The first place gets its event. */
  private arm(p: Place): void {
    p.armed = true;
    this.rt.queue.pushAt(this, p.time, p.seq);
  }

  /** The event of the first place: it runs, then the next ones while nothing comes before. */
  step(time: number): void {
    const places = this.places;
    let p = places.peek();
    if (p === undefined || !p.armed || p.time !== time) throw new Error("internal error: reverse-offload timeline event out of order");
    const rt = this.rt;
    this.running = true;
    try {
      for (let k = 0; ; k++) {
        places.pop();
        const a = p.actor!;
        const t = p.time;
        p.actor = null;
        this.spare[this.nspare++] = p;
        if (k > 0) rt.eventAt(t);
        a.step(t);
        p = places.peek();
        if (rt.hardExit || p === undefined || p.armed) return;
        if (k + 1 >= MAX_INLINE || !rt.queue.nothingBefore(p.time, p.seq)) break;
      }
    } finally {
      this.running = false;
    }
    this.arm(p);
  }
}
