// execute(): runs a module's host `main` on the host interpreter and its kernels on the
// simulated GPU, on one discrete-event clock (docs/RUNTIME.md). Never throws for program
// faults: they come back in RunResult.fault.

import type { Function, Global, Module } from "../ir/ir.js";
import { operands, requiresOf } from "../ir/ir.js";
import { NO_LOC, toLoc } from "../ir/loc.js";
import type { FuncId } from "../ir/types.js";
import { computeCfg } from "../ir/cfg.js";
import { VIRTUAL_EXIT, computePostDominators } from "../ir/dominators.js";
import type { CompiledFn } from "./compile.js";
import { compileFunction } from "./compile.js";
import type { CostModel } from "./cost.js";
import type { Machine, MachineName } from "./machine.js";
import { MACHINES, MACHINE_NAMES } from "./machine.js";
import { mergeCostModel } from "./cost.js";
import type { KernelRun, Team } from "./device.js";
import type { RuntimeFault } from "./faults.js";
import { FaultSignal } from "./faults.js";
import { HostWarp } from "./host.js";
import type { HostRt } from "./host.js";
import { DEFAULT_DEVICE_HEAP, DeviceHeap } from "./heap.js";
import type { IdLimits } from "./memory.js";
import { DEFAULT_MEMORY_LIMIT, MAX_MEMORY_LIMIT, Memory, OutOfMemory, SP_GLOBAL, SP_HOST, SP_LOCAL, SP_SHARED, TWO32, ptrId } from "./memory.js";
import { Q_OWN } from "./quarantine.js";
import { PresentTable } from "./present.js";
import { EventQueue } from "./scheduler.js";
import type { Helpers } from "./compile.js";
import type { Actor } from "./simt.js";
import { BLOCKED, FK_HOST_MAIN, WarpPool, makeHelpers } from "./simt.js";
import type { RunStats } from "./stats.js";
import { totals } from "./stats.js";
import type { TraceEvent } from "./trace.js";
import { Trace } from "./trace.js";
import type { RaceReport } from "./races.js";
import { RaceDetector } from "./races.js";
import type { OutputOrder } from "./output.js";
import { OutputStream } from "./output.js";
import type { MailboxFault, PublishProtocol } from "./mailbox.js";
import { MAILBOX_FAULTS } from "./mailbox.js";
import type { RevOffloadMode } from "./revoffload/index.js";
import { DEFAULT_MAILBOX_SLOTS, DEFAULT_REV_OFFLOAD_KEEP_ALIVE, DEFAULT_REV_OFFLOAD_THREADS, REV_OFFLOAD_MODES, RevOffload } from "./revoffload/index.js";

export interface RunOptions {
  /** Launch defaults when omp.target has no teams()/threads() clause (defaults 4 and 128). */
  teams?: number;
  threads?: number;
  /** Lanes per warp (default: the machine's, 32 but on mi250x; 1..64). */
  warpSize?: number;
  /** Devices (default 1; 1..MAX_DEVICES): omp.target device(n) launches on device n, each
   *  with its own data environment; the host is the initial device, number `devices`. */
  devices?: number;
  /** The machine model (docs/COST_MODEL.md): SMs, resident warps and teams per SM, and the
   *  runtime costs it turns on. Default "ideal": one SM per team, the state machine's and
   *  the allocator's own work free. */
  machine?: MachineName;
  /** Fault when one warp (or the host, or a reverse-offload host thread) has executed more
   *  than this many instructions (default 200,000,000). */
  maxSteps?: number;
  costModel?: Partial<CostModel> | Record<string, unknown>;
  trace?: boolean;
  /** Program output sink, called (in chunks) as soon as output's place is final; without
   *  one, output is collected into RunResult.stdout. */
  stdout?: (text: string) => void;
  /** Label every output line for the order check (RunResult.outputOrder). Default false. */
  recordOutputOrder?: boolean;
  /** Report data races between threads of a team (RunResult.races). */
  detectRaces?: boolean;
  /** Reverse offload on the host: `serial` (inline, one at a time) or `async` (default). */
  revOffload?: RevOffloadMode;
  /** Async: at most this many host worker threads (default 8, OMP_REVERSE_OFFLOAD_THREADS). */
  revOffloadThreads?: number;
  /** Device-to-host mailbox slots (default 1024). */
  mailboxSlots?: number;
  /** Async: cycles an idle pool worker waits for the next request before it exits
   *  (default DEFAULT_REV_OFFLOAD_KEEP_ALIVE; 0 exits at once, as libgomp does). */
  revOffloadKeepAlive?: number;
  /** List every reverse-offload call in RunResult.revOffloadCalls (costs memory per call). */
  listRevOffloadCalls?: boolean;
  /** Inject a memory-ordering fault into the mailbox (docs/REVERSE_OFFLOAD.md). */
  mailboxFault?: MailboxFault;
  /** Simulated memory in bytes, all spaces together (default 1 GiB; docs/RUNTIME.md). */
  memoryLimit?: number;
  /** For tests of the edges of the id limits (docs/RUNTIME.md, "Memory"): a smaller
   *  quarantine window and fewer ids, so a test reaches them in few allocations. */
  ids?: IdLimits;
  /** Each device's malloc heap in bytes (default 8 MiB, CUDA's; 0..memoryLimit): device
   *  `malloc` (omp.malloc) returns null past it. */
  deviceHeap?: number;
  /** For tests of the fault injection only: how the device publishes a payload. */
  mailboxProtocol?: PublishProtocol;
  /** Called at every simulation event with where the run is (computed only when asked: the
   *  caller throttles), for a progress line; must not throw. */
  onProgress?: (progress: () => RunProgress) => void;
}

