// One lane's reverse-offload request, and the lanes of one warp waiting at one instruction.

import type { Function, MapClause, OmpReverseOffloadInst } from "../../ir/ir.js";
import type { CompiledFn, SegInfo } from "../compile.js";
import type { FaultKind, RevOffloadSite } from "../faults.js";
import { FaultSignal } from "../faults.js";
import type { Actor } from "../simt.js";
import type { ArgValue, RequestingKernel, RequestingWarp } from "./api.js";
import type { Acc } from "./stats.js";
import { srcLine, toLoc } from "../../ir/loc.js";

/** One mapped section of one request. */
export interface ReqMap {
  m: MapClause;
  dev: number;
  bytes: number;
  host: number;
  /** A temporary host buffer (no host counterpart, or firstprivate) to free afterwards. */
  temp: boolean;
}

/** One lane's request, made when the host side needs it as an object (RequestPool.make):
 *  until then, and for one served in closed form throughout (engine.ts, `pipeline`), the
 *  lane is its group and its rank there (a lane ref). It was issued with its group
 *  (group.issue). */
export interface Request {
  /** Its index in RequestPool.all, for life (queues hold it: a number is stored without the
   *  collector's write barrier, an object with it). */
  readonly slot: number;
  id: number;
  group: WarpGroup;
  lane: number;
  thread: number;
  callee: Function;
  cf: CompiledFn | null;
  args: ArgValue[];
  maps: ReqMap[];
  ticket: number;
  /** The request holds its mailbox slot until it is done (serial: run inline). */
  holdsSlot: boolean;
  /** --trace only (the trace lists each request when its group is done): when a host thread
   *  started and ended it, when its lane saw the completion, and that thread's track. */
  start: number;
  end: number;
  done: number;
  hostTrack: number;
}

/** Objects the host side made since the process started (never reset; a test reads the
 *  difference over a run): recycled ones are not counted again, so a run whose request
 *  path allocates nothing per request makes as many for 8,192 requests as for 4,096. */
export const made = { requests: 0, groups: 0, places: 0 };

/** Shared by every request without map items (most of them): one less array per request. */
export const NO_MAPS: ReqMap[] = [];
/** Stand in for arrays made when first needed (a launch may hold hundreds of blocked groups
 *  and a mailbox of requests alive: each array is one more object for the collector to copy).
 *  Never written: only read, or popped while empty. */
const NO_ARGS: ArgValue[] = [];
const NO_NUMS: number[] = [];
const NO_REQS: Request[] = [];

/** Lane `k` of group `g` as one number (the mailbox's payload, the drained request): a lane
 *  whose Request is not made. */
export const laneRef = (g: WarpGroup, k: number): number => g.index * 64 + k;

/** Warp groups alive at once at most, so that a lane ref is an int32 (`ref >> 6`, an
 *  Int32Array): about 2^25 warps waiting, or `nowait` requests in flight, each group an
 *  object of its own. */
export const MAX_GROUPS = 1 << 25;

/** The lanes of one warp waiting at one reverse offload; also the event that sends them
 *  (`send` cycles after the warp issued). A lane gets a mailbox slot (its lane ref is
 *  published) before its Request is made, if ever (RequestPool.make): a launch may have most
 *  of its requests waiting for a slot, and a declared one served in closed form needs none. */
export class WarpGroup implements Actor {
  warp!: RequestingWarp;
  kernel!: RequestingKernel;
  /** Its launch's counters and the total's (RevStats.each), updated per request. */
  accs!: readonly Acc[];
  site!: SegInfo;
  siteCf!: CompiledFn;
  callee!: Function;
  cf!: CompiledFn | null;
  issue = 0;
  /** Its requests are `declared` (threads.ts's predicate): no body, no map items; the host
   *  function's cost() (-1: none). */
  declared = false;
  cost = -1;
  /** Requesting lanes; the k-th (in lane order) is lanes[k] and has request id firstId + k. */
  count = 0;
  firstId = 0;
  readonly lanes = new Uint8Array(64);
  nargs = 0;
  /** Per requesting lane k: its arguments at [k * nargs, ...), its map sections' device
   *  start and bytes at [2k * maps, ...), filled to nArgs, nMaps (made when first needed). */
  args: ArgValue[] = NO_ARGS;
  nArgs = 0;
  maps: number[] = NO_NUMS;
  nMaps = 0;
  /** Its lanes' arguments are read from the warp's staging arrays when their requests are
   *  served, not copied to `args` (the warp is blocked until they complete: not `nowait`). */
  direct = false;
  /** How many of its lanes got a slot (their requests are made). */
  sent = 0;
  /** With --trace, its requests (the trace lists each when the last completes); else empty:
   *  each request is recycled when it completes (made when first needed). */
  reqs: Request[] = NO_REQS;
  left = 0;
  resume = 0;
  /** `nowait`: the warp went on; the team's next barrier (or its end) waits for these. */
  nowait = false;

