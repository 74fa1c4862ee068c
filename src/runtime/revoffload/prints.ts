// The device print channel: prints travel device→host through the same channel as requests
// (as on GCN, where printf and reverse offload share the console ring). The poller delivers
// them in the order they became visible; a kernel's completion brings its remaining prints
// along. A warp whose print fills the ring (PRINT_RING undelivered) waits until the host has
// drained it to half, so a program that prints forever runs in bounded memory.

import type { Rt, Warp } from "../simt.js";
import { RUNNING } from "../simt.js";
import { Fifo, Heap } from "../queue.js";
import type { RevStats } from "./stats.js";

/** Device prints the console ring holds undelivered. */
export const PRINT_RING = 65536;

/** A device print on its way to the host. */
export interface PrintMsg {
  time: number;
  visible: number;
  seq: number;
  launch: number;
  delivered: boolean;
  deliver(seen: number): void;
}

const printBefore = (x: PrintMsg, y: PrintMsg): boolean => x.visible < y.visible || (x.visible === y.visible && x.seq < y.seq);

export class PrintChannel {
  private prints = new Heap<PrintMsg>(printBefore);
  private seq = 0;
  /** Warps waiting for room in the console ring. */
  private ringWaiters = new Fifo<Warp>();

  constructor(private readonly rt: Rt, private readonly stats: RevStats) {}

  /** A print issued at `time` by launch `launch`; returns it (the poller is woken for it). */
  send(time: number, launch: number, deliver: (seen: number) => void): PrintMsg {
    const m: PrintMsg = { time, visible: time + this.rt.costs.revOffload.toHost, seq: this.seq++, launch, delivered: false, deliver };
    this.prints.push(m);
    return m;
  }

  /** The ring is full: the printing warp should wait. */
  get full(): boolean {
    return this.prints.size >= PRINT_RING;
  }

  /** The earliest print in the channel. */
  peek(): PrintMsg | undefined {
    return this.prints.peek();
  }

  /** The poller took the earliest print at `seen`. */
  take(seen: number): void {
    this.deliver(this.prints.pop()!, seen);
  }

  /** `w` (blocked) waits until the console ring has room. */
  waitForRing(w: Warp): void {
    this.ringWaiters.push(w);
  }

  /** A kernel completed: its prints still in the channel arrive now (at the latest). */
  kernelDone(launch: number, time: number): void {
    // The heap is small in practice (prints in flight); a linear pass keeps it simple.
    const rest: PrintMsg[] = [];
    for (let m = this.prints.pop(); m !== undefined; m = this.prints.pop()) {
      if (m.launch === launch) this.deliver(m, Math.max(time, m.time));
      else rest.push(m);
    }
    for (const m of rest) this.prints.push(m);
  }

  /** The end of the run: prints still in the channel arrive when they become visible (not
   *  before `after`). */
  flush(after: number): void {
    for (let m = this.prints.pop(); m !== undefined; m = this.prints.pop()) this.deliver(m, Math.max(m.visible, after));
  }

  private deliver(m: PrintMsg, seen: number): void {
    if (m.delivered) return;
    m.delivered = true;
    m.deliver(seen);
    if (this.ringWaiters.size > 0 && this.prints.size <= PRINT_RING / 2) {
      for (const w of this.ringWaiters.drain()) {
        if (w.clock < seen) w.clock = seen;
        w.state = RUNNING;
        this.rt.schedule(w, w.clock);
      }
    }
    const delay = seen - m.time;
    const accs = this.stats.each(m.launch);
    for (let i = 0; i < accs.length; i++) {
      const a = accs[i]!;
      a.prints++;
      a.printSum += delay;
      if (delay > a.maxPrint) a.maxPrint = delay;
    }
  }
}
