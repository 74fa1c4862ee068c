// omp.wtime: the executing thread's cycle count at the instruction, divided by the cost
// model's clockHz. With clockHz 1 a reading is the cycle itself, so the times are exact.

import { describe, expect, test } from "@jest/globals";
import { mergeCostModel } from "../../src/runtime/cost.js";
import { run } from "./util.js";

const program = `
kernel @k(%out: ptr) spmd {
^entry:
  %a = omp.wtime
  %b = omp.wtime
  %t = omp.hw_thread_id
  %first = icmp eq i32 %t, 0
  cond_br %first, ^store, ^done
^store:
  store f64 %a, global %out
  %p1 = gep f64, %out, 1
  store f64 %b, global %p1
  br ^done
^done:
  ret
}

host @main() -> i32 {
^entry:
  %out = alloca f64, 2
  %h0 = omp.wtime
  %h1 = omp.wtime
  omp.target @k(%out) teams(1) threads(32) map(from: f64 %out[0:2])
  %h2 = omp.wtime
  %a = load f64, host %out
  %p1 = gep f64, %out, 1
  %b = load f64, host %p1
  print "%.9f %.9f | %.9f %.9f | %.9f\\n", %h0, %h1, %a, %b, %h2
  ret 0
}
`;

describe("omp.wtime", () => {
  test("is the thread's cycle at the instruction over clockHz, on one clock for host and device", () => {
    const r = run(program, { costModel: { clockHz: 1 } });
    expect(r.fault).toBeNull();
    const [h0, h1, a, b, h2] = r.stdout.trim().split(/[ |]+/).map(Number);
    // Host: main starts at cycle 0; its alloca takes `host` (1) cycle, and so does each reading.
    expect([h0, h1]).toEqual([1, 2]);
    // Device: two readings one `omp` issue (2 cycles) apart, after the launch started.
    expect(b! - a!).toBe(2);
    expect(a!).toBeGreaterThanOrEqual(h1! + 2000);
    // Host again: after the kernel and its copy back.
    expect(h2!).toBeGreaterThan(b!);
  });

  test("scales with clockHz (default 1e9: nanoseconds)", () => {
    const slow = run(program, { costModel: { clockHz: 1 } }).stdout;
    const fast = run(program).stdout;
    const s = slow.trim().split(/[ |]+/).map(Number);
    const f = fast.trim().split(/[ |]+/).map(Number);
    expect(f.map((x) => Math.round(x * 1e9))).toEqual(s);
  });

  test("clockHz must be positive", () => {
    expect(() => mergeCostModel({ clockHz: 0 })).toThrow("cost model field 'clockHz' must be positive");
    expect(mergeCostModel(undefined).clockHz).toBe(1e9);
  });
});
