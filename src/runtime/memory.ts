// Simulated memory: one growable ArrayBuffer arena plus an allocation table.
//
// A pointer is a JS number `id * 2^32 + offset`: `id` names an allocation (0 is null), the
// allocation table gives its space, size and arena address. Every access checks space and
// bounds against the table (the generated code inlines that check), so out-of-bounds, null,
// freed and wrong-space accesses all fault. Allocation ids and arena blocks are recycled
// through LIFO free lists, which keeps runs deterministic. A freed id waits in its thread's
// quarantine ring (quarantine.ts) before it is handed out again, so that an access through a
// dangling pointer faults however many allocations that thread made and freed in between (up
// to QUARANTINE_IDS): whether it faults must not depend on how many frames a pass inlined
// away, nor on how many threads a pass runs the same code on.
//
// The limit (docs/RUNTIME.md, "Memory limits"): every space lives in the one arena, which
// may not grow past `limit` bytes (RunOptions.memoryLimit, default 1 GiB). An allocation
// takes a block of the next power of two of its size (at least 8 bytes); a freed block is
// reused only by a later allocation of the same block size. An allocation that does not fit
// throws OutOfMemory, which each allocating instruction turns into an `out-of-memory` fault
// at itself; nothing is allocated then.

import type { Space } from "../ir/types.js";
import { NO_RING, QUARANTINE_IDS, Quarantine } from "./quarantine.js";

export { QUARANTINE_IDS } from "./quarantine.js";

/** Id limits (RunOptions.ids): for tests of their edges. */
export interface IdLimits {
  /** Freed ids a thread is promised to be held back (default QUARANTINE_IDS). */
  window?: number;
  /** Ids there are, the null id included (default MAX_IDS). */
  max?: number;
}

export const SP_HOST = 0;
export const SP_GLOBAL = 1;
export const SP_SHARED = 2;
export const SP_LOCAL = 3;
/** Function addresses: an allocation of size 0 so that any access faults. */
export const SP_FUNC = 4;
/** Freed (or never allocated) ids. */
export const SP_NONE = 255;
/** Freed device-heap ids (heap.ts) while in the quarantine: a later access or free of the
 *  pointer is reported as a use after free or a double free. */
export const SP_FREED = 254;

export const TWO32 = 4294967296;
const TWO31 = 2147483648;
/** Ids are below 2^21, so that `id * 2^32 + offset` stays an exact double (below 2^53). */
export const MAX_IDS = 1 << 21;

/** Default and largest simulated memory (arena) size in bytes. */
export const DEFAULT_MEMORY_LIMIT = 1 << 30;
export const MAX_MEMORY_LIMIT = 0x7ff00000;

/** Thrown by Memory.alloc when the arena cannot hold the allocation; the allocating
 *  instruction reports it as an `out-of-memory` fault. */
export class OutOfMemory {
  constructor(readonly bytes: number, readonly message: string) {}
}

export function spaceCode(s: Space): number {
  switch (s) {
    case "host":
      return SP_HOST;
    case "global":
      return SP_GLOBAL;
    case "shared":
      return SP_SHARED;
    case "local":
      return SP_LOCAL;
  }
}

export function spaceName(code: number): string {
  return ["host", "global", "shared", "local", "function"][code] ?? "freed";
}

export function ptrId(p: number): number {
  return Math.floor(p / TWO32);
}
export function ptrOffset(p: number): number {
  return p - Math.floor(p / TWO32) * TWO32;
}

export class Memory {
  buf!: ArrayBuffer;
  u8!: Uint8Array;
  i8!: Int8Array;
  i32!: Int32Array;
  f32!: Float32Array;
  f64!: Float64Array;
  b64!: BigInt64Array;
  dv!: DataView;
  /** `requires unified_shared_memory`: a host or global access reaches either space. */
  unified = false;
  /** Allocation table, indexed by id. */
  space: Uint8Array;
  size: Int32Array;
  base: Int32Array;
  /** Bytes actually reserved in the arena (the size class). */
  private cap: Int32Array;
  private nIds = 1; // id 0 is null
  private freeIds: number[] = [];
  /** Freed ids not yet reusable, per thread. */
  readonly quarantine: Quarantine;
  /** By id, the quarantine ring its free goes to (the allocating thread's). */
  private ringOf: Int32Array;
  private top = 8; // arena bump pointer; 0..7 unused
  private freeBlocks: number[][] = [];
  /** Bytes currently allocated, by space code (for stats). */
  live = [0, 0, 0, 0];
  /** What a retired id was (the use-after-free message); set by its allocator (heap.ts). */
  describeRetired: (id: number) => string = () => "freed memory";
  /** A retired id leaves the quarantine for reuse: its allocator forgets it (heap.ts). */
  forgetRetired: (id: number) => void = () => {};

