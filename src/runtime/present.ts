// The OpenMP present table: which host sections have device copies, with reference counts.
//
// A section is a byte range of one host allocation. Mapping a section that lies inside a
// present one raises its count (copying only with `always`); a new section gets a fresh
// global allocation (copied per the map kind) and count 1. Unmapping lowers the count
// (`delete` zeroes it); at zero the data is copied back for from/tofrom and the device copy
// freed; `always` copies back even while the count stays positive. A section that overlaps a
// present one only partly is an error, as in libomptarget.
//
// A `firstprivate` section is a copy private to its launch: it gets its own device copy but
// is never entered in the table (libgomp's gomp_map_vars_internal does not register it), so
// other launches, `target data` and reverse offloads never see it as present.

import type { MapKind } from "../ir/ir.js";
import type { Memory } from "./memory.js";
import { SP_GLOBAL, SP_HOST, TWO32, ptrId, ptrOffset } from "./memory.js";

export interface PresentEntry {
  hostId: number;
  /** Byte range [start, end) in the host allocation. */
  start: number;
  end: number;
  /** Device pointer to the start of the section. */
  dev: number;
  refs: number;
  /** Pointers in the section attached to device storage (see attach). */
  shadows?: Shadow[];
  /** Entered with `device_alloc`: the host buffer stands for device memory, not for host
   *  storage with a device copy, so omp_target_is_present does not see it. */
  standIn?: boolean;
}

/** An attached pointer: its byte offset in the host allocation, its host and device values. */
interface Shadow {
  off: number;
  host: number;
  dev: number;
}

/** One section mapped by a launch, to undo at its end (`kind` firstprivate: a private copy
 *  outside the table). */
export interface Mapped {
  entry: PresentEntry;
  kind: MapKind;
  always: boolean;
}

export class MapError extends Error {}

export class PresentTable {
  readonly entries: PresentEntry[] = [];
  /** Bytes copied between host and device, for the cost model. */
  copiedBytes = 0;
  copies = 0;

  /** `unified`: host and device share memory (`requires unified_shared_memory`), so a
   *  mapped section is its host storage and nothing is copied; a firstprivate copy is still
   *  a copy. */
  constructor(private readonly mem: Memory, private readonly unified = false) {}

  private lookup(hostPtr: number, bytes: number): PresentEntry | null {
    const id = ptrId(hostPtr);
    const off = ptrOffset(hostPtr);
    for (const e of this.entries) {
      if (e.hostId !== id) continue;
      if (off >= e.start && off + bytes <= e.end) return e;
      if (off < e.end && off + bytes > e.start) {
        throw new MapError(`map of bytes [${off}, ${off + bytes}) partially overlaps the present section [${e.start}, ${e.end})`);
      }
    }
    return null;
  }

  /** `omp_target_is_present`: whether the byte at `hostPtr` lies in a present section (a
   *  `device_alloc` buffer stands for device memory: not a host pointer that is present). */
  contains(hostPtr: number): boolean {
    const id = ptrId(hostPtr);
    const off = ptrOffset(hostPtr);
    for (const e of this.entries) if (e.hostId === id && off >= e.start && off < e.end && e.standIn !== true) return true;
    return false;
  }

  /** The device address for a host pointer inside (or one past) a present section, else p.
   *  `privates` (a launch's firstprivate copies) are searched first: its kernel sees them. */
  translate(p: number, privates: readonly Mapped[] = []): number {
    const id = ptrId(p);
    const off = ptrOffset(p);
    // A section containing p wins over one that p is just past (adjacent sections).
    let past: PresentEntry | null = null;
    const all = privates.length === 0 ? this.entries : [...privates.filter((m) => m.kind === "firstprivate").map((m) => m.entry), ...this.entries];
    for (const e of all) {
      if (e.hostId !== id) continue;
      if (off >= e.start && off < e.end) return e.dev + (off - e.start);
      if (off === e.end && past === null) past = e;
    }
    return past !== null ? past.dev + (off - past.start) : p;
  }

  /** Reverse offload: the host original of `bytes` of device storage at `devPtr`, or null if
   *  that storage has no host counterpart. Partly inside a present section is an error. */
  reverse(devPtr: number, bytes: number): number | null {
    const id = ptrId(devPtr);
    const off = ptrOffset(devPtr);
    for (const e of this.entries) {
      if (ptrId(e.dev) !== id) continue;
      const d0 = ptrOffset(e.dev);
      const d1 = d0 + (e.end - e.start);
      if (off >= d0 && off + bytes <= d1) return e.hostId * TWO32 + e.start + (off - d0);
      if (off < d1 && off + bytes > d0) {
        throw new MapError(`reverse map of device bytes [${off}, ${off + bytes}) partially overlaps the present section [${d0}, ${d1})`);
      }
    }
    return null;
  }

  private checkHost(hostPtr: number, bytes: number): void {
    const r = this.mem.check(hostPtr, SP_HOST, bytes);
    if (typeof r === "string") throw new MapError(`cannot map ${bytes} bytes: ${r}`);
  }

