// The host: an actor on the simulation clock that interprets host functions (as a warp of
// one lane, through the same compiled form as the device) and performs the host-only
// OpenMP operations: kernel launches with their map clauses, taskwait, enter/exit data, exit.
// A launch without nowait blocks the host until the kernel's completion event; with nowait
// the kernel stays in flight and omp.taskwait joins it. A reverse offload reached in host code
// simply calls the function (OpenMP semantics outside a target region).

import type { Machine } from "./machine.js";
import type { MapClause, OmpTargetInst } from "../ir/ir.js";
import { placementOf } from "../ir/opcodes.js";
import type { SegInfo } from "./compile.js";
import type { ArgValue } from "./device.js";
import { KernelRun } from "./device.js";
import type { Mapped } from "./present.js";
import { MapError, PresentTable } from "./present.js";
import { OutOfMemory } from "./memory.js";
import type { Frame, Rt } from "./simt.js";
import { BLOCKED, DONE, FK_CALL, FK_HOST_MAIN, RUNNING, Warp, WarpStore } from "./simt.js";
import type { WarpPool } from "./simt.js";
import type { Team } from "./device.js";
import type { RevOffload } from "./revoffload/index.js";
import type { OutputStream } from "./output.js";
import { srcLine, toLoc } from "../ir/loc.js";

const SIZE = { i1: 1, i8: 1, i16: 2, i32: 4, i64: 8, f32: 4, f64: 8, ptr: 8 } as const;

export interface HostRt extends Rt {
  /** Per device, its present table. */
  presents: PresentTable[];
  defaults: { teams: number; threads: number; warpSize: number };
  stageSlots: number;
  kernels: KernelRun[];
  /** Device warps' arrays, reused from team to team and launch to launch. */
  readonly warpPool: WarpPool;
  machine: Machine;
  initShared(team: Team): void;
  /** main returned `code`, or `exit code` ran (at `time`). */
  finish(code: number, hard?: boolean, time?: number): void;
  rev: RevOffload;
  out: OutputStream;
}

export class HostWarp extends Warp {
  readonly inflight: KernelRun[] = [];
  /** What the blocked host waits for: one kernel, or all (taskwait). */
  waitingFor: KernelRun | "all" | null = null;
  waitStart = 0;
  waitName = "";

  constructor(readonly hrt: HostRt) {
    super(hrt, new WarpStore(1, hrt.stageSlots, hrt.localGlobalCount));
  }

  where(): Record<string, never> {
    return {};
  }

  printKey(): { launch: number; team: number; thread: number; epoch: number } {
    return { launch: -1, team: -1, thread: 0, epoch: -1 };
  }

  boundary(fr: Frame, info: SegInfo): boolean {
    const inst = info.inst;
    // A reverse offload is device-only too, but host code runs it in place (below).
    if (placementOf(inst) === "device" && inst.kind !== "omp.reverse_offload") {
      throw this.faultAt(fr.cf, info.instId, 0, "unsupported", `${inst.kind} is device-only`);
    }
    switch (inst.kind) {
      case "call":
      case "call_indirect":
        return this.doCall(fr, info, false);
      case "omp.reverse_offload": {
        // Outside a target region the host is the device: run the function here, maps are no-ops.
        const f = this.rt.functionById(inst.callee);
        const cf = this.rt.compiled(f, false);
        if (f.kind !== "host" || (cf === null && f.attrs.cost === null)) {
          throw this.faultAt(fr.cf, info.instId, 0, f.kind !== "host" ? "unsupported" : "no-body",
            f.kind !== "host" ? `reverse offload to non-host function @${f.name}` : `call to @${f.name}, which has no body`);
        }
        const a0 = info.stage!.args;
        const args = inst.args.map((_, i) => (info.stagedBig[a0 + i] ? this.stageB[a0 + i]! : this.stageF[a0 + i]!));
        this.hrt.rev.noteHostCall(f, args, (i) => fr.cf.fn.values[inst.args[i]!]!.type === "ptr");
        if (cf === null) {
          this.clock += f.attrs.cost!;
          return true;
        }
        this.enterCall(cf, fr, info, FK_CALL, 0);
        return true;
      }
      case "omp.target":
        return this.launch(fr, info, inst);
      case "omp.taskwait":
        if (this.inflight.length === 0) {
          this.waitedAll();
          return true;
        }
        return this.block("all", "taskwait");
      case "omp.target_enter_data":
      case "omp.target_exit_data":
      case "omp.target_update": {
        const present = this.hrt.presents[this.deviceOf(fr, info, info.stage!.device)]!;
        const before = present.copiedBytes;
        const copies = present.copies;
        this.withMaps(fr, info, inst.maps, info.stage!.maps, (m, hostPtr, bytes) => {
          if (inst.kind === "omp.target_enter_data") {
            if (m.kind === "attach") present.attach(hostPtr, bytes);
            else present.enter(m.kind, m.always, hostPtr, bytes);
          }
          else if (inst.kind === "omp.target_exit_data") present.exit(m.kind, m.always, hostPtr, bytes);
          else present.update(m.kind === "to", hostPtr, bytes);
        });
        this.chargeCopies(present, before, copies);
        return true;
      }
      case "exit":
        this.hrt.finish(this.stageF[info.stage!.code]! | 0, true, this.clock);
        this.state = DONE;
        return false;
      default:
        throw new Error(`internal error: host boundary ${inst.kind}`);
    }
  }

