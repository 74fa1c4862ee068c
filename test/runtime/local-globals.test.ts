// `local` globals are one copy per thread (each device thread of each team, and the host),
// initialised from the initializer, living until the thread's team ends; and the race
// detector reports a thread that uses another thread's private (`local`) memory.

import { describe, expect, test } from "@jest/globals";
import { formatRace } from "../../src/runtime/races.js";
import { faultText, run } from "./util.js";

describe("local globals: one copy per thread", () => {
  test("each thread, team and launch starts from the initializer", () => {
    const r = run(`global @c : local i64 x 2 = [100, 7]
device @body() {
^entry:
  %t = omp.thread_num
  %p = gep i64, @c, 1
  %v = load i64, local %p
  %t64 = sext i32 %t to i64
  %w = add i64 %v, %t64
  store i64 %w, local %p
  %x = load i64, local %p
  %y = load i64, local @c
  %tm = omp.team_num
  print "%d.%d:%ld,%ld\\n", %tm, %t, %y, %x
  ret
}
kernel @k() spmd {
^entry:
  omp.parallel @body()
  ret
}
host @main() -> i32 {
^entry:
  omp.target @k() teams(2) threads(40)
  omp.target @k() teams(1) threads(2)
  ret 0
}
`, { warpSize: 32 });
    expect(r.fault).toBeNull();
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.length).toBe(82);
    for (const l of lines) {
      const [, t, y, x] = /^\d+\.(\d+):(\d+),(\d+)$/.exec(l)!;
      expect([Number(y), Number(x)]).toEqual([100, 7 + Number(t)]);
    }
  });

  test("the host has its own copy; a device thread writing it through a pointer is reported", () => {
    const src = `global @g : local i32 = 3
kernel @k(%p: ptr) spmd {
^entry:
  store i32 9, local %p
  %v = load i32, local @g
  print "%d\\n", %v
  ret
}
host @main() -> i32 {
^entry:
  omp.target @k(@g) teams(1) threads(1)
  ret 0
}
`;
    const r = run(src, { detectRaces: true });
    expect(r.fault).toBeNull();
    expect(r.stdout).toBe("3\n"); // the device thread's own copy is untouched
    expect(r.races.map((x) => formatRace("t.oir", x))).toEqual([
      "t.oir:4:3: warning: private memory used by another thread: write by thread 0 in @k to local memory of the host, allocated in @main at t.oir:11:3 (kernel @k, team 0; local memory is private to its thread)",
    ]);
  });

  test("copies end with the team: launches one after the other reuse the memory", () => {
    const src = `global @big : local i8 x 30000
kernel @k() spmd {
^entry:
  store i8 1, local @big
  ret
}
host @main() -> i32 {
^entry:
  omp.target @k() teams(1) threads(4)
  omp.target @k() teams(1) threads(4)
  omp.target @k() teams(1) threads(4)
  ret 0
}
`;
    // 4 threads x 32 KiB blocks = 128 KiB per launch; 3 launches would need 384 KiB.
    expect(run(src, { memoryLimit: 160 * 1024 }).fault).toBeNull();
    const { r, text } = faultText(src.replace(/threads\(4\)/g, "threads(8)"), { memoryLimit: 160 * 1024 });
    expect(r.fault?.kind).toBe("out-of-memory");
    expect(text.split("\n")[0]).toMatch(/^t.oir:4:3: runtime error: local global @big \(30000 bytes per thread\): out of simulated memory.*\(kernel @k, team 0, thread 4\)$/);
  });

  test("a thread that never references a local global gets no copy", () => {
    const r = run(`global @big : local i8 x 100000
kernel @k() spmd {
^entry:
  %t = omp.hw_thread_id
  %z = icmp eq i32 %t, 0
  cond_br %z, ^use, ^done
^use:
  store i8 1, local @big
  br ^done
^done:
  ret
}
host @main() -> i32 {
^entry:
  omp.target @k() teams(4) threads(128)
  ret 0
}
`, { memoryLimit: 1 << 20 });
    expect(r.fault).toBeNull();
  });
});

