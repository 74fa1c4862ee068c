// Reverse offload: does a change of the runtime keep every simulated result? Runs every
// program with `omp.reverse_offload` (examples/, test/filetests/,
// test/runtime/revoffload-order/, the literal programs of the reverse-offload tests,
// bench/revoffload.js's programs at small sizes, and generated
// programs) under option sets (serial; async with 1-64 workers; small mailboxes; keep-alives;
// trace; the call listing; the write-back fault) with two builds, and compares a hash of
// each run's stdout, exit code, fault, stats, trace, host memory and call listing.
//
//   node scripts/revoffload-cmp.mjs BASE_DIST NEW_DIST [--gen N] [--seed S] [--quick] [--output]
//     compares the two builds (each in its own child process, both at once), prints the
//     runs that differ; exit 1 if any. `--output` compares only what the program did (exit
//     code, stdout, the fault's kind, message and place, call listing, host memory, races),
//     not its cycles, stats or trace: for a change of the model rather than of its speed.
//   node scripts/revoffload-cmp.mjs --hashes DIST [--gen N] [--seed S] [--quick] [--output] > F.json
//     one build's hashes.
//
// C programs (examples/c) are lowered once with the running checkout's `ompir cc`.
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { sparse } from "../bench/revoffload.js";

const root = resolve(fileURLToPath(import.meta.url), "../..");

function walk(dir, out = []) {
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** A program of the tests' helpers may lack `requires reverse_offload` (test/runtime/util.ts). */
const withRequires = (src) => (src.includes("omp.reverse_offload") && !/^requires\b/m.test(src) ? `${src}\nrequires reverse_offload\n` : src);

/** Bench programs (bench/revoffload.js) at small sizes. */
function benchPrograms() {
  const spmd = (n, prints, cost, slots) => `declare host @work(i32) cost(${cost})
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
  omp.target @k(%a) teams(${n / slots}) threads(${slots}) map(to: i32 %a[0:1])
  ret 0
}
requires reverse_offload
`;
  return [
    ["bench:a", spmd(1024, false, 5000, 256)],
    ["bench:b", spmd(1024, true, 5000, 256)],
    ["bench:sparse", sparse()],
    ["bench:scale2048", spmd(2048, false, 10, 1024)],
    ["bench:scale4096", spmd(4096, false, 10, 1024)],
    ["bench:scale4096-cost60", spmd(4096, false, 60, 512)],
    ["bench:scale3072-prints", spmd(3072, true, 10, 1024)],
    ["bench:mixed-costs", mixedCosts()],
  ];
}

/** Requests of three lengths in one stream (each warp's lanes split over three calls by
 *  thread id mod 4), then one more per lane: workers come back out of the order they
 *  started in, and the poller's steps meet warps that go on between them. */
function mixedCosts() {
  return `declare host @short(i32) cost(10)
declare host @mid(i32) cost(130)
declare host @long(i32) cost(900)
kernel @k(%a: ptr) spmd {
^entry:
  %t = omp.hw_thread_id
  %tm = omp.team_num
  %r = and i32 %t, 3
  %s = icmp eq i32 %r, 0
  cond_br %s, ^a, ^b
^a:
  omp.reverse_offload @short(%t)
  br ^join
^b:
  %m = icmp eq i32 %r, 1
  cond_br %m, ^c, ^d
^c:
  omp.reverse_offload @mid(%t)
  br ^join
^d:
  omp.reverse_offload @long(%tm)
  br ^join
^join:
  omp.reverse_offload @short(%tm)
  ret
}
host @main() -> i32 {
^entry:
  %a = alloca i32, 1
  omp.target @k(%a) teams(6) threads(512) map(to: i32 %a[0:1])
  ret 0
}
requires reverse_offload
`;
}

/** Every program: [name, source]. */
async function programs(dist, gen, seed, quick) {
  const out = [];
  for (const dir of ["examples", "test/filetests", "test/runtime/revoffload-order"]) {
    for (const f of walk(join(root, dir))) {
      if (f.endsWith(".oir")) {
        const src = readFileSync(f, "utf8");
        if (src.includes("omp.reverse_offload")) out.push([relative(root, f), src]);
      } else if (f.endsWith(".c") && dir === "examples") {
        const src = readFileSync(f, "utf8");
        if (!src.includes("ancestor")) continue;
        const oir = execFileSync(process.execPath, [join(root, "bin/ompir.js"), "cc", f], { encoding: "utf8" });
        out.push([relative(root, f), oir]);
      }
    }
  }
  for (const f of ["test/runtime/revoffload.test.ts", "test/runtime/revoffload-faults.test.ts", "test/runtime/trace-flows.test.ts"]) {
    const s = readFileSync(join(root, f), "utf8");
    let k = 0;
    for (const m of s.matchAll(/`([^`]*)`/g)) {
      const t = m[1];
      if (t.includes("omp.reverse_offload") && t.includes("@main") && !t.includes("${")) out.push([`${f}#${k++}`, withRequires(t.replace(/\\\\/g, "\\"))]);
    }
  }
  out.push(...benchPrograms());
  const { generateGenericProgram } = await import(pathToFileURL(join(dist, "tools/genkernels.js")).href);
  for (let s = seed; s < seed + gen; s++) out.push([`gen:${s}`, generateGenericProgram(s, { reverseOffload: true })]);
  return quick ? out.filter((_, i) => i % 3 === 0) : out;
}

