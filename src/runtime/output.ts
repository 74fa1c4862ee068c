// Program output: ordered, streamed to the run's sink as soon as its place is final, and
// (on request) labelled for the differential order check (docs/LANGUAGE.md, "Order of output").
//
// Order: by when the host has a line (`seen`; device prints reach it through the
// reverse-offload channel), then by simulated time, launch, team, thread and issue order.
// Every future line has `seen` >= the time of the event being processed (actors never run
// behind the event queue), so a line whose `seen` is below the current event time has its
// final place: `release(t)` writes those out. Memory holds only lines not yet final.
//
// The language's rule holds because time is causal: a line printed before a team-wide
// synchronisation has a time before the barrier's release, every line after it a later one,
// and the channel delivers in time order; a synchronous launch's lines reach the host at
// the latest at its completion, before the host resumes.

import { Heap } from "./queue.js";

/** One output record (one executed print). */
interface OutRec {
  time: number;
  /** When the host has it (device prints: set on delivery through the channel). */
  seen: number;
  launch: number;
  team: number;
  thread: number;
  seq: number;
  text: string;
  /** Order label (only when recording): the team's sync epoch, -1 host main, -2 a host
   *  thread serving reverse offload. */
  epoch: number;
}

/** An output record as the order check sees it (RunResult.outputOrder). */
export interface OutputLine {
  text: string;
  /** Launch index, or -1 for host code. */
  launch: number;
  team: number;
  thread: number;
  /** Device: number of team-wide synchronisations of the team before the print (barrier
   *  releases, and the start and end of every parallel region). -1: host main; -2: a host
   *  function run by reverse offload (not ordered by the rule). */
  epoch: number;
}

/** Output in its final order with the labels of the order rule (RunOptions.recordOutputOrder). */
export interface OutputOrder {
  lines: OutputLine[];
  /** Per launch: host-main lines printed before it was issued, and before the host had
   *  waited for it (synchronous launch or taskwait; Infinity if never). */
  launches: { issued: number; waited: number }[];
}

/** Sink writes are batched to about this many characters. */
const CHUNK = 8192;

const before = (a: OutRec, b: OutRec): boolean =>
  a.seen < b.seen || (a.seen === b.seen && (a.time < b.time || (a.time === b.time && (a.launch < b.launch || (a.launch === b.launch &&
    (a.team < b.team || (a.team === b.team && (a.thread < b.thread || (a.thread === b.thread && a.seq < b.seq)))))))));

export class OutputStream {
  private heap = new Heap<OutRec>(before);
  private seq = 0;
  private buf: string[] = [];
  private bufLen = 0;
  /** Collected output when there is no sink. */
  collected = "";
  /** Host-main lines issued so far (for the launch labels). */
  hostLines = 0;
  readonly order: OutputOrder | null;

  constructor(private readonly sink: ((text: string) => void) | undefined, record: boolean) {
    this.order = record ? { lines: [], launches: [] } : null;
  }

  /** A line the host has at `seen` (host output: seen = time). */
  add(time: number, seen: number, launch: number, team: number, thread: number, text: string, epoch: number): void {
    if (epoch === -1) this.hostLines++;
    this.push({ time, seen, launch, team, thread, seq: this.seq++, text, epoch });
  }

  /** A device line in flight: returns the delivery callback the channel calls with `seen`. */
  inFlight(time: number, launch: number, team: number, thread: number, text: string, epoch: number): (seen: number) => void {
    const r: OutRec = { time, seen: NaN, launch, team, thread, seq: this.seq++, text, epoch };
    return (seen) => {
      r.seen = seen;
      this.push(r);
    };
  }

  noteLaunch(): void {
    this.order?.launches.push({ issued: this.hostLines, waited: Infinity });
  }

  noteWaited(launch: number): void {
    const l = this.order?.launches[launch];
    if (l !== undefined && l.waited === Infinity) l.waited = this.hostLines;
  }

  /** Writes out every line that can no longer be overtaken: seen < t (and time <= maxTime). */
  release(t: number, maxTime = Infinity): void {
    const h = this.heap;
    while (h.size > 0 && h.peek()!.seen < t) this.emit(this.pop(), maxTime);
  }

  /** The end of the run: everything the host has by `seenLimit`, printed at or before `maxTime`. */
  finish(seenLimit = Infinity, maxTime = Infinity): void {
    const h = this.heap;
    while (h.size > 0 && h.peek()!.seen <= seenLimit) this.emit(this.pop(), maxTime);
    h.clear();
    this.flushBuf();
  }

  private emit(r: OutRec, maxTime: number): void {
    if (r.time > maxTime) return;
    this.order?.lines.push({ text: r.text, launch: r.launch, team: r.team, thread: r.thread, epoch: r.epoch });
    if (this.sink === undefined) {
      this.collected += r.text;
      return;
    }
    this.buf.push(r.text);
    this.bufLen += r.text.length;
    if (this.bufLen >= CHUNK) this.flushBuf();
  }

  private flushBuf(): void {
    if (this.bufLen === 0 && this.buf.length === 0) return;
    const text = this.buf.join("");
    this.buf = [];
    this.bufLen = 0;
    if (text !== "") this.sink!(text);
  }

  private push(r: OutRec): void {
    this.heap.push(r);
  }

  private pop(): OutRec {
    return this.heap.pop()!;
  }
}
