// Table (d)'s second metric: instructions executed per warm run of each launch, counted
// by valgrind's cachegrind, so the ratio does not depend on the machine's load or on where
// the collector happens to run. Opt-in (needs valgrind; about 12 minutes per size at load 16 on 2 cores): after npm run build,
//   node bench/revoffload-instr.js [--sizes 25600,51200] [--runs LO,HI]
// For each size and launch it runs the launch LO and HI times in one process under
// cachegrind and reports (I(HI) - I(LO)) / (HI - LO): start-up, parsing and the first runs'
// compilation cancel out (LO is 8: V8's optimizing compiler still compiles simulator code for
// the first time in a launch's runs 0-7, the reverse-offload launch more of it, `--trace-opt`;
// with runs 3 and 8 that compilation, 54 M against 32 M instructions at 25,600, inflated the
// ratio; the collections the later runs trigger are counted: both
// launches pay theirs). No forced collection: a full one deoptimizes the simulator's code
// (its optimized code holds the last run's objects weakly), see bench/revoffload.js.
// `--predictable` runs the child with V8's --predictable (one thread, no timing-based
// heuristics): the collector and the compiler run on the main thread, so counts repeat more
// closely (three of one version at 8,192 requests within 1%, of another within 10%; without
// it, 10-20% apart): it measures the same work, serialized. Compare versions by several
// counts each. `--predictable-gc` adds V8's --predictable-gc-schedule (a fixed heap growth,
// no memory reducer): the collections then fall at the same places in every count of one
// version, so its counts repeat (but where they fall still moves with any change of the
// code, by about 10 M instructions per run either way at 25,600).
// `--dist DIR` counts another build (e.g. a worktree of the start code: DIR/index.js).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { scaleProgram } from "./revoffload-program.js";

const self = fileURLToPath(import.meta.url);
const PREDICTABLE = process.argv.includes("--predictable");
const PREDICTABLE_GC = process.argv.includes("--predictable-gc");
const DIST = (() => {
  const i = process.argv.indexOf("--dist");
  return i > 0 ? process.argv[i + 1] : null;
})();

function arg(name, def) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1].split(",").map(Number) : def;
}

/** The child: `--child N REV K [DIST]` runs the launch K times. */
async function child(n, rev, k, dist) {
  const { parseModule, execute } = await import(dist === undefined ? "../dist/index.js" : pathToFileURL(resolve(dist, "index.js")).href);
  const m = parseModule(scaleProgram(n, rev), "bench.oir");
  for (let i = 0; i < k; i++) {
    const r = execute(m, {});
    if (r.fault !== null) throw new Error(`bench program faulted: ${r.fault.message}`);
  }
}

/** Instructions of a whole child process under cachegrind. */
function count(dir, n, rev, k) {
  const out = join(dir, `cg.${n}.${rev ? 1 : 0}.${k}`);
  // valgrind's default --smc-check (all-non-file) sees V8 rewrite its machine code.
  execFileSync("valgrind", ["--tool=cachegrind", "--cache-sim=no", `--cachegrind-out-file=${out}`, process.execPath, ...(PREDICTABLE ? ["--predictable"] : []), ...(PREDICTABLE_GC ? ["--predictable-gc-schedule"] : []), self, "--child", String(n), rev ? "1" : "0", String(k), ...(DIST !== null ? [DIST] : [])], { stdio: ["ignore", "ignore", "pipe"] });
  const m = /^summary:\s+(\d+)/m.exec(readFileSync(out, "utf8"));
  if (m === null) throw new Error(`no summary in ${out}`);
  return Number(m[1]);
}

function main() {
  const sizes = arg("--sizes", [25600]);
  const [lo, hi] = arg("--runs", [8, 13]);
  const dir = mkdtempSync(join(tmpdir(), "revinstr-"));
  const head = ["requests", "instructions per run (reverse offload)", "instructions per run (device call)", "ratio"];
  const body = [];
  try {
    for (const n of sizes) {
      const per = (rev) => (count(dir, n, rev, hi) - count(dir, n, rev, lo)) / (hi - lo);
      const r = per(true);
      const d = per(false);
      body.push([String(n), `${(r / 1e6).toFixed(0)} M`, `${(d / 1e6).toFixed(0)} M`, (r / d).toFixed(2) + "x"]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ");
  process.stdout.write([`(d') instructions per warm run (cachegrind, runs ${hi} minus runs ${lo} in one process, no forced collection${PREDICTABLE ? ", node --predictable" : ""}${PREDICTABLE_GC ? " --predictable-gc-schedule" : ""}${DIST !== null ? `, ${DIST}` : ""})`, "", line(head), ...body.map(line), ""].join("\n") + "\n");
}

if (process.argv[2] === "--child") await child(Number(process.argv[3]), process.argv[4] === "1", Number(process.argv[5]), process.argv[6]);
else main();
