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
    for (let step = 0; step < 20000; step++) {
      if (rnd() < 0.55) {
        q.push(next);
        model.push(next++);
      } else {
        expect(q.shift()).toBe(model.shift());
      }
      expect(q.size).toBe(model.length);
      expect(q.peek()).toBe(model[0]);
      if (step % 97 === 0) for (let i = -1; i <= model.length; i++) expect(q.at(i)).toBe(model[i]);
    }
    expect(q.drain()).toEqual(model);
    expect(q.size).toBe(0);
    expect(q.shift()).toBeUndefined();
    expect(q.peek()).toBeUndefined();
    q.push(7);
    expect(q.drain()).toEqual([7]);
  });
});