  /** The arena never grows past this many bytes (a multiple of 8). */
  readonly limit: number;

  /** Views of one allocation each (viewI32 ...), by id, made on first use; a view is checked
   *  against the allocation's current address and size before it is handed out again, since
   *  ids are reused, and all are dropped when the arena is replaced. */
  private vI32: (Int32Array | undefined)[] = [];
  private vF32: (Float32Array | undefined)[] = [];
  private vF64: (Float64Array | undefined)[] = [];
  private vB64: (BigInt64Array | undefined)[] = [];
  /** The view of no allocation: every index is out of its bounds. */
  static readonly NO_I32 = new Int32Array(0);
  static readonly NO_F32 = new Float32Array(0);
  static readonly NO_F64 = new Float64Array(0);
  static readonly NO_B64 = new BigInt64Array(0);
  readonly noI32 = Memory.NO_I32;
  readonly noF32 = Memory.NO_F32;
  readonly noF64 = Memory.NO_F64;
  readonly noB64 = Memory.NO_B64;

  /** Ids there are (MAX_IDS but in tests of the edge). */
  private readonly maxIds: number;

  /** `ids`: smaller id limits, to reach their edges in few allocations in tests (a power of
   *  two each: the quarantine's promised window per thread, and the number of ids). */
  constructor(limit = DEFAULT_MEMORY_LIMIT, initialBytes = 1 << 23, initialIds = 1024, ids: IdLimits = {}) {
    this.maxIds = ids.max ?? MAX_IDS;
    this.quarantine = new Quarantine(ids.window ?? QUARANTINE_IDS);
    if (!(Number.isInteger(limit) && limit >= 4096 && limit <= MAX_MEMORY_LIMIT)) {
      throw new RangeError(`memory limit must be an integer from 4096 to ${MAX_MEMORY_LIMIT} bytes, got ${limit}`);
    }
    this.limit = limit - (limit % 8);
    this.setArena(new ArrayBuffer(Math.min(initialBytes, this.limit)));
    this.space = new Uint8Array(initialIds).fill(SP_NONE);
    this.size = new Int32Array(initialIds);
    this.base = new Int32Array(initialIds);
    this.cap = new Int32Array(initialIds);
    this.ringOf = new Int32Array(initialIds);
  }

  private setArena(buf: ArrayBuffer): void {
    this.buf = buf;
    this.vI32 = [];
    this.vF32 = [];
    this.vF64 = [];
    this.vB64 = [];
    this.u8 = new Uint8Array(buf);
    this.i8 = new Int8Array(buf);
    this.i32 = new Int32Array(buf);
    this.f32 = new Float32Array(buf);
    this.f64 = new Float64Array(buf);
    this.b64 = new BigInt64Array(buf);
    this.dv = new DataView(buf);
  }

  /** Allocates `bytes` zeroed bytes in space `sp`; returns the pointer to offset 0.
   *  Throws OutOfMemory (allocating nothing) if the arena cannot hold it. `zero` false:
   *  the caller overwrites every byte at once (a map copy), so they need not be zeroed.
   *  `ring`: the quarantine ring its free goes to (Quarantine.ring; 0, the host's; NO_RING
   *  when nothing can point to it once freed). */
  alloc(sp: number, bytes: number, zero = true, ring = 0): number {
    if (!(bytes >= 0 && bytes <= this.limit)) throw this.oom(bytes);
    if (!this.hasId()) throw this.oomIds(bytes);
    let cls = 3;
    let block = 8;
    while (block < bytes) {
      block *= 2;
      cls++;
    }
    const list = this.freeBlocks[cls];
    let addr: number;
    if (list !== undefined && list.length) {
      addr = list.pop()!;
      if (zero) this.u8.fill(0, addr, addr + bytes);
    } else {
      // Above the bump pointer the arena was never written: still zero.
      if (this.top + block > this.limit) throw this.oom(bytes);
      addr = this.top;
      this.top += block;
      if (this.top > this.buf.byteLength) this.growArena(this.top, addr);
    }
    const id = this.newId();
    this.space[id] = sp;
    this.size[id] = bytes;
    this.base[id] = addr;
    this.cap[id] = cls;
    this.ringOf[id] = ring;
    if (sp < 4) this.live[sp]! += bytes;
    return id * TWO32;
  }