/** Where a run is: the simulated cycle, kernels launched and finished, reverse-offload requests. */
export interface RunProgress {
  cycle: number;
  kernelsLaunched: number;
  kernelsDone: number;
  requests: number;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  fault: RuntimeFault | null;
  stats: RunStats;
  trace: TraceEvent[] | null;
  hostMemory: string;
  /** Data races found (only with detectRaces), in the order found. */
  races: RaceReport[];
  /** Every reverse-offload call, one line per call, per (launch, team, thread) in program
   *  order: `#L @kernel team T thread N: @fn(args)` (pointers relative to the call's map
   *  sections, `map<j>+<offset>`, or as `<space>+<offset>`); `host: @fn(args)` for calls
   *  from host code. For differential tests (docs/RUNTIME.md). Null unless
   *  RunOptions.listRevOffloadCalls. */
  revOffloadCalls: string | null;
  /** Output lines in order with their order labels (only with recordOutputOrder). */
  outputOrder: OutputOrder | null;
  /** executeAsync stopped by its signal: the cycle it stopped at; else null. */
  interrupted: number | null;
}

export const DEFAULT_TEAMS = 4;
export const DEFAULT_THREADS = 128;
export const DEFAULT_WARP_SIZE = 32;
export const DEFAULT_MAX_STEPS = 200_000_000;
export const MAX_DEVICES = 64;

/** Exit status of a run that faulted. */
export const FAULT_EXIT = 1;
/** Exit status of a run stopped by executeAsync's signal (128 + SIGINT, as a shell reports it). */
export const INTERRUPT_EXIT = 130;

class Runtime implements HostRt {
  mem: Memory;
  heap: DeviceHeap;
  machine: Machine;
  costs: CostModel;
  file: string;
  maxSteps: number;
  trace: Trace | null;
  races: RaceDetector | null;
  presents: PresentTable[];
  numDevices: number;
  defaults: { teams: number; threads: number; warpSize: number };
  stageSlots: number;
  kernels: KernelRun[] = [];
  warpPool: WarpPool;
  queue = new EventQueue();
  out: OutputStream;
  exitCode: number | null = null;
  /** `exit` ran: stop at once, even with kernels in flight. */
  hardExit = false;
  /** The time of the event running now (the event loop's, or one run outside the queue). */
  cycle = 0;
  exitTime = Infinity;
  rev: RevOffload;
  globalPtr: number[] = [];
  /** Per global, its index among the local globals, or -1; and the local globals. */
  localIndex: number[] = [];
  localGlobals: Global[] = [];
  funcPtr: number[] = [];
  private funcByAlloc = new Map<number, Function>();
  private cache: (CompiledFn | null | undefined)[][] = [[], []];
  private ipdoms: (Int32Array | undefined)[] = [];
  private helpers: Helpers = makeHelpers();
  host!: HostWarp;

