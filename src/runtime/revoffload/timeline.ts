// The reverse-offload host side's events, kept out of the run's event queue: the poller's
// wake-ups and the pool's workers that become free while entries wait each take a place
// (time, sequence number) in the run's event order as an event of their own would
// (EventQueue.reserve), and are held here in that order. Only the earliest has an event in
// the run's queue; when it has run, the next one runs in the same event if no event of the
// queue comes before its place (after what the event loop does before an event:
// RevRt.eventAt), else it gets its event. On bench (d) the poller's steps (one per request:
// it queues the request it copied out and copies the next) come one after another, so the
// run's queue sees about none of them.
//
// A worker owns its Place and puts it here directly (pool.ts); the poller's wake-ups brought
// forward get a recycled one. Places that come in order by construction are not pushed at
// all: a stream (Stream: the poller's wake-ups) keeps them in a placed Fifo, sorted by place
// as it is filled, and shows the timeline its head's place only; the next place is the
// earliest of the heap's top and the streams' heads.
//
// requires: an EventQueue whose events run in (time, sequence) order; places taken by
//   reserve and each given here once; a Place is in the heap at most once (it is put back
//   only after its actor's step began); a stream's head is set only when the stream was
//   empty or from its head's step, and its places come in (time, sequence) order.
// preserves: the order of every event and the sequence numbers taken, as with one event
//   per place; what the event loop does before each (eventAt), but the progress callback.

import { Fifo, Heap, byTimeSeq } from "../queue.js";
import type { Actor } from "../simt.js";
import type { RevRt } from "./api.js";
import { made } from "./request.js";

/** Events run in one queue event at most: the run returns to its event loop (which checks
 *  for an interrupt) at least this often. */
const MAX_INLINE = 1024;

/** A place in the order (fields in the event queue's order: one comparator for both) and
 *  the actor that steps there. One class, so the heap's comparisons see two shapes (this
 *  and the event queue's events). */
export class Place {
  time = 0;
  seq = 0;
  /** It has its event in the run's queue (then it runs only there). */
  armed = false;
  /** `recycled`: a wrapper the timeline made for `at`, given back as it runs. `stream`: the
   *  head of a stream (Timeline.stream), never in the heap; time Infinity while empty. */
  constructor(public actor: Actor, readonly recycled = false, readonly stream = false) {}
}

/** Places that come in place order by construction, a stream of the timeline: a FIFO sorted
 *  as it is filled (a place not earlier than the last one's has the latest sequence number
 *  taken, so it comes after it), each its actor's step. Its head's place is the only one the
 *  timeline compares. Its places are in a placed Fifo (their times and sequence
 *  numbers in typed arrays): adding and taking one is a few stores. */
export class Stream implements Actor {
  /** The places, oldest first (the elements themselves carry nothing: 0). */
  private readonly q = new Fifo<number>(true);
  /** Its head in the timeline (time Infinity while empty). */
  readonly head: Place;
  /** The time of the last place added. */
  private last = -Infinity;

  constructor(private readonly timeline: Timeline, private readonly actor: Actor) {
    this.head = timeline.stream(this);
  }

  /** The place (time, seq) can be appended: the stream is empty or it is not earlier than
   *  the last one's (else it comes before a place already in the stream: the caller gives it
   *  a heap place). */
  fits(time: number): boolean {
    return this.q.size === 0 || time >= this.last;
  }

  /** Appends (time, seq), a place taken with EventQueue.reserve (fits(time)). */
  add(time: number, seq: number): void {
    this.last = time;
    if (this.q.pushAt(0, time, seq) === 1) this.timeline.head(this.head, time, seq);
  }

  /** The head's step (only in Timeline.step, which cleared the head): the next place becomes
   *  the head, then the actor steps. */
  step(time: number): void {
    const q = this.q;
    q.shift();
    if (q.size > 0) {
      const p = this.head;
      p.time = q.headTime();
      p.seq = q.headSeq();
      p.armed = false;
    }
    this.actor.step(time);
  }
}

/** Stands in a recycled place until it is used again. */
const NOBODY: Actor = { step(): void {} };

export class Timeline implements Actor {
  /** The places, earliest first (the runtime's one heap, queue.ts). */
  private readonly places = new Heap<Place>(byTimeSeq);
  /** Recycled places: a stack with its own count (an array popped to empty gives back its
   *  storage). */
  private readonly spare: Place[] = [];
  private nspare = 0;
  private running = false;
  /** The streams' heads (Timeline.stream). */
  private readonly streams: Place[] = [];

