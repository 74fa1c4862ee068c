// Aligned loads and stores through a gep of their own element size index a typed array of
// the base's allocation (codegen/emit.ts addr, Memory.viewI32 ...), whose own bounds are the
// allocation's. Invisible: each program below (view-programs.ts) runs under cost models and
// limits that move the scheduler's stops; the expectations were recorded with the engine
// before this path (c82d74b): output, exit status, fault with its lane and cycle, cycles,
// warp instructions, active lanes, and a digest of the statistics, the trace, the output
// order and the host memory.
import { describe, expect, test } from "@jest/globals";
import { Memory, QUARANTINE_IDS } from "../../src/runtime/memory.js";
import { VIEW_CASES } from "./view-programs.js";
import { type Row, compileKernel, observe, slotForm } from "./util.js";

const VARIANTS = [{}, {"maxSteps": 150}, {"maxSteps": 400, "costModel": {"quantum": 1000}}, {"costModel": {"quantum": 37}}, {"costModel": {"quantum": 300, "issue": {"alu": 1.25, "div": 3.5}}}, {"maxSteps": 2100, "costModel": {"quantum": 41}}, {"warpSize": 16, "costModel": {"quantum": 64}}, {"warpSize": 1}] as const;

const EXPECT: Row[][] = [
  [
    ["before\n", 1, "t.oir:29:3: runtime error: out-of-bounds access: 4 bytes at offset 20 of a 20-byte allocation (kernel @k, team 0, thread 37) @2752", 2752, 199, 6368, "85ca3071a85e5fc7"],
    ["before\n", 1, "t.oir:29:3: runtime error: out-of-bounds access: 4 bytes at offset 20 of a 20-byte allocation (kernel @k, team 0, thread 37) @2752", 2752, 199, 6368, "85ca3071a85e5fc7"],
    ["before\n", 1, "t.oir:29:3: runtime error: out-of-bounds access: 4 bytes at offset 20 of a 20-byte allocation (kernel @k, team 0, thread 37) @2752", 2752, 199, 6368, "85ca3071a85e5fc7"],
    ["before\n", 1, "t.oir:29:3: runtime error: out-of-bounds access: 4 bytes at offset 20 of a 20-byte allocation (kernel @k, team 0, thread 37) @2752", 2752, 199, 6368, "85ca3071a85e5fc7"],
    ["before\n", 1, "t.oir:29:3: runtime error: out-of-bounds access: 4 bytes at offset 20 of a 20-byte allocation (kernel @k, team 0, thread 37) @2758.5", 2758.5, 199, 6368, "a200aeb4f7c7e379"],
    ["before\n", 1, "t.oir:29:3: runtime error: out-of-bounds access: 4 bytes at offset 20 of a 20-byte allocation (kernel @k, team 0, thread 37) @2752", 2752, 199, 6368, "85ca3071a85e5fc7"],
    ["before\n", 1, "t.oir:29:3: runtime error: out-of-bounds access: 4 bytes at offset 20 of a 20-byte allocation (kernel @k, team 0, thread 37) @2752", 2752, 368, 5888, "3e16f775607b9d0d"],
    ["before\n", 1, "t.oir:29:3: runtime error: out-of-bounds access: 4 bytes at offset 20 of a 20-byte allocation (kernel @k, team 0, thread 37) @2752", 2752, 3907, 3907, "a27db08beda2361f"],
  ],
  [
    ["4000 4198\n", 0, "", 9894, 108, 3008, "a9ecba8ff5a9bc11"],
    ["", 1, "t.oir:39:3: runtime error: step limit exceeded (150 warp instructions); an infinite loop? (raise it with --max-steps) (host, in @main) @152", 152, 0, 0, "ca23d279f80edb86"],
    ["", 1, "t.oir:39:3: runtime error: step limit exceeded (400 warp instructions); an infinite loop? (raise it with --max-steps) (host, in @main) @404", 404, 0, 0, "86c4fe7e559ee0ea"],
    ["4000 4198\n", 0, "", 9894, 108, 3008, "a9ecba8ff5a9bc11"],
    ["4000 4198\n", 0, "", 9897.5, 108, 3008, "f4ba233a2283eb59"],
    ["4000 4198\n", 0, "", 9894, 108, 3008, "a9ecba8ff5a9bc11"],
    ["4000 4198\n", 0, "", 9894, 200, 3008, "aac2f63297fdbfd7"],
    ["4000 4198\n", 0, "", 9894, 3008, 3008, "093a4556a5b18308"],
  ],
  [
    ["before\n1051\n", 0, "", 6553, 118, 3536, "4af4718f4b5b8fdc"],
    ["", 1, "t.oir:41:3: runtime error: step limit exceeded (150 warp instructions); an infinite loop? (raise it with --max-steps) (host, in @main) @152", 152, 0, 0, "958ddf7e7a52b4a9"],
    ["", 1, "t.oir:35:3: runtime error: step limit exceeded (400 warp instructions); an infinite loop? (raise it with --max-steps) (host, in @main) @402", 402, 0, 0, "f37424937758d361"],
    ["before\n1051\n", 0, "", 6553, 118, 3536, "4af4718f4b5b8fdc"],
    ["before\n1051\n", 0, "", 6556, 118, 3536, "e6f8239bd6b2e3fa"],
    ["before\n1051\n", 0, "", 6553, 118, 3536, "4af4718f4b5b8fdc"],
    ["before\n1051\n", 0, "", 6553, 226, 3536, "b7bf772bedc580b1"],
    ["before\n1051\n", 0, "", 6553, 3536, 3536, "23f629674cca0dd5"],
  ],
  [
    ["before\n", 1, "t.oir:18:3: runtime error: out-of-bounds access: 4 bytes at offset -4 of a 800-byte allocation (kernel @k, team 0, thread 0) @4824", 4824, 11, 352, "bcb6e26668cea262"],
    ["", 1, "t.oir:41:3: runtime error: step limit exceeded (150 warp instructions); an infinite loop? (raise it with --max-steps) (host, in @main) @152", 152, 0, 0, "958ddf7e7a52b4a9"],
    ["", 1, "t.oir:35:3: runtime error: step limit exceeded (400 warp instructions); an infinite loop? (raise it with --max-steps) (host, in @main) @402", 402, 0, 0, "f37424937758d361"],
    ["before\n", 1, "t.oir:18:3: runtime error: out-of-bounds access: 4 bytes at offset -4 of a 800-byte allocation (kernel @k, team 0, thread 0) @4824", 4824, 11, 352, "bcb6e26668cea262"],
    ["before\n", 1, "t.oir:18:3: runtime error: out-of-bounds access: 4 bytes at offset -4 of a 800-byte allocation (kernel @k, team 0, thread 0) @4824.5", 4824.5, 11, 352, "be7965e95a52057d"],
    ["before\n", 1, "t.oir:18:3: runtime error: out-of-bounds access: 4 bytes at offset -4 of a 800-byte allocation (kernel @k, team 0, thread 0) @4824", 4824, 11, 352, "bcb6e26668cea262"],
    ["before\n", 1, "t.oir:18:3: runtime error: out-of-bounds access: 4 bytes at offset -4 of a 800-byte allocation (kernel @k, team 0, thread 0) @4824", 4824, 11, 176, "3a91b1ecd24d7b4e"],
    ["before\n", 1, "t.oir:18:3: runtime error: out-of-bounds access: 4 bytes at offset -4 of a 800-byte allocation (kernel @k, team 0, thread 0) @4824", 4824, 11, 11, "df2e915c38db7ba6"],
  ],
  [
    ["before\n", 1, "t.oir:18:3: runtime error: access through an invalid or freed pointer (kernel @k, team 0, thread 0) @4824", 4824, 11, 352, "8c6c6a3a2568a332"],
    ["", 1, "t.oir:41:3: runtime error: step limit exceeded (150 warp instructions); an infinite loop? (raise it with --max-steps) (host, in @main) @152", 152, 0, 0, "958ddf7e7a52b4a9"],
    ["", 1, "t.oir:35:3: runtime error: step limit exceeded (400 warp instructions); an infinite loop? (raise it with --max-steps) (host, in @main) @402", 402, 0, 0, "f37424937758d361"],
    ["before\n", 1, "t.oir:18:3: runtime error: access through an invalid or freed pointer (kernel @k, team 0, thread 0) @4824", 4824, 11, 352, "8c6c6a3a2568a332"],
    ["before\n", 1, "t.oir:18:3: runtime error: access through an invalid or freed pointer (kernel @k, team 0, thread 0) @4824.5", 4824.5, 11, 352, "4a85bdfd2c0cfa00"],
    ["before\n", 1, "t.oir:18:3: runtime error: access through an invalid or freed pointer (kernel @k, team 0, thread 0) @4824", 4824, 11, 352, "8c6c6a3a2568a332"],
    ["before\n", 1, "t.oir:18:3: runtime error: access through an invalid or freed pointer (kernel @k, team 0, thread 0) @4824", 4824, 11, 176, "c3fe585c10f7cf1a"],
    ["before\n", 1, "t.oir:18:3: runtime error: access through an invalid or freed pointer (kernel @k, team 0, thread 0) @4824", 4824, 11, 11, "d23ca5edd1a743a4"],
  ],
  [
    ["before\n", 1, "t.oir:17:3: runtime error: out-of-bounds access: 8 bytes at offset 1016 of a 1016-byte allocation (kernel @k, team 1, thread 31) @4239", 4239, 62, 1984, "9755ebeff6a77b69"],
    ["", 1, "t.oir:38:3: runtime error: step limit exceeded (150 warp instructions); an infinite loop? (raise it with --max-steps) (host, in @main) @157", 157, 0, 0, "3d3ca136abae592c"],
    ["", 1, "t.oir:48:3: runtime error: step limit exceeded (400 warp instructions); an infinite loop? (raise it with --max-steps) (host, in @main) @401", 401, 0, 0, "3b17aebd98a8283e"],
    ["before\n", 1, "t.oir:17:3: runtime error: out-of-bounds access: 8 bytes at offset 1016 of a 1016-byte allocation (kernel @k, team 1, thread 31) @4239", 4239, 59, 1888, "504c3122f7ae711a"],
    ["before\n", 1, "t.oir:17:3: runtime error: out-of-bounds access: 8 bytes at offset 1016 of a 1016-byte allocation (kernel @k, team 1, thread 31) @4240.5", 4240.5, 59, 1888, "8c949307cdc45d5f"],
    ["before\n", 1, "t.oir:17:3: runtime error: out-of-bounds access: 8 bytes at offset 1016 of a 1016-byte allocation (kernel @k, team 1, thread 31) @4239", 4239, 59, 1888, "504c3122f7ae711a"],
    ["before\n", 1, "t.oir:17:3: runtime error: out-of-bounds access: 8 bytes at offset 1016 of a 1016-byte allocation (kernel @k, team 1, thread 31) @4239", 4239, 129, 2064, "ffc3bda60219cd68"],
    ["before\n", 1, "t.oir:17:3: runtime error: out-of-bounds access: 8 bytes at offset 1016 of a 1016-byte allocation (kernel @k, team 1, thread 31) @4239", 4239, 2418, 2418, "85e736bc6ae72265"],
  ],
  [
    ["before\n", 1, "t.oir:16:3: runtime error: wrong memory space: the pointer is into global memory, the access is to shared (kernel @k, team 0, thread 0) @2619", 2619, 10, 320, "57b8da30bf3b3b47"],
    ["before\n", 1, "t.oir:16:3: runtime error: wrong memory space: the pointer is into global memory, the access is to shared (kernel @k, team 0, thread 0) @2619", 2619, 10, 320, "57b8da30bf3b3b47"],
    ["before\n", 1, "t.oir:16:3: runtime error: wrong memory space: the pointer is into global memory, the access is to shared (kernel @k, team 0, thread 0) @2619", 2619, 10, 320, "57b8da30bf3b3b47"],
    ["before\n", 1, "t.oir:16:3: runtime error: wrong memory space: the pointer is into global memory, the access is to shared (kernel @k, team 0, thread 0) @2619", 2619, 10, 320, "57b8da30bf3b3b47"],
    ["before\n", 1, "t.oir:16:3: runtime error: wrong memory space: the pointer is into global memory, the access is to shared (kernel @k, team 0, thread 0) @2619.25", 2619.25, 10, 320, "84a4c9827e158440"],
    ["before\n", 1, "t.oir:16:3: runtime error: wrong memory space: the pointer is into global memory, the access is to shared (kernel @k, team 0, thread 0) @2619", 2619, 10, 320, "57b8da30bf3b3b47"],
    ["before\n", 1, "t.oir:16:3: runtime error: wrong memory space: the pointer is into global memory, the access is to shared (kernel @k, team 0, thread 0) @2619", 2619, 10, 160, "92fcec87a983aaea"],
    ["before\n", 1, "t.oir:16:3: runtime error: wrong memory space: the pointer is into global memory, the access is to shared (kernel @k, team 0, thread 0) @2619", 2619, 10, 10, "117bc086b86d1527"],
  ]
];

