// What the reverse-offload engine and the device (device.ts) know of each other: the two
// sides import these interfaces, never each other, so there is no import cycle.

import type { Loc } from "../../ir/loc.js";
import type { CompiledFn, SegInfo } from "../compile.js";
import type { PresentTable } from "../present.js";
import type { EventQueue } from "../scheduler.js";
import type { Frame, Rt, Warp } from "../simt.js";

/** A scalar argument value: i64 as bigint, every other type as number. */
export type ArgValue = number | bigint;

/** The kernel launch a requesting warp belongs to. */
export interface RequestingKernel {
  readonly launch: number;
  /** The device it runs on (its present table holds the reverse maps' host originals). */
  readonly device: number;
  readonly cf: CompiledFn;
  /** The trace track of (team, warp), or null if warps share their team's track. */
  trackOf(team: number, warp: number): number | null;
  /** This launch and its omp.target when the kernel has been launched more than once. */
  launchSite(): { index: number; loc: Loc } | undefined;
}

/** A device warp that reaches omp.reverse_offload. */
export interface RequestingWarp extends Warp {
  readonly kernel: RequestingKernel;
  readonly teamObj: {
    readonly id: number;
    /** A `nowait` request of the team was issued / completed (its lane sees it at `time`). */
    nowaitIssued(): void;
    nowaitDone(time: number): void;
  };
  readonly index: number;
}

/** What the device asks of the reverse-offload channel. */
export interface RevChannel {
  /** A warp reached omp.reverse_offload with its active lanes; returns false (it waits). */
  issue(warp: RequestingWarp, fr: Frame, info: SegInfo): boolean;
  /** `w` (blocked) waits until the console ring has room. */
  waitForRing(w: Warp): void;
}

/** What the engine needs from the runtime (execute.ts). */
export interface RevRt extends Rt {
  /** Per device, its present table. */
  presents: readonly PresentTable[];
  /** `exit` ran (hard) or main returned. */
  finish(code: number, hard?: boolean, time?: number): void;
  /** `exit` ran: nothing more may run. */
  readonly hardExit: boolean;
  /** The run's event queue (the pool runs its waiting workers at their places in it). */
  readonly queue: EventQueue;
  /** An event at `time` runs now outside the queue, its place in the order being next. */
  eventAt(time: number): void;
}
