// The race detector: conflicting accesses of two threads of a team between barriers are
// reported with both locations; barriers, atomics, private memory and other teams are not races.

import { expect, test } from "@jest/globals";
import { parseModule } from "../../src/ir/parse.js";
import { execute } from "../../src/runtime/execute.js";
import { formatRace } from "../../src/runtime/races.js";

function races(body: string, mode = "spmd", threads = 64, teams = 1) {
  const text = `
global @s : shared i32 x 16

device @body(%a: ptr) {
^entry:
  %t = omp.thread_num
${body}
  ret
}
kernel @k(%a: ptr) ${mode} {
^entry:
  omp.parallel @body(%a)
  ret
}
host @main() -> i32 {
^entry:
  %a = alloca i32, 256
  omp.target @k(%a) teams(${teams}) threads(${threads}) map(tofrom: i32 %a[0:256])
  ret 0
}
`;
  const r = execute(parseModule(text, "t.oir"), { detectRaces: true });
  expect(r.fault).toBeNull();
  return r.races.map((x) => formatRace("t.oir", x));
}

test("read-modify-write of one word by every thread is a race, with both locations", () => {
  const rs = races(`  %v = load i32, global %a\n  %w = add i32 %v, %t\n  store i32 %w, global %a`);
  expect(rs).toContain(
    "t.oir:9:3: warning: data race on global memory: write by thread 1 in @body conflicts with write by thread 0 in @body at t.oir:9:3 (kernel @k, team 0, no barrier between them)",
  );
  expect(rs.some((r) => r.startsWith("t.oir:7:3: warning: data race on global memory: read by thread 1"))).toBe(true);
});

test("each thread its own slot: no race", () => {
  expect(races(`  %p = gep i32, %a, %t\n  store i32 %t, global %p\n  %v = load i32, global %p`)).toEqual([]);
});

test("atomics against atomics are not races; a plain read against an atomic is", () => {
  expect(races(`  %o = atomic add i32, global %a, 1`)).toEqual([]);
  const rs = races(`  %o = atomic add i32, global %a, 1\n  %v = load i32, global %a`);
  expect(rs.length).toBeGreaterThan(0);
  expect(rs[0]).toMatch(/atomic by thread \d+ in @body conflicts with read|read by thread \d+ in @body conflicts with atomic/);
});

test("a barrier between write and read orders them", () => {
  const store = `  %z = icmp eq i32 %t, 0\n  cond_br %z, ^w, ^j\n^w:\n  store i32 7, shared @s\n  br ^j\n^j:\n`;
  expect(races(`${store}  omp.barrier\n  %v = load i32, shared @s`)).toEqual([]);
  const rs = races(`${store}  %v = load i32, shared @s`);
  expect(rs.some((r) => r.includes("data race on shared memory: read by thread 1") && r.includes("conflicts with write by thread 0"))).toBe(true);
});

test("different teams writing the same global word are not compared", () => {
  expect(races(`  %z = icmp eq i32 %t, 0\n  cond_br %z, ^w, ^j\n^w:\n  store i32 1, global %a\n  br ^j\n^j:`, "spmd", 32, 4)).toEqual([]);
});

test("generic mode: the main thread's sequential writes are ordered before the region by the dispatch", () => {
  const text = `
device @body(%a: ptr) {
^entry:
  %v = load i32, global %a
  ret
}
kernel @k(%a: ptr) generic {
^entry:
  store i32 5, global %a
  omp.parallel @body(%a)
  store i32 6, global %a
  ret
}
host @main() -> i32 {
^entry:
  %a = alloca i32, 4
  omp.target @k(%a) teams(1) threads(64) map(tofrom: i32 %a[0:4])
  ret 0
}
`;
  const r = execute(parseModule(text, "g.oir"), { detectRaces: true });
  expect(r.races).toEqual([]);
  // The same kernel run as SPMD without guards is full of races.
  const bad = execute(parseModule(text.replace("generic", "spmd"), "g.oir"), { detectRaces: true });
  expect(bad.races.length).toBeGreaterThan(0);
});

