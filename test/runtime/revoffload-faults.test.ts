// Reverse offload faults: both locations reported, exit from the
// host while kernels run, OpenMP operations in the dynamic extent, the mailbox protocol
// under the injected write-back fault, and the CLI flags.
import { describe, expect, test } from "@jest/globals";
import { main } from "../../src/cli/main.js";
import type { Io } from "../../src/cli/io.js";
import { parseModule } from "../../src/ir/parse.js";
import { verifyModule } from "../../src/ir/verifier.js";
import { execute } from "../../src/runtime/execute.js";
import type { RunOptions, RunResult } from "../../src/runtime/execute.js";
import { formatFault } from "../../src/runtime/faults.js";
import { Mailbox, StalePayload } from "../../src/runtime/mailbox.js";
import { faultText as faultTextChecked, run as runChecked, withReverseOffload } from "./util.js";

/** The test programs use reverse offload (util.ts withReverseOffload). */
const run = (src: string, opts?: RunOptions): RunResult => runChecked(withReverseOffload(src), opts);
const faultText = (src: string, opts?: RunOptions): { r: RunResult; text: string } => faultTextChecked(withReverseOffload(src), opts);

/** A kernel of 64 threads whose thread 37 calls @hf (the body given) with a host buffer. */
const withHost = (hostBody: string, extraHost = ""): string => `host @hf(%p: ptr, %t: i32) {
^entry:
${hostBody}
  ret
}
${extraHost}
kernel @k(%a: ptr) spmd {
^entry:
  %t = omp.hw_thread_id
  %is = icmp eq i32 %t, 37
  cond_br %is, ^ask, ^out
^ask:
  omp.reverse_offload @hf(%a, %t) map(always, tofrom: i32 %a[0:4])
  br ^out
^out:
  ret
}

host @main() -> i32 {
^entry:
  %a = alloca i32, 4
  print "before\\n"
  omp.target @k(%a) teams(2) threads(64) map(tofrom: i32 %a[0:4])
  print "after\\n"
  ret 0
}
`;

describe("a host function that faults reports the host fault and the device call site", () => {
  test("trap", () => {
    const { r, text } = faultText(withHost(`  trap "host gave up"`));
    expect(r.exitCode).toBe(1);
    expect(r.fault?.kind).toBe("trap");
    expect(r.fault?.revOffload).toEqual({ loc: { line: 13, col: 3 }, func: "k", kernel: "k", team: 0, thread: 37 });
    expect(text.split("\n")).toEqual([
      "t.oir:3:3: runtime error: host gave up (host, in @hf)",
      `  trap "host gave up"`,
      "  ^",
      "t.oir:13:3: note: in host code run by the reverse offload issued here (kernel @k, team 0, thread 37, in @k)",
      "  omp.reverse_offload @hf(%a, %t) map(always, tofrom: i32 %a[0:4])",
      "  ^",
    ]);
    expect(r.stdout).toBe("before\n");
  });

  test("bad access in the host function (out of bounds of the mapped host original)", () => {
    const { r, text } = faultText(withHost(`  %q = gep i32, %p, 4
  store i32 1, host %q`));
    expect(r.fault?.kind).toBe("out-of-bounds");
    expect(text).toMatch(/^t\.oir:4:3: runtime error: out-of-bounds access: 4 bytes at offset 16 of a 16-byte allocation \(host, in @hf\)/);
    expect(text).toMatch(/t\.oir:14:3: note: in host code run by the reverse offload issued here \(kernel @k, team 0, thread 37, in @k\)/);
  });

  test("in serial mode too, and in a function the host function calls", () => {
    const src = withHost(`  call @deeper(%t)`, `host @deeper(%t: i32) {
^entry:
  %z = sdiv i32 %t, 0
  ret
}`);
    const { r, text } = faultText(src, { revOffload: "serial" });
    expect(r.fault?.kind).toBe("div-by-zero");
    expect(r.fault?.func).toBe("deeper");
    expect(r.fault?.revOffload?.thread).toBe(37);
    expect(text).toMatch(/note: in host code run by the reverse offload issued here \(kernel @k, team 0, thread 37, in @k\)/);
  });

  test("in a kernel launched more than once, the note names the launch and its omp.target, as a device fault does", () => {
    // @hf traps on its second call: thread 5's request of the second launch.
    const src = `global @calls : host i32 x 1

host @hf(%t: i32) {
^entry:
  %n = load i32, host @calls
  %n1 = add i32 %n, 1
  store i32 %n1, host @calls
  %second = icmp eq i32 %n1, 2
  cond_br %second, ^bad, ^ok
^bad:
  trap "second call"
  ret
^ok:
  ret
}

kernel @k(%a: ptr) spmd {
^entry:
  %t = omp.hw_thread_id
  %is = icmp eq i32 %t, 5
  cond_br %is, ^ask, ^out
^ask:
  omp.reverse_offload @hf(%t)
  br ^out
^out:
  ret
}

host @main() -> i32 {
^entry:
  %a = alloca i32, 1
  omp.target @k(%a) teams(1) threads(8) map(to: i32 %a[0:1])
  omp.target @k(%a) teams(1) threads(8) map(to: i32 %a[0:1])
  ret 0
}
`;
    for (const opts of [{}, { revOffload: "serial" as const }]) {
      const { r, text } = faultText(src, opts);
      expect(r.fault?.kind).toBe("trap");
      expect(r.fault?.revOffload).toEqual({ loc: { line: 23, col: 3 }, func: "k", kernel: "k", launch: { index: 1, loc: { line: 33, col: 3 } }, team: 0, thread: 5 });
      expect(text.split("\n")).toEqual([
        "t.oir:11:3: runtime error: second call (host, in @hf)",
        `  trap "second call"`,
        "  ^",
        "t.oir:23:3: note: in host code run by the reverse offload issued here (kernel @k, launch #1 by omp.target at t.oir:33:3, team 0, thread 5, in @k)",
        "  omp.reverse_offload @hf(%t)",
        "  ^",
      ]);
    }
    // Launched once, the kernel's name says which launch (as for device faults).
    const once = faultText(withHost(`  trap "host gave up"`)).r.fault?.revOffload;
    expect(once && "launch" in once).toBe(false);
  });

  test("a bad reverse map is reported at the map clause with the requesting thread", () => {
    const src = withHost("").replace("map(always, tofrom: i32 %a[0:4])", "map(tofrom: i32 %a[2:4])");
    const { r, text } = faultText(src);
    expect(r.fault?.kind).toBe("map");
    expect(text).toMatch(/^t\.oir:13:35: runtime error: reverse offload map of 16 bytes: out-of-bounds access: 16 bytes at offset 8 of a 16-byte allocation \(kernel @k, team 0, thread 37\)/);
  });
});

