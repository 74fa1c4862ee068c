// Chrome Trace Event output (--trace), for Perfetto or chrome://tracing.
//
// pid 0 is the host (tid 0), pid 1 the device. Device tracks are per warp
// ("@k#L team T warp W") or, when a launch has more than MAX_WARP_TRACKS warps, per team.
// ts and dur are simulated cycles (1 cycle shown as 1 µs). Slices on one track nest: a
// warp's kernel slice contains its parallel-region slices, which contain its barrier waits.
// Events are sorted before output, so the file is deterministic.

export interface TraceEvent {
  name: string;
  cat: string;
  ph: "X" | "M" | "i" | "s" | "f";
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  s?: "t" | "p" | "g";
  /** Flow events (arrows between tracks): the arrow's id, and "e" to bind to the enclosing slice. */
  id?: number;
  bp?: "e";
  args?: Record<string, string | number>;
}

export const MAX_WARP_TRACKS = 256;

export class Trace {
  readonly events: TraceEvent[] = [];
  private named = new Set<string>();

  slice(pid: number, tid: number, name: string, cat: string, start: number, end: number, args?: Record<string, string | number>): void {
    const e: TraceEvent = { name, cat, ph: "X", ts: start, dur: Math.max(0, end - start), pid, tid };
    if (args) e.args = args;
    this.events.push(e);
  }

  instant(pid: number, tid: number, name: string, cat: string, ts: number): void {
    this.events.push({ name, cat, ph: "i", ts, pid, tid, s: "t" });
  }

  /** A flow arrow from (pid, tid) at `ts` to (pid2, tid2) at `ts2`; `id` must be unique. */
  flow(id: number, name: string, pid: number, tid: number, ts: number, pid2: number, tid2: number, ts2: number): void {
    this.events.push({ name, cat: "flow", ph: "s", ts, pid, tid, id });
    this.events.push({ name, cat: "flow", ph: "f", bp: "e", ts: ts2, pid: pid2, tid: tid2, id });
  }

  /** Names a track (once) and orders it by tid. */
  track(pid: number, tid: number, name: string): void {
    const key = `${pid}/${tid}`;
    if (this.named.has(key)) return;
    this.named.add(key);
    this.events.push({ name: "thread_name", cat: "__metadata", ph: "M", ts: 0, pid, tid, args: { name } });
    this.events.push({ name: "thread_sort_index", cat: "__metadata", ph: "M", ts: 0, pid, tid, args: { sort_index: tid } });
  }

  /** The whole file, with events in a deterministic order. */
  toJSON(): { traceEvents: TraceEvent[]; displayTimeUnit: string; otherData: Record<string, string> } {
    const meta: TraceEvent[] = [
      { name: "process_name", cat: "__metadata", ph: "M", ts: 0, pid: 0, tid: 0, args: { name: "host" } },
      { name: "process_name", cat: "__metadata", ph: "M", ts: 0, pid: 1, tid: 0, args: { name: "device" } },
    ];
    const order = (e: TraceEvent): number => (e.ph === "M" ? 0 : 1);
    const evs = [...this.events].sort((a, b) =>
      order(a) - order(b) || a.pid - b.pid || a.tid - b.tid || a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.id ?? 0) - (b.id ?? 0) || (a.ph < b.ph ? -1 : a.ph > b.ph ? 1 : 0));
    return { traceEvents: [...meta, ...evs], displayTimeUnit: "ns", otherData: { timeUnit: "cycles", generator: "ompir" } };
  }
}
