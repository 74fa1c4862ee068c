// The device heap (omp.malloc / omp.free): its limit per device, what a request counts,
// null past the limit or the arena, and where the limit comes from (RunOptions.deviceHeap,
// `ompir run --device-heap`, LIBOMPTARGET_HEAP_SIZE).

import { describe, expect, test } from "@jest/globals";
import { DEFAULT_DEVICE_HEAP, DeviceHeap } from "../../src/runtime/heap.js";
import { Memory, SP_FREED, ptrId } from "../../src/runtime/memory.js";
import { runOptionsFromFlags } from "../../src/cli/run.js";
import { run } from "./util.js";
import { packLoc } from "../../src/ir/loc.js";

/** Line `n`, column 5 of p.c. */
const at = (n: number) => packLoc(n, 5);

describe("DeviceHeap", () => {
  test("the host's heap (device number numDevices) gives host memory, uncounted, and keeps the sides apart", () => {
    const mem = new Memory(1 << 20);
    const h = new DeviceHeap(mem, 64, 2, "p.c");
    const p = h.malloc(2, 1000, at(3)); // past the device limit: the host's is not limited
    expect(p).not.toBe(0);
    expect(mem.space[ptrId(p)]).toBe(0); // SP_HOST
    expect(h.used).toEqual([0, 0]);
    expect(h.free(0, p, at(4))).toBe("free on device 0 of host heap memory allocated at p.c:3:5");
    const d = h.malloc(1, 16, at(5));
    expect(h.free(2, d, at(6))).toBe("free on the host of device heap memory allocated on device 1 at p.c:5:5");
    expect(h.free(2, p, at(7))).toBeNull();
    expect(h.free(2, p, at(8))).toBe("double free of host heap memory allocated at p.c:3:5, already freed at p.c:7:5");
  });

  test("blocks count their size rounded up to 16 bytes, per device", () => {
    const h = new DeviceHeap(new Memory(1 << 20), 64, 2, "p.c");
    const a = h.malloc(0, 1, at(1));
    const b = h.malloc(0, 33, at(1)); // 48
    expect(a).not.toBe(0);
    expect(b).not.toBe(0);
    expect(h.used).toEqual([64, 0]);
    expect(h.malloc(0, 0, at(1))).toBe(0); // even 0 bytes take 16
    expect(h.malloc(1, 64, at(1))).not.toBe(0); // the other device's heap is its own
    expect(h.free(0, a, at(1))).toBeNull();
    expect(h.used[0]).toBe(48);
    expect(h.malloc(0, 16, at(1))).not.toBe(0);
    expect(h.free(0, 0, at(1))).toBeNull();
  });

  test("a freed block is retired: its id is not reused, a second free names both sites", () => {
    const mem = new Memory(1 << 20);
    const h = new DeviceHeap(mem, 1024, 1, "p.c");
    const a = h.malloc(0, 8, at(3));
    expect(h.free(0, a, at(4))).toBeNull();
    expect(mem.space[ptrId(a)]).toBe(SP_FREED);
    const b = h.malloc(0, 8, at(5));
    expect(ptrId(b)).not.toBe(ptrId(a));
    expect(h.free(0, a, at(6))).toBe("double free of device heap memory allocated at p.c:3:5, already freed at p.c:4:5");
    expect(mem.check(a, 1, 4)).toBe("use after free: the pointer is to device heap memory allocated at p.c:3:5 and freed at p.c:4:5");
    expect(h.free(0, b + 4, at(1))).toMatch(/^free of a pointer into the middle of device heap memory \(offset 4/);
    expect(h.free(0, mem.alloc(1, 8), at(1))).toBe("free of a pointer that malloc did not return (not device heap memory)");
  });

  test("the arena running out gives null too, not a fault", () => {
    const h = new DeviceHeap(new Memory(4096), 1 << 20, 1, "p.c");
    expect(h.malloc(0, 8192, at(1))).toBe(0);
    expect(h.used[0]).toBe(0);
  });
});

describe("the limit", () => {
  const prog = (bytes: number) => `kernel @k(%out: ptr) spmd {
^entry:
  %p = omp.malloc ${bytes}
  %ok = icmp ne ptr %p, null
  %v = zext i1 %ok to i32
  store i32 %v, global %out
  ret
}
host @main() -> i32 {
^entry:
  %out = alloca i32
  omp.target @k(%out) teams(1) threads(1) map(from: i32 %out[0:1])
  %v = load i32, host %out
  print "%d\\n", %v
  ret 0
}
`;
  test("8 MiB by default, as CUDA's", () => {
    expect(DEFAULT_DEVICE_HEAP).toBe(8 * 1024 * 1024);
    expect(run(prog(8 * 1024 * 1024)).stdout).toBe("1\n");
    expect(run(prog(8 * 1024 * 1024 + 1)).stdout).toBe("0\n");
    expect(run(prog(100), { deviceHeap: 64 }).stdout).toBe("0\n");
    expect(run(prog(16), { deviceHeap: 16 }).stdout).toBe("1\n");
  });

  test("--device-heap wins over LIBOMPTARGET_HEAP_SIZE, which wins over the default", () => {
    expect(runOptionsFromFlags({}, {}).deviceHeap).toBeUndefined();
    expect(runOptionsFromFlags({}, { LIBOMPTARGET_HEAP_SIZE: "4096" }).deviceHeap).toBe(4096);
    expect(runOptionsFromFlags({ "device-heap": "0" }, { LIBOMPTARGET_HEAP_SIZE: "4096" }).deviceHeap).toBe(0);
    expect(() => runOptionsFromFlags({ "device-heap": "-1" }, {})).toThrow(/--device-heap expects an integer/);
  });
});
