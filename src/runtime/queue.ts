// The runtime's container types: a FIFO with O(1) push and shift (and pop: a deque), and a
// binary min-heap ordered by a caller's `before`. Every queue of the runtime (mailbox
// waiters, released slots not taken, the async host queue, its free and returning workers,
// the print ring's waiters, the reverse-offload timeline's streams, a divergent indirect
// call's pending callees, the id quarantine's rings) is a Fifo and every priority
// queue (the event queue, the console ring, the output stream, the reverse-offload timeline)
// a Heap, so the ring and sift code exists once.

/** An unplaced Fifo's place columns (never written: one for all). */
const NO_PLACES = new Float64Array(0);

/** A first-in first-out queue: a ring buffer that doubles when full, so `push` and `shift`
 *  are O(1) and a long queue is never copied but to grow (Array.prototype.shift is O(n) on
 *  large arrays, and compacting a consumed prefix copies what is left).
 *
 *  Made `placed`, each element also has a place (time, sequence number) in typed arrays
 *  beside it (`pushAt`, `headTime`, `headSeq`): the timeline's streams add and take a place
 *  several times per request, and a place as an object would be an allocation (or a pool)
 *  and a write barrier each time. */
export class Fifo<T> {
  private a: (T | undefined)[];
  /** The elements' places when `placed` (same indices as `a`), else NO_PLACES. */
  private ts: Float64Array;
  private ss: Float64Array;
  /** Index of the oldest element; `n` elements follow it, wrapping (the length is a power of 2). */
  private head = 0;
  private n = 0;

  /** `capacity`: its first length, a power of 2 (many small queues: the quarantine's rings). */
  constructor(placed = false, capacity = 16) {
    if (!(capacity >= 1 && (capacity & (capacity - 1)) === 0)) throw new RangeError(`Fifo capacity must be a power of two, got ${capacity}`);
    this.a = new Array<T | undefined>(capacity).fill(undefined);
    this.ts = placed ? new Float64Array(capacity) : NO_PLACES;
    this.ss = placed ? new Float64Array(capacity) : NO_PLACES;
  }

  get size(): number {
    return this.n;
  }

  /** Appends `x`; returns the new size. */
  push(x: T): number {
    let a = this.a;
    const n = this.n;
    if (n === a.length) a = this.grow();
    a[(this.head + n) & (a.length - 1)] = x;
    return (this.n = n + 1);
  }

  /** Appends `x` at place (time, seq) (a `placed` Fifo); returns the new size. */
  pushAt(x: T, time: number, seq: number): number {
    let a = this.a;
    const n = this.n;
    if (n === a.length) a = this.grow();
    const i = (this.head + n) & (a.length - 1);
    a[i] = x;
    this.ts[i] = time;
    this.ss[i] = seq;
    return (this.n = n + 1);
  }

  /** The oldest element, or undefined when empty. */
  peek(): T | undefined {
    return this.n > 0 ? this.a[this.head] : undefined;
  }

  /** The oldest element's place (a `placed` Fifo, not empty). */
  headTime(): number {
    return this.ts[this.head]!;
  }
  headSeq(): number {
    return this.ss[this.head]!;
  }

  /** The i-th oldest element (0: the oldest), or undefined. */
  at(i: number): T | undefined {
    return i >= 0 && i < this.n ? this.a[(this.head + i) & (this.a.length - 1)] : undefined;
  }

  /** Removes and returns the oldest element, or undefined when empty. */
  shift(): T | undefined {
    const n = this.n;
    if (n === 0) return undefined;
    const a = this.a;
    const h = this.head;
    const x = a[h];
    a[h] = undefined; // let it be collected
    this.head = (h + 1) & (a.length - 1);
    this.n = n - 1;
    return x;
  }

  /** Removes and returns the newest element, or undefined when empty (a deque's other end:
   *  the pool takes its most recently free worker, and lets the least recent exit). */
  pop(): T | undefined {
    const n = this.n;
    if (n === 0) return undefined;
    const a = this.a;
    const i = (this.head + n - 1) & (a.length - 1);
    const x = a[i];
    a[i] = undefined;
    this.n = n - 1;
    return x;
  }

