import { describe, expect, test } from "@jest/globals";
import { Fifo } from "../../src/runtime/queue.js";
import { EventQueue } from "../../src/runtime/scheduler.js";
import type { Actor } from "../../src/runtime/simt.js";

describe("Fifo (ring buffer)", () => {
  test("keeps first-in first-out order across wrap-around and growth, against an array model", () => {
    const q = new Fifo<number>();
    const model: number[] = [];
    let next = 0;
    // Deterministic pseudo-random mix of pushes and shifts, so the head wraps many times and
    // the ring grows while wrapped.
    let seed = 12345;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    // Mismatches are collected (expect per step is slow) and must be none.
    const bad: string[] = [];
    for (let step = 0; step < 20000; step++) {
      if (rnd() < 0.55) {
        q.push(next);
        model.push(next++);
      } else if (q.shift() !== model.shift()) bad.push(`shift at ${step}`);
      if (q.size !== model.length || q.peek() !== model[0]) bad.push(`size/peek at ${step}`);
      if (step % 97 === 0) for (let i = -1; i <= model.length; i++) if (q.at(i) !== model[i]) bad.push(`at(${i}) at ${step}`);
    }
    expect(bad).toEqual([]);
    expect(model.length).toBeGreaterThan(1000); // it grew while wrapped
    expect(q.drain()).toEqual(model);
    expect(q.size).toBe(0);
    expect(q.shift()).toBeUndefined();
    expect(q.peek()).toBeUndefined();
    q.push(7);
    expect(q.drain()).toEqual([7]);
  });
});

