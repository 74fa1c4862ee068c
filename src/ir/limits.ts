// Memory limits: a program too large for the heap gets a one-line error (the CLI exits 2)
// instead of running into V8's out-of-memory abort. Long loops over a program (the parser
// every few hundred items, the verifier after every pass) call checkMemory; it throws
// TooLargeError once the heap stays above a share of the heap limit after a full GC, the
// point past which V8 would spend its time collecting and then abort.
//
// The library core runs in browsers too, so it cannot read V8's heap itself: the host installs
// a probe (the `ompir` command does, src/cli/memory.ts); without one, checkMemory does nothing.

export class TooLargeError extends Error {
  override name = "TooLargeError";
}

/** What checkMemory needs from the host. */
export interface MemoryProbe {
  /** Bytes of heap in use, and the most the compiler may fill with live data. */
  usage(): { used: number; limit: number; heapLimit: number };
  /** A full collection (to tell live data from garbage near the limit), or null. */
  fullGc: (() => void) | null;
}

let probe: MemoryProbe | null = null;

/** Installs the host's memory probe (null: no checks). */
export function setMemoryProbe(p: MemoryProbe | null): void {
  probe = p;
}

/** Throws TooLargeError if the heap is nearly full of live data, or would be after
 *  allocating `extra` more bytes. Cheap unless it is. */
export function checkMemory(extra = 0): void {
  if (probe === null) return;
  let h = probe.usage();
  if (h.used + extra <= h.limit) return;
  if (probe.fullGc !== null) {
    probe.fullGc();
    h = probe.usage();
    if (h.used + extra <= h.limit) return;
  }
  const mb = (n: number) => Math.round(n / (1 << 20));
  throw new TooLargeError(
    `the program is too large for the memory available (${mb(h.used)} MB in use of a ${mb(h.heapLimit)} MB heap; ` +
    `node --max-old-space-size=<MB> raises the limit)`,
  );
}