  constructor(private readonly rt: RevRt) {}

  /** A stream whose head `actor` runs (its step sets the next head with `head`), empty. */
  stream(actor: Actor): Place {
    const p = new Place(actor, false, true);
    p.time = Infinity;
    this.streams.push(p);
    return p;
  }

  /** Stream `p`'s head is at (time, seq), a place taken with EventQueue.reserve: set when the
   *  stream was empty, or by its head's step for the next one. */
  head(p: Place, time: number, seq: number): void {
    p.time = time;
    p.seq = seq;
    p.armed = false;
    if (!this.running && this.first() === p) this.arm(p);
  }

  /** The earliest place: the heap's top or a stream's head. */
  private first(): Place | undefined {
    let m = this.places.peek();
    // The comparison written out on numbers: this runs about four times per request.
    let mt = m === undefined ? Infinity : m.time;
    let ms = m === undefined ? 0 : m.seq;
    const ss = this.streams;
    for (let i = 0; i < ss.length; i++) {
      const s = ss[i]!;
      const t = s.time;
      if (t < mt || (t === mt && t !== Infinity && s.seq < ms)) {
        m = s;
        mt = t;
        ms = s.seq;
      }
    }
    return m;
  }

  /** `p` steps at (time, seq), a place taken with EventQueue.reserve. */
  place(p: Place, time: number, seq: number): void {
    p.time = time;
    p.seq = seq;
    p.armed = false;
    this.places.push(p);
    if (!this.running && this.first() === p) this.arm(p);
  }

  /** `a` steps at (time, seq), a place taken with EventQueue.reserve. */
  at(a: Actor, time: number, seq: number): void {
    let p: Place;
    if (this.nspare > 0) {
      p = this.spare[--this.nspare]!;
      p.actor = a;
    } else {
      p = new Place(a, true);
      made.places++;
    }
    this.place(p, time, seq);
  }

  /** The first place gets its event. */
  private arm(p: Place): void {
    p.armed = true;
    this.rt.queue.pushAt(this, p.time, p.seq);
  }

  /** Places run in the current event (step), counted against MAX_INLINE. */
  private ran = 0;

  /** The actor stepping now (in step) would step next at `time`, at a place taken now: true
   *  if it may go on at once instead, within its step. Nothing may come at or before `time`
   *  (in the heap, the streams or the run's queue: its place would be the latest taken, so
   *  only what is later comes after it), and the event has run fewer than MAX_INLINE places.
   *  It then counts as a place, after what the event loop does before one (eventAt). */
  goOn(time: number): boolean {
    if (time >= this.horizon() || !this.goOnBefore()) return false;
    this.rt.eventAt(time);
    return true;
  }

  /** goOn(time) fails for every `time` at or after this: the earliest place in the heap, the
   *  streams or the run's queue. Valid until something is placed or scheduled. */
  horizon(): number {
    const p = this.first();
    const q = this.rt.queue.nextTime();
    return p !== undefined && p.time < q ? p.time : q;
  }

  /** goOn(time) for a `time` before horizon() (the event has run fewer than MAX_INLINE
   *  places: it counts one), but for what the event loop does before a place, which the
   *  caller owes (eventAt(time), to be run before anything else happens). */
  goOnBefore(): boolean {
    if (!this.running || this.ran + 1 >= MAX_INLINE) return false;
    this.ran++;
    return true;
  }

  /** The event of the first place: it runs, then the next ones while nothing comes before. */
  step(time: number): void {
    const places = this.places;
    let p = this.first();
    if (p === undefined || !p.armed || p.time !== time) throw new Error("internal error: reverse-offload timeline event out of order");
    const rt = this.rt;
    this.running = true;
    try {
      for (this.ran = 0; ; this.ran++) {
        const t = p.time;
        const a = p.actor;
        if (p.stream) p.time = Infinity; // until its step sets the next head
        else places.pop();
        if (p.recycled) {
          p.actor = NOBODY;
          this.spare[this.nspare++] = p;
        }
        if (this.ran > 0) rt.eventAt(t);
        a.step(t);
        p = this.first();
        if (rt.hardExit || p === undefined || p.armed) return;
        if (this.ran + 1 >= MAX_INLINE || !rt.queue.nothingBefore(p.time, p.seq)) break;
      }
    } finally {
      this.running = false;
    }
    this.arm(p);
  }
}
