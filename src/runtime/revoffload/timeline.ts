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
// The places are the host side's own objects (a group of waiting workers, the freed-slot
// FIFO's head: subclasses of Place), in one heap: no wrapper per place and no second order
// kept beside this one. Actors that are not places (the poller) get a recycled wrapper.
//
// requires: an EventQueue whose events run in (time, sequence) order; places taken by
//   reserve and each given here once; a Place is in the heap at most once (it is put back
//   only after its step began).
// preserves: the order of every event and the sequence numbers taken, as with one event
//   per place; what the event loop does before each (eventAt), but the progress callback.

import { Heap, byTimeSeq } from "../queue.js";
import type { Actor } from "../simt.js";
import type { RevRt } from "./api.js";

/** Events run in one queue event at most: the run returns to its event loop (which checks
 *  for an interrupt) at least this often. */
const MAX_INLINE = 1024;

/** A place in the order (fields in the event queue's order: one comparator for both) and
 *  what runs there. */
export abstract class Place implements Actor {
  time = 0;
  seq = 0;
  /** It has its event in the run's queue (then it runs only there). */
  armed = false;
  abstract step(time: number): void;
}

/** The place of an actor that is not a Place itself; recycled (given back as it runs). */
class ActorPlace extends Place {
  actor: Actor | null = null;

  constructor(private readonly tl: Timeline) {
    super();
  }

  step(time: number): void {
    const a = this.actor!;
    this.actor = null;
    this.tl.recycle(this);
    a.step(time);
  }
}

export class Timeline implements Actor {
  /** The places, earliest first (the runtime's one heap, queue.ts). */
  private readonly places = new Heap<Place>(byTimeSeq);
  /** Recycled wrappers: a stack with its own count (an array popped to empty gives back its
   *  storage). */
  private readonly spare: ActorPlace[] = [];
  private nspare = 0;
  private running = false;

  constructor(private readonly rt: RevRt) {}

  /** `p` steps at (time, seq), a place taken with EventQueue.reserve. */
  place(p: Place, time: number, seq: number): void {
    p.time = time;
    p.seq = seq;
    p.armed = false;
    this.places.push(p);
    if (!this.running && this.places.peek() === p) this.arm(p);
  }

  /** `a` steps at (time, seq), a place taken with EventQueue.reserve. */
  at(a: Actor, time: number, seq: number): void {
    const p = this.nspare > 0 ? this.spare[--this.nspare]! : new ActorPlace(this);
    p.actor = a;
    this.place(p, time, seq);
  }

  /** `a` steps at `time`, at the next place in the order (as rt.schedule would). */
  schedule(a: Actor, time: number): void {
    this.at(a, time, this.rt.queue.reserve(1));
  }

  recycle(p: ActorPlace): void {
    this.spare[this.nspare++] = p;
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
        const t = p.time;
        if (k > 0) rt.eventAt(t);
        p.step(t);
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
