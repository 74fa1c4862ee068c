// Simulated memory exhaustion is an `out-of-memory` fault at the allocating instruction
// (exit status 1, located message), never an internal error — on every allocation path:
// alloca (device and host), omp.alloc_shared, shared globals (at launch), local globals (at
// the thread's first use), host and global globals (at program start), map sections, reverse
// offload host buffers, and the simulated call stack (endless recursion).

import { describe, expect, test } from "@jest/globals";
import { Memory, OutOfMemory } from "../../src/runtime/memory.js";
import { faultText as faultTextChecked, run as runChecked, withReverseOffload } from "./util.js";
import type { RunOptions, RunResult } from "../../src/runtime/execute.js";

/** The test programs use reverse offload (util.ts withReverseOffload). */
const run = (src: string, opts?: RunOptions): RunResult => runChecked(withReverseOffload(src), opts);
const faultText = (src: string, opts?: RunOptions): { r: RunResult; text: string } => faultTextChecked(withReverseOffload(src), opts);

const KB = 1024;

/** The fault's first line, or "" . */
function fault(src: string, memoryLimit: number, extra: Record<string, unknown> = {}): string {
  const { r, text } = faultText(src, { memoryLimit, ...extra });
  if (r.fault !== null) {
    expect(r.exitCode).toBe(1);
    expect(r.fault.kind).toBe("out-of-memory");
  }
  return text.split("\n")[0] ?? "";
}

