// Memory limits: a program too large for the heap gets a one-line error (the CLI exits 2)
// instead of running into V8's out-of-memory abort. Long loops over a program (the parser
// every few hundred items, the verifier after every pass) call checkMemory; it throws
// TooLargeError once the heap stays above a share of V8's heap limit after a full GC, the
// point past which V8 would spend its time collecting and then abort.

import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** The share of the old generation's limit the compiler may fill with live data. */
const SHARE = 0.8;
/** V8's young generation on 64-bit hosts (3 semispaces of 16 MB), part of heap_size_limit. */
const YOUNG = 48 << 20;

export class TooLargeError extends Error {
  override name = "TooLargeError";
}

let fullGc: (() => void) | null | undefined;

/** A full collection, to tell live data from garbage near the limit (null if unavailable). */
function collector(): (() => void) | null {
  if (fullGc === undefined) {
    try {
      setFlagsFromString("--expose-gc");
      fullGc = runInNewContext("gc") as () => void;
    } catch {
      fullGc = null;
    }
  }
  return fullGc;
}

/** Throws TooLargeError if the heap is nearly full of live data, or would be after
 *  allocating `extra` more bytes. Cheap unless it is. */
export function checkMemory(extra = 0): void {
  let h = getHeapStatistics();
  const limit = SHARE * Math.max(h.heap_size_limit - YOUNG, h.heap_size_limit / 2);
  if (h.used_heap_size + extra <= limit) return;
  const gc = collector();
  if (gc !== null) {
    gc();
    h = getHeapStatistics();
    if (h.used_heap_size + extra <= limit) return;
  }
  const mb = (n: number) => Math.round(n / (1 << 20));
  throw new TooLargeError(
    `the program is too large for the memory available (${mb(h.used_heap_size)} MB in use of a ${mb(h.heap_size_limit)} MB heap; ` +
    `node --max-old-space-size=<MB> raises the limit)`,
  );
}
