// Reverse offload: every request served exactly once with the right result in
// every host mode, pool size and mailbox size; backpressure; several nowait kernels;
// determinism; the reverse map rules; serial vs async behaviour; stats and trace.
import { describe, expect, test } from "@jest/globals";
import type { RunOptions, RunResult } from "../../src/runtime/execute.js";
import { readFileSync } from "node:fs";
import { EventQueue } from "../../src/runtime/scheduler.js";
import { executeAsync } from "../../src/runtime/execute.js";
import { parseModule } from "../../src/ir/parse.js";
import { run as runChecked, withReverseOffload } from "./util.js";

/** The test programs use reverse offload (util.ts withReverseOffload). */
const run = (src: string, opts?: RunOptions): RunResult => runChecked(withReverseOffload(src), opts);

/** `teams` × `threads` device threads each ask the host once. The host function squares
 *  the thread's global index into its slot of @out (mapped `always, tofrom`, so the value
 *  travels back to the device and then to the host at kernel end) and counts its calls per
 *  index in a host global. main checks both and prints a one-line verdict. */
function manyRequests(teams: number, threads: number, opts = { kernels: 1, nowait: false }): string {
  const n = teams * threads;
  const total = n * opts.kernels;
  const launches: string[] = [];
  for (let k = 0; k < opts.kernels; k++) {
    launches.push(`  %base${k} = gep i32, %out, ${k * n}
  omp.target @ask(%base${k}, ${k * n}) teams(${teams}) threads(${threads}) map(from: i32 %base${k}[0:${n}])${opts.nowait ? " nowait" : ""}`);
  }
  return `global @calls : host i32 x ${total}

host @square(%slot: ptr, %i: i32) {
^entry:
  %sq = mul i32 %i, %i
  %v = add i32 %sq, 1
  store i32 %v, host %slot
  %c = gep i32, @calls, %i
  %old = load i32, host %c
  %new = add i32 %old, 1
  store i32 %new, host %c
  ret
}

kernel @ask(%out: ptr, %first: i32) spmd {
^entry:
  %tid = omp.hw_thread_id
  %nt = omp.hw_num_threads
  %team = omp.team_num
  %row = mul i32 %team, %nt
  %i = add i32 %row, %tid
  %slot = gep i32, %out, %i
  %g = add i32 %first, %i
  omp.reverse_offload @square(%slot, %g) map(always, tofrom: i32 %out[%i:1])
  ret
}

host @main() -> i32 {
^entry:
  %out = alloca i32, ${total}
${launches.join("\n")}
  ${opts.nowait ? "omp.taskwait" : ""}
  br ^loop(0, 0, 0)
^loop(%i: i32, %bad: i32, %calls: i32):
  %more = icmp slt i32 %i, ${total}
  cond_br %more, ^body, ^done
^body:
  %p = gep i32, %out, %i
  %v = load i32, host %p
  %sq = mul i32 %i, %i
  %want = add i32 %sq, 1
  %wrong = icmp ne i32 %v, %want
  %w = zext i1 %wrong to i32
  %bad1 = add i32 %bad, %w
  %cp = gep i32, @calls, %i
  %c = load i32, host %cp
  %once = icmp eq i32 %c, 1
  %o = zext i1 %once to i32
  %calls1 = add i32 %calls, %o
  %i1 = add i32 %i, 1
  br ^loop(%i1, %bad1, %calls1)
^done:
  print "wrong results %d, called exactly once %d of ${total}\\n", %bad, %calls
  ret 0
}
`;
}

const verdict = (n: number): string => `wrong results 0, called exactly once ${n} of ${n}\n`;

function ok(r: RunResult): RunResult {
  if (r.fault !== null) throw new Error(`unexpected fault: ${r.fault.kind}: ${r.fault.message}`);
  return r;
}

