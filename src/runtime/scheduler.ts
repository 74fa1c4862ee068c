// The discrete-event queue: actors ordered by (simulated time, insertion sequence), so
// equal times run in a fixed order and every run is deterministic.

import { Heap, byTimeSeq } from "./queue.js";
import type { Actor } from "./simt.js";

interface Event {
  actor: Actor;
  time: number;
  seq: number;
}

/** Put in a recycled event, so it keeps no actor alive. */
const NOBODY: Actor = { step(): void {} };

export class EventQueue {
  private heap = new Heap<Event>(byTimeSeq);
  private seq = 0;
  /** Events are recycled (a run schedules millions): the one `pop` returned last is reused
   *  from the next `pop` on. A stack with its own count: an array popped to empty gives
   *  back its storage, and the next push allocates it again. */
  private free: Event[] = [];
  private nfree = 0;
  private last: Event | null = null;

  get size(): number {
    return this.heap.size;
  }

  push(actor: Actor, time: number): void {
    this.pushAt(actor, time, this.seq++);
  }

  /** Takes `n` sequence numbers, as `n` pushes would, without pushing: an actor that stands
   *  for several (the reverse-offload pool's waiting workers) runs them at their places in
   *  the order with one event (pushAt). Returns the first. */
  reserve(n: number): number {
    const s = this.seq;
    this.seq += n;
    return s;
  }

  /** The earliest event's time, or Infinity. */
  nextTime(): number {
    const t = this.heap.peek();
    return t === undefined ? Infinity : t.time;
  }

  /** Pushes an event with a sequence number taken by `reserve` (never one already queued). */
  pushAt(actor: Actor, time: number, seq: number): void {
    if (this.nfree === 0) {
      this.heap.push({ actor, time, seq });
      return;
    }
    const e = this.free[--this.nfree]!;
    e.actor = actor;
    e.time = time;
    e.seq = seq;
    this.heap.push(e);
  }

  /** No queued event comes before (time, seq): an event with that place would run next. */
  nothingBefore(time: number, seq: number): boolean {
    const t = this.heap.peek();
    return t === undefined || t.time > time || (t.time === time && t.seq > seq);
  }

  /** Removes the earliest event; returns its actor and time (valid until the next `pop`), or
   *  null when empty. */
  pop(): { readonly actor: Actor; readonly time: number } | null {
    if (this.last !== null) {
      this.last.actor = NOBODY;
      this.free[this.nfree++] = this.last;
    }
    this.last = this.heap.pop() ?? null;
    return this.last;
  }
}
