// The discrete-event queue: actors ordered by (simulated time, insertion sequence), so
// equal times run in a fixed order and every run is deterministic.

import type { Actor } from "./simt.js";

export class EventQueue {
  private times: number[] = [];
  private seqs: number[] = [];
  private actors: Actor[] = [];
  private seq = 0;

  get size(): number {
    return this.actors.length;
  }

  push(a: Actor, time: number): void {
    const t = this.times;
    const s = this.seqs;
    const as = this.actors;
    let i = as.length;
    t.push(time);
    s.push(this.seq++);
    as.push(a);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (t[p]! < t[i]! || (t[p] === t[i] && s[p]! < s[i]!)) break;
      this.swap(i, p);
      i = p;
    }
  }

  /** Removes the earliest event; returns its actor and time, or null when empty. */
  pop(): { actor: Actor; time: number } | null {
    const as = this.actors;
    if (as.length === 0) return null;
    const top = { actor: as[0]!, time: this.times[0]! };
    const last = as.length - 1;
    this.swap(0, last);
    as.pop();
    this.times.pop();
    this.seqs.pop();
    const t = this.times;
    const s = this.seqs;
    const n = as.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && (t[l]! < t[m]! || (t[l] === t[m] && s[l]! < s[m]!))) m = l;
      if (r < n && (t[r]! < t[m]! || (t[r] === t[m] && s[r]! < s[m]!))) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }

  private swap(i: number, j: number): void {
    const t = this.times;
    const s = this.seqs;
    const a = this.actors;
    const ti = t[i]!;
    t[i] = t[j]!;
    t[j] = ti;
    const si = s[i]!;
    s[i] = s[j]!;
    s[j] = si;
    const ai = a[i]!;
    a[i] = a[j]!;
    a[j] = ai;
  }
}