  private chargeCopies(p: PresentTable, bytesBefore: number, copiesBefore: number): void {
    const c = this.rt.costs;
    this.clock += (p.copies - copiesBefore) * c.mapFixed + Math.ceil((p.copiedBytes - bytesBefore) * c.mapPerByte);
  }

  private staged(info: SegInfo, k: number): number {
    return info.stagedBig[k] ? Number(this.stageB[k]!) : this.stageF[k]!;
  }

  /** The device(n) clause staged at `k` (-1: none, the default device 0), checked. */
  private deviceOf(fr: Frame, info: SegInfo, k: number): number {
    if (k < 0) return 0;
    const d = this.staged(info, k);
    const n = this.hrt.numDevices;
    if (!(Number.isInteger(d) && d >= 0 && d < n)) {
      // device(omp.initial_device) would run the region on the host (OpenMP 5.2 section
      // 13.2); the simulator offloads only.
      throw this.faultAt(fr.cf, info.instId, 0, "bad-launch",
        d === n ? `device(${d}) is the host (the initial device): host fallback is not simulated` : `device(${d}): no such device (the run has ${n}: 0 to ${n - 1}; --devices N)`);
    }
    return d;
  }

  /** Runs `fn` per map clause whose operands are staged from index `first`. */
  private withMaps(fr: Frame, info: SegInfo, maps: readonly MapClause[], first: number, fn: (m: MapClause, hostPtr: number, bytes: number) => void): void {
    maps.forEach((m, i) => {
      const k = first + 3 * i;
      const base = this.stageF[k]!;
      const lo = this.staged(info, k + 1);
      const len = this.staged(info, k + 2);
      const size = SIZE[m.elemType];
      try {
        fn(m, base + lo * size, len * size);
      } catch (e) {
        if (!(e instanceof MapError) && !(e instanceof OutOfMemory)) throw e;
        const f = e instanceof MapError ? this.faultAt(fr.cf, info.instId, 0, "map", e.message)
          : this.faultAt(fr.cf, info.instId, 0, "out-of-memory", `device copy of a mapped section (${len * size} bytes): ${e.message}`);
        f.fault.loc = srcLine(m.loc) > 0 ? toLoc(m.loc) : f.fault.loc;
        throw f;
      }
    });
  }

