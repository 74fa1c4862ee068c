// Reverse offload: serial vs async with 1..64 host workers, on (a) 1024 requests of a host
// function of fixed cost and (b) a kernel that mixes requests with device prints. Simulated
// time is deterministic, so this table is the same on every machine; requests per second
// assume 1 cycle = 1 ns. Run: npm run bench (or node bench/revoffload.js after npm run build).
import os from "node:os";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";
import { parseModule, execute } from "../dist/index.js";
import { scaleProgram } from "./revoffload-program.js";

export { scaleProgram };

const COST = 5000; // host cycles per request of the fixed-cost host function

/** 1024 device threads each call @work once; (b) also prints before and after. */
function program(prints) {
  return `declare host @work(i32) cost(${COST})

kernel @k(%a: ptr) spmd {
^entry:
  %t = omp.hw_thread_id
  %nt = omp.hw_num_threads
  %tm = omp.team_num
  %row = mul i32 %tm, %nt
  %i = add i32 %row, %t
${prints ? '  print "thread %d asks\\n", %i\n' : ""}  omp.reverse_offload @work(%i)
${prints ? '  print "thread %d done\\n", %i\n' : ""}  ret
}

host @main() -> i32 {
^entry:
  %a = alloca i32, 1
  omp.target @k(%a) teams(4) threads(256) map(to: i32 %a[0:1])
  ret 0
}

requires reverse_offload
`;
}

/** Sparse requests: a generic kernel whose main thread, per team, alternates a parallel
 *  region with one request from the sequential part, twice; main launches it four
 *  times in a row. Few requests, far apart: the pool is idle most of the time. */
export function sparse() {
  return `declare host @report(i32) cost(${COST})

device @work(%a: ptr) {
^entry:
  br ^loop(0)
^loop(%i: i32):
  %more = icmp slt i32 %i, 200
  cond_br %more, ^body, ^done
^body:
  %j = add i32 %i, 1
  br ^loop(%j)
^done:
  ret
}

kernel @k(%a: ptr) generic {
^entry:
  %team = omp.team_num
  br ^round(0)
^round(%r: i32):
  %more = icmp slt i32 %r, 2
  cond_br %more, ^body, ^done
^body:
  omp.parallel @work(%a)
  omp.reverse_offload @report(%team)
  %r1 = add i32 %r, 1
  br ^round(%r1)
^done:
  ret
}

host @main() -> i32 {
^entry:
  %a = alloca i32, 1
  omp.target @k(%a) teams(2) threads(32) map(to: i32 %a[0:1])
  omp.target @k(%a) teams(2) threads(32) map(to: i32 %a[0:1])
  omp.target @k(%a) teams(2) threads(32) map(to: i32 %a[0:1])
  omp.target @k(%a) teams(2) threads(32) map(to: i32 %a[0:1])
  ret 0
}

requires reverse_offload
`;
}

/** Whole-run cycles (every launch). */
function runCycles(src, opts) {
  const r = execute(parseModule(src, "bench.oir"), opts);
  if (r.fault !== null) throw new Error(`bench program faulted: ${r.fault.message}`);
  return r.stats.totals.cycles;
}

const KEEP_ALIVES = [0, 1000, 10000, 100000, 1000000];

/** Async with each keep-alive against serial, on each workload and pool size: the default
 *  keep-alive is the smallest for which async is never slower than serial. */