  private hasId(): boolean {
    return this.freeIds.length > 0 || this.nIds < this.maxIds || this.quarantine.waiting > 0;
  }

  /** An unused id (hasId() holds): a reusable one, else a fresh one, else, when all 2^21
   *  are taken, a quarantined one, early (Quarantine.takeEarly). */
  private newId(): number {
    if (this.freeIds.length) return this.freeIds.pop()!;
    if (this.nIds < this.maxIds) {
      const id = this.nIds++;
      if (id >= this.space.length) this.growTable();
      return id;
    }
    const id = this.quarantine.takeEarly();
    this.release(id);
    return id;
  }

  /** `id` leaves the quarantine: no longer told apart as a freed allocation. */
  private release(id: number): void {
    if (this.space[id] === SP_FREED) {
      this.space[id] = SP_NONE;
      this.forgetRetired(id);
    }
  }

  private oomIds(bytes: number): OutOfMemory {
    return new OutOfMemory(bytes, `out of simulated memory: ${this.maxIds - 1} allocations are live, the most pointers can name`);
  }

  private oom(bytes: number): OutOfMemory {
    const live = this.live.reduce((a, b) => a + b, 0);
    return new OutOfMemory(bytes, bytes < 0 || !Number.isFinite(bytes)
      ? `cannot allocate ${bytes} bytes`
      : `out of simulated memory: ${bytes} bytes do not fit (limit ${this.limit} bytes, ${live} bytes allocated; raise it with --memory-limit)`);
  }

  /** Frees allocation `id` (the caller has checked it is live). */
  free(id: number): void {
    const sp = this.space[id]!;
    if (sp >= SP_FREED) return;
    this.end(id, SP_NONE);
  }

  /** Frees allocation `id` (live) and marks it SP_FREED while it is in the quarantine, so
   *  that a later access through it is told apart (describeRetired). */
  retire(id: number): void {
    this.end(id, SP_FREED);
  }

  private end(id: number, mark: number): void {
    const sp = this.space[id]!;
    if (sp < 4) this.live[sp]! -= this.size[id]!;
    (this.freeBlocks[this.cap[id]!] ??= []).push(this.base[id]!);
    this.space[id] = mark;
    this.size[id] = 0;
    const ring = this.ringOf[id]!;
    if (ring === NO_RING) {
      this.space[id] = SP_NONE;
      this.freeIds.push(id);
      return;
    }
    const old = this.quarantine.hold(ring, id);
    if (old >= 0) {
      this.release(old);
      this.freeIds.push(old);
    }
  }

  /** An allocation of size 0 in the function space (function addresses). */
  funcAddress(): number {
    if (!this.hasId()) throw this.oomIds(0);
    const id = this.newId();
    this.space[id] = SP_FUNC;
    this.size[id] = 0;
    this.base[id] = 0;
    return id * TWO32;
  }

  isLive(id: number): boolean {
    return id > 0 && id < this.space.length && this.space[id]! < SP_FREED;
  }

