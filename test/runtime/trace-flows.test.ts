// Trace flow arrows bind to their own slices, checked with the rule a Chrome-JSON viewer
// (Perfetto, chrome://tracing) uses: events are read in timestamp order (file order for
// equal times); a flow event binds to the innermost slice open on its track at that point,
// where a slice is still open at its end time until another slice on the track begins.
import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import type { RunOptions } from "../../src/runtime/execute.js";
import type { TraceEvent } from "../../src/runtime/trace.js";
import { run } from "./util.js";

/** For each flow event (by index in `evs`), the index of the slice it binds to, or -1. */
function bindFlows(evs: readonly TraceEvent[]): Map<number, number> {
  const order = evs.map((e, i) => i).filter((i) => evs[i]!.ph !== "M");
  order.sort((a, b) => evs[a]!.ts - evs[b]!.ts || a - b); // a stable sort by ts
  const stacks = new Map<string, number[]>();
  const bound = new Map<number, number>();
  for (const i of order) {
    const e = evs[i]!;
    const key = `${e.pid}/${e.tid}`;
    const st = stacks.get(key) ?? [];
    stacks.set(key, st);
    const end = (j: number): number => evs[j]!.ts + (evs[j]!.dur ?? 0);
    if (e.ph === "X") {
      while (st.length > 0 && end(st[st.length - 1]!) <= e.ts) st.pop();
      st.push(i);
    } else if (e.ph === "s" || e.ph === "f") {
      while (st.length > 0 && end(st[st.length - 1]!) < e.ts) st.pop();
      bound.set(i, st.length > 0 ? st[st.length - 1]! : -1);
    }
  }
  return bound;
}

/** Checks every reverse-offload arrow pair: the request arrow (id 2r+1) and the completion
 *  arrow (id 2r+2) of request r leave and reach the same two slices, the device one a
 *  "reverse offload" wait of the warp, the host one the request's own slice on a host thread. */
function checkArrows(evs: readonly TraceEvent[]): number {
  const bound = bindFlows(evs);
  const at = new Map<string, number>();
  for (const [i, s] of bound) at.set(`${evs[i]!.ph}${evs[i]!.id}`, s);
  let pairs = 0;
  for (const [i] of bound) {
    const e = evs[i]!;
    if (e.ph !== "s" || e.name !== "request") continue;
    const id = e.id!;
    const devOut = at.get(`s${id}`)!;
    const hostIn = at.get(`f${id}`)!;
    const hostOut = at.get(`s${id + 1}`)!;
    const devIn = at.get(`f${id + 1}`)!;
    expect(hostIn).toBeGreaterThanOrEqual(0);
    expect(devOut).toBeGreaterThanOrEqual(0);
    // One host slice per request: the arrow in and the arrow out are the same slice.
    expect({ id, slice: hostOut }).toEqual({ id, slice: hostIn });
    expect({ id, slice: devIn }).toEqual({ id, slice: devOut });
    expect(evs[hostIn]!.pid).toBe(0);
    expect(evs[hostIn]!.cat).toBe("revoffload");
    expect(evs[devOut]!.name).toBe("reverse offload");
    pairs++;
  }
  // Each host slice serves exactly one request.
  const hostSlices = [...bound].filter(([i]) => evs[i]!.ph === "f" && evs[i]!.name === "request").map(([, s]) => s);
  expect(new Set(hostSlices).size).toBe(hostSlices.length);
  return pairs;
}

describe("every flow arrow of the reverse-offload examples binds to its own slice", () => {
  const examples = ["nowait_revoffload", "revoffload_sequential", "revoffload_threads"];
  const modes: [string, RunOptions][] = [["serial", { revOffload: "serial" }], ["async", {}], ["async, 2 workers", { revOffloadThreads: 2 }]];
  for (const name of examples) {
    test.each(modes)(`${name} (%s)`, (_m, opts) => {
      const src = readFileSync(new URL(`../../examples/${name}.oir`, import.meta.url), "utf8");
      const r = run(src, { ...opts, trace: true });
      expect(r.fault).toBeNull();
      const evs = r.trace!;
      const requests = r.stats.totals.revOffload.requests;
      expect(checkArrows(evs)).toBe(requests);
    });
  }
});