/** Option sets: [name, RunOptions]. */
const OPTION_SETS = [
  ["serial", { revOffload: "serial" }],
  ["serial-slots2", { revOffload: "serial", mailboxSlots: 2 }],
  ["async1", { revOffload: "async", revOffloadThreads: 1 }],
  ["async2", { revOffload: "async", revOffloadThreads: 2 }],
  ["async4", { revOffload: "async", revOffloadThreads: 4 }],
  ["async8", {}],
  ["async64", { revOffload: "async", revOffloadThreads: 64 }],
  ["async4-slots1", { revOffloadThreads: 4, mailboxSlots: 1 }],
  ["async4-slots3", { revOffloadThreads: 4, mailboxSlots: 3 }],
  ["async64-slots5", { revOffloadThreads: 64, mailboxSlots: 5 }],
  ["async8-slots16-ka0", { mailboxSlots: 16, revOffloadKeepAlive: 0 }],
  ["async2-ka0", { revOffloadThreads: 2, revOffloadKeepAlive: 0 }],
  ["async8-ka1", { revOffloadKeepAlive: 1 }],
  ["async64-ka1000", { revOffloadThreads: 64, revOffloadKeepAlive: 1000 }],
  ["async8-trace", { trace: true }],
  ["serial-trace", { revOffload: "serial", trace: true }],
  ["async4-slots3-ka0-trace", { revOffloadThreads: 4, mailboxSlots: 3, revOffloadKeepAlive: 0, trace: true }],
  ["async2-slots2-trace", { revOffloadThreads: 2, mailboxSlots: 2, trace: true }],
  ["async8-calls", { listRevOffloadCalls: true }],
  ["async4-writeback", { revOffloadThreads: 4, mailboxFault: "writeback-delay" }],
  // Other timings (the seventeenth session's pipeline decides by them): a link so fast that a
  // request published by a release is taken a few steps later; a keep-alive of exactly the
  // poller's step, so idle workers exit at the cycle an entry comes; fractional cycles; a
  // drain slower than the requests.
  ["async4-fastlink", { revOffloadThreads: 4, costModel: { revOffload: { toHost: 1, toDevice: 1, drain: 3, call: 7 } } }],
  ["async8-ka-step", { revOffloadKeepAlive: 50, costModel: { revOffload: { drain: 50, call: 0 } } }],
  ["async3-fractional", { revOffloadThreads: 3, costModel: { revOffload: { drain: 12.5, call: 0.25, toDevice: 2.75 } } }],
  ["async2-slowdrain", { revOffloadThreads: 2, costModel: { revOffload: { drain: 400 } } }],
  ["async2-call0", { revOffloadThreads: 2, costModel: { revOffload: { call: 0 } } }],
  ["async8-fastlink-slots3-ka400", { mailboxSlots: 3, revOffloadKeepAlive: 400, costModel: { revOffload: { toHost: 1, toDevice: 1, drain: 3, call: 7 } } }],
  ["async4-ka100", { revOffloadThreads: 4, revOffloadKeepAlive: 100 }],
];

