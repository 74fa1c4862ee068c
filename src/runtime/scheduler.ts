// The discrete-event queue: actors ordered by (simulated time, insertion sequence), so
// equal times run in a fixed order and every run is deterministic.

import { Heap } from "./queue.js";
import type { Actor } from "./simt.js";

interface Event {
  actor: Actor;
  time: number;
  seq: number;
}

const before = (x: Event, y: Event): boolean => x.time < y.time || (x.time === y.time && x.seq < y.seq);

export class EventQueue {
  private heap = new Heap<Event>(before);
  private seq = 0;

  get size(): number {
    return this.heap.size;
  }

  push(actor: Actor, time: number): void {
    this.heap.push({ actor, time, seq: this.seq++ });
  }

  /** Removes the earliest event; returns its actor and time, or null when empty. */
  pop(): { actor: Actor; time: number } | null {
    return this.heap.pop() ?? null;
  }
}