describe("1024 requests: every result right, every host call made exactly once", () => {
  const src = manyRequests(2, 512);
  const configs: [string, RunOptions][] = [];
  for (const slots of [1, 16, 1024]) {
    configs.push([`serial, ${slots} slots`, { revOffload: "serial", mailboxSlots: slots }]);
    for (const threads of [1, 8, 64]) configs.push([`async ${threads} workers, ${slots} slots`, { revOffload: "async", revOffloadThreads: threads, mailboxSlots: slots }]);
  }
  test.each(configs)("%s", (_name, opts) => {
    const r = ok(run(src, { ...opts, listRevOffloadCalls: true }));
    expect(r.stdout).toBe(verdict(1024));
    const s = r.stats.totals.revOffload;
    expect(s.requests).toBe(1024);
    expect(s.maxOutstanding).toBeLessThanOrEqual(1024);
    expect(r.stats.kernels[0]!.revOffload.requests).toBe(1024);
    if (opts.revOffload === "async") {
      expect(s.workersCreated).toBeGreaterThanOrEqual(1);
      expect(s.workersCreated).toBeLessThanOrEqual(1024);
    } else {
      expect(s.workersCreated).toBe(0);
    }
    if (opts.mailboxSlots === 1) expect(s.mailboxWaits).toBeGreaterThan(0);
    expect(r.revOffloadCalls!.split("\n")).toHaveLength(1024);
  });

  test("more workers serve faster, up to the number of outstanding requests", () => {
    const cycles = (o: RunOptions): number => ok(run(src, o)).stats.kernels[0]!.cycles;
    const serial = cycles({ revOffload: "serial" });
    const a1 = cycles({ revOffloadThreads: 1 });
    const a8 = cycles({ revOffloadThreads: 8 });
    const a64 = cycles({ revOffloadThreads: 64 });
    expect(a8).toBeLessThan(a1);
    expect(a64).toBeLessThan(a8);
    expect(a8).toBeLessThan(serial);
  });
});

test("1600 outstanding requests through 1024 slots: lanes wait for slots, nothing lost", () => {
  const r = ok(run(manyRequests(2, 800)));
  expect(r.stdout).toBe(verdict(1600));
  const s = r.stats.totals.revOffload;
  expect(s.requests).toBe(1600);
  expect(s.mailboxWaits).toBeGreaterThanOrEqual(1600 - 1024);
});

test("five nowait kernels of 512 requests each are attributed to their kernels", () => {
  for (const mode of ["serial", "async"] as const) {
    const r = ok(run(manyRequests(1, 512, { kernels: 5, nowait: true }), { revOffload: mode, listRevOffloadCalls: true }));
    expect(r.stdout).toBe(verdict(2560));
    expect(r.stats.kernels.map((k) => k.revOffload.requests)).toEqual([512, 512, 512, 512, 512]);
    expect(r.stats.totals.revOffload.requests).toBe(2560);
    const listing = r.revOffloadCalls!.split("\n");
    expect(listing).toHaveLength(2560);
    expect(listing[512]).toBe("#1 @ask team 0 thread 0: @square(map0+0, 512)");
  }
});

test("identical output, stats, trace and call listing across repeated runs", () => {
  const src = manyRequests(2, 256, { kernels: 2, nowait: true });
  for (const opts of [{ revOffload: "serial" }, { revOffloadThreads: 4, mailboxSlots: 16 }] as RunOptions[]) {
    const a = run(src, { ...opts, trace: true, listRevOffloadCalls: true });
    const b = run(src, { ...opts, trace: true, listRevOffloadCalls: true });
    expect(b.stdout).toBe(a.stdout);
    expect(JSON.stringify(b.stats)).toBe(JSON.stringify(a.stats));
    expect(JSON.stringify(b.trace)).toBe(JSON.stringify(a.trace));
    expect(b.revOffloadCalls).toBe(a.revOffloadCalls);
    expect(b.hostMemory).toBe(a.hostMemory);
  }
});

test("the call listing does not depend on the host side (mode, pool, slots)", () => {
  const src = manyRequests(1, 64, { kernels: 2, nowait: true });
  const base = run(src, { listRevOffloadCalls: true }).revOffloadCalls!;
  expect(base.split("\n")[0]).toBe("#0 @ask team 0 thread 0: @square(map0+0, 0)");
  for (const o of [{ revOffload: "serial" }, { revOffloadThreads: 1, mailboxSlots: 1 }, { revOffloadThreads: 64 }] as RunOptions[]) {
    expect(run(src, { ...o, listRevOffloadCalls: true }).revOffloadCalls).toBe(base);
  }
});

test("the call listing is built only when asked for", () => {
  const src = manyRequests(1, 64);
  expect(run(src).revOffloadCalls).toBeNull();
});

