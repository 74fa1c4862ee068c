// One lane's reverse-offload request, and the lanes of one warp waiting at one instruction.

import type { Function, MapClause } from "../../ir/ir.js";
import type { CompiledFn, SegInfo } from "../compile.js";
import type { FaultKind, RevOffloadSite } from "../faults.js";
import { FaultSignal } from "../faults.js";
import type { ArgValue, RequestingKernel, RequestingWarp } from "./api.js";

/** One mapped section of one request. */
export interface ReqMap {
  m: MapClause;
  dev: number;
  bytes: number;
  host: number;
  /** A temporary host buffer (no host counterpart, or firstprivate) to free afterwards. */
  temp: boolean;
}

/** One lane's request, with the times of its steps. */
export interface Request {
  id: number;
  group: WarpGroup;
  lane: number;
  thread: number;
  callee: Function;
  cf: CompiledFn | null;
  args: ArgValue[];
  maps: ReqMap[];
  issue: number;
  ticket: number;
  /** The request holds its mailbox slot until it is done (serial: run inline). */
  holdsSlot: boolean;
  visible: number;
  /** Async: when the entry is in the host queue. */
  queued: number;
  start: number;
  end: number;
  done: number;
  /** --trace: the track of the host thread that served it. */
  hostTrack: number;
}

/** The lanes of one warp waiting at one reverse offload. */
export interface WarpGroup {
  warp: RequestingWarp;
  kernel: RequestingKernel;
  site: SegInfo;
  siteCf: CompiledFn;
  reqs: Request[];
  left: number;
  resume: number;
  /** `nowait`: the warp went on; the team's next barrier (or its end) waits for these. */
  nowait: boolean;
}

/** A fault reported at the device call site of `req`. */
export function deviceFault(req: Request, kind: FaultKind, message: string, cycle: number, loc?: MapClause["loc"]): FaultSignal {
  const g = req.group;
  const f = g.warp.faultAt(g.siteCf, g.site.instId, req.lane, kind, message).fault;
  f.cycle = cycle;
  if (loc !== undefined && loc.line > 0) f.loc = loc;
  return new FaultSignal(f);
}

/** The device call site of `req`, for faults in the host code that serves it. */
export function requestSite(req: Request): RevOffloadSite {
  const g = req.group;
  const inst = g.siteCf.fn.insts[g.site.instId]!;
  return { loc: inst.loc, func: g.siteCf.fn.name, kernel: g.kernel.cf.fn.name, team: g.warp.teamObj.id, thread: req.thread };
}