describe("exit on the host while kernels are in flight", () => {
  test("ends the program with that status and the output printed so far", () => {
    const { r } = faultText(withHost(`  print "host function runs\\n"
  exit 3`));
    expect(r.fault).toBeNull();
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toBe("before\nhost function runs\n");
    expect(r.stats.kernels).toEqual([]); // the kernel never completed
  });

  test("device prints the host has not received by then are not output", () => {
    const src = `host @stop(%t: i32) {
^entry:
  exit 4
  ret
}
kernel @k(%a: ptr) spmd {
^entry:
  %t = omp.hw_thread_id
  print "device %d\\n", %t
  %first = icmp eq i32 %t, 0
  cond_br %first, ^ask, ^out
^ask:
  omp.reverse_offload @stop(%t)
  br ^out
^out:
  print "late %d\\n", %t
  ret
}
host @main() -> i32 {
^entry:
  %a = alloca i32, 1
  omp.target @k(%a) teams(1) threads(2) map(to: i32 %a[0:1])
  ret 0
}
`;
    const r = run(src);
    expect(r.exitCode).toBe(4);
    expect(r.stdout).toBe("device 0\ndevice 1\n");
  });
});

describe("OpenMP operations in the dynamic extent of a reverse offload", () => {
  const indirect = (op: string): string => withHost(`  call_indirect @inner() : () -> void`, `host @inner() {
^entry:
  ${op}
  ret
}`);

  test("reached through an indirect call: a runtime fault at the operation, with the call site", () => {
    const src = indirect("omp.taskwait");
    expect(verifyModule(parseModule(withReverseOffload(src), "t.oir")).filter((d) => d.severity === "error")).toEqual([]);
    const { r, text } = faultText(src);
    expect(r.fault?.kind).toBe("unsupported");
    expect(text).toMatch(/^t\.oir:8:3: runtime error: omp\.taskwait is not allowed in host code run by reverse offload \(host, in @inner\)/);
    expect(text).toMatch(/\nt\.oir:17:3: note: in host code run by the reverse offload issued here \(kernel @k, team 0, thread 37, in @k\)/);
  });

  test("directly: verifier errors (OpenMP operation, nested reverse offload)", () => {
    const errs = (src: string): string[] => verifyModule(parseModule(withReverseOffload(src), "t.oir")).filter((d) => d.severity === "error").map((d) => d.message);
    expect(errs(withHost("  omp.taskwait")).join("\n")).toMatch(/omp\.taskwait is not allowed in host code run by reverse offload/);
    expect(errs(withHost("  omp.reverse_offload @hf(%p, %t)")).join("\n")).toMatch(/reverse offload/);
  });

  test("a nested reverse offload that only the dynamic extent shows is a runtime fault", () => {
    // Unverified input (the verifier rejects it): the runtime still refuses it.
    const src = withHost("  omp.reverse_offload @leaf(%t)", `host @leaf(%t: i32) {
^entry:
  ret
}`);
    const m = parseModule(withReverseOffload(src), "t.oir");
    const r = execute(m);
    expect(r.fault?.kind).toBe("unsupported");
    expect(r.fault?.message).toBe("a reverse offload cannot be nested in a reverse offload");
    expect(r.fault?.revOffload?.thread).toBe(37);
  });

  test("reached in host code, a reverse offload runs the function directly", () => {
    const src = `host @hf(%x: i32) {
^entry:
  print "host fn %d\\n", %x
  ret
}
host @main() -> i32 {
^entry:
  omp.reverse_offload @hf(5)
  ret 0
}
`;
    const r = execute(parseModule(withReverseOffload(src), "t.oir"), { listRevOffloadCalls: true });
    expect(r.fault).toBeNull();
    expect(r.stdout).toBe("host fn 5\n");
    expect(r.revOffloadCalls).toBe("host: @hf(5)");
  });
});

