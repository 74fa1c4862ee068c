import { describe, expect, test } from "@jest/globals";
import { main } from "../../src/cli/main.js";
import type { Io } from "../../src/cli/io.js";
import { faultText } from "./util.js";

const launch1 = (kernel: string, threads = 32, mapN = 16): string => `${kernel}
host @main() -> i32 {
^entry:
  %a = alloca i32, ${mapN}
  omp.target @k(%a) teams(1) threads(${threads}) map(tofrom: i32 %a[0:${mapN}])
  ret 0
}
`;

describe("faults: located message, kind, exit status 1", () => {
  test("out-of-bounds", () => {
    const { r, text } = faultText(launch1(`kernel @k(%a: ptr) spmd {
^entry:
  %t = omp.hw_thread_id
  %p = gep i32, %a, %t
  store i32 %t, global %p
  ret
}`));
    expect(r.exitCode).toBe(1);
    expect(r.fault?.kind).toBe("out-of-bounds");
    expect(text.split("\n")).toEqual([
      "t.oir:5:3: runtime error: out-of-bounds access: 4 bytes at offset 64 of a 64-byte allocation (kernel @k, team 0, thread 16)",
      "  store i32 %t, global %p",
      "  ^",
    ]);
  });

  test("null", () => {
    const { r, text } = faultText(launch1(`kernel @k(%a: ptr) spmd {
^entry:
  %v = load i32, global null
  ret
}`));
    expect(r.fault?.kind).toBe("null");
    expect(text).toMatch(/^t.oir:3:3: runtime error: null pointer dereference \(kernel @k, team 0, thread 0\)/);
  });

  test("wrong space (a host pointer used on the device without a map)", () => {
    const { r, text } = faultText(`kernel @k(%a: ptr) spmd {
^entry:
  store i32 1, global %a
  ret
}
host @main() -> i32 {
^entry:
  %a = alloca i32, 4
  omp.target @k(%a) teams(1) threads(1)
  ret 0
}`);
    expect(r.fault?.kind).toBe("wrong-space");
    expect(text).toMatch(/^t.oir:3:3: runtime error: wrong memory space: the pointer is into host memory, the access is to global \(kernel @k, team 0, thread 0\)/);
  });

  test("division by zero (host)", () => {
    const { r, text } = faultText(`host @main() -> i32 {
^entry:
  %z = sub i32 3, 3
  %q = sdiv i32 7, %z
  ret %q
}`);
    expect(r.exitCode).toBe(1);
    expect(r.fault?.kind).toBe("div-by-zero");
    expect(text).toMatch(/^t.oir:4:3: runtime error: integer division by zero \(host, in @main\)/);
  });

  test("partial barrier: some threads exited", () => {
    const { r, text } = faultText(launch1(`kernel @k(%a: ptr) spmd {
^entry:
  %t = omp.hw_thread_id
  %c = icmp slt i32 %t, 32
  cond_br %c, ^b, ^x
^b:
  omp.barrier
  br ^x
^x:
  ret
}`, 64));
    expect(r.fault?.kind).toBe("partial-barrier");
    expect(text).toMatch(/^t.oir:7:3: runtime error: barrier reached by only part of the team/);
  });

  test("deadlock: lanes held behind a divergent branch never reach the barrier", () => {
    const { r, text } = faultText(launch1(`kernel @k(%a: ptr) spmd {
^entry:
  %t = omp.hw_thread_id
  %c = icmp slt i32 %t, 16
  cond_br %c, ^b1, ^b2
^b1:
  omp.barrier
  br ^x
^b2:
  omp.barrier
  br ^x
^x:
  ret
}`, 32));
    expect(r.fault?.kind).toBe("deadlock");
    expect(text).toMatch(/^t.oir:7:3: runtime error: deadlock: 16 of 32 threads wait at this barrier/);
    expect(r.exitCode).toBe(1);
  });

  test("max-steps stops an infinite loop", () => {
    const { r, text } = faultText(launch1(`kernel @k(%a: ptr) generic {
^entry:
  br ^loop
^loop:
  br ^loop
}`), { maxSteps: 10000 });
    expect(r.fault?.kind).toBe("max-steps");
    expect(text).toMatch(/^t.oir:5:3: runtime error: step limit exceeded \(10000 warp instructions\).*\(kernel @k, team 0, thread 0\)/);
  });

  test("call to a function without a body", () => {
    const { r, text } = faultText(launch1(`declare device @ext(i32) -> i32
kernel @k(%a: ptr) spmd {
^entry:
  %v = call @ext(1)
  ret
}`));
    expect(r.fault?.kind).toBe("no-body");
    expect(text).toMatch(/^t.oir:4:3: runtime error: call to @ext, which has no body \(kernel @k, team 0, thread 0\)/);
  });

  test("trap reports its message", () => {
    const { r } = faultText(launch1(`kernel @k(%a: ptr) spmd {
^entry:
  trap "boom"
  ret
}`));
    expect(r.fault?.kind).toBe("trap");
    expect(r.fault?.message).toBe("boom");
  });
});

function memIo(files: Record<string, string>): Io & { out: string; err: string; written: Record<string, string> } {
  const io = {
    out: "", err: "", written: {} as Record<string, string>,
    stdout(s: string) { io.out += s; },
    stderr(s: string) { io.err += s; },
    readFile(p: string) {
      if (!(p in files)) throw Object.assign(new Error("nope"), { code: "ENOENT" });
      return files[p]!;
    },
    readStdin: async () => files["-"] ?? "",
    writeFile(p: string, t: string) { io.written[p] = t; },
    sameFile: () => false,
    env: {},
  };
  return io;
}

describe("ompir run", () => {
  const prog = `host @main() -> i32 {
^entry:
  print "hi\\n"
  ret 7
}`;
  test("exit status is main's return value; output on stdout", async () => {
    const io = memIo({ "p.oir": prog });
    expect(await main(["run", "p.oir"], io)).toBe(7);
    expect(io.out).toBe("hi\n");
  });

  test("runtime fault: exit 1, message on stderr, no stack trace", async () => {
    const io = memIo({ "p.oir": `host @main() -> i32 {\n^entry:\n  %q = sdiv i32 1, 0\n  ret %q\n}` });
    expect(await main(["run", "p.oir"], io)).toBe(1);
    expect(io.err).toBe("p.oir:3:3: runtime error: integer division by zero (host, in @main)\n  %q = sdiv i32 1, 0\n  ^\n");
  });

  test("bad usage and verifier errors exit 2", async () => {
    expect(await main(["run", "p.oir", "--teams", "0"], memIo({ "p.oir": prog }))).toBe(2);
    expect(await main(["run", "p.oir", "--cost-model", "c.json"], memIo({ "p.oir": prog, "c.json": '{"bogus": 1}' }))).toBe(2);
    expect(await main(["run", "p.oir"], memIo({ "p.oir": "host @main() -> i32 {\n^entry:\n  ret\n}" }))).toBe(2);
  });

  test("--stats, --stats-json, --trace, stdin", async () => {
    const io = memIo({ "-": prog });
    expect(await main(["run", "-", "--stats", "--stats-json", "s.json", "--trace", "t.json"], io)).toBe(7);
    expect(io.err).toMatch(/kernel/);
    const stats = JSON.parse(io.written["s.json"]!);
    expect(stats.totals.hostInstructions).toBe(2);
    const trace = JSON.parse(io.written["t.json"]!);
    expect(Array.isArray(trace.traceEvents)).toBe(true);
  });
});