  /** `index`: for life, in RequestPool.groupAt (lane refs). */
  constructor(private readonly sender: { send(g: WarpGroup, time: number): void }, readonly index: number) {}

  step(time: number): void {
    this.sender.send(this, time);
  }
}

/** Free lists of requests and warp groups: a launch may make millions of requests, and
 *  objects that live for one request each are most of the collector's work. A lane issued
 *  but not given a slot yet has no Request: its arguments stay in its blocked warp's
 *  staging arrays (a `nowait` group's, whose warp goes on, are copied to the group's
 *  arrays), its map sections in the group's arrays (kept when the group is recycled). Not in one FIFO for all groups: warps
 *  issue ahead of the event order (up to a quantum), so groups send, and their lanes get
 *  slots, in an order other than the one they issued in. */
export class RequestPool {
  /** Stacks with their own counts (an array popped to empty gives back its storage, and
   *  the next push allocates it again: these go 0, 1, 0 once per request). */
  private groups: WarpGroup[] = [];
  private ngroups = 0;
  /** Every group made, by index (lane refs). */
  readonly groupAt: WarpGroup[] = [];
  /** Every request made, by slot; the free ones' slots. */
  readonly all: Request[] = [];
  private reqs: number[] = [];
  private nreqs = 0;

  /** `keep`: groups keep their requests until done (for the trace). */
  constructor(
    private readonly sender: { send(g: WarpGroup, time: number): void },
    private readonly keep: boolean,
    private readonly maxGroups = MAX_GROUPS,
  ) {}

  /** As many groups are alive as there may be (the next `group` would pass maxGroups). */
  full(): boolean {
    return this.ngroups === 0 && this.groupAt.length >= this.maxGroups;
  }

  group(warp: RequestingWarp, site: SegInfo, siteCf: CompiledFn, callee: Function, cf: CompiledFn | null, nowait: boolean, issue: number, firstId: number, nargs: number): WarpGroup {
    let g: WarpGroup;
    if (this.ngroups > 0) g = this.groups[--this.ngroups]!;
    else {
      g = new WarpGroup(this.sender, this.groupAt.length);
      this.groupAt.push(g);
      made.groups++;
    }
    g.warp = warp;
    g.kernel = warp.kernel;
    g.site = site;
    g.siteCf = siteCf;
    g.callee = callee;
    g.cf = cf;
    g.issue = issue;
    g.declared = cf === null && (site.inst as OmpReverseOffloadInst).maps.length === 0;
    g.cost = callee.attrs.cost ?? -1;
    g.count = 0;
    g.firstId = firstId;
    g.nArgs = g.nMaps = 0;
    g.direct = false;
    g.nargs = nargs;
    g.sent = 0;
    g.left = 0;
    g.resume = 0;
    g.nowait = nowait;
    return g;
  }

  /** `g`'s next lane, `lane`, issued (lanes in increasing order); then its arguments (arg)
   *  and map sections (map), in order. */
  lane(g: WarpGroup, lane: number): void {
    g.lanes[g.count++] = lane;
  }

  arg(g: WarpGroup, v: ArgValue): void {
    if (g.args === NO_ARGS) g.args = [];
    g.args[g.nArgs++] = v;
  }

  map(g: WarpGroup, dev: number, bytes: number): void {
    if (g.maps === NO_NUMS) g.maps = [];
    g.maps[g.nMaps++] = dev;
    g.maps[g.nMaps++] = bytes;
  }

  /** The group of lane ref `ref`. */
  groupOf(ref: number): WarpGroup {
    return this.groupAt[ref >> 6]!;
  }