  constructor(readonly m: Module, opts: RunOptions) {
    this.mem = new Memory(opts.memoryLimit ?? DEFAULT_MEMORY_LIMIT, undefined, undefined, opts.ids);
    this.machine = machineOf(opts.machine);
    this.costs = mergeCostModel(opts.costModel, mergeCostModel(this.machine.costs));
    this.file = m.file;
    this.maxSteps = opts.maxSteps ?? DEFAULT_MAX_STEPS;
    this.trace = opts.trace ? new Trace() : null;
    this.out = new OutputStream(opts.stdout, opts.recordOutputOrder ?? false);
    this.races = opts.detectRaces ? new RaceDetector() : null;
    this.numDevices = opts.devices ?? 1;
    if (!(Number.isInteger(this.numDevices) && this.numDevices >= 1 && this.numDevices <= MAX_DEVICES)) throw new RangeError(`devices must be 1..${MAX_DEVICES}, got ${this.numDevices}`);
    // Under `requires unified_shared_memory` host and devices share memory: maps copy nothing.
    const unified = requiresOf(m, "unified_shared_memory");
    this.mem.unified = unified;
    const heap = opts.deviceHeap ?? DEFAULT_DEVICE_HEAP;
    if (!(Number.isInteger(heap) && heap >= 0 && heap <= MAX_MEMORY_LIMIT)) throw new RangeError(`device heap must be an integer from 0 to ${MAX_MEMORY_LIMIT} bytes, got ${heap}`);
    this.heap = new DeviceHeap(this.mem, heap, this.numDevices, m.file);
    this.presents = Array.from({ length: this.numDevices }, () => new PresentTable(this.mem, unified));
    this.defaults = { teams: opts.teams ?? DEFAULT_TEAMS, threads: opts.threads ?? DEFAULT_THREADS, warpSize: opts.warpSize ?? this.machine.warpSize };
    let slots = 1;
    let deviceRequests = false;
    for (const f of m.functions) {
      for (const b of f.layout) {
        for (const id of f.blocks[b]!.insts) {
          slots = Math.max(slots, operands(f.insts[id]!).length);
          if (f.kind !== "host" && f.insts[id]!.kind === "omp.reverse_offload") deviceRequests = true;
        }
      }
    }
    this.stageSlots = slots;
    this.rev = new RevOffload(this, revConfig(opts, deviceRequests), slots, opts.listRevOffloadCalls ?? false);
    for (const g of m.globals) {
      this.localIndex.push(g.space === "local" ? this.localGlobals.length : -1);
      if (g.space === "local") this.localGlobals.push(g);
    }
    this.warpPool = new WarpPool(slots, this.localGlobals.length);
    for (const f of m.functions) {
      const p = this.mem.funcAddress();
      this.funcPtr.push(p);
      this.funcByAlloc.set(ptrId(p), f);
    }
  }

  isPresent(p: number, device: number): number {
    if (device === this.numDevices) return 1;
    if (p === 0 || !(Number.isInteger(device) && device >= 0 && device < this.numDevices)) return 0;
    return this.presents[device]!.contains(p) ? 1 : 0;
  }

  get localGlobalCount(): number {
    return this.localGlobals.length;
  }

  /** One thread's copy of local global `k`: allocated at the thread's first reference,
   *  initialised from the initializer (as if at kernel start: no other thread can reach it
   *  before), freed when the thread's team ends. */
  allocLocalGlobal(k: number, ring: number): number {
    const g = this.localGlobals[k]!;
    const bytes = g.count * sizeOfType(g.type);
    let p: number;
    try {
      p = this.mem.alloc(SP_LOCAL, bytes, true, ring);
    } catch (e) {
      if (!(e instanceof OutOfMemory)) throw e;
      throw new OutOfMemory(bytes, `local global @${g.name} (${bytes} bytes per thread): ${e.message}`);
    }
    initGlobal(this.mem, p, g);
    return p;
  }

  /** Host and global globals, once for the program (at its start); an out-of-memory fault
   *  at the global that does not fit. Shared and local globals are per team / per thread. */
  allocGlobals(): void {
    for (const g of this.m.globals) {
      if (g.space === "shared" || g.space === "local") this.globalPtr.push(NaN);
      else {
        const bytes = g.count * sizeOfType(g.type);
        let p: number;
        try {
          p = this.mem.alloc(g.space === "host" ? SP_HOST : SP_GLOBAL, bytes);
        } catch (e) {
          if (!(e instanceof OutOfMemory)) throw e;
          throw new FaultSignal({ kind: "out-of-memory", message: `global @${g.name} (${bytes} bytes): ${e.message}`, file: this.file, loc: toLoc(g.loc), func: null, cycle: 0 });
        }
        initGlobal(this.mem, p, g);
        this.globalPtr.push(p);
      }
    }
  }