/** One device thread (generic main thread) reverse-offloads with `maps` on a buffer `%b`
 *  that lives in `space`: the host function prints what it sees and writes 7s; the device
 *  prints what it has afterwards. */
function mapProgram(map: string, where: "present" | "local" | "shared"): string {
  const buf = where === "present" ? "%a" : where === "local" ? "%l" : "%s";
  return `host @look(%p: ptr) {
^entry:
  %v = load i32, host %p
  print "host sees %d\\n", %v
  store i32 7, host %p
  ret
}

kernel @k(%a: ptr) generic {
^entry:
  %l = alloca i32, 1
  %s = omp.alloc_shared 4
  store i32 5, global %a
  store i32 5, local %l
  store i32 5, shared %s
  omp.reverse_offload @look(${buf}) map(${map}: i32 ${buf}[0:1])
  %v = load i32, ${where === "present" ? "global" : where} ${buf}
  print "device has %d\\n", %v
  omp.free_shared %s, 4
  ret
}

host @main() -> i32 {
^entry:
  %a = alloca i32, 1
  store i32 1, host %a
  omp.target @k(%a) teams(1) threads(32) map(to: i32 %a[0:1])
  %v = load i32, host %a
  print "host original %d\\n", %v
  ret 0
}
`;
}

describe("reverse map semantics", () => {
  const out = (map: string, where: "present" | "local" | "shared"): string => ok(run(mapProgram(map, where))).stdout;

  test("present storage uses the host original and copies only with always", () => {
    expect(out("tofrom", "present")).toBe("host sees 1\ndevice has 5\nhost original 7\n");
    expect(out("always, tofrom", "present")).toBe("host sees 5\ndevice has 7\nhost original 7\n");
    expect(out("always, to", "present")).toBe("host sees 5\ndevice has 5\nhost original 7\n");
    expect(out("always, from", "present")).toBe("host sees 1\ndevice has 7\nhost original 7\n");
  });

  test("device-local and team-shared storage get a temporary host buffer", () => {
    for (const where of ["local", "shared"] as const) {
      expect(out("tofrom", where)).toBe("host sees 5\ndevice has 7\nhost original 1\n");
      expect(out("to", where)).toBe("host sees 5\ndevice has 5\nhost original 1\n");
      expect(out("from", where)).toBe("host sees 0\ndevice has 7\nhost original 1\n");
      expect(out("alloc", where)).toBe("host sees 0\ndevice has 5\nhost original 1\n");
    }
  });

  test("firstprivate copies device→host only, even for present storage", () => {
    expect(out("firstprivate", "present")).toBe("host sees 5\ndevice has 5\nhost original 1\n");
    expect(out("firstprivate", "local")).toBe("host sees 5\ndevice has 5\nhost original 1\n");
  });

  test("a declared cost() host builtin takes that long and runs nothing", () => {
    const src = `declare host @work(i32) cost(50000)
kernel @k(%a: ptr) spmd {
^entry:
  %t = omp.hw_thread_id
  omp.reverse_offload @work(%t)
  ret
}
host @main() -> i32 {
^entry:
  %a = alloca i32, 1
  omp.target @k(%a) teams(1) threads(4) map(to: i32 %a[0:1])
  ret 0
}
`;
    const r = ok(run(src, { revOffloadThreads: 4 }));
    expect(r.stats.totals.revOffload.requests).toBe(4);
    expect(r.stats.totals.revOffload.meanLatency).toBeGreaterThan(50000);
    expect(ok(run(src, { revOffload: "serial" })).stats.kernels[0]!.cycles).toBeGreaterThan(4 * 50000);
  });
});

/** Thread 0 of warp 0 asks a slow host function; warp 1 prints while it waits. */
const printsAndRequests = `declare host @slow(i32) cost(200000)
kernel @k(%a: ptr) spmd {
^entry:
  %t = omp.hw_thread_id
  %first = icmp eq i32 %t, 0
  cond_br %first, ^ask, ^next
^ask:
  omp.reverse_offload @slow(%t)
  br ^next
^next:
  %w1 = icmp eq i32 %t, 32
  cond_br %w1, ^talk, ^out
^talk:
  print "warp 1 says hello\\n"
  br ^out
^out:
  ret
}
host @main() -> i32 {
^entry:
  %a = alloca i32, 1
  omp.target @k(%a) teams(1) threads(64) map(to: i32 %a[0:1]) nowait
  omp.target @k(%a) teams(1) threads(64) map(to: i32 %a[0:1]) nowait
  omp.taskwait
  ret 0
}
`;