// Spin locks (C's `critical`): the lanes of a warp take turns (turn k: the lane whose
// thread_num & 63 is k), each spinning on cmpxchg and releasing with atomic xchg.
function locked(cs: string, lock = "@s", cas = "cmpxchg i32, shared LOCK, 0, 1", rel = "%r = atomic xchg i32, shared LOCK, 0"): string {
  return `  %me = and i32 %t, 63
  br ^turn(0)
^turn(%k: i32):
  %more = icmp slt i32 %k, 64
  cond_br %more, ^mine, ^out
^mine:
  %is = icmp eq i32 %me, %k
  cond_br %is, ^spin, ^next
^spin:
  %old = ${cas.replace("LOCK", lock)}
  %got = icmp eq i32 %old, 0
  cond_br %got, ^cs, ^spin
^cs:
${cs}
  ${rel.replace("LOCK", lock)}
  br ^next
^next:
  %k1 = add i32 %k, 1
  br ^turn(%k1)
^out:`;
}
const rmw = "  %v = load i32, global %a\n  %w = add i32 %v, 1\n  store i32 %w, global %a";

test("a read-modify-write under a spin lock (critical) is not a race", () => {
  expect(races(locked(rmw))).toEqual([]);
});

test("the same word written outside the lock by another thread is", () => {
  const outside = `  %z = icmp eq i32 %t, 5\n  cond_br %z, ^w, ^j\n^w:\n  store i32 9, global %a\n  br ^j\n^j:\n`;
  const rs = races(outside + locked(rmw));
  expect(rs.some((r) => r.includes("conflicts with write by thread 5"))).toBe(true);
});

test("two different locks do not exclude each other", () => {
  // Threads below 32 take the lock in @s, the others the lock in @s + 4.
  const half = `  %hi = icmp sge i32 %t, 32\n  %o = select i32 %hi, 1, 0\n  %lk = gep i32, @s, %o\n`;
  const rs = races(half + locked(rmw, "%lk"));
  expect(rs.some((r) => r.includes("data race on global memory"))).toBe(true);
});

test("a cmpxchg loop that no atomic xchg releases confirms no lock: its accesses still race", () => {
  // A lock-free flag: each thread's cmpxchg then a plain read-modify-write, never released.
  const rs = races(locked(rmw, "@s", "cmpxchg i32, shared LOCK, 0, 0", "%r = atomic add i32, shared LOCK, 0"));
  expect(rs.some((r) => r.includes("data race on global memory"))).toBe(true);
});

test("nested spin locks: after the inner one is released, the outer one still excludes (C's nested critical sections)", () => {
  // Each thread takes @s (outer), then @s + 4 (inner), updates a[1] under both, releases the
  // inner and updates a[0] under the outer alone. With one lock per thread the release of
  // the inner left the thread holding nothing, and the a[0] updates were reported.
  const inner = `  %in = gep i32, @s, 1
^ispin:
  %iold = cmpxchg i32, shared %in, 0, 1
  %igot = icmp eq i32 %iold, 0
  cond_br %igot, ^ics, ^ispin
^ics:
  %a1 = gep i32, %a, 1
  %v1 = load i32, global %a1
  %w1 = add i32 %v1, 2
  store i32 %w1, global %a1
  %ir = atomic xchg i32, shared %in, 0
  br ^after
^after:
${rmw}`;
  expect(races(locked(inner.replace("  %in = gep i32, @s, 1\n", "  %in = gep i32, @s, 1\n  br ^ispin\n")))).toEqual([]);
  // The same shape with the outer lock's word taken by a cmpxchg that is never released
  // (no lock): the a[0] updates race.
  expect(races(locked(inner.replace("  %in = gep i32, @s, 1\n", "  %in = gep i32, @s, 1\n  br ^ispin\n"), "@s", "cmpxchg i32, shared LOCK, 0, 0", "%r = atomic add i32, shared LOCK, 0")).some((r) => r.includes("data race on global memory"))).toBe(true);
});

test("a word taken by cmpxchgs on data (never released) does not push the held lock out", () => {
  // Under the lock, 80 cmpxchgs on different data words (more than the 64 the detector keeps).
  const cas = Array.from({ length: 80 }, (_, i) => `  %d${i} = gep i32, %a, ${8 + i}\n  %x${i} = cmpxchg i32, global %d${i}, 0, 0`).join("\n");
  expect(races(locked(`${cas}\n${rmw}`))).toEqual([]);
});