  schedule(a: Actor, time: number): void {
    this.queue.push(a, time);
  }

  /** An event at `time` runs now without going through the queue (its place in the order
   *  is next): what the event loop does before each event. */
  eventAt(time: number): void {
    this.cycle = time;
    this.out.release(time);
  }

  output(time: number, launch: number, team: number, thread: number, text: string, epoch: number): boolean {
    if (launch >= 0) return this.rev.print(time, launch, this.out.inFlight(time, launch, team, thread, text, epoch));
    this.out.add(time, time, launch, team, thread, text, epoch);
    return false;
  }

  compiled(f: Function, device: boolean): CompiledFn | null {
    const c = this.cache[device ? 1 : 0]!;
    const hit = c[f.id];
    if (hit !== undefined) return hit;
    if (f.layout.length === 0) return (c[f.id] = null);
    let ip = this.ipdoms[f.id];
    if (ip === undefined) ip = this.ipdoms[f.id] = reconvergenceBlocks(f);
    const cf = compileFunction(f, {
      module: this.m, W: device ? this.defaults.warpSize : 1, device, costs: this.costs,
      globalPtr: this.globalPtr, localIndex: this.localIndex, funcPtr: this.funcPtr, ipdom: ip, helpers: this.helpers, races: this.races !== null, unified: this.mem.unified,
    });
    return (c[f.id] = cf);
  }

  functionAt(p: number): Function | null {
    if (p <= 0 || p % TWO32 !== 0) return null;
    return this.funcByAlloc.get(ptrId(p)) ?? null;
  }

  functionById(id: FuncId | number): Function {
    return this.m.functions[id]!;
  }

  /** A team's copies of the shared globals (at team start); throws OutOfMemory. */
  initShared(team: Team): void {
    team.sg = this.globalPtr.slice();
    this.m.globals.forEach((g, i) => {
      if (g.space !== "shared") return;
      const bytes = g.count * sizeOfType(g.type);
      let p: number;
      try {
        p = this.mem.alloc(SP_SHARED, bytes, true, team.qRing(2 * team.size + 1 + i, Q_OWN, `@${g.name}`));
      } catch (e) {
        if (!(e instanceof OutOfMemory)) throw e;
        throw new OutOfMemory(bytes, `shared global @${g.name} (${bytes} bytes) of team ${team.id}: ${e.message}`);
      }
      initGlobal(this.mem, p, g);
      team.sg[i] = p;
      team.sharedIds.push(ptrId(p));
      team.noteShared(bytes);
    });
  }

  finish(code: number, hard = false, time = Infinity): void {
    if (this.exitCode !== null) return;
    this.exitCode = code;
    this.hardExit = hard;
    if (hard) this.exitTime = time;
  }
}

/**
 * Where the lanes of each block's divergent cond_br reconverge: the nearest common
 * post-dominator of its two targets (-1: the virtual exit), in the post-dominator tree that
 * links loops without exits to the virtual exit at their header. This is the block's
 * ipdom, except at such a header, whose lanes meet again at the header itself: a guard in
 * an exit-less loop must not hold its lanes apart forever (a deadlock at the next barrier).
 */
export function reconvergenceBlocks(f: Function): Int32Array {
  const cfg = computeCfg(f);
  const ip = computePostDominators(f, cfg, { infiniteLoopRoot: "header" }).ipdom;
  const out = Int32Array.from(ip);
  for (const b of cfg.rpo) {
    const insts = f.blocks[b]!.insts;
    const term = f.insts[insts[insts.length - 1]!]!;
    if (term.kind !== "cond_br") continue;
    const above = new Set<number>();
    for (let x: number = term.then; x >= 0; x = ip[x]!) above.add(x);
    let y: number = term.else;
    while (y >= 0 && !above.has(y)) y = ip[y]!;
    out[b] = y < 0 ? VIRTUAL_EXIT : y;
  }
  return out;
}

function machineOf(name: MachineName | undefined): Machine {
  const m = name === undefined ? MACHINES.ideal : MACHINES[name];
  if (m === undefined || !MACHINE_NAMES.includes(name ?? "ideal")) throw new RangeError(`unknown machine '${String(name)}' (${MACHINE_NAMES.join(", ")})`);
  return m;
}