  /** The Request of lane ref `ref`, published with mailbox ticket `ticket`, made now (once
   *  per lane: when the host side first needs the object). Its times are not cleared: with
   *  --trace the completion sets them before anything reads them. */
  make(ref: number, ticket: number): Request {
    const g = this.groupOf(ref);
    const k = ref & 63;
    const lane = g.lanes[k]!;
    // Every lane stored its sections: nMaps > 0 iff its instruction has map items.
    const maps = g.nMaps > 0 ? lanesMaps(g, k) : NO_MAPS;
    const id = g.firstId + k;
    const thread = g.warp.lane0 + lane;
    let r: Request;
    if (this.nreqs === 0) {
      r = { slot: this.all.length, id, group: g, lane, thread, callee: g.callee, cf: g.cf, args: NO_ARGS, maps, ticket, holdsSlot: false, start: 0, end: 0, done: 0, hostTrack: 0 };
      this.all.push(r);
      made.requests++;
    } else {
      r = this.all[this.reqs[--this.nreqs]!]!;
      r.id = id;
      // Pointer fields are stored only when they change (the group's lanes follow one
      // another): a store of an object pays the collector's write barrier.
      if (r.group !== g) r.group = g;
      if (r.callee !== g.callee) r.callee = g.callee;
      if (r.cf !== g.cf) r.cf = g.cf;
      r.lane = lane;
      r.thread = thread;
      if (r.maps !== maps) r.maps = maps;
      r.ticket = ticket;
      r.holdsSlot = false;
    }
    if (this.keep) {
      if (g.reqs === NO_REQS) g.reqs = [];
      g.reqs.push(r);
    }
    return r;
  }

  /** `r` completed and nothing refers to it any more (groups do not keep it: no trace). */
  done(r: Request): void {
    if (!this.keep) this.reqs[this.nreqs++] = r.slot;
  }

  /** `g` and its requests are done with. */
  free(g: WarpGroup): void {
    for (let r = g.reqs.pop(); r !== undefined; r = g.reqs.pop()) this.reqs[this.nreqs++] = r.slot;
    this.groups[this.ngroups++] = g;
  }
}

/** The map sections of `g`'s k-th requesting lane. */
function lanesMaps(g: WarpGroup, k: number): ReqMap[] {
  const ms = (g.site.inst as OmpReverseOffloadInst).maps;
  const maps: ReqMap[] = [];
  for (let j = 0, o = 2 * k * ms.length; j < ms.length; j++) maps.push({ m: ms[j]!, dev: g.maps[o + 2 * j]!, bytes: g.maps[o + 2 * j + 1]!, host: 0, temp: false });
  return maps;
}

/** `req`'s arguments, read into req.args when it is served (only a host function with a body
 *  or map items needs them): a blocking group's from its warp's staging arrays (the warp
 *  cannot run until all of its requests completed), a `nowait` group's from the group. */
export function requestArgs(req: Request): ArgValue[] {
  const g = req.group;
  const n = g.nargs;
  let args = req.args;
  if (args === NO_ARGS) args = req.args = [];
  if (args.length !== n) args.length = n;
  if (g.direct) {
    const w = g.warp;
    const W = w.W;
    const l = req.lane;
    const a0 = g.site.stage!.args;
    const big = g.site.stagedBig;
    for (let i = 0; i < n; i++) args[i] = big[a0 + i] ? w.stageB[(a0 + i) * W + l]! : w.stageF[(a0 + i) * W + l]!;
  } else for (let i = 0, o = (req.id - g.firstId) * n; i < n; i++) args[i] = g.args[o + i]!;
  return args;
}

/** A fault reported at the device call site of `req`. */
export function deviceFault(req: Request, kind: FaultKind, message: string, cycle: number, loc?: MapClause["loc"]): FaultSignal {
  const g = req.group;
  const f = g.warp.faultAt(g.siteCf, g.site.instId, req.lane, kind, message).fault;
  f.cycle = cycle;
  if (loc !== undefined && srcLine(loc) > 0) f.loc = toLoc(loc);
  return new FaultSignal(f);
}

/** The device call site of `req`, for faults in the host code that serves it. */
export function requestSite(req: Request): RevOffloadSite {
  const g = req.group;
  const inst = g.siteCf.fn.insts[g.site.instId]!;
  const site: RevOffloadSite = { loc: toLoc(inst.loc), func: g.siteCf.fn.name, kernel: g.kernel.cf.fn.name, team: g.warp.teamObj.id, thread: req.thread };
  const launch = g.kernel.launchSite();
  if (launch !== undefined) site.launch = launch;
  return site;
}
