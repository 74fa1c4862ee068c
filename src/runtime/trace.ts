// Chrome Trace Event output (--trace), for Perfetto or chrome://tracing.
//
// pid 0 is the host (tid 0), pid 1 the device. Device tracks are per warp
// ("@k#L team T warp W") or, when a launch has more than MAX_WARP_TRACKS warps, per team.
// ts and dur are simulated cycles, written as the format's microseconds (1 cycle shown as
// 1 µs; no displayTimeUnit, whose "ns" some viewers take to mean ts is in ns). Slices on one
// track nest: a warp's kernel slice contains its parallel-region slices, which contain its
// barrier waits. Events are sorted before output, so the file is deterministic.
//
// Flow arrows: a viewer binds a flow event to the innermost slice open on its track when it
// reads the event, in timestamp order and, for equal times, in file order; a slice stays open
// at its end time until another slice on the track begins. So each flow event names the
// slice it belongs to, and the sort puts it after that slice's start and before any slice
// that begins at the same time (test/runtime/trace-flows.test.ts emulates the rule).

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

/** One end of a flow arrow: a point on a track inside the slice [start, end] it binds to. */
export interface FlowEnd {
  pid: number;
  tid: number;
  ts: number;
  start: number;
  end: number;
}

export class Trace {
  readonly events: TraceEvent[] = [];
  private named = new Set<string>();
  /** Flow events: the slice each binds to (its start and duration). */
  private binds = new Map<TraceEvent, { start: number; dur: number }>();

  slice(pid: number, tid: number, name: string, cat: string, start: number, end: number, args?: Record<string, string | number>): void {
    const e: TraceEvent = { name, cat, ph: "X", ts: start, dur: Math.max(0, end - start), pid, tid };
    if (args) e.args = args;
    this.events.push(e);
  }

  instant(pid: number, tid: number, name: string, cat: string, ts: number): void {
    this.events.push({ name, cat, ph: "i", ts, pid, tid, s: "t" });
  }

  /** A flow arrow from one slice to another; `id` must be unique. */
  flow(id: number, name: string, from: FlowEnd, to: FlowEnd): void {
    const s: TraceEvent = { name, cat: "flow", ph: "s", ts: from.ts, pid: from.pid, tid: from.tid, id };
    const f: TraceEvent = { name, cat: "flow", ph: "f", bp: "e", ts: to.ts, pid: to.pid, tid: to.tid, id };
    this.events.push(s, f);
    this.binds.set(s, { start: from.start, dur: Math.max(0, from.end - from.start) });
    this.binds.set(f, { start: to.start, dur: Math.max(0, to.end - to.start) });
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
  toJSON(): { traceEvents: TraceEvent[]; otherData: Record<string, string> } {
    const meta: TraceEvent[] = [
      { name: "process_name", cat: "__metadata", ph: "M", ts: 0, pid: 0, tid: 0, args: { name: "host" } },
      { name: "process_name", cat: "__metadata", ph: "M", ts: 0, pid: 1, tid: 0, args: { name: "device" } },
    ];
    const order = (e: TraceEvent): number => (e.ph === "M" ? 0 : 1);
    // At one time on one track: flows into slices that began earlier (they may end now), then
    // slices longest first (parents before children), each followed by the flows bound to it.
    const binds = this.binds;
    const early = (e: TraceEvent): number => {
      const b = binds.get(e);
      return b !== undefined && b.start < e.ts ? 0 : 1;
    };
    const dur = (e: TraceEvent): number => binds.get(e)?.dur ?? e.dur ?? 0;
    const flowLast = (e: TraceEvent): number => (binds.has(e) ? 1 : 0);
    const evs = [...this.events].sort((a, b) =>
      order(a) - order(b) || a.pid - b.pid || a.tid - b.tid || a.ts - b.ts || early(a) - early(b) || dur(b) - dur(a) || flowLast(a) - flowLast(b) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.id ?? 0) - (b.id ?? 0) || (a.ph < b.ph ? -1 : a.ph > b.ph ? 1 : 0));
    return { traceEvents: [...meta, ...evs], otherData: { timeUnit: "cycles", generator: "ompir" } };
  }
}
