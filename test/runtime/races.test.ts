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
