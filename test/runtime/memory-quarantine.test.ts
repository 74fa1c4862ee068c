// A freed allocation id is not handed out again until QUARANTINE_IDS later frees: an access
// through a dangling pointer faults (Memory.check) however many allocations were made and
// freed in between, up to that many. Whether such an access faults must not depend on how
// many frames a pass inlined away (test/filetests/adversarial/dangling-alloca-id-reuse.oir).

import { describe, expect, test } from "@jest/globals";
import { MAX_IDS, Memory, OutOfMemory, QUARANTINE_IDS, SP_GLOBAL, SP_HOST, SP_LOCAL, ptrId } from "../../src/runtime/memory.js";
import { run } from "./util.js";

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

describe("ids stay below 2^21, so pointers stay exact doubles", () => {
  // 2.46 M mallocs, each freed: before retired heap ids were recycled through the quarantine
  // the ids passed 2^21, `id * 2^32 + 3` rounded to an even offset, and the byte stores at
  // offsets 3 and 4 hit one byte: the sums printed were 330 and 345, without a fault.
  test("a device heap churning through more than 2^21 blocks keeps byte offsets exact", () => {
    const src = `kernel @k(%out: ptr, %iters: i32) spmd {
^entry:
  %t = omp.hw_thread_id
  br ^loop(0, 0)
^loop(%i: i32, %acc: i32):
  %c = icmp slt i32 %i, %iters
  cond_br %c, ^body, ^done
^body:
  %p = omp.malloc 8
  %q = gep i8, %p, 3
  %r = gep i8, %p, 4
  store i8 1, global %q
  store i8 2, global %r
  %v = load i8, global %q
  %vz = zext i8 %v to i32
  %a2 = add i32 %acc, %vz
  omp.free %p
  %i2 = add i32 %i, 1
  br ^loop(%i2, %a2)
^done:
  %z = icmp eq i32 %t, 0
  cond_br %z, ^w, ^e
^w:
  %tm = omp.team_num
  %o = gep i32, %out, %tm
  store i32 %acc, global %o
  br ^e
^e:
  ret
}
host @main() -> i32 {
^entry:
  %a = alloca i32, 32
  omp.target @k(%a, 300) teams(32) threads(256) map(tofrom: i32 %a[0:32])
  %v = load i32, host %a
  %p = gep i32, %a, 31
  %w = load i32, host %p
  print "%d %d\\n", %v, %w
  ret 0
}
`;
    expect(32 * 256 * 300).toBeGreaterThan(MAX_IDS);
    const r = run(src);
    expect(r.fault).toBeNull();
    expect(r.stdout).toBe("300 300\n");
  });

  test("a retired (heap) id is told apart while quarantined, then reused", () => {
    const mem = new Memory();
    const forgotten: number[] = [];
    mem.describeRetired = () => "the test's block";
    mem.forgetRetired = (id) => forgotten.push(id);
    const p = mem.alloc(SP_GLOBAL, 8);
    mem.retire(ptrId(p));
    expect(mem.check(p, SP_GLOBAL, 4)).toBe("use after free: the pointer is to the test's block");
    for (let i = 0; i < QUARANTINE_IDS; i++) mem.free(ptrId(mem.alloc(SP_LOCAL, 8)));
    expect(forgotten).toEqual([ptrId(p)]);
    expect(mem.check(p, SP_GLOBAL, 4)).toBe("access through an invalid or freed pointer");
  });

  test("when every id is live an allocation is out of memory; quarantined ids are taken early", () => {
    const mem = new Memory(1 << 30, 1 << 23, 1 << 21);
    const ids: number[] = [];
    for (let i = 1; i < MAX_IDS; i++) ids.push(ptrId(mem.alloc(SP_LOCAL, 0)));
    expect(Math.max(...ids.slice(-4))).toBe(MAX_IDS - 1);
    expect(() => mem.alloc(SP_LOCAL, 0)).toThrow(OutOfMemory);
    mem.free(ids[5]!);
    mem.free(ids[9]!);
    // Both wait in the quarantine; with no other id left the oldest is handed out first.
    expect(ptrId(mem.alloc(SP_LOCAL, 4))).toBe(ids[5]);
    expect(ptrId(mem.alloc(SP_LOCAL, 4))).toBe(ids[9]);
    expect(() => mem.alloc(SP_LOCAL, 4)).toThrow(/2097151 allocations are live/);
  });
});