describe("serial vs async", () => {
  test("serial holds device prints (and the other kernel's request) behind a running request; async does not", () => {
    const serial = ok(run(printsAndRequests, { revOffload: "serial" }));
    const async = ok(run(printsAndRequests, { revOffload: "async" }));
    expect(serial.stdout).toBe("warp 1 says hello\nwarp 1 says hello\n");
    expect(async.stdout).toBe(serial.stdout);
    expect(serial.stats.totals.revOffload.maxPrintDelay).toBeGreaterThan(150000);
    expect(async.stats.totals.revOffload.maxPrintDelay).toBeLessThan(5000);
    // Serially the second kernel's request waits for the first's: it ends a request later.
    const [s0, s1] = serial.stats.kernels.map((k) => k.endCycle);
    expect(s1! - s0!).toBeGreaterThan(150000);
    const [a0, a1] = async.stats.kernels.map((k) => k.endCycle);
    expect(Math.abs(a1! - a0!)).toBeLessThan(20000);
  });

  test("idle workers exit and are created again on demand (keep-alive 0, as libgomp)", () => {
    const r = ok(run(printsAndRequests, { revOffloadThreads: 8, revOffloadKeepAlive: 0 }));
    expect(r.stats.totals.revOffload.workersCreated).toBe(2);
    expect(r.stats.kernels.map((k) => k.revOffload.workersCreated)).toEqual([1, 1]);
  });

  test("with a keep-alive the pool starts with the program, idle workers wait, then exit and are started again", () => {
    // Default keep-alive: the pool is started once, at the program's start, and reused.
    const kept = ok(run(printsAndRequests, { revOffloadThreads: 8 }));
    expect(kept.stats.totals.revOffload.workersCreated).toBe(8);
    expect(kept.stats.kernels.map((k) => k.revOffload.workersCreated)).toEqual([0, 0]);
    // Sequential launches further apart than a short keep-alive: the workers exit in between
    // and the second launch starts them again.
    const seq = printsAndRequests.replaceAll(" nowait", "");
    // The program's two (up at its start) exit 1,000 cycles later, before the first kernel's
    // launch (cycle 2,503), which starts both again, and so does the second's: the pool counts
    // who is free at the launch's cycle, though the host thread issues it ahead of the event
    // order (until the fifteenth session it counted them at the issuing event, where the two
    // had not exited yet, and the first request started one on demand: 5, [1, 2]).
    const short = ok(run(seq, { revOffloadThreads: 2, revOffloadKeepAlive: 1000 }));
    expect(short.stats.kernels.map((k) => k.startCycle)[0]).toBe(2503);
    expect(short.stats.totals.revOffload.workersCreated).toBe(6);
    expect(short.stats.kernels.map((k) => k.revOffload.workersCreated)).toEqual([2, 2]);
    const long = ok(run(seq, { revOffloadThreads: 2, revOffloadKeepAlive: 10_000_000 }));
    expect(long.stats.totals.revOffload.workersCreated).toBe(2);
    // The keep-alive changes when requests run, never what they compute.
    expect(short.stdout).toBe(long.stdout);
  });

  test("the pool started with the program serves the sequential-part example (one request per team) faster than serial", () => {
    // Its requests come 3,000 cycles into the run: the program's workers, started with the
    // runtime as the poller is, are up; without the keep-alive pool each request waits for a
    // spawn (1.9x serial's kernel cycles), and with the pool started at main it was 1.19x.
    const src = readFileSync(new URL("../../examples/revoffload_sequential.oir", import.meta.url), "utf8");
    const serial = ok(run(src, { revOffload: "serial" }));
    const old = ok(run(src, { revOffloadKeepAlive: 0 }));
    const async = ok(run(src));
    expect(async.stdout).toBe(serial.stdout);
    expect(async.stats.totals.cycles).toBeLessThan(serial.stats.totals.cycles);
    expect(async.stats.kernels[0]!.cycles).toBeLessThan(serial.stats.kernels[0]!.cycles);
    expect(old.stats.kernels[0]!.cycles).toBeGreaterThan(1.5 * serial.stats.kernels[0]!.cycles);
  });

  test("stall cycles count per requesting lane until its warp resumes", () => {
    const r = ok(run(manyRequests(1, 32), { revOffloadThreads: 8 }));
    const s = r.stats.kernels[0]!.revOffload;
    expect(s.requests).toBe(32);
    expect(s.stallCycles).toBeGreaterThanOrEqual(32 * s.maxLatency - 32 * 1000);
    expect(s.stallCycles).toBeGreaterThanOrEqual(s.maxLatency * 32 - (s.maxLatency - s.meanLatency) * 32 * 2);
    expect(s.workerBusyCycles).toBeGreaterThan(0);
  });
});