  private copy(toDevice: boolean, e: PresentEntry): void {
    if (this.unified && ptrId(e.dev) === e.hostId) return;
    const bytes = e.end - e.start;
    const h = this.mem.base[e.hostId]! + e.start;
    const d = this.mem.base[ptrId(e.dev)]! + ptrOffset(e.dev);
    if (toDevice) this.mem.copy(d, h, bytes);
    else this.mem.copy(h, d, bytes);
    // Attached pointers keep each side's own value: the device's after a copy to it, the
    // host's after a copy back (libomptarget's shadow pointers).
    if (e.shadows !== undefined) {
      for (const s of e.shadows) if (s.off >= e.start && s.off + 8 <= e.end) this.mem.dv.setFloat64((toDevice ? d : h) + s.off - e.start, toDevice ? s.dev : s.host, true);
    }
    this.copiedBytes += bytes;
    this.copies++;
  }

  /**
   * `attach` (OpenMP 5.2 section 5.8.3, attached pointers): each pointer in the `bytes` at
   * `hostPtr`, which must lie in one present section, gets in that section's device copy the
   * device address of what it points at, when that is present (else it is left alone), and is
   * remembered: a later copy of the section back to the host keeps the host's pointer, a copy
   * to the device the device's. Each attached pointer is an 8-byte host-to-device copy.
   */
  attach(hostPtr: number, bytes: number): void {
    if (bytes === 0) return;
    if (bytes < 0) throw new MapError(`map of a negative length (${bytes} bytes)`);
    this.checkHost(hostPtr, bytes);
    const e = this.lookup(hostPtr, bytes);
    if (e === null) throw new MapError(`attach of bytes [${ptrOffset(hostPtr)}, ${ptrOffset(hostPtr) + bytes}): the pointer is not in a present section`);
    const h = this.mem.base[e.hostId]!;
    const d = this.mem.base[ptrId(e.dev)]! + ptrOffset(e.dev);
    for (let off = ptrOffset(hostPtr); off + 8 <= ptrOffset(hostPtr) + bytes; off += 8) {
      const hv = this.mem.dv.getFloat64(h + off, true);
      const dv = this.translate(hv);
      if (dv === hv) continue;
      const shadows = (e.shadows ??= []);
      const old = shadows.find((s) => s.off === off);
      if (old !== undefined) Object.assign(old, { host: hv, dev: dv });
      else shadows.push({ off, host: hv, dev: dv });
      this.mem.dv.setFloat64(d + off - e.start, dv, true);
      this.copiedBytes += 8;
      this.copies++;
    }
  }

  /** Maps a section on entry to a target region or `target enter data`. Null for zero bytes. */
  enter(kind: MapKind, always: boolean, hostPtr: number, bytes: number): Mapped | null {
    if (bytes === 0) return null;
    if (bytes < 0) throw new MapError(`map of a negative length (${bytes} bytes)`);
    this.checkHost(hostPtr, bytes);
    const toDev = kind === "to" || kind === "tofrom" || kind === "firstprivate";
    let e = kind === "firstprivate" ? null : this.lookup(hostPtr, bytes);
    if (e !== null) {
      e.refs++;
      if (always && toDev) this.copy(true, e);
    } else {
      const dev = this.unified && kind !== "firstprivate" ? hostPtr : this.mem.alloc(SP_GLOBAL, bytes, !toDev);
      const off = ptrOffset(hostPtr);
      e = { hostId: ptrId(hostPtr), start: off, end: off + bytes, dev, refs: 1 };
      if (kind === "device_alloc") e.standIn = true;
      if (kind !== "firstprivate") this.entries.push(e);
      if (toDev) this.copy(true, e);
    }
    return { entry: e, kind, always };
  }

  /** Undoes `enter` at the end of a target region. */
  leave(m: Mapped): void {
    const e = m.entry;
    if (m.kind === "firstprivate") {
      this.mem.free(ptrId(e.dev)); // private to the launch: never copied back
      return;
    }
    e.refs = m.kind === "delete" ? 0 : Math.max(0, e.refs - 1);
    const fromDev = m.kind === "from" || m.kind === "tofrom";
    if (fromDev && (e.refs === 0 || m.always)) this.copy(false, e);
    if (e.refs === 0) this.drop(e);
  }

  /** `target exit data` on a section (absent sections are ignored, as OpenMP says). */
  exit(kind: MapKind, always: boolean, hostPtr: number, bytes: number): void {
    if (bytes === 0) return;
    if (bytes < 0) throw new MapError(`map of a negative length (${bytes} bytes)`);
    this.checkHost(hostPtr, bytes);
    const e = this.lookup(hostPtr, bytes);
    if (e === null) return;
    this.leave({ entry: e, kind, always });
  }

  /** `target update`: copies a section (or part of one) that is present, host→device
   *  (`toDevice`) or back; an absent section is left alone (OpenMP 5.2 section 13.9). */
  update(toDevice: boolean, hostPtr: number, bytes: number): void {
    if (bytes === 0) return;
    if (bytes < 0) throw new MapError(`update of a negative length (${bytes} bytes)`);
    this.checkHost(hostPtr, bytes);
    const e = this.lookup(hostPtr, bytes);
    if (e === null) return;
    const off = ptrOffset(hostPtr) - e.start;
    this.copy(toDevice, { ...e, start: e.start + off, end: e.start + off + bytes, dev: e.dev + off });
  }

  private drop(e: PresentEntry): void {
    const i = this.entries.indexOf(e);
    if (i >= 0) this.entries.splice(i, 1);
    if (ptrId(e.dev) !== e.hostId) this.mem.free(ptrId(e.dev));
  }
}

