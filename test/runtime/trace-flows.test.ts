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
 *  "reverse offload" wait of the warp, the host one the request's own slice on a host thread.
 *  A `nowait` request's arrows leave the warp's "reverse offload (nowait)" send slice and come
 *  back to a "nowait reverse offload done" slice on the same track at the completion's time. */
function checkArrows(evs: readonly TraceEvent[]): { pairs: number; nowait: number } {
  const bound = bindFlows(evs);
  let nowait = 0;
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
    expect(evs[hostIn]!.pid).toBe(0);
    expect(evs[hostIn]!.cat).toBe("revoffload");
    if (evs[devOut]!.name === "reverse offload (nowait)") {
      const done = evs[devIn]!;
      const fIn = evs[[...bound.keys()].find((k) => evs[k]!.ph === "f" && evs[k]!.id === id + 1)!]!;
      expect({ id, name: done.name, ts: done.ts, dur: done.dur }).toEqual({ id, name: "nowait reverse offload done", ts: fIn.ts, dur: 0 });
      expect({ id, pid: done.pid, tid: done.tid }).toEqual({ id, pid: evs[devOut]!.pid, tid: evs[devOut]!.tid });
      nowait++;
    } else {
      expect({ id, slice: devIn }).toEqual({ id, slice: devOut });
      expect(evs[devOut]!.name).toBe("reverse offload");
    }
    pairs++;
  }
  // Each host slice serves exactly one request.
  const hostSlices = [...bound].filter(([i]) => evs[i]!.ph === "f" && evs[i]!.name === "request").map(([, s]) => s);
  expect(new Set(hostSlices).size).toBe(hostSlices.length);
  return { pairs, nowait };
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
      expect(checkArrows(evs).pairs).toBe(requests);
    });
  }
});

describe("nowait reverse offloads have a device-side send slice, and their arrows bind too", () => {
  const modes: [string, RunOptions][] = [["serial", { revOffload: "serial" }], ["async", {}], ["async, 1 worker, 1 slot", { revOffloadThreads: 1, mailboxSlots: 1 }]];
  test.each(modes)("devices/reverse-offload-nowait.oir (%s)", (_m, opts) => {
    const src = readFileSync(new URL("../filetests/devices/reverse-offload-nowait.oir", import.meta.url), "utf8");
    const r = run(src, { ...opts, trace: true });
    expect(r.fault).toBeNull();
    const requests = r.stats.totals.revOffload.requests;
    expect(requests).toBe(9);
    // Eight lanes send @square at once (one group, one send slice), then thread 0 sends @note.
    expect(checkArrows(r.trace!)).toEqual({ pairs: requests, nowait: requests });
    const sends = r.trace!.filter((e) => e.ph === "X" && e.name === "reverse offload (nowait)");
    expect(sends.map((e) => e.dur)).toEqual([40, 40]);
  });

  test("blocking and nowait requests of one warp, several warps and teams, with a mailbox that fills", () => {
    const src = `host @slow(%t: i32) cost(700) {
^entry:
  ret
}

kernel @k(%a: ptr) spmd {
^entry:
  %t = omp.hw_thread_id
  omp.reverse_offload @slow(%t) nowait
  omp.reverse_offload @slow(%t)
  omp.reverse_offload @slow(%t) nowait
  omp.barrier
  omp.reverse_offload @slow(%t) nowait
  ret
}

host @main() -> i32 {
^entry:
  %a = alloca i32, 1
  omp.target @k(%a) teams(2) threads(64) map(to: i32 %a[0:1])
  ret 0
}

requires reverse_offload
`;
    for (const opts of [{}, { revOffloadThreads: 3, mailboxSlots: 5 }, { revOffload: "serial" as const, mailboxSlots: 7 }]) {
      const r = run(src, { ...opts, trace: true });
      expect(r.fault).toBeNull();
      expect(checkArrows(r.trace!)).toEqual({ pairs: 512, nowait: 384 });
    }
  });
});
