// Table (d)'s second metric: instructions executed per warm run of each launch, counted by
// valgrind's callgrind, so the ratio does not depend on the machine's load. Opt-in (needs
// valgrind; about 10 minutes per launch at 25,600 requests on 2 cores): after npm run build,
//   node bench/revoffload-instr.js [--sizes 25600,102400] [--runs LO,HI] [--dist DIR]
// One process per size and launch runs the launch HI times; it calls fsync(2) on a scratch
// file before each run and after the last, and callgrind (--dump-before=fsync) writes the
// counts since the previous mark at each, so every run is counted on its own. The table is
// the mean over runs LO..HI-1 (6..13): the first six still compile simulator code for the
// first time (`--trace-opt`), and the collector's major collections fall in some runs and
// not others (at 25,600 requests a run of the device-call launch is 40 M instructions
// without one and 120-240 M with one), so a mean over eight runs is the cost, collections
// included; the range says how lumpy it was.
//
// Before the fourteenth session this counted whole processes of LO and HI runs and reported
// (I(HI) - I(LO)) / (HI - LO). Two processes do not stay alike past the first runs (their
// compiled code and collections diverge: V8's compiler showed a negative count), so that
// difference was not a per-run cost: it said 141 M for the device-call launch at 25,600
// requests where its runs, counted one by one, average 76 M.
//
// memset is not counted (its own instructions are taken off each run's total): valgrind counts
// a `rep stosb` one instruction per
// byte, and glibc's memset zeroes large blocks with it, so a launch's fresh typed arrays
// (about 1 KB per device thread, zeroed when a warp's store is made) counted as 10.6 M of the
// device-call launch's 26 M instructions per run at 10,240 requests: a megabyte of zeroing,
// a millisecond at most, weighed like 40% of the run. Until the sixteenth session it was
// counted, which made the ratio look better than the CPU time (1.80x counted, 2.7x without).
//
// The child runs under node --predictable (one thread, no timing-based heuristics: the
// compiler and the collector run on the main thread and are counted, and counts repeat).
import { execFileSync } from "node:child_process";
import { fsyncSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { scaleProgram } from "./revoffload-program.js";

const self = fileURLToPath(import.meta.url);

function arg(name, def) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1].split(",").map(Number) : def;
}

/** The child: `--child N REV K MARK [DIST]` runs the launch K times, fsync(MARK) before
 *  each run and after the last. */
async function child(n, rev, k, mark, dist) {
  const { parseModule, execute } = await import(dist === undefined ? "../dist/index.js" : pathToFileURL(resolve(dist, "index.js")).href);
  const m = parseModule(scaleProgram(n, rev), "bench.oir");
  const fd = openSync(mark, "w");
  for (let i = 0; i < k; i++) {
    fsyncSync(fd);
    const r = execute(m, {});
    if (r.fault !== null) throw new Error(`bench program faulted: ${r.fault.message}`);
  }
  fsyncSync(fd);
}

/** Runs the launch `k` times under callgrind in `dir`; returns the callgrind file of each
 *  run (index i: run i). `nodeFlags` go to node (e.g. --perf-basic-prof). */
export function callgrindRuns(dir, n, rev, k, { dist = null, nodeFlags = [], log = null } = {}) {
  const out = join(dir, `cg.${n}.${rev ? 1 : 0}`);
  // Names written out in every dump (not compressed across dumps): selfOf reads them.
  const args = ["--tool=callgrind", "--dump-before=fsync", "--compress-strings=no", `--callgrind-out-file=${out}`, ...(log !== null ? [`--log-file=${log}`] : []), process.execPath, "--predictable", ...nodeFlags, self, "--child", String(n), rev ? "1" : "0", String(k), join(dir, "mark"), ...(dist !== null ? [dist] : [])];
  // valgrind's default --smc-check (all-non-file) sees V8 rewrite its machine code.
  execFileSync("valgrind", args, { stdio: ["ignore", "ignore", "pipe"], cwd: dir });
  // Dump i (1-based) holds what ran before the i-th fsync: 1 is start-up, 2 + i is run i.
  const base = out.slice(dir.length + 1);
  const dumps = readdirSync(dir).filter((f) => f.startsWith(base + ".")).length;
  if (dumps < k + 1) throw new Error(`callgrind wrote ${dumps} dumps for ${k} runs`);
  return Array.from({ length: k }, (_, i) => join(dir, `${base}.${i + 2}`));
}

/** A callgrind file's total instruction count. */
export function totalOf(file) {
  const m = /^(?:totals|summary):\s+(\d+)/m.exec(readFileSync(file, "utf8"));
  if (m === null) throw new Error(`no totals in ${file}`);
  return Number(m[1]);
}

/** The instructions of a callgrind file's functions whose name matches `re`, their own (not
 *  of what they call). */
export function selfOf(file, re) {
  let on = false;
  let call = false;
  let sum = 0;
  for (const l of readFileSync(file, "utf8").split("\n")) {
    if (l.startsWith("fn=")) on = re.test(l);
    else if (l.startsWith("calls=")) call = true;
    else if (/^[+\-*\d]/.test(l)) {
      // A cost line: position then cost; the line after calls= is the call's inclusive cost.
      if (on && !call) sum += Number(l.trim().split(/\s+/).at(-1));
      call = false;
    }
  }
  return sum;
}

/** A run's instructions but memset's (see the top). */
const counted = (file) => totalOf(file) - selfOf(file, /memset/);

function main() {
  const sizes = arg("--sizes", [25600]);
  const [lo, hi] = arg("--runs", [6, 14]);
  const di = process.argv.indexOf("--dist");
  const dist = di > 0 ? process.argv[di + 1] : null;
  const dir = mkdtempSync(join(tmpdir(), "revinstr-"));
  const head = ["requests", "reverse offload: mean per run (range)", "device call: mean per run (range)", "ratio of means"];
  const body = [];
  const M = (v) => `${(v / 1e6).toFixed(0)} M`;
  try {
    for (const n of sizes) {
      const per = (rev) => {
        const xs = callgrindRuns(dir, n, rev, hi, { dist }).slice(lo).map(counted);
        return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, min: Math.min(...xs), max: Math.max(...xs) };
      };
      const r = per(true);
      const d = per(false);
      body.push([String(n), `${M(r.mean)} (${M(r.min)}-${M(r.max)})`, `${M(d.mean)} (${M(d.min)}-${M(d.max)})`, (r.mean / d.mean).toFixed(2) + "x"]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ");
  process.stdout.write([`(d') instructions per warm run (callgrind, each run counted on its own, runs ${lo} to ${hi - 1} of one process, node --predictable, no forced collection, memset not counted${dist !== null ? `, ${dist}` : ""})`, "", line(head), ...body.map(line), ""].join("\n") + "\n");
}

if (process.argv[2] === "--child") await child(Number(process.argv[3]), process.argv[4] === "1", Number(process.argv[5]), process.argv[6], process.argv[7]);
else if (process.argv[1] === self) main();
