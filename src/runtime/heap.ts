// The heaps: what `malloc`/`free` use (omp.malloc / omp.free). On the device, as CUDA's
// device malloc heap, LLVM's device `malloc` and libgomp's nvptx `malloc` provide; in host
// code (device number numDevices, the initial device) the C library's heap, `host` memory
// limited only by the simulated memory, which a target region's maps copy like any host
// memory.
//
// One heap per device, of `limit` bytes (RunOptions.deviceHeap; CUDA's default
// cudaLimitMallocHeapSize is 8 MiB, LLVM's CUDA plugin sets it from LIBOMPTARGET_HEAP_SIZE).
// Its storage is `global` memory in the simulated arena: every thread and team of the device
// sees it, and it lives until freed or the end of the program, so a kernel may allocate and a
// later one free. An allocation counts its size rounded up to 16 bytes (malloc's alignment,
// at least 16) against the limit; one that does not fit, in the heap or in the arena, gives
// null, as malloc does. Freed ids are retired (Memory.retire): in the id quarantine a later
// access is a use-after-free fault, a later free a double free, both naming where the storage
// was allocated and freed; an id that leaves the quarantine for reuse is forgotten here.
// Sites are kept as locations and formatted only for a message.

import type { SrcLoc } from "../ir/loc.js";
import { toLoc } from "../ir/loc.js";
import type { Memory } from "./memory.js";
import { OutOfMemory, SP_FREED, SP_GLOBAL, SP_HOST, ptrId, ptrOffset } from "./memory.js";

/** CUDA's default device malloc heap (cudaLimitMallocHeapSize). */
export const DEFAULT_DEVICE_HEAP = 8 << 20;

interface Block {
  dev: number;
  /** Bytes counted against the device's limit. */
  charged: number;
  /** The omp.malloc, and the omp.free once freed. */
  at: SrcLoc;
  freedAt: SrcLoc | null;
}

export class DeviceHeap {
  /** Bytes in use, per device (the host's heap is not limited, nor counted). */
  readonly used: number[];
  /** The host's device number (OpenMP's initial device). */
  private readonly host: number;
  /** By allocation id, the heap's blocks (live, and retired ones still in the quarantine). */
  private readonly blocks: (Block | undefined)[] = [];

  /** `file`: the module's, for locations without one. */
  constructor(private readonly mem: Memory, readonly limit: number, numDevices: number, private readonly file = "") {
    this.used = new Array<number>(numDevices).fill(0);
    this.host = numDevices;
    mem.describeRetired = (id) => {
      const b = this.blocks[id];
      return b === undefined ? "freed memory" : `${this.kind(b.dev)} memory allocated at ${this.site(b.at)} and freed at ${this.site(b.freedAt!)}`;
    };
    mem.forgetRetired = (id) => {
      this.blocks[id] = undefined;
    };
  }

  /** A pointer to `bytes` zeroed bytes of device `dev`'s heap (the host's when `dev` is
   *  numDevices), or 0 (null) if they do not fit. `ring`: the allocating thread's
   *  quarantine ring (quarantine.ts). */
  malloc(dev: number, bytes: number, at: SrcLoc, ring = 0): number {
    const host = dev === this.host;
    const charged = host ? 0 : Math.max(16, Math.ceil(bytes / 16) * 16);
    if (!(bytes >= 0 && (host || this.used[dev]! + charged <= this.limit))) return 0;
    let p: number;
    try {
      p = this.mem.alloc(host ? SP_HOST : SP_GLOBAL, bytes, true, ring);
    } catch (e) {
      if (e instanceof OutOfMemory) return 0;
      throw e;
    }
    if (!host) this.used[dev]! += charged;
    this.blocks[ptrId(p)] = { dev, charged, at, freedAt: null };
    return p;
  }

  /** Frees `p` on device `dev` (the host when numDevices); null if that is fine (null is a
   *  no-op), else why not. */
  free(dev: number, p: number, at: SrcLoc): string | null {
    if (p === 0) return null;
    const id = Number.isInteger(p) && p > 0 ? ptrId(p) : -1;
    const b = this.blocks[id];
    if (b === undefined) return `free of a pointer that malloc did not return (not ${this.kind(dev)} memory)`;
    if (this.mem.space[id] === SP_FREED) return `double free of ${this.kind(b.dev)} memory allocated at ${this.site(b.at)}, already freed at ${this.site(b.freedAt!)}`;
    if (ptrOffset(p) !== 0) return `free of a pointer into the middle of ${this.kind(b.dev)} memory (offset ${ptrOffset(p)} of the block allocated at ${this.site(b.at)})`;
    if (b.dev !== dev) {
      const on = dev === this.host ? "on the host" : `on device ${dev}`;
      const from = b.dev === this.host ? "host heap memory allocated" : `device heap memory allocated on device ${b.dev}`;
      return `free ${on} of ${from} at ${this.site(b.at)}`;
    }
    if (b.dev !== this.host) this.used[dev]! -= b.charged;
    b.freedAt = at;
    this.mem.retire(id);
    return null;
  }

  private kind(dev: number): string {
    return dev === this.host ? "host heap" : "device heap";
  }

  private site(at: SrcLoc): string {
    const loc = toLoc(at);
    return loc.line > 0 ? `${loc.file ?? this.file}:${loc.line}:${loc.col}` : this.file;
  }
}