  /** Moves the oldest element to the newest end (shift, then push it back: never grows). */
  rotate(): void {
    const n = this.n;
    if (n === 0) return;
    const a = this.a;
    const m = a.length - 1;
    const h = this.head;
    const t = (h + n) & m;
    if (t !== h) {
      a[t] = a[h];
      a[h] = undefined;
      if (this.ts !== NO_PLACES) {
        this.ts[t] = this.ts[h]!;
        this.ss[t] = this.ss[h]!;
      }
    }
    this.head = (h + 1) & m;
  }

  /** Appends `x` and removes the oldest element, returned (undefined when it was empty), in
   *  an unplaced Fifo: a full ring of a bounded queue (the quarantine's) overwrites its
   *  oldest in place. */
  shiftPush(x: T): T | undefined {
    const a = this.a;
    const n = this.n;
    if (n !== a.length) {
      const old = this.shift();
      this.push(x);
      return old;
    }
    const h = this.head;
    const old = a[h];
    a[h] = x;
    this.head = (h + 1) & (n - 1);
    return old;
  }

  /** Removes every element, returning them oldest first. */
  drain(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.n; i++) out.push(this.at(i)!);
    this.a.fill(undefined);
    this.head = 0;
    this.n = 0;
    return out;
  }

  private grow(): (T | undefined)[] {
    const old = this.a;
    const L = old.length;
    const a = new Array<T | undefined>(2 * L).fill(undefined);
    for (let k = 0; k < this.n; k++) a[k] = old[(this.head + k) & (L - 1)];
    if (this.ts !== NO_PLACES) {
      const ts = new Float64Array(2 * L);
      const ss = new Float64Array(2 * L);
      for (let k = 0; k < this.n; k++) {
        const i = (this.head + k) & (L - 1);
        ts[k] = this.ts[i]!;
        ss[k] = this.ss[i]!;
      }
      this.ts = ts;
      this.ss = ss;
    }
    this.a = a;
    this.head = 0;
    return a;
  }
}

/** Places in an order by (simulated time, insertion sequence): the comparator of the event
 *  queue and of the reverse-offload timeline, one function so their heaps' calls stay
 *  monomorphic. */
export const byTimeSeq = (x: { time: number; seq: number }, y: { time: number; seq: number }): boolean =>
  x.time < y.time || (x.time === y.time && x.seq < y.seq);

/** A binary min-heap: `pop` returns the element no other is `before`. Ties are broken by the
 *  caller (e.g. an insertion sequence number), so the order is deterministic. */
export class Heap<T> {
  /** The first `n` entries are the heap; the array keeps its length as the heap shrinks (a
   *  heap that goes 1, 0, 1 per event would give back and allocate its storage each time),
   *  with the freed entries emptied. */
  private a: (T | undefined)[] = [];
  private n = 0;

  constructor(private readonly before: (x: T, y: T) => boolean) {}

  get size(): number {
    return this.n;
  }

  peek(): T | undefined {
    return this.n > 0 ? this.a[0] : undefined;
  }

  push(x: T): void {
    const a = this.a;
    const before = this.before;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const y = a[p]!;
      if (!before(x, y)) break;
      a[i] = y;
      i = p;
    }
    a[i] = x;
  }

  pop(): T | undefined {
    if (this.n === 0) return undefined;
    const a = this.a;
    const top = a[0]!;
    const n = --this.n;
    const last = a[n]!;
    a[n] = undefined; // let it be collected
    if (n > 0) {
      const before = this.before;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const m = r < n && before(a[r]!, a[l]!) ? r : l;
        if (!before(a[m]!, last)) break;
        a[i] = a[m]!;
        i = m;
      }
      a[i] = last;
    }
    return top;
  }

  /** Removes every element (in no particular order). */
  clear(): T[] {
    const out = this.a.slice(0, this.n) as T[];
    this.a = [];
    this.n = 0;
    return out;
  }
}