function revConfig(opts: RunOptions, deviceRequests: boolean): RevOffload["cfg"] {
  const mode = opts.revOffload ?? "async";
  if (!REV_OFFLOAD_MODES.includes(mode)) throw new RangeError(`reverse offload mode must be serial or async, got ${String(mode)}`);
  const threads = opts.revOffloadThreads ?? DEFAULT_REV_OFFLOAD_THREADS;
  if (!(Number.isInteger(threads) && threads >= 1)) throw new RangeError(`reverse offload threads must be a positive integer, got ${threads}`);
  const slots = opts.mailboxSlots ?? DEFAULT_MAILBOX_SLOTS;
  if (!(Number.isInteger(slots) && slots >= 1)) throw new RangeError(`mailbox slots must be a positive integer, got ${slots}`);
  const fault = opts.mailboxFault ?? "none";
  if (!MAILBOX_FAULTS.includes(fault)) throw new RangeError(`unknown mailbox fault '${String(fault)}'`);
  const keepAlive = opts.revOffloadKeepAlive ?? DEFAULT_REV_OFFLOAD_KEEP_ALIVE;
  if (!(Number.isSafeInteger(keepAlive) && keepAlive >= 0)) throw new RangeError(`reverse offload keep-alive must be a non-negative integer, got ${keepAlive}`);
  return { mode, threads, slots, fault, protocol: opts.mailboxProtocol ?? "atomic-fields", keepAlive, deviceRequests };
}

function sizeOfType(t: Global["type"]): number {
  return t === "i1" || t === "i8" ? 1 : t === "i16" ? 2 : t === "i32" || t === "f32" ? 4 : 8;
}

function initGlobal(mem: Memory, p: number, g: Global): void {
  if (g.init === null) return;
  const a = mem.base[ptrId(p)]!;
  const dv = mem.dv;
  g.init.forEach((v, i) => {
    if (i >= g.count) return;
    const at = a + i * sizeOfType(g.type);
    switch (g.type) {
      case "i1":
      case "i8":
        dv.setInt8(at, Number(v ?? 0));
        break;
      case "i16":
        dv.setInt16(at, Number(v ?? 0), true);
        break;
      case "i32":
        dv.setInt32(at, Number(v ?? 0), true);
        break;
      case "i64":
        dv.setBigInt64(at, typeof v === "bigint" ? v : BigInt(v ?? 0), true);
        break;
      case "f32":
        dv.setFloat32(at, Number(v ?? 0), true);
        break;
      case "f64":
      case "ptr":
        dv.setFloat64(at, Number(v ?? 0), true);
        break;
    }
  });
}

/** A run in progress. execute() drives it to the end at once; executeAsync() in slices,
 *  returning to the event loop between them so that an AbortSignal (Ctrl-C) can stop it. */
class Run {
  readonly rt: Runtime;
  readonly host: HostWarp;
  fault: RuntimeFault | null = null;
  /** With a fault: the output printed up to this cycle is kept (FaultSignal.outputUntil). */
  outputUntil = 0;
  over = false;
  /** The cycle the run was stopped at by interrupt(), or null. */
  interruptedAt: number | null = null;

  constructor(readonly m: Module, readonly opts: RunOptions) {
    const W = opts.warpSize ?? machineOf(opts.machine).warpSize;
    if (!(Number.isInteger(W) && W >= 1 && W <= 64)) throw new RangeError(`warp size must be 1..64, got ${W}`);
    const rt = (this.rt = new Runtime(m, opts));
    const host = (this.host = new HostWarp(rt));
    rt.host = host;
    const main = m.functions.find((f) => f.name === "main" && f.kind === "host");
    this.guard(() => {
      rt.allocGlobals();
      const cf = main === undefined ? null : rt.compiled(main, false);
      if (main === undefined || cf === null) {
        this.fault = { kind: "no-body", message: "the program has no host function @main with a body", file: m.file, loc: NO_LOC, func: null, cycle: 0 };
        this.over = true;
        return;
      }
      const fr = host.newFrame(cf, null, FK_HOST_MAIN, Uint8Array.of(1), 0);
      fr.F.fill(0);
      fr.B.fill(0n);
      host.frame = fr;
      host.setActive(fr);
      rt.schedule(host, 0);
      rt.rev.startPool(-1, 0);
    });
  }

