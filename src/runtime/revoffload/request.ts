// One lane's reverse-offload request, and the lanes of one warp waiting at one instruction.

import type { Function, MapClause } from "../../ir/ir.js";
import type { CompiledFn, SegInfo } from "../compile.js";
import type { FaultKind, RevOffloadSite } from "../faults.js";
import { FaultSignal } from "../faults.js";
import type { Actor } from "../simt.js";
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

/** The lanes of one warp waiting at one reverse offload; also the event that sends them
 *  (`send` cycles after the warp issued). A lane's Request is made when it gets a mailbox
 *  slot: until then its arguments and map sections wait here, in flat arrays the group keeps
 *  when recycled (a launch may have most of its requests waiting for a slot at once). */
export class WarpGroup implements Actor {
  warp!: RequestingWarp;
  kernel!: RequestingKernel;
  site!: SegInfo;
  siteCf!: CompiledFn;
  callee!: Function;
  cf!: CompiledFn | null;
  issue = 0;
  /** The requesting lanes, in order; the k-th has request id firstId + k. */
  readonly lanes: number[] = [];
  firstId = 0;
  /** Per requesting lane k: its arguments at [k * nargs, ...), its map sections' device
   *  start and bytes at [k * nmaps, ...). */
  nargs = 0;
  readonly args: ArgValue[] = [];
  nmaps = 0;
  readonly mapDev: number[] = [];
  readonly mapBytes: number[] = [];
  /** The next lane (index into `lanes`) to get a slot. */
  sent = 0;
  /** The requests made so far (every lane's by the time the last completes). */
  readonly reqs: Request[] = [];
  left = 0;
  resume = 0;
  /** `nowait`: the warp went on; the team's next barrier (or its end) waits for these. */
  nowait = false;

  constructor(private readonly sender: { send(g: WarpGroup, time: number): void }) {}

  step(time: number): void {
    this.sender.send(this, time);
  }
}

/** Free lists of requests and warp groups: a launch may make millions of requests, and
 *  objects that live for one request each are most of the collector's work. A group and its
 *  requests are returned once every lane's completion arrived (nothing refers to them then). */
export class RequestPool {
  private groups: WarpGroup[] = [];
  private reqs: Request[] = [];

  constructor(private readonly sender: { send(g: WarpGroup, time: number): void }) {}

  group(warp: RequestingWarp, site: SegInfo, siteCf: CompiledFn, callee: Function, cf: CompiledFn | null, nowait: boolean, issue: number): WarpGroup {
    const g = this.groups.pop() ?? new WarpGroup(this.sender);
    g.warp = warp;
    g.kernel = warp.kernel;
    g.site = site;
    g.siteCf = siteCf;
    g.callee = callee;
    g.cf = cf;
    g.issue = issue;
    g.lanes.length = 0;
    g.sent = 0;
    g.left = 0;
    g.resume = 0;
    g.nowait = nowait;
    return g;
  }

  /** The request of `g`'s k-th lane (made when it gets a slot), its times cleared. */
  make(g: WarpGroup, k: number, thread: number, maps: ReqMap[]): Request {
    const r = this.request(g.firstId + k, g, g.lanes[k]!, thread, g.callee, g.cf, maps, g.issue);
    const args = r.args;
    const n = g.nargs;
    if (args.length !== n) args.length = n;
    for (let i = 0, o = k * n; i < n; i++) args[i] = g.args[o + i]!;
    g.reqs.push(r);
    return r;
  }

  /** A request of `g`, its times cleared; its `args` array is reused (set its length). */
  private request(id: number, g: WarpGroup, lane: number, thread: number, callee: Function, cf: CompiledFn | null, maps: ReqMap[], issue: number): Request {
    let r = this.reqs.pop();
    if (r === undefined) {
      return { id, group: g, lane, thread, callee, cf, args: [], maps, issue, ticket: -1, holdsSlot: false, visible: 0, queued: 0, start: 0, end: 0, done: 0, hostTrack: 0 };
    }
    r.id = id;
    r.group = g;
    r.lane = lane;
    r.thread = thread;
    r.callee = callee;
    r.cf = cf;
    r.maps = maps;
    r.issue = issue;
    r.ticket = -1;
    r.holdsSlot = false;
    r.visible = r.queued = r.start = r.end = r.done = r.hostTrack = 0;
    return r;
  }

  /** `g` and its requests are done with. */
  free(g: WarpGroup): void {
    for (let r = g.reqs.pop(); r !== undefined; r = g.reqs.pop()) this.reqs.push(r);
    this.groups.push(g);
  }
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
  const site: RevOffloadSite = { loc: inst.loc, func: g.siteCf.fn.name, kernel: g.kernel.cf.fn.name, team: g.warp.teamObj.id, thread: req.thread };
  const launch = g.kernel.launchSite();
  if (launch !== undefined) site.launch = launch;
  return site;
}
