// Memory limits: a program too large for the heap gets a one-line error (the CLI exits 2)
// instead of running into V8's out-of-memory abort. Long loops over a program (the parser,
// the pass pipeline) call checkMemory now and then; it throws TooLargeError once the live
// heap passes a fixed share of the heap limit, the point past which V8 would spend its time
// in GC and then abort.

import { getHeapStatistics } from "node:v8";

/** The share of V8's heap limit the compiler may fill before giving up. */
const SHARE = 0.9;

export class TooLargeError extends Error {
  override name = "TooLargeError";
}

/** Throws TooLargeError if the heap is nearly full. Cheap (no GC, no allocation to speak of). */
export function checkMemory(): void {
  const h = getHeapStatistics();
  if (h.used_heap_size > SHARE * h.heap_size_limit) {
    const mb = (n: number) => Math.round(n / (1 << 20));
    throw new TooLargeError(
      `the program is too large for the memory available (${mb(h.used_heap_size)} MB used of a ${mb(h.heap_size_limit)} MB heap; ` +
      `node --max-old-space-size=<MB> raises the limit)`,
    );
  }
}