  /** Runs at most `budget` events; true once the run is over. */
  advance(budget: number): boolean {
    if (this.over) return true;
    const rt = this.rt;
    const onProgress = this.opts.onProgress;
    const where = (): RunProgress => ({ cycle: rt.cycle, kernelsLaunched: rt.kernels.length, kernelsDone: rt.kernels.filter((k) => k.teamsLeft === 0).length, requests: rt.rev.totalStats().requests });
    this.guard(() => {
      for (let i = 0; i < budget; i++) {
        const ev = rt.queue.pop();
        if (ev === null) {
          this.end();
          return;
        }
        rt.eventAt(ev.time);
        if (onProgress !== undefined) onProgress(where);
        ev.actor.step(ev.time);
        // `exit` (in main or in a host function run by reverse offload) stops at once; else
        // run until nothing is left (the reverse-offload channel drains after main returns).
        if (rt.hardExit) {
          this.end();
          return;
        }
      }
    });
    return this.over;
  }

  /** Stops the run where it is (the result keeps everything up to this cycle). */
  interrupt(): void {
    if (this.over) return;
    this.over = true;
    this.interruptedAt = this.rt.cycle;
    this.rt.rev.flush();
  }

  private end(): void {
    this.over = true;
    if (!this.rt.hardExit) this.rt.rev.flush();
    if (this.rt.exitCode === null) this.fault = diagnoseStall(this.rt, this.host);
  }

  /** Runs `f`; a program fault thrown inside ends the run with that fault. */
  private guard(f: () => void): void {
    try {
      f();
    } catch (e) {
      // Every allocating instruction reports its own OutOfMemory; this is a safety net.
      if (e instanceof OutOfMemory) this.fault = { kind: "out-of-memory", message: e.message, file: this.m.file, loc: NO_LOC, func: null, cycle: this.host.clock };
      else if (!(e instanceof FaultSignal)) throw e;
      else {
        this.fault = e.fault;
        this.outputUntil = e.outputUntil;
      }
      this.over = true;
      // A fault loses no output printed before it: what is still in the channel arrives.
      this.rt.rev.flush();
    }
  }

  result(): RunResult {
    const { rt, host, fault } = this;
    // Where the run stopped early (a fault or an interrupt), launches still running are cut
    // there: their stats and trace slices cover what they did up to that cycle.
    const stop = fault !== null ? fault.cycle : this.interruptedAt;
    const endCycle = Math.max(host.clock, ...rt.kernels.map((k) => (k.teamsLeft === 0 ? k.stats.endCycle : Math.min(k.clockNow(), stop ?? Infinity))));
    if (stop !== null) for (const k of rt.kernels) if (k.teamsLeft > 0) k.cutShort(Math.max(k.startTime, Math.min(stop, endCycle)));
    if (rt.trace !== null) {
      rt.trace.track(0, 0, "host");
      rt.trace.slice(0, 0, "@main", "host", 0, endCycle);
      if (fault !== null) rt.trace.instant(0, 0, `fault: ${fault.kind}`, "fault", fault.cycle);
      else if (this.interruptedAt !== null) rt.trace.instant(0, 0, "interrupted", "fault", this.interruptedAt);
    }
    // After `exit`, only what the host had by then; after a fault or an interrupt, what was
    // printed up to it.
    rt.out.finish(rt.exitTime, fault !== null ? Math.max(stop!, this.outputUntil) : stop ?? Infinity);
    const stdout = rt.out.collected;
    const kernels = rt.kernels.filter((k) => k.teamsLeft === 0 || stop !== null).map((k) => k.stats);
    for (const k of kernels) k.revOffload = rt.rev.kernelStats(k.launch);
    const result = {
      exitCode: fault !== null ? FAULT_EXIT : this.interruptedAt !== null ? INTERRUPT_EXIT : rt.exitCode ?? 0,
      stdout,
      fault,
      interrupted: this.interruptedAt,
      stats: { kernels, totals: totals(kernels, endCycle, host.issued + rt.rev.hostIssued(), rt.rev.totalStats()) },
      trace: rt.trace !== null ? rt.trace.toJSON().traceEvents : null,
      hostMemory: "",
      races: rt.races?.reports ?? [],
      revOffloadCalls: rt.rev.callListing((launch) => rt.kernels[launch]!.cf.fn.name),
      outputOrder: rt.out.order,
    };
    // Computed on first read (hashing big arrays is not free), then cached; enumerable, so
    // JSON.stringify and deep equality still see it.
    let digest: string | null = null;
    Object.defineProperty(result, "hostMemory", { enumerable: true, get: () => (digest ??= hostMemory(rt, host)) });
    return result;
  }
}