test("trace: a track per host worker, a slice per request, flow arrows both ways", () => {
  const r = ok(run(manyRequests(1, 64), { revOffloadThreads: 4, trace: true }));
  const ev = r.trace!;
  const names = ev.filter((e) => e.name === "thread_name" && e.pid === 0).map((e) => String(e.args!.name));
  expect(names).toEqual(expect.arrayContaining(["reverse-offload worker 0", "reverse-offload worker 3"]));
  expect(names.filter((n) => n.startsWith("reverse-offload worker"))).toHaveLength(4);
  expect(ev.filter((e) => e.ph === "X" && e.cat === "revoffload" && e.pid === 0)).toHaveLength(64);
  const starts = ev.filter((e) => e.ph === "s");
  const ends = ev.filter((e) => e.ph === "f");
  expect(starts).toHaveLength(128);
  expect(ends).toHaveLength(128);
  expect(starts.filter((e) => e.pid === 1)).toHaveLength(64); // warp → worker
  expect(ends.filter((e) => e.pid === 1)).toHaveLength(64); // worker → warp
});

describe("a launch's firstprivate copy is private to it (never in the present table)", () => {
  // The kernel writes 5 into its firstprivate copy of %a, then maps it in a reverse offload.
  const revSrc = (map: string): string => `host @look(%p: ptr) {
^entry:
  %v = load i32, host %p
  print "host sees %d\\n", %v
  store i32 7, host %p
  ret
}

kernel @k(%a: ptr) generic {
^entry:
  store i32 5, global %a
  omp.reverse_offload @look(%a) map(${map}: i32 %a[0:1])
  %v = load i32, global %a
  print "device has %d\\n", %v
  ret
}

host @main() -> i32 {
^entry:
  %a = alloca i32, 1
  store i32 1, host %a
  omp.target @k(%a) teams(1) threads(32) map(firstprivate: i32 %a[0:1])
  %v = load i32, host %a
  print "host original %d\\n", %v
  ret 0
}
`;

  test("a reverse offload mapping the private copy gets a temporary host buffer, not the host's x", () => {
    // tofrom of storage with no host counterpart: device→host before, host→device after.
    expect(ok(run(revSrc("tofrom"))).stdout).toBe("host sees 5\ndevice has 7\nhost original 1\n");
    expect(ok(run(revSrc("always, tofrom"))).stdout).toBe("host sees 5\ndevice has 7\nhost original 1\n");
    expect(ok(run(revSrc("to"))).stdout).toBe("host sees 5\ndevice has 5\nhost original 1\n");
  });

  test("a second launch does not see the first one's private copy as present, and it never reaches the host", () => {
    // @k1 (nowait) holds a private copy of %a with 5 in it while @k2 maps %a tofrom.
    const src = `kernel @k1(%a: ptr) spmd {
^entry:
  store i32 5, global %a
  %t = omp.hw_thread_id
  br ^spin(0)
^spin(%i: i32):
  %more = icmp slt i32 %i, 2000
  cond_br %more, ^next, ^done
^next:
  %j = add i32 %i, 1
  br ^spin(%j)
^done:
  ret
}

kernel @k2(%a: ptr) spmd {
^entry:
  %v = load i32, global %a
  %t = omp.hw_thread_id
  %z = icmp eq i32 %t, 0
  cond_br %z, ^p, ^x
^p:
  print "k2 sees %d\\n", %v
  br ^x
^x:
  ret
}

host @main() -> i32 {
^entry:
  %a = alloca i32, 1
  store i32 1, host %a
  omp.target @k1(%a) teams(1) threads(32) map(firstprivate: i32 %a[0:1]) nowait
  omp.target @k2(%a) teams(1) threads(32) map(tofrom: i32 %a[0:1]) nowait
  omp.taskwait
  %v = load i32, host %a
  print "host %d\\n", %v
  ret 0
}
`;
    expect(ok(run(src)).stdout).toBe("k2 sees 1\nhost 1\n");
  });

  test("firstprivate of a section already present uses the private copy in the kernel", () => {
    const src = `kernel @k(%a: ptr) spmd {
^entry:
  store i32 5, global %a
  ret
}

host @main() -> i32 {
^entry:
  %a = alloca i32, 1
  store i32 1, host %a
  omp.target_enter_data map(to: i32 %a[0:1])
  omp.target @k(%a) teams(1) threads(1) map(firstprivate: i32 %a[0:1])
  omp.target_exit_data map(from: i32 %a[0:1])
  %v = load i32, host %a
  print "host %d\\n", %v
  ret 0
}
`;
    expect(ok(run(src)).stdout).toBe("host 1\n");
  });
});