  /** Arena address of `bytes` at pointer `p` in space `sp`, or a reason it is invalid. */
  check(p: number, sp: number, bytes: number): number | string {
    if (p === 0) return "null pointer dereference";
    const id = ptrId(p);
    const off = ptrOffset(p);
    // No allocation is 2^31 bytes or more: such an offset is a negative one that borrowed
    // from the id (gep below element 0), so it names the allocation after `id`.
    if (off >= TWO31) {
      const of = this.isLive(id + 1) ? ` of a ${this.size[id + 1]}-byte allocation` : "";
      return `out-of-bounds access: ${bytes} bytes at offset ${off - TWO32}${of}`;
    }
    if (id > 0 && this.space[id] === SP_FREED) return `use after free: the pointer is to ${this.describeRetired(id)}`;
    if (!(id > 0 && id < this.space.length) || this.space[id] === SP_NONE) return "access through an invalid or freed pointer";
    const s = this.space[id]!;
    if (s !== sp && !(this.unified && s <= SP_GLOBAL && sp <= SP_GLOBAL)) return `wrong memory space: the pointer is into ${spaceName(s)} memory, the access is to ${spaceName(sp)}`;
    if (off + bytes > this.size[id]!) return `out-of-bounds access: ${bytes} bytes at offset ${off} of a ${this.size[id]}-byte allocation`;
    return this.base[id]! + off;
  }

  /** The elements of live allocation `id` as a typed array (whole elements of its size;
   *  its base is 8-aligned): the generated code's fast path indexes it, so that the array's
   *  own bounds are the allocation's (codegen/emit.ts SegmentEmitter.addr). */
  viewI32(id: number): Int32Array {
    const v = this.vI32[id];
    if (v !== undefined && v.buffer === this.buf && v.byteOffset === this.base[id] && v.length === this.size[id]! >> 2) return v;
    return (this.vI32[id] = new Int32Array(this.buf, this.base[id], this.size[id]! >> 2));
  }
  viewF32(id: number): Float32Array {
    const v = this.vF32[id];
    if (v !== undefined && v.buffer === this.buf && v.byteOffset === this.base[id] && v.length === this.size[id]! >> 2) return v;
    return (this.vF32[id] = new Float32Array(this.buf, this.base[id], this.size[id]! >> 2));
  }
  viewF64(id: number): Float64Array {
    const v = this.vF64[id];
    if (v !== undefined && v.buffer === this.buf && v.byteOffset === this.base[id] && v.length === this.size[id]! >> 3) return v;
    return (this.vF64[id] = new Float64Array(this.buf, this.base[id], this.size[id]! >> 3));
  }
  viewB64(id: number): BigInt64Array {
    const v = this.vB64[id];
    if (v !== undefined && v.buffer === this.buf && v.byteOffset === this.base[id] && v.length === this.size[id]! >> 3) return v;
    return (this.vB64[id] = new BigInt64Array(this.buf, this.base[id], this.size[id]! >> 3));
  }

  copy(dst: number, src: number, bytes: number): void {
    this.u8.copyWithin(dst, src, src + bytes);
  }

  private growTable(): void {
    const n = this.space.length * 2;
    const sp = new Uint8Array(n).fill(SP_NONE);
    sp.set(this.space);
    this.space = sp;
    const sz = new Int32Array(n);
    sz.set(this.size);
    this.size = sz;
    const b = new Int32Array(n);
    b.set(this.base);
    this.base = b;
    const c = new Int32Array(n);
    c.set(this.cap);
    this.cap = c;
    const r = new Int32Array(n);
    r.set(this.ringOf);
    this.ringOf = r;
  }

  /** Past the initial arena, takes the whole limit at once: the OS commits the pages as
   *  they are first touched, so this costs address space rather than memory, and nothing
   *  is copied again (doubling copied and re-faulted every byte at each step). Doubles
   *  instead if the system refuses that much. Only the bytes below `used` (the bump
   *  pointer before this allocation) can be other than zero: the rest is not copied. */
  private growArena(need: number, used: number): void {
    let nb: ArrayBuffer;
    try {
      nb = new ArrayBuffer(this.limit);
    } catch {
      let n = this.buf.byteLength;
      while (n < need) n *= 2;
      nb = new ArrayBuffer(Math.min(n, this.limit)); // alloc checked need <= limit
    }
    new Uint8Array(nb).set(this.u8.subarray(0, used));
    this.setArena(nb);
  }

  /** FNV-1a (32-bit) of an allocation's bytes, as 8 hex digits. */
  digest(id: number): string {
    let h = 0x811c9dc5;
    const a = this.base[id]!;
    const n = this.size[id]!;
    const u8 = this.u8;
    for (let i = 0; i < n; i++) h = Math.imul(h ^ u8[a + i]!, 0x01000193);
    return (h >>> 0).toString(16).padStart(8, "0");
  }
}