/** Runs the program. Program faults are returned, never thrown. */
export function execute(m: Module, opts: RunOptions = {}): RunResult {
  const run = new Run(m, opts);
  while (!run.advance(Infinity));
  return run.result();
}

/** Events run between two looks at the wall clock. */
const SLICE_EVENTS = 256;
/** Wall-clock milliseconds between two returns to the event loop. */
const SLICE_MS = 50;

/**
 * execute(), returning to the event loop every SLICE_MS of wall time so that `signal` can
 * stop the run: the result then holds everything up to that cycle (output, stats, trace)
 * and RunResult.interrupted says where it stopped.
 */
export async function executeAsync(m: Module, opts: RunOptions = {}, signal?: AbortSignal): Promise<RunResult> {
  const run = new Run(m, opts);
  for (;;) {
    const t0 = performance.now();
    let over = false;
    while (!over && performance.now() - t0 < SLICE_MS) over = run.advance(SLICE_EVENTS);
    if (over) break;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    if (signal?.aborted === true) {
      run.interrupt();
      break;
    }
  }
  return run.result();
}

/** Nothing can run but the program has not finished: find the barrier that holds it. */
function diagnoseStall(rt: Runtime, host: HostWarp): RuntimeFault {
  for (const k of rt.kernels) {
    if (k.teamsLeft === 0) continue;
    for (const t of k.teamsList) {
      const s = t.barSite;
      if (s === null) continue;
      const partial = t.exited > 0;
      const msg = partial
        ? `barrier reached by only part of the team: ${t.arrived} of ${t.size} threads wait here, ${t.exited} exited the kernel`
        : `deadlock: ${t.arrived} of ${t.size} threads wait at this barrier and the others can never reach it (held behind a divergent branch of their warp, or at another barrier)`;
      return s.warp.faultAt(s.cf, s.inst, s.lane, partial ? "partial-barrier" : "deadlock", msg).fault;
    }
  }
  const fr = host.frame;
  const inst = fr !== null ? fr.cf.info[fr.pc[Math.max(0, fr.sp)]!]?.instId ?? 0 : 0;
  if (fr !== null && host.state === BLOCKED) {
    return host.faultAt(fr.cf, inst, 0, "deadlock", "deadlock: the host waits for kernels that can make no progress").fault;
  }
  return { kind: "deadlock", message: "deadlock: nothing can make progress", file: rt.file, loc: NO_LOC, func: null, cycle: host.clock };
}

/** Host globals and main's allocas (named by their value, `%buf`; the k-th execution of one
 *  `%buf#k`): size and contents (hex up to 32 bytes, else a hash). */
function hostMemory(rt: Runtime, host: HostWarp): string {
  const lines: string[] = [];
  const mem = rt.mem;
  const show = (label: string, id: number): void => {
    if (!mem.isLive(id)) return;
    const n = mem.size[id]!;
    const a = mem.base[id]!;
    const body = n <= 32 ? Array.from(mem.u8.subarray(a, a + n), (b) => b.toString(16).padStart(2, "0")).join("") : `fnv ${mem.digest(id)}`;
    lines.push(`${label}: ${n} bytes ${body}`);
  };
  rt.m.globals.forEach((g, i) => {
    if (g.space === "host") show(`@${g.name}`, ptrId(rt.globalPtr[i]!));
  });
  let fr = host.frame;
  while (fr !== null && fr.parent !== null) fr = fr.parent;
  if (fr !== null && fr.kind === FK_HOST_MAIN) {
    const seen = new Map<string, number>();
    const fn = fr.cf.fn;
    fr.allocs.forEach((id, i) => {
      const inst = fn.insts[fr.allocSites[i]!]!;
      const site = `%${fn.values[inst.result]!.name ?? `#${fr.allocSites[i]}`}`;
      const k = seen.get(site) ?? 0;
      seen.set(site, k + 1);
      show(`main alloca ${site}${k === 0 ? "" : `#${k}`}`, id);
    });
  }
  return lines.join("\n");
}