describe("simulator cost: events per request do not grow with the pool", () => {
  // bench/revoffload.js table (d)'s launch: 4096 threads each make one request of a 10-cycle
  // host function through 1024 slots, so 3072 wait for a slot; the poller's drain (50 cycles)
  // is the bottleneck and the pool keeps up. Per request the host side takes one place in the
  // event order, the poller's step that queues it (and starts it on a free worker, and frees
  // its slot, which a waiting lane takes then). Those steps come one after another: the
  // poller goes on within its step when nothing comes between (Timeline.goOn, no sequence
  // number taken), else its next step is a place of the host side's timeline, which runs it
  // in the same queue event when it can (about 0.13 queue events per request). Until the
  // fifteenth session it was four places each with its sequence number (the drain, the freed
  // slot seen by the device, the waiting worker, the finished worker's look: 5 numbers per
  // request), and before the timeline 3.1 queue events per request, 6.8 and 62 with an event
  // per waiting worker.
  const src = `declare host @work(i32) cost(10)
kernel @k(%a: ptr) spmd {
^entry:
  %t = omp.hw_thread_id
  %nt = omp.hw_num_threads
  %tm = omp.team_num
  %row = mul i32 %tm, %nt
  %i = add i32 %row, %t
  omp.reverse_offload @work(%i)
  ret
}
host @main() -> i32 {
^entry:
  %a = alloca i32, 1
  omp.target @k(%a) teams(4) threads(1024) map(to: i32 %a[0:1])
  ret 0
}
`;
  test.each([[8], [64]])("%i workers", (threads) => {
    const proto = EventQueue.prototype;
    const pushAt = proto.pushAt;
    const reserve = proto.reserve;
    let events = 0;
    let seqs = 0;
    proto.pushAt = function (this: EventQueue, ...a: Parameters<EventQueue["pushAt"]>): void {
      events++;
      pushAt.apply(this, a);
    };
    proto.reserve = function (this: EventQueue, n: number): number {
      seqs += n;
      return reserve.call(this, n);
    };
    let r: RunResult;
    try {
      r = run(src, { revOffloadThreads: threads });
    } finally {
      proto.pushAt = pushAt;
      proto.reserve = reserve;
    }
    expect(r.fault).toBeNull();
    expect(r.stats.totals.revOffload.requests).toBe(4096);
    expect(r.stats.totals.revOffload.mailboxWaits).toBe(3072);
    expect(events / 4096).toBeLessThan(0.25);
    expect(seqs / 4096).toBeLessThan(0.1);
  });

  test("host-side events run back to back still return to the event loop: a signal stops the launch", async () => {
    const big = src.replace("teams(4)", "teams(100)");
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 50);
    const r = await executeAsync(parseModule(withReverseOffload(big), "t.oir"), {}, stop.signal);
    expect(r.exitCode).toBe(130);
    expect(r.interrupted).toBeGreaterThan(0);
    expect(r.stats.kernels.map((k) => k.incomplete)).toEqual([true]);
  });
});