describe("weak memory: --mailbox-fault=writeback-delay", () => {
  test("the mailbox model: plain stores + release are stale under the fault, per-field atomics are not", () => {
    const plain = new Mailbox<string>(2, "writeback-delay", 1000);
    const t0 = plain.reserve()!;
    const flag = plain.publish(t0, "first", "plain-release", 0, 100);
    expect(plain.ready()).toBe(t0);
    expect(() => plain.read(t0, flag)).toThrow(StalePayload); // flag visible, payload not yet
    expect(plain.read(t0, flag + 1000)).toBe("first"); // after the write-back lands
    plain.release(t0);

    const atomic = new Mailbox<string>(2, "writeback-delay", 1000);
    const a0 = atomic.reserve()!;
    expect(atomic.read(a0, atomic.publish(a0, "first", "atomic-fields", 0, 100))).toBe("first");

    const healthy = new Mailbox<string>(2, "none", 1000);
    const h0 = healthy.reserve()!;
    expect(healthy.read(h0, healthy.publish(h0, "first", "plain-release", 0, 100))).toBe("first");
  });

  test("slot reuse: a stale previous payload is detected; the ring bounds outstanding tickets", () => {
    const mb = new Mailbox<string>(1, "writeback-delay", 1000);
    const t0 = mb.reserve()!;
    mb.publish(t0, "a", "atomic-fields", 0, 0);
    expect(mb.reserve()).toBeNull(); // full: the lane waits
    mb.read(t0, 0);
    mb.release(t0);
    const t1 = mb.reserve()!;
    expect(mb.slotOf(t1)).toBe(mb.slotOf(t0));
    const at = mb.publish(t1, "b", "plain-release", 10, 0);
    expect(() => mb.read(t1, at)).toThrow(/expected ticket 1, found ticket 0/);
  });

  const src = `host @hf(%p: ptr, %t: i32) {
^entry:
  store i32 %t, host %p
  ret
}
kernel @k(%a: ptr) spmd {
^entry:
  %t = omp.hw_thread_id
  %p = gep i32, %a, %t
  omp.reverse_offload @hf(%p, %t) map(always, tofrom: i32 %a[%t:1])
  ret
}
host @main() -> i32 {
^entry:
  %a = alloca i32, 64
  omp.target @k(%a) teams(1) threads(64) map(from: i32 %a[0:64])
  %p = gep i32, %a, 63
  %v = load i32, host %p
  print "%d\\n", %v
  ret 0
}
`;

  test("the runtime's protocol stays correct under the fault, in both modes", () => {
    for (const opts of [{}, { revOffload: "serial" }, { mailboxSlots: 4 }] as RunOptions[]) {
      const r = run(src, { ...opts, mailboxFault: "writeback-delay" });
      expect(r.fault).toBeNull();
      expect(r.stdout).toBe("63\n");
    }
  });

  test("a deliberately wrong protocol is caught: the host reads a stale payload", () => {
    const { r, text } = faultText(src, { mailboxFault: "writeback-delay", mailboxProtocol: "plain-release" });
    expect(r.fault?.kind).toBe("mailbox");
    expect(text).toMatch(/^t\.oir:10:3: runtime error: the host read a stale payload in mailbox slot 0: expected ticket 0, found an empty slot: the payload became visible after its ready flag \(kernel @k, team 0, thread 0\)/);
    // Without the injected fault the same wrong protocol happens to work.
    expect(run(src, { mailboxProtocol: "plain-release" }).fault).toBeNull();
  });
});