describe("Fifo with a first capacity (the quarantine's rings start at 2)", () => {
  test("grows from 2 while wrapped and keeps order; shiftPush; the capacity must be a power of two", () => {
    const q = new Fifo<number>(false, 2);
    q.push(0);
    q.push(1);
    expect(q.shift()).toBe(0); // head at index 1
    q.push(2); // wraps to index 0
    for (let i = 3; i < 9; i++) q.push(i); // grows at 2, 4 and 8 entries, wrapped the first time
    expect(q.drain()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // shiftPush: a bounded queue's step (full: in place, wrapping; else a shift and a push).
    const b = new Fifo<number>(false, 4);
    expect(b.shiftPush(0)).toBeUndefined();
    for (let i = 1; i < 4; i++) b.push(i);
    const out: (number | undefined)[] = [];
    for (let i = 4; i < 11; i++) out.push(b.shiftPush(i));
    expect(out).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(b.shift()).toBe(7);
    expect(b.shiftPush(11)).toBe(8); // not full: shift, then push
    expect(b.drain()).toEqual([9, 10, 11]);
    expect(() => new Fifo<number>(false, 3)).toThrow(/power of two/);
    expect(() => new Fifo<number>(false, 0)).toThrow(/power of two/);
  });
});

describe("Fifo.rotate (the pool's returning workers)", () => {
  test("moves the oldest to the newest end like shift then push, full, wrapped, placed or not, never growing", () => {
    for (const placed of [false, true]) {
      for (const n of [0, 1, 5, 15, 16]) {
        for (const start of [0, 3, 9]) {
          // `start` shifts first put the head mid-ring; `n` elements of a 16-slot ring (16: full).
          const q = new Fifo<number>(placed);
          for (let i = 0; i < start; i++) (placed ? q.pushAt(-1, 0, 0) : q.push(-1));
          for (let i = 0; i < start; i++) q.shift();
          const model: number[] = [];
          for (let i = 0; i < n; i++) {
            if (placed) q.pushAt(i, 10 + i, 20 + i);
            else q.push(i);
            model.push(i);
          }
          for (let r = 0; r < 2 * n + 3; r++) {
            q.rotate();
            if (model.length > 0) model.push(model.shift()!);
            expect(q.size).toBe(model.length);
            for (let i = 0; i < n; i++) expect(q.at(i)).toBe(model[i]);
            if (placed && n > 0) expect([q.headTime(), q.headSeq()]).toEqual([10 + model[0]!, 20 + model[0]!]);
          }
          // Full at 16 and rotated, it still grows in order on the next push.
          q.push(99);
          expect(q.drain()).toEqual([...model, 99]);
        }
      }
    }
  });
});

describe("Fifo made placed (the timeline streams' ring)", () => {
  test("keeps places and their numbers in order across wrap-around and growth, against an array model", () => {
    const q = new Fifo<number>(true);
    const model: [number, number, number][] = [];
    let s = 7;
    const rnd = (): number => ((s = (s * 1103515245 + 12345) & 0x7fffffff), s);
    for (let i = 0; i < 5000; i++) {
      // Pushes outnumber shifts at first (growth past 16, 32, ...), then shifts catch up (wrap-around).
      if (rnd() % 100 < (i < 2500 ? 60 : 40) || model.length === 0) {
        const p: [number, number, number] = [i + 0.25, 2 * i, rnd() % 1000];
        model.push(p);
        expect(q.pushAt(p[2], p[0], p[1])).toBe(model.length);
      } else {
        const [t, sq, x] = model.shift()!;
        expect([q.headTime(), q.headSeq()]).toEqual([t, sq]);
        expect(q.shift()).toBe(x);
      }
      expect(q.size).toBe(model.length);
    }
  });

  test("grows while wrapped: the places move with their elements", () => {
    // 16 slots: 10 in, 7 out puts the head at index 7, so the 10th to 25th pushes wrap and
    // the 26th grows the ring with the head in the middle.
    const q = new Fifo<number>(true);
    const model: number[] = [];
    for (let i = 0; i < 10; i++) {
      q.pushAt(i, 100 + i, 1000 + i);
      model.push(i);
    }
    for (let i = 0; i < 7; i++) expect(q.shift()).toBe(model.shift());
    for (let i = 10; i < 40; i++) {
      q.pushAt(i, 100 + i, 1000 + i);
      model.push(i);
    }
    const got: [number, number, number][] = [];
    while (q.size > 0) got.push([q.headTime(), q.headSeq(), q.shift()!]);
    expect(got).toEqual(model.map((i) => [100 + i, 1000 + i, i]));
    // An unplaced Fifo grows while wrapped the same way.
    const u = new Fifo<string>();
    for (let i = 0; i < 10; i++) u.push(`${i}`);
    for (let i = 0; i < 7; i++) u.shift();
    for (let i = 10; i < 40; i++) expect(u.push(`${i}`)).toBe(i - 6);
    expect(u.drain()).toEqual(Array.from({ length: 33 }, (_, k) => `${k + 7}`));
  });
});

describe("EventQueue: reserved sequence numbers", () => {
  test("an event pushed later with a number reserved earlier runs where a push at reservation time would have", () => {
    const q = new EventQueue();
    const ran: string[] = [];
    const actor = (name: string): Actor => ({ step: () => void ran.push(name) });
    q.push(actor("a"), 10); // seq 0
    const r = q.reserve(3); // seqs 1, 2, 3: three events that would have been pushed now
    q.push(actor("b"), 10); // seq 4
    q.push(actor("c"), 5); // seq 5
    q.pushAt(actor("r0"), 10, r);
    expect(q.nothingBefore(4, 0)).toBe(true);
    expect(q.nothingBefore(5, 5)).toBe(false); // c is (5, 5)
    for (let e = q.pop(); e !== null; e = q.pop()) {
      e.actor.step(e.time);
      if (ran.length === 3) {
        // After c, a and r0, the place (10, r + 1) comes before b (10, 4): it would run next.
        expect(q.nothingBefore(10, r + 1)).toBe(true);
        expect(q.nothingBefore(10, 5)).toBe(false);
        q.pushAt(actor("r1"), 10, r + 1);
      }
    }
    expect(ran).toEqual(["c", "a", "r0", "r1", "b"]);
  });
});