function hash(x) {
  return createHash("sha256").update(x).digest("hex").slice(0, 16);
}

async function hashes(dist, gen, seed, quick, outputOnly) {
  const { parseModule, verifyModule, execute } = await import(pathToFileURL(join(dist, "index.js")).href);
  const res = {};
  for (const [name, src] of await programs(dist, gen, seed, quick)) {
    let m;
    try {
      m = parseModule(src, name);
      if (verifyModule(m).some((d) => d.severity === "error")) continue;
    } catch {
      continue; // not a program (a verifier or syntax test)
    }
    for (const [oname, o] of OPTION_SETS) {
      let h;
      try {
        const r = execute(m, { ...o, maxSteps: 2_000_000 });
        const f = r.fault;
        h = hash(JSON.stringify(outputOnly ? [r.exitCode, r.stdout, f && [f.kind, f.message, f.loc], r.revOffloadCalls, r.hostMemory, r.races] : [r.exitCode, r.stdout, r.fault, r.stats, r.trace, r.revOffloadCalls, r.hostMemory, r.interrupted, r.races]));
      } catch (e) {
        h = "threw " + hash(String(e && e.stack ? e.message : e));
      }
      res[`${name} ${oname}`] = h;
    }
  }
  return res;
}

function arg(name, def) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : def;
}

const gen = Number(arg("--gen", "40"));
const seed = Number(arg("--seed", "6991000"));
const quick = process.argv.includes("--quick");
const outputOnly = process.argv.includes("--output");

const usage = "usage: node scripts/revoffload-cmp.mjs BASE_DIST NEW_DIST [--gen N] [--seed S] [--quick] [--output]\n       node scripts/revoffload-cmp.mjs --hashes DIST [--gen N] [--seed S] [--quick] [--output]\n";
const [p1, p2] = [process.argv[2], process.argv[3]];
if (p1 === undefined || p2 === undefined || p1.startsWith("-") && p1 !== "--hashes" || p2.startsWith("-")) {
  process.stderr.write(usage);
  process.exit(2);
}
if (process.argv[2] === "--hashes") {
  process.stdout.write(JSON.stringify(await hashes(resolve(process.argv[3]), gen, seed, quick, outputOnly), null, 1) + "\n");
} else {
  const [a, b] = [resolve(process.argv[2]), resolve(process.argv[3])];
  const self = fileURLToPath(import.meta.url);
  const rest = ["--gen", String(gen), "--seed", String(seed), ...(quick ? ["--quick"] : []), ...(outputOnly ? ["--output"] : [])];
  const child = (d) =>
    new Promise((ok, fail) => {
      const p = spawn(process.execPath, [self, "--hashes", d, ...rest], { stdio: ["ignore", "pipe", "inherit"] });
      let s = "";
      p.stdout.on("data", (c) => (s += c));
      p.on("close", (code) => (code === 0 ? ok(JSON.parse(s)) : fail(new Error(`${d}: exit ${code}`))));
    });
  const [x, y] = await Promise.all([child(a), child(b)]);
  const keys = Object.keys(x);
  let diff = 0;
  for (const k of keys) if (x[k] !== y[k]) (diff++, console.log(`differs: ${k}  ${x[k]} -> ${y[k]}`));
  for (const k of Object.keys(y)) if (!(k in x)) (diff++, console.log(`only in ${b}: ${k}`));
  const progs = new Set(keys.map((k) => k.slice(0, k.lastIndexOf(" ")))).size;
  console.log(`${keys.length} runs (${progs} programs x ${OPTION_SETS.length} option sets) compared: ${diff} differ`);
  process.exitCode = diff > 0 ? 1 : 0;
}