  private launch(fr: Frame, info: SegInfo, inst: OmpTargetInst): boolean {
    const rt = this.hrt;
    const kfn = rt.functionById(inst.kernel);
    const cf = rt.compiled(kfn, true);
    if (kfn.kind !== "kernel" || cf === null) {
      throw this.faultAt(fr.cf, info.instId, 0, kfn.kind !== "kernel" ? "bad-launch" : "no-body",
        kfn.kind !== "kernel" ? `omp.target of @${kfn.name}, which is not a kernel` : `kernel @${kfn.name} has no body`);
    }
    const st = info.stage!;
    const teams = st.teams >= 0 ? this.staged(info, st.teams) : rt.defaults.teams;
    const threads = st.threads >= 0 ? this.staged(info, st.threads) : rt.defaults.threads;
    if (!(teams >= 1 && teams <= 65536 && threads >= 1 && threads <= 4096)) {
      throw this.faultAt(fr.cf, info.instId, 0, "bad-launch", `bad launch size: teams(${teams}) threads(${threads}) (teams 1..65536, threads 1..4096)`);
    }
    const device = this.deviceOf(fr, info, st.device);
    const present = rt.presents[device]!;
    const start = this.clock;
    const before = present.copiedBytes;
    const copies = present.copies;
    const mapped: Mapped[] = [];
    this.withMaps(fr, info, inst.maps, st.maps, (m, hostPtr, bytes) => {
      const r = present.enter(m.kind, m.always, hostPtr, bytes);
      if (r !== null) mapped.push(r);
    });
    this.chargeCopies(present, before, copies);
    // Pointer arguments inside mapped sections become device addresses.
    const args: ArgValue[] = inst.args.map((v, i) => {
      const k = st.args + i;
      if (info.stagedBig[k]) return this.stageB[k]!;
      const x = this.stageF[k]!;
      return fr.cf.fn.values[v]!.type === "ptr" ? present.translate(x, mapped) : x;
    });
    this.clock += rt.costs.launch;
    const launch = rt.kernels.length;
    rt.out.noteLaunch();
    let run: KernelRun;
    try {
      run = new KernelRun(rt, launch, cf, teams, threads, args, mapped, inst.nowait, start, this.clock, inst.loc, device);
    } catch (e) {
      if (!(e instanceof OutOfMemory)) throw e;
      throw this.faultAt(fr.cf, info.instId, 0, "out-of-memory", `launch of @${kfn.name}: ${e.message}`);
    }
    rt.kernels.push(run);
    rt.rev.startPool(launch, this.clock);
    if (rt.trace !== null) {
      rt.trace.track(0, 0, "host");
      rt.trace.slice(0, 0, `launch @${kfn.name}#${launch}`, "launch", start, this.clock);
    }
    run.onComplete = (time) => this.complete(run, time);
    this.inflight.push(run);
    if (inst.nowait) return true;
    return this.block(run, `omp.target @${kfn.name}#${launch}`);
  }

  private block(what: KernelRun | "all", name: string): boolean {
    this.waitingFor = what;
    this.waitStart = this.clock;
    this.waitName = name;
    this.state = BLOCKED;
    return false;
  }

  /** A kernel's completion event: copy back and unmap, then wake the host if it waits. */
  private complete(run: KernelRun, time: number): void {
    const rt = this.hrt;
    rt.rev.kernelDone(run.launch, time);
    const present = rt.presents[run.device]!;
    const before = present.copiedBytes;
    const copies = present.copies;
    for (const m of [...run.maps].reverse()) present.leave(m);
    const c = rt.costs;
    const end = time + (present.copies - copies) * c.mapFixed + Math.ceil((present.copiedBytes - before) * c.mapPerByte);
    this.inflight.splice(this.inflight.indexOf(run), 1);
    const w = this.waitingFor;
    if (this.state === BLOCKED && (w === run || (w === "all" && this.inflight.length === 0))) {
      this.waitingFor = null;
      if (w === run) this.hrt.out.noteWaited(run.launch);
      else this.waitedAll();
      if (end > this.clock) this.clock = end;
      if (rt.trace !== null) rt.trace.slice(0, 0, this.waitName, "wait", this.waitStart, this.clock);
      this.state = RUNNING;
      rt.schedule(this, this.clock);
    }
  }

  /** taskwait returned: the host has waited for every launch so far (order labels). */
  private waitedAll(): void {
    if (this.hrt.out.order === null) return;
    for (let k = 0; k < this.hrt.kernels.length; k++) this.hrt.out.noteWaited(k);
  }

  frameDone(fr: Frame): boolean {
    if (fr.kind !== FK_HOST_MAIN) throw new Error(`internal error: host frame kind ${fr.kind}`);
    this.hrt.finish(fr.RF[0]! | 0);
    this.state = DONE;
    return false;
  }
}
