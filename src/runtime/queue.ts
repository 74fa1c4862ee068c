// The runtime's two container types: a FIFO with O(1) push and shift, and a binary min-heap
// ordered by a caller's `before`. Every queue of the runtime (mailbox waiters, the async
// host queue, published requests) is a Fifo and every priority queue (the event queue, the
// console ring, the output stream) a Heap, so the compaction and sift code exists once.

/** A first-in first-out queue. `shift` is O(1) amortized: the consumed prefix is dropped
 *  once it is at least half the array (Array.prototype.shift is O(n) on large arrays). */
export class Fifo<T> {
  private a: T[] = [];
  private head = 0;

  get size(): number {
    return this.a.length - this.head;
  }

  push(x: T): void {
    this.a.push(x);
  }

  /** The oldest element, or undefined when empty. */
  peek(): T | undefined {
    return this.head < this.a.length ? this.a[this.head] : undefined;
  }

  /** The i-th oldest element (0: the oldest), or undefined. */
  at(i: number): T | undefined {
    return this.head + i < this.a.length ? this.a[this.head + i] : undefined;
  }

  /** Removes and returns the oldest element, or undefined when empty. */
  shift(): T | undefined {
    if (this.head >= this.a.length) return undefined;
    const x = this.a[this.head]!;
    this.a[this.head++] = undefined as T; // let it be collected
    if (this.head >= 1024 && this.head * 2 >= this.a.length) {
      this.a = this.a.slice(this.head);
      this.head = 0;
    }
    return x;
  }

  /** Removes every element, returning them oldest first. */
  drain(): T[] {
    const out = this.a.slice(this.head);
    this.a = [];
    this.head = 0;
    return out;
  }
}

/** A binary min-heap: `pop` returns the element no other is `before`. Ties are broken by the
 *  caller (e.g. an insertion sequence number), so the order is deterministic. */
export class Heap<T> {
  private a: T[] = [];

  constructor(private readonly before: (x: T, y: T) => boolean) {}

  get size(): number {
    return this.a.length;
  }

  peek(): T | undefined {
    return this.a[0];
  }

  push(x: T): void {
    const a = this.a;
    const before = this.before;
    let i = a.length;
    a.push(x);
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
    const a = this.a;
    if (a.length === 0) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    const n = a.length;
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
    const out = this.a;
    this.a = [];
    return out;
  }
}
