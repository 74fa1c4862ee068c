// V8's heap as the library core's memory probe (src/ir/limits.ts): the compiler stops with a
// one-line error before V8 would abort on a program too large for the heap.

import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { MemoryProbe } from "../ir/limits.js";
import { setMemoryProbe } from "../ir/limits.js";

/** The share of the old generation's limit the compiler may fill with live data. */
const SHARE = 0.8;
/** V8's young generation on 64-bit hosts (3 semispaces of 16 MB), part of heap_size_limit. */
const YOUNG = 48 << 20;

function fullGc(): (() => void) | null {
  try {
    setFlagsFromString("--expose-gc");
    return runInNewContext("gc") as () => void;
  } catch {
    return null;
  }
}

let gc: (() => void) | null | undefined;

const v8Probe: MemoryProbe = {
  usage() {
    const h = getHeapStatistics();
    return { used: h.used_heap_size, limit: SHARE * Math.max(h.heap_size_limit - YOUNG, h.heap_size_limit / 2), heapLimit: h.heap_size_limit };
  },
  get fullGc() {
    return (gc ??= fullGc());
  },
};

/** Makes the core check V8's heap (the `ompir` command calls this at start). */
export function installV8MemoryProbe(): void {
  setMemoryProbe(v8Probe);
}