describe("out-of-memory at the allocating instruction", () => {
  test("device alloca", () => {
    const src = `kernel @k() spmd {
^entry:
  %a = alloca i32, 1024
  ret
}
host @main() -> i32 {
^entry:
  omp.target @k() teams(1) threads(64)
  ret 0
}
`;
    // 64 threads x 4 KiB = 256 KiB: fits in 1 MiB, not in 128 KiB (thread 31 is the 32nd block).
    expect(fault(src, 1024 * KB)).toBe("");
    expect(fault(src, 128 * KB)).toMatch(/^t.oir:3:3: runtime error: alloca of 4096 bytes: out of simulated memory: 4096 bytes do not fit \(limit 131072 bytes, 126976 bytes allocated; raise it with --memory-limit\) \(kernel @k, team 0, thread 31\)$/);
  });

  test("host alloca, and a negative count", () => {
    expect(fault(`host @main() -> i32 {
^entry:
  %a = alloca i8, 100000
  ret 0
}
`, 64 * KB)).toMatch(/^t.oir:3:3: runtime error: alloca of 100000 bytes: out of simulated memory.*\(host, in @main\)$/);
    expect(fault(`host @main() -> i32 {
^entry:
  %n = sub i32 0, 4
  %a = alloca i32, %n
  ret 0
}
`, 64 * KB)).toBe("t.oir:4:3: runtime error: alloca of -16 bytes: cannot allocate -16 bytes (host, in @main)");
  });

  test("omp.alloc_shared", () => {
    expect(fault(`kernel @k() generic {
^entry:
  %p = omp.alloc_shared 100000
  omp.free_shared %p, 100000
  ret
}
host @main() -> i32 {
^entry:
  omp.target @k() teams(1) threads(32)
  ret 0
}
`, 64 * KB)).toMatch(/^t.oir:3:3: runtime error: omp.alloc_shared of 100000 bytes: out of simulated memory.*\(kernel @k, team 0, thread 0\)$/);
  });

  test("shared globals: at the launch that needs them", () => {
    expect(fault(`global @s : shared i32 x 4096
kernel @k() spmd {
^entry:
  store i32 1, shared @s
  ret
}
host @main() -> i32 {
^entry:
  print "before\\n"
  omp.target @k() teams(8) threads(32)
  ret 0
}
`, 64 * KB)).toMatch(/^t.oir:10:3: runtime error: launch of @k: shared global @s \(16384 bytes\) of team 3: out of simulated memory.*\(host, in @main\)$/);
  });

  test("host and global globals: at the global, before main runs", () => {
    const { r, text } = faultText(`global @ok : host i32
global @big : global i64 x 2147483647
host @main() -> i32 {
^entry:
  print "not reached\\n"
  ret 0
}
`);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    expect(text.split("\n")).toEqual([
      "t.oir:2:1: runtime error: global @big (17179869176 bytes): out of simulated memory: 17179869176 bytes do not fit (limit 1073741824 bytes, 4 bytes allocated; raise it with --memory-limit)",
      "global @big : global i64 x 2147483647",
      "^",
    ]);
  });

  test("map sections: at the map item", () => {
    expect(fault(`kernel @k(%a: ptr) spmd {
^entry:
  ret
}
host @main() -> i32 {
^entry:
  %a = alloca i8, 20000
  omp.target @k(%a) teams(1) threads(32) map(to: i8 %a[0:20000])
  ret 0
}
`, 64 * KB)).toMatch(/^t.oir:8:42: runtime error: device copy of a mapped section \(20000 bytes\): out of simulated memory.*\(host, in @main\)$/);
  });

  test("reverse offload: the host buffer for device-local storage", () => {
    expect(fault(`host @h(%p: ptr) {
^entry:
  ret
}
kernel @k() spmd {
^entry:
  %a = alloca i8, 20000
  omp.reverse_offload @h(%a) map(to: i8 %a[0:20000])
  ret
}
host @main() -> i32 {
^entry:
  omp.target @k() teams(1) threads(1)
  ret 0
}
`, 64 * KB)).toMatch(/^t.oir:8:30: runtime error: reverse offload map: host buffer of 20000 bytes: out of simulated memory.*\(kernel @k, team 0, thread 0\)$/);
  });

  test("endless recursion exhausts the simulated call stack (device and host)", () => {
    const rec = (kind: string) => `${kind} @f(%n: i32) -> i32 {
^entry:
  %m = add i32 %n, 1
  %r = call @f(%m)
  ret %r
}
`;
    expect(fault(`${rec("device")}kernel @k() spmd {
^entry:
  %r = call @f(0)
  ret
}
host @main() -> i32 {
^entry:
  omp.target @k() teams(1) threads(64)
  ret 0
}
`, 1 << 30)).toBe("t.oir:4:3: runtime error: call stack exhausted: more than 1024 nested calls on one warp (endless recursion?) (kernel @k, team 0, thread 0)");
    expect(fault(`${rec("host")}host @main() -> i32 {
^entry:
  %r = call @f(0)
  ret %r
}
`, 1 << 30)).toBe("t.oir:4:3: runtime error: call stack exhausted: more than 32768 nested calls on one thread (endless recursion?) (host, in @f)");
  });

  test("a deep but bounded recursion runs", () => {
    const r = run(`device @f(%n: i32) -> i32 {
^entry:
  %z = icmp eq i32 %n, 0
  cond_br %z, ^base, ^rec
^base:
  ret 0
^rec:
  %m = sub i32 %n, 1
  %r = call @f(%m)
  %s = add i32 %r, 1
  ret %s
}
kernel @k(%o: ptr) spmd {
^entry:
  %r = call @f(1000)
  store i32 %r, global %o
  ret
}
host @main() -> i32 {
^entry:
  %a = alloca i32
  omp.target @k(%a) teams(1) threads(1) map(from: i32 %a[0:1])
  %v = load i32, host %a
  print "%d\\n", %v
  ret 0
}
`);
    expect(r.fault).toBeNull();
    expect(r.stdout).toBe("1000\n");
  });
});

describe("Memory", () => {
  test("blocks are powers of two; a freed block is reused for the same size; nothing is allocated on failure", () => {
    const m = new Memory(4096);
    const a = m.alloc(0, 2000); // block 2048 at 8
    expect(() => m.alloc(0, 2048)).toThrow(OutOfMemory); // 8 + 2048 + 2048 > 4096
    m.alloc(0, 1000); // block 1024
    m.free(a / 2 ** 32);
    const b = m.alloc(0, 1500); // reuses the 2048 block
    expect(m.base[b / 2 ** 32]).toBe(8);
    expect(m.live[0]).toBe(2500);
  });

  test("the limit is validated", () => {
    expect(() => new Memory(100)).toThrow(RangeError);
    expect(() => new Memory(2 ** 31)).toThrow(RangeError);
  });
});