function memIo(files: Record<string, string>, env: Record<string, string> = {}): Io & { out: string; err: string; written: Record<string, string> } {
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
    env,
  };
  return io;
}

describe("ompir run flags", () => {
  const prog = withHost("  store i32 9, host %p");
  const workers = async (args: string[], env: Record<string, string> = {}): Promise<unknown> => {
    const io = memIo({ "p.oir": withReverseOffload(prog) }, env);
    expect(await main(["run", "p.oir", "--stats-json", "s.json", ...args], io)).toBe(0);
    return JSON.parse(io.written["s.json"]!).totals.revOffload;
  };

  test("--rev-offload, --rev-offload-threads over OMP_REVERSE_OFFLOAD_THREADS, --mailbox-slots", async () => {
    expect(await workers([])).toMatchObject({ mode: "async", threads: 8, slots: 1024, requests: 2 });
    expect(await workers(["--rev-offload=serial", "--mailbox-slots", "16"])).toMatchObject({ mode: "serial", slots: 16, workersCreated: 0 });
    expect(await workers([], { OMP_REVERSE_OFFLOAD_THREADS: "3" })).toMatchObject({ threads: 3 });
    expect(await workers(["--rev-offload-threads", "5"], { OMP_REVERSE_OFFLOAD_THREADS: "3" })).toMatchObject({ threads: 5 });
    expect(await workers(["--mailbox-fault=writeback-delay"])).toMatchObject({ requests: 2 });
  });

  test("GCC's GOMP_REVERSE_OFFLOAD_THREADS is accepted; OMP_REVERSE_OFFLOAD_THREADS and the flag win", async () => {
    expect(await workers([], { GOMP_REVERSE_OFFLOAD_THREADS: "4" })).toMatchObject({ threads: 4 });
    expect(await workers([], { GOMP_REVERSE_OFFLOAD_THREADS: "4", OMP_REVERSE_OFFLOAD_THREADS: "3" })).toMatchObject({ threads: 3 });
    expect(await workers(["--rev-offload-threads", "5"], { GOMP_REVERSE_OFFLOAD_THREADS: "4" })).toMatchObject({ threads: 5 });
    const io = memIo({ "p.oir": withReverseOffload(prog) }, { GOMP_REVERSE_OFFLOAD_THREADS: "0" });
    expect(await main(["run", "p.oir"], io)).toBe(2);
    expect(io.err).toContain("GOMP_REVERSE_OFFLOAD_THREADS expects an integer from 1 to 65536, got '0'");
  });

  test("--rev-offload-threads -1 says the value must be at least 1; --rev-offload-keep-alive takes 0", async () => {
    for (const args of [["--rev-offload-threads", "-1"], ["--rev-offload-threads=-1"]]) {
      const io = memIo({ "p.oir": withReverseOffload(prog) });
      expect(await main(["run", "p.oir", ...args], io)).toBe(2);
      expect(io.err).toContain("--rev-offload-threads expects an integer from 1 to 65536, got '-1'");
    }
    expect(await workers(["--rev-offload-keep-alive", "0"])).toMatchObject({ requests: 2, workersCreated: 2 }); // one per request, on demand
    expect(await workers([])).toMatchObject({ requests: 2, workersCreated: 8 });
    const io = memIo({ "p.oir": withReverseOffload(prog) });
    expect(await main(["run", "p.oir", "--rev-offload-keep-alive", "-5"], io)).toBe(2);
  });

  test("bad values exit 2", async () => {
    for (const args of [["--rev-offload=fast"], ["--rev-offload-threads", "0"], ["--mailbox-slots", "x"], ["--mailbox-fault=bitflip"]]) {
      expect(await main(["run", "p.oir", ...args], memIo({ "p.oir": withReverseOffload(prog) }))).toBe(2);
    }
    expect(await main(["run", "p.oir"], memIo({ "p.oir": withReverseOffload(prog) }, { OMP_REVERSE_OFFLOAD_THREADS: "many" }))).toBe(2);
  });

  test("--stats prints the reverse-offload table", async () => {
    const io = memIo({ "p.oir": withReverseOffload(prog) });
    expect(await main(["run", "p.oir", "--stats"], io)).toBe(0);
    expect(io.err).toMatch(/reverse offload: async, at most 8 host workers, 1024 mailbox slots/);
    // Two requests, both outstanding; the program's workers are up, so each is taken from the
    // host queue as soon as it is drained (max queue 1).
    expect(io.err).toMatch(/\n0 {2}@k +2 +2 +1 /);
  });
});