describe("warps issue ahead of the event order: each request is served with its own lane's arguments", () => {
  // Team 0's warp spins before it asks, team 1's asks at once: team 0's event runs first (it
  // issues first) but at a later clock, so team 1's request is sent, and served, first. A
  // runtime that kept waiting lanes' arguments in issue order handed team 1's request team
  // 0's arguments and map section (found by the fuzzer, seed 13130308, guard scheme naive).
  const src = `host @say(%p: ptr, %team: i32, %t: i32) {
^entry:
  print "team %d thread %d\\n", %team, %t
  %v = add i32 %team, 100
  store i32 %v, host %p
  ret
}

kernel @k(%a: ptr) spmd {
^entry:
  %team = omp.team_num
  %t = omp.hw_thread_id
  %slot = gep i32, %a, %team
  %first = icmp eq i32 %team, 0
  cond_br %first, ^spin, ^ask
^spin:
  br ^loop(0)
^loop(%i: i32):
  %more = icmp slt i32 %i, 20
  cond_br %more, ^next, ^ask
^next:
  %i1 = add i32 %i, 1
  br ^loop(%i1)
^ask:
  %lead = icmp eq i32 %t, 0
  cond_br %lead, ^call, ^out
^call:
  omp.reverse_offload @say(%slot, %team, %t) map(always, tofrom: i32 %a[%team:1])
  br ^out
^out:
  ret
}

host @main() -> i32 {
^entry:
  %a = alloca i32, 2
  omp.target @k(%a) teams(2) threads(32) map(tofrom: i32 %a[0:2])
  %p0 = gep i32, %a, 0
  %v0 = load i32, host %p0
  %p1 = gep i32, %a, 1
  %v1 = load i32, host %p1
  print "a = %d %d\\n", %v0, %v1
  ret 0
}
`;
  test.each([["async", {}], ["serial", { revOffload: "serial" as const }], ["async, 1 slot", { mailboxSlots: 1 }]])("%s", (_m, opts) => {
    const r = run(src, { ...opts, trace: true });
    expect(r.fault).toBeNull();
    expect(r.stdout).toBe("team 1 thread 0\nteam 0 thread 0\na = 100 101\n");
    // The host slices, in the order served, name the requesting team: the same order.
    const served = r.trace!.filter((e) => e.ph === "X" && e.name === "@say").sort((a, b) => a.ts - b.ts);
    expect(served.map((e) => e.args?.["team"])).toEqual([1, 0]);
  });
});

describe("lanes waiting for a slot are served with their own arguments of every type", () => {
  // Every lane of four warps asks at once through a tiny mailbox, so most wait, long after
  // their warp issued. A blocking request reads its lane's arguments when it gets its slot
  // (its warp cannot run meanwhile); a `nowait` one's warp goes on and stages other values
  // for its second request before the first ones have slots, so those are copied at issue.
  // The host function traps unless the i32, i64 and f64 arguments all belong to one lane.
  const src = (nowait: boolean): string => `host @check(%i: i32, %b: i64, %x: f64) {
^entry:
  %bi = sext i32 %i to i64
  %want = mul i64 %bi, 1000000007
  %okb = icmp eq i64 %b, %want
  %xi = sitofp i32 %i to f64
  %wantx = fadd f64 %xi, 0.5
  %okx = fcmp oeq f64 %x, %wantx
  %ok = and i1 %okb, %okx
  cond_br %ok, ^good, ^bad
^good:
  ret
^bad:
  trap "wrong lane's arguments"
  ret
}

kernel @k(%a: ptr) spmd {
^entry:
  %t = omp.hw_thread_id
  %nt = omp.hw_num_threads
  %tm = omp.team_num
  %row = mul i32 %tm, %nt
  %i = add i32 %row, %t
  %bi = sext i32 %i to i64
  %b = mul i64 %bi, 1000000007
  %xi = sitofp i32 %i to f64
  %x = fadd f64 %xi, 0.5
  omp.reverse_offload @check(%i, %b, %x)${nowait ? " nowait" : ""}
  %j = add i32 %i, 1000
  %bj = sext i32 %j to i64
  %b2 = mul i64 %bj, 1000000007
  %xj = sitofp i32 %j to f64
  %x2 = fadd f64 %xj, 0.5
  omp.reverse_offload @check(%j, %b2, %x2)${nowait ? " nowait" : ""}
  ret
}

host @main() -> i32 {
^entry:
  %a = alloca i32, 1
  omp.target @k(%a) teams(2) threads(64) map(to: i32 %a[0:1])
  ret 0
}
`;
  test.each([
    ["async, 8 slots", false, { mailboxSlots: 8 }],
    ["async, 1 slot", false, { mailboxSlots: 1 }],
    ["serial, 3 slots", false, { revOffload: "serial" as const, mailboxSlots: 3 }],
    ["nowait, 1 slot", true, { mailboxSlots: 1 }],
    ["nowait, serial, 2 slots", true, { revOffload: "serial" as const, mailboxSlots: 2 }],
  ])("%s", (_m, nowait, opts) => {
    const r = run(src(nowait), opts);
    expect(r.fault).toBeNull();
    expect(r.stats.totals.revOffload.requests).toBe(2 * 128);
    expect(r.stats.totals.revOffload.mailboxWaits).toBeGreaterThan(100);
  });
});