describe("race detector: private memory used by another thread", () => {
  const escaping = (use: string) => `device @body(%p: ptr) {
^entry:
${use}
  ret
}
kernel @k(%o: ptr) generic {
^entry:
  %s = alloca i32
  omp.parallel @body(%s)
  %v = load i32, local %s
  store i32 %v, global %o
  ret
}
host @main() -> i32 {
^entry:
  %a = alloca i32
  omp.target @k(%a) teams(1) threads(64) map(from: i32 %a[0:1])
  %v = load i32, host %a
  print "%d\\n", %v
  ret 0
}
`;

  test("the main thread's alloca reached by every thread of a region is shared with the team, not reported", () => {
    const r = run(escaping(`  %o = atomic add i32, local %p, 1`), { detectRaces: true });
    expect(r.fault).toBeNull();
    expect(r.stdout).toBe("64\n");
    expect(r.races).toEqual([]);
  });

  test("a region thread's own alloca used by another thread is reported", () => {
    const r = run(`global @slot : shared ptr
device @body() {
^entry:
  %q = alloca i32
  %t = omp.thread_num
  %one = icmp eq i32 %t, 1
  cond_br %one, ^pub, ^wait
^pub:
  store ptr %q, shared @slot
  br ^wait
^wait:
  omp.barrier
  %two = icmp eq i32 %t, 2
  cond_br %two, ^use, ^done
^use:
  %p = load ptr, shared @slot
  %v = load i32, local %p
  br ^done
^done:
  ret
}
kernel @k() spmd {
^entry:
  omp.parallel @body()
  ret
}
host @main() -> i32 {
^entry:
  omp.target @k() teams(1) threads(32)
  ret 0
}
`, { detectRaces: true });
    expect(r.fault).toBeNull();
    expect(r.races.map((x) => formatRace("t.oir", x))).toEqual([
      "t.oir:17:3: warning: private memory used by another thread: read by thread 2 in @body to local memory of thread 1 of team 0, allocated in @body at t.oir:4:3 (kernel @k, team 0; local memory is private to its thread)",
    ]);
    expect(r.races[0]!.kind).toBe("private");
  });

  test("the owner itself is never reported, nor are per-thread allocas", () => {
    const own = run(escaping(`  %t = omp.thread_num
  %z = icmp eq i32 %t, 0
  cond_br %z, ^w, ^j
^w:
  store i32 5, local %p
  br ^j
^j:`), { detectRaces: true });
    expect(own.races).toEqual([]);
    expect(own.stdout).toBe("5\n");
    const mine = run(`device @body() {
^entry:
  %q = alloca i32, 4
  %t = omp.thread_num
  store i32 %t, local %q
  %v = load i32, local %q
  ret
}
kernel @k() spmd {
^entry:
  omp.parallel @body()
  ret
}
host @main() -> i32 {
^entry:
  omp.target @k() teams(2) threads(64)
  ret 0
}
`, { detectRaces: true });
    expect(mine.races).toEqual([]);
  });

  test("a pointer to one thread's local global published through shared memory", () => {
    const r = run(`global @mine : local i32
global @slot : shared ptr
kernel @k() spmd {
^entry:
  %t = omp.hw_thread_id
  %z = icmp eq i32 %t, 3
  cond_br %z, ^pub, ^j
^pub:
  store ptr @mine, shared @slot
  br ^j
^j:
  omp.barrier
  %p = load ptr, shared @slot
  %v = load i32, local %p
  ret
}
host @main() -> i32 {
^entry:
  omp.target @k() teams(1) threads(8)
  ret 0
}
`, { detectRaces: true });
    expect(r.fault).toBeNull();
    const rs = r.races.map((x) => formatRace("t.oir", x));
    expect(rs).toEqual([
      "t.oir:14:3: warning: private memory used by another thread: read by thread 0 in @k to local memory of thread 3 of team 0, allocated in @k at t.oir:9:3 (kernel @k, team 0; local memory is private to its thread)",
    ]);
  });
});