function keepAliveTable() {
  const loads = [["sparse", sparse()], ["dense", program(false)], ["prints", program(true)]];
  const pools = [1, 8, 64];
  const head = ["keep-alive", ...loads.flatMap(([l]) => pools.map((n) => `${l} ${n}`))];
  const serial = loads.map(([, src]) => runCycles(src, { revOffload: "serial" }));
  const body = KEEP_ALIVES.map((ka) => [String(ka), ...loads.flatMap(([, src], i) => pools.map((n) => (serial[i] / runCycles(src, { revOffload: "async", revOffloadThreads: n, revOffloadKeepAlive: ka })).toFixed(3) + "x"))]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ");
  // Pool size 1 cannot beat serial: its one worker is no faster than the poller, and each
  // request it gets from an idle pool pays the poller's drain (50 cycles) that serial skips.
  const cols = head.map((h, i) => [h, i]).filter(([h, i]) => i > 0 && !h.endsWith(" 1")).map(([, i]) => i);
  const ok = body.filter((r) => cols.every((i) => parseFloat(r[i]) >= 1)).map((r) => r[0]);
  const best = body.find((r) => cols.every((i) => parseFloat(r[i]) >= Math.max(...body.map((q) => parseFloat(q[i])))));
  return [
    "(c) async speed-up over serial (whole-run cycles) by keep-alive (cycles an idle worker waits; 0 = exit at once, as libgomp), workload and pool size",
    `    sparse: 2 teams x 2 requests from the sequential part x 4 launches; serial ${serial[0]} cycles`,
    "",
    line(head),
    ...body.map(line),
    "",
    `keep-alives with async >= serial on every workload for pools of 8 and 64: ${ok.length ? ok.join(", ") : "none"}; the smallest with the best result everywhere: ${best ? best[0] : "none"}`,
    "",
  ];
}


/** `--collect`: a full collection outside the timed region before every run. Not the
 *  default: it does not give each run a clean start but a cold one. The simulator's
 *  optimized code holds the previous run's objects weakly, so a full collection deoptimizes
 *  it ("weak objects" in --trace-deopt) and every run re-optimizes: at 25,600 requests both
 *  launches run slower, the reverse-offload one (more code) most (docs/REVERSE_OFFLOAD.md). */
const COLLECT = process.argv.includes("--collect");
if (COLLECT) v8.setFlagsFromString("--expose-gc");
const collect = COLLECT ? vm.runInNewContext("gc") : null;

/** CPU time of one run in ms (the simulator's speed, not simulated time): the process's
 *  user + system time, which a loaded machine inflates less than the wall clock. */
function cpu(src) {
  const m = parseModule(src, "bench.oir");
  if (collect !== null) collect();
  const t0 = process.cpuUsage();
  const r = execute(m, {});
  const u = process.cpuUsage(t0);
  if (r.fault !== null) throw new Error(`bench program faulted: ${r.fault.message}`);
  return { t: (u.user + u.system) / 1000, waits: r.stats.totals.revOffload.mailboxWaits };
}

/** `k` runs of each, interleaved (the machine may be shared: one run is noisy); each
 *  launch's times sorted. */
function runsOf(k, a, b) {
  const x = [];
  const y = [];
  let waits = 0;
  for (let i = 0; i < WARMUP; i++) {
    cpu(a);
    cpu(b);
  }
  for (let i = 0; i < k; i++) {
    const p = cpu(a);
    x.push(p.t);
    waits = p.waits;
    y.push(cpu(b).t);
  }
  const up = (p, q) => p - q;
  return [x.sort(up), y.sort(up), waits];
}

const median = (s) => (s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2);
const quart = (s, q) => s[Math.round(q * (s.length - 1))];

/** Runs per launch and size in table (d) (`--runs N` on the command line). */
const RUNS = (() => {
  const i = process.argv.indexOf("--runs");
  return i > 0 ? Math.max(1, Number(process.argv[i + 1]) | 0) : 21;
})();

/** Untimed runs of each launch before the timed ones (`--warmup N`, 8): V8's optimizing
 *  compiler still compiles the simulator's functions for the first time in the first seven
 *  or so runs of a launch (`--trace-opt`), the reverse-offload launch having more of them;
 *  a warm run is what is compared (the instruction counts, bench/revoffload-instr.js, start at run 6). */
const WARMUP = (() => {
  const i = process.argv.indexOf("--warmup");
  return i > 0 ? Math.max(0, Number(process.argv[i + 1]) | 0) : 8;
})();

/** Table (d): per launch the minimum, median and interquartile range of `RUNS` interleaved
 *  runs after `WARMUP` of each; the ratio of the minima and of the medians. The minimum is the run the machine's
 *  load and the collector disturbed least, the median and quartiles say how much they did.
 *  The instruction counts (load-independent) are bench/revoffload-instr.js's. */
function scaleTable() {
  const head = ["requests", "waiting for a slot", "rev. offload min / median (IQR)", "device call min / median (IQR)", "ratio min", "ratio median", "us per request"];
  const ms = (v) => (v < 10 ? v.toFixed(1) : v.toFixed(0));
  const cell = (s) => `${ms(s[0])} / ${ms(median(s))} (${ms(quart(s, 0.25))}-${ms(quart(s, 0.75))}) ms`;
  const body = [25600, 51200, 102400, 204800].map((n) => {
    const [r, d, waits] = runsOf(RUNS, scaleProgram(n, true), scaleProgram(n, false));
    return [String(n), String(waits), cell(r), cell(d), (r[0] / d[0]).toFixed(2) + "x", (median(r) / median(d)).toFixed(2) + "x", ((median(r) * 1000) / n).toFixed(2)];
  });
  const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ");
  const load = os.loadavg().map((l) => l.toFixed(1)).join(" ");
  return [
    `(d) scale (CPU time on this machine, ${RUNS} interleaved runs each after ${WARMUP} untimed${COLLECT ? ", a full collection before each run" : ""}; load average ${load} on ${os.cpus().length} CPUs): a launch whose requests mostly wait for a mailbox slot, against the same launch calling a device function`,
    "",
    line(head),
    ...body.map(line),
    "",
  ];
}

const CONFIGS = [["serial", { revOffload: "serial" }], ...[1, 2, 4, 8, 16, 64].map((n) => [`async ${n}`, { revOffload: "async", revOffloadThreads: n }])];

function measure(src, opts) {
  const r = execute(parseModule(src, "bench.oir"), opts);
  if (r.fault !== null) throw new Error(`bench program faulted: ${r.fault.message}`);
  const k = r.stats.kernels[0];
  const s = k.revOffload;
  return {
    cycles: k.cycles,
    rps: s.requests / (k.cycles * 1e-9),
    lat: s.meanLatency,
    stall: s.stallCycles / s.requests,
    workers: r.stats.totals.revOffload.workersCreated,
    printDelay: s.meanPrintDelay,
    maxPrintDelay: s.maxPrintDelay,
  };
}

function table(title, rows, withPrints) {
  const head = ["host side", "kernel cycles", "req/s (1 GHz)", "vs serial", "mean latency", "stall/lane", "workers"];
  if (withPrints) head.push("print delay mean", "print delay max");
  const serial = rows[0][1];
  const body = rows.map(([name, m]) => {
    const r = [name, String(m.cycles), m.rps.toExponential(3), (m.rps / serial.rps).toFixed(2) + "x", m.lat.toFixed(0), m.stall.toFixed(0), String(m.workers)];
    if (withPrints) r.push(m.printDelay.toFixed(0), String(m.maxPrintDelay));
    return r;
  });
  const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ");
  return [title, "", line(head), ...body.map(line), ""];
}

export async function run() {
  const a = CONFIGS.map(([name, o]) => [name, measure(program(false), o)]);
  const b = CONFIGS.map(([name, o]) => [name, measure(program(true), o)]);
  const out = [
    "## Reverse offload: 1024 requests, serial vs async (simulated, deterministic)",
    "",
    ...table(`(a) 1024 requests of a host function costing ${COST} cycles`, a, false),
    ...table("(b) the same with a device print before and after each request", b, true),
    ...keepAliveTable(),
    ...scaleTable(),
  ];
  // The shape the issue asks for, checked rather than eyeballed.
  const s = a[0][1].rps;
  const notes = [];
  for (const [name, m] of a.slice(1)) {
    const n = Number(name.split(" ")[1]);
    notes.push(`${name}: ${(m.rps / s).toFixed(2)}x serial throughput (${((m.rps / s / n) * 100).toFixed(0)}% of ${n}x)`);
  }
  out.push("shape: " + notes.join("; "));
  const sp = b[0][1].printDelay;
  const ap = b.slice(1).map(([, m]) => m.printDelay);
  out.push(`prints: mean delay ${sp.toFixed(0)} cycles behind requests in serial mode, ${Math.min(...ap).toFixed(0)}-${Math.max(...ap).toFixed(0)} in async mode`);
  return out.join("\n") + "\n";
}

// `--scale`: table (d) alone (the simulator's own speed, noisy on a shared machine: repeat it);
// `--runs N` runs per launch and size (21); `--warmup N` untimed runs before them (8);
// `--collect` see COLLECT.
if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write((process.argv.includes("--scale") ? scaleTable().join("\n") : await run()) + "\n");
