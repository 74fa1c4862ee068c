// The runtime's container types: a FIFO with O(1) push and shift, and a binary min-heap
// ordered by a caller's `before`. Every queue of the runtime (mailbox waiters, the async
// host queue, published requests) is a Fifo and every priority queue (the event queue, the
// console ring, the output stream, the reverse-offload timeline) a Heap, so the ring and sift
// code exists once; the one exception is PlaceFifo, a ring of (time, seq, number) in typed
// arrays for the reverse-offload timeline's streams, which take and add a place several
// times per request (a Fifo would hold each as an object or as three entries).

/** A first-in first-out queue: a ring buffer that doubles when full, so `push` and `shift`
 *  are O(1) and a long queue is never copied but to grow (Array.prototype.shift is O(n) on
 *  large arrays, and compacting a consumed prefix copies what is left). */
export class Fifo<T> {
  private a: (T | undefined)[] = new Array<T | undefined>(16).fill(undefined);
  /** Index of the oldest element; `n` elements follow it, wrapping (the length is a power of 2). */
  private head = 0;
  private n = 0;

  get size(): number {
    return this.n;
  }

  push(x: T): void {
    let a = this.a;
    if (this.n === a.length) a = this.grow();
    a[(this.head + this.n++) & (a.length - 1)] = x;
  }

  /** The oldest element, or undefined when empty. */
  peek(): T | undefined {
    return this.n > 0 ? this.a[this.head] : undefined;
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
    const a = new Array<T | undefined>(old.length * 2).fill(undefined);
    for (let i = 0; i < this.n; i++) a[i] = old[(this.head + i) & (old.length - 1)];
    this.a = a;
    this.head = 0;
    return a;
  }
}

/** A FIFO of places (time, sequence number), each with a number, in typed arrays that double
 *  when full (revoffload/timeline.ts's streams). */
export class PlaceFifo {
  private ts = new Float64Array(16);
  private ss = new Float64Array(16);
  private xs = new Int32Array(16);
  /** Index of the oldest place; `n` follow it, wrapping (the length is a power of 2). */
  private h = 0;
  private n = 0;

  get size(): number {
    return this.n;
  }

  /** Appends a place; returns the new size. */
  push(time: number, seq: number, x: number): number {
    const n = this.n;
    if (n === this.ts.length) this.grow();
    const i = (this.h + n) & (this.ts.length - 1);
    this.ts[i] = time;
    this.ss[i] = seq;
    this.xs[i] = x;
    return (this.n = n + 1);
  }

  /** Removes the oldest place (the FIFO is not empty); returns its number. */
  shift(): number {
    const h = this.h;
    this.h = (h + 1) & (this.ts.length - 1);
    this.n--;
    return this.xs[h]!;
  }

  /** The oldest place's time and sequence number (not empty). */
  headTime(): number {
    return this.ts[this.h]!;
  }
  headSeq(): number {
    return this.ss[this.h]!;
  }

  private grow(): void {
    const L = this.ts.length;
    const ts = new Float64Array(2 * L);
    const ss = new Float64Array(2 * L);
    const xs = new Int32Array(2 * L);
    for (let k = 0; k < this.n; k++) {
      const i = (this.h + k) & (L - 1);
      ts[k] = this.ts[i]!;
      ss[k] = this.ss[i]!;
      xs[k] = this.xs[i]!;
    }
    this.ts = ts;
    this.ss = ss;
    this.xs = xs;
    this.h = 0;
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
