import { describe, expect, test } from "@jest/globals";
import { Fifo } from "../../src/runtime/queue.js";

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
