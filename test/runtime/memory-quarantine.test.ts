// A freed allocation id is not handed out again until QUARANTINE_IDS later frees: an access
// through a dangling pointer faults (Memory.check) however many allocations were made and
// freed in between, up to that many. Whether such an access faults must not depend on how
// many frames a pass inlined away (test/filetests/adversarial/dangling-alloca-id-reuse.oir).

import { describe, expect, test } from "@jest/globals";
import { Memory, QUARANTINE_IDS, SP_GLOBAL, SP_HOST, SP_LOCAL, ptrId } from "../../src/runtime/memory.js";

describe("freed ids are quarantined", () => {
  test("a dangling pointer faults while fewer than QUARANTINE_IDS ids were freed after it", () => {
    const mem = new Memory();
    const dangling = mem.alloc(SP_LOCAL, 4);
    mem.free(ptrId(dangling));
    const seen = new Set<number>();
    let checks = 0;
    // Each iteration allocates and frees one id, the churn of a call with an alloca.
    for (let i = 0; i < QUARANTINE_IDS - 1; i++) {
      const p = mem.alloc(SP_LOCAL, 4);
      seen.add(ptrId(p));
      mem.free(ptrId(p));
      if (i % 4096 === 0 && typeof mem.check(dangling, SP_LOCAL, 4) === "string") checks++;
    }
    expect(seen.has(ptrId(dangling))).toBe(false);
    expect(checks).toBe(Math.ceil((QUARANTINE_IDS - 1) / 4096));
    expect(mem.check(dangling, SP_LOCAL, 4)).toBe("access through an invalid or freed pointer");
    // All QUARANTINE_IDS frees are now held back: the next allocations take fresh ids.
    expect(seen.size).toBe(QUARANTINE_IDS - 1);
  });

  test("after QUARANTINE_IDS later frees the oldest id is reused first, deterministically", () => {
    const mem = new Memory();
    const first = ptrId(mem.alloc(SP_LOCAL, 4));
    mem.free(first);
    for (let i = 0; i < QUARANTINE_IDS; i++) mem.free(ptrId(mem.alloc(SP_LOCAL, 8)));
    expect(ptrId(mem.alloc(SP_LOCAL, 4))).toBe(first);
  });

  test("live allocations are unaffected: a freed block's arena bytes are still reused", () => {
    const mem = new Memory();
    const a = mem.alloc(SP_LOCAL, 64);
    const addrA = mem.check(a, SP_LOCAL, 64);
    mem.free(ptrId(a));
    const b = mem.alloc(SP_LOCAL, 64);
    expect(ptrId(b)).not.toBe(ptrId(a));
    expect(mem.check(b, SP_LOCAL, 64)).toBe(addrA);
  });
});

describe("a pointer below an allocation's start", () => {
  // gep below element 0 borrows from the id: the pointer names id - 1 at an offset near 2^32.
  // The fault is out of bounds of the allocation it came from, whatever id - 1 is.
  test.each([
    ["a live host allocation", true],
    ["a freed id", false],
  ])("is out of bounds when the id before it is %s", (_, liveBefore) => {
    const mem = new Memory();
    const before = mem.alloc(SP_HOST, 16);
    if (!liveBefore) mem.free(ptrId(before));
    const a = mem.alloc(SP_GLOBAL, 400);
    expect(ptrId(a)).toBe(ptrId(before) + 1);
    expect(mem.check(a - 8, SP_GLOBAL, 4)).toBe("out-of-bounds access: 4 bytes at offset -8 of a 400-byte allocation");
    expect(mem.check(a, SP_GLOBAL, 4)).toBe(mem.check(a + 4, SP_GLOBAL, 4) as number - 4);
  });
});