describe("accesses through views give what they gave before", () => {
  VIEW_CASES.forEach((c, i) => {
    test(c.name, () => {
      expect(VARIANTS.map((v) => observe(c.src, v))).toEqual(EXPECT[i]);
    });
  });
});

// The tests above would pass without the views: check where they are.
describe("where the generated code indexes a view", () => {
  const views = (src: string, name = "k"): number => slotForm(compileKernel(src, false, name).source).match(/W\d+_\d_(I32|F32|F64|B64)\[e\d+\]/g)?.length ?? 0;
  test("in each program's loop, in every form of it; not under the race detector", () => {
    // `local` memory gets no views: a frame's allocas are new allocations at every call.
    expect(views(VIEW_CASES[0]!.src, "fill7")).toBe(0);
    expect(views(VIEW_CASES[0]!.src, "fill5")).toBe(0);
    expect(VIEW_CASES.slice(1).map((c) => views(c.src) > 0)).toEqual(VIEW_CASES.slice(1).map(() => true));
    expect(VIEW_CASES.map((c) => compileKernel(c.src, true).source.includes("M.view"))).toEqual(VIEW_CASES.map(() => false));
  });
});

describe("Memory's views", () => {
  test("span an allocation's whole elements and follow a reused id, a resize and a new arena", () => {
    const m = new Memory(1 << 26, 4096);
    const a = m.alloc(1, 28) / 2 ** 32;
    const v = m.viewI32(a);
    expect([v.byteOffset, v.length, m.viewF64(a).length, m.viewB64(a).length, m.viewF32(a).length]).toEqual([m.base[a], 7, 3, 3, 7]);
    expect(m.viewI32(a)).toBe(v);
    m.free(a);
    // A freed id comes back after twice QUARANTINE_IDS later frees of its ring (the window
    // and the slack, quarantine.ts).
    for (let i = 0; i < 2 * QUARANTINE_IDS; i++) m.free(m.alloc(3, 0) / 2 ** 32);
    const b = m.alloc(1, 20) / 2 ** 32;
    expect(b).toBe(a);
    expect(m.viewI32(b).length).toBe(5);
    const big = m.alloc(1, 1 << 20);
    expect(big).toBeGreaterThan(0);
    const w = m.viewI32(b);
    expect(w.buffer).toBe(m.buf);
    w[4] = 77;
    expect(m.i32[(m.base[b]! >> 2) + 4]).toBe(77);
  });
});