describe("the pool's schedule is one a real pool could run", () => {
  // Whatever the dispatch rule, a worker serves one request at a time, at most `threads`
  // serve at once, and a request's host slice lies inside its lane's wait (from the request
  // arrow's start to the completion arrow's end). Checked on the schedule-pinning programs
  // (revoffload-order/: mailboxes that fill, requests of three lengths, prints) under pools
  // of 1 to 64 workers, small mailboxes and keep-alives.
  const dir = new URL("./revoffload-order/", import.meta.url);
  const files = ["mixed-costs.oir", "prints-1536.oir", "scale-4096.oir"];
  const sets: [string, RunOptions][] = [
    ["async1", { revOffloadThreads: 1 }],
    ["async4-slots3-ka0", { revOffloadThreads: 4, mailboxSlots: 3, revOffloadKeepAlive: 0 }],
    ["async8", {}],
    ["async64-ka1000", { revOffloadThreads: 64, revOffloadKeepAlive: 1000 }],
    ["serial-slots2", { revOffload: "serial", mailboxSlots: 2 }],
  ];
  test.each(files.flatMap((f) => sets.map(([n, o]) => [f, n, o] as const)))("%s %s", (f, _n, o) => {
    const r = run(readFileSync(new URL(f, dir), "utf8"), { ...o, trace: true });
    expect(r.fault).toBeNull();
    const ev = r.trace!;
    const host = ev.filter((e) => e.pid === 0 && e.ph === "X" && e.cat === "revoffload");
    expect(host).toHaveLength(r.stats.totals.revOffload.requests);
    const byTrack = new Map<number, [number, number][]>();
    for (const e of host) {
      const l = byTrack.get(e.tid) ?? [];
      l.push([e.ts, e.ts + e.dur!]);
      byTrack.set(e.tid, l);
    }
    const points: [number, number][] = [];
    for (const [tid, l] of byTrack) {
      l.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < l.length; i++) expect(l[i]![0]).toBeGreaterThanOrEqual(l[i - 1]![1]);
      if (tid >= 2) for (const [a, b] of l) points.push([a, 1], [b, -1]);
    }
    const threads = o.revOffload === "serial" ? 0 : o.revOffloadThreads ?? 8;
    points.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    let now = 0;
    let most = 0;
    for (const [, d] of points) most = Math.max(most, (now += d));
    expect(most).toBeLessThanOrEqual(threads);
    if (threads > 0) expect(byTrack.size).toBeLessThanOrEqual(threads);
    // Each request: its arrow leaves the device before the host slice starts, and the
    // completion arrow leaves the host at the slice's end (ids 2k+1 and 2k+2).
    const flows = new Map<string, number>();
    for (const e of ev) if (e.ph === "s" || e.ph === "f") flows.set(`${e.ph}${e.id}`, e.ts);
    const reqs = [...flows.keys()].filter((k) => k.startsWith("s") && Number(k.slice(1)) % 2 === 1);
    expect(reqs).toHaveLength(host.length);
    for (const k of reqs) {
      const id = Number(k.slice(1));
      expect(flows.get(`f${id}`)!).toBeGreaterThanOrEqual(flows.get(`s${id}`)!);
      expect(flows.get(`s${id + 1}`)!).toBeGreaterThanOrEqual(flows.get(`f${id}`)!);
      expect(flows.get(`f${id + 1}`)!).toBeGreaterThan(flows.get(`s${id + 1}`)!);
    }
  });
});
