// Compile-time and memory benchmark: `ompir opt -O` end to end (Node's
// start included) on modules of N kernels cycling through the six shapes of bench/shapes.js,
// one child process per size so that sizes do not share a heap. Per size: instructions,
// wall and CPU time (user + system of the child, all threads: on a shared machine wall time
// mostly measures the other processes), instructions/s and kernels/s of CPU time, the growth
// of the CPU time against the previous size (linear = the ratio of the sizes) and against the
// first size, the peak V8 heap (largest "before" size of a GC, from --trace-gc), the live heap
// at full GCs (largest size one left; a lower bound) and the peak RSS. Then `ompir check` and
// `ompir opt -O` on a generated file of about BIG_MB megabytes (default 50; 0 skips it), with
// the peak heap per input byte.
//
// Imports nothing from src: it runs bin/ompir.js, so build first (npm run build).
//   node bench/compile.js [--sizes=400,1600,6400,25600] [--big-mb=50] [--big-commands=check,opt] [--runs=1]
// Environment: COMPILE_SIZES, BIG_MB, BIG_COMMANDS, COMPILE_RUNS (same meaning; flags win).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { generate, writeBytes } from "./shapes.js";

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const OMPIR = path.join(ROOT, "bin", "ompir.js");

function flag(name, env, dflt) {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a !== undefined ? a.slice(name.length + 3) : (process.env[env] ?? dflt);
}

/** Counts instructions: lines inside function bodies that are not labels, braces or blank. */
function countInsts(text) {
  let n = 0;
  let inBody = false;
  for (const line of text.split("\n")) {
    const t = line.trim();
    if (t.endsWith("{")) inBody = true;
    else if (t === "}") inBody = false;
    else if (inBody && t !== "" && !t.startsWith("^") && !t.startsWith(";")) n++;
  }
  return n;
}

/**
 * Runs `ompir <args>` in a fresh Node with --trace-gc; returns wall ms, exit status, peak
 * heap (MB, sampled at GCs), peak RSS (MB) and the first line of stderr.
 */
function runOmpir(args, out) {
  const t0 = performance.now();
  // /usr/bin/time would give the RSS too, but is not everywhere: ask the child itself.
  // `check` prints nothing on a good file; `opt` writes the module to a file, not stdout.
  const outArgs = args[0] === "opt" ? ["-o", out] : [];
  const r = spawnSync(process.execPath, ["--trace-gc", "--import", path.join(ROOT, "bench", "rss-hook.js"), OMPIR, ...args, ...outArgs], {
    encoding: "utf8", maxBuffer: 1 << 30, env: { ...process.env, OMPIR_RSS_FILE: out + ".rss" },
  });
  const ms = performance.now() - t0;
  // Peak heap: the largest size before a GC (garbage included, as V8 let it grow); live: the
  // largest size a full GC left (a lower bound of the live peak: full GCs are few, and the
  // last may come well before the end).
  let heap = 0;
  let live = 0;
  for (const m of r.stdout.matchAll(/: (Scavenge|Mark-Compact|Mark-sweep|Minor Mark-Compact)[^\d]*([\d.]+) \(([\d.]+)\) -> ([\d.]+)/g)) {
    heap = Math.max(heap, Number(m[2]));
    if (m[1] === "Mark-Compact" || m[1] === "Mark-sweep") live = Math.max(live, Number(m[4]));
  }
  let rss = NaN;
  let cpu = NaN;
  try {
    const [kb, us] = fs.readFileSync(out + ".rss", "utf8").split(" ").map(Number);
    rss = kb / 1024;
    cpu = us / 1000;
    fs.rmSync(out + ".rss");
  } catch { /* the child died before its exit hook */ }
  return { ms, cpu, status: r.status ?? r.signal, heap, live, rss, err: (r.stderr ?? "").split("\n").find((l) => l.trim() !== "") ?? "" };
}

function fmtRow(cols, widths) {
  return cols.map((c, i) => String(c).padStart(widths[i])).join(" ");
}

export async function run() {
  const sizes = flag("sizes", "COMPILE_SIZES", "400,1600,6400,25600").split(",").filter((s) => s !== "").map(Number);
  const bigMb = Number(flag("big-mb", "BIG_MB", "50"));
  const runs = Number(flag("runs", "COMPILE_RUNS", "1"));
  const bigCommands = flag("big-commands", "BIG_COMMANDS", "check,opt").split(",");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ompir-compile-"));
  const lines = [
    `compile: \`ompir opt -O\` end to end (Node start included), six-shape modules (bench/shapes.js); best of ${runs}`,
    `  load: ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} on ${os.cpus().length} cores (compare ratios, not absolute times)`,
  ];
  // Rates and growth from CPU time (user + system of the child, all its threads): on a shared
  // machine wall time mostly measures the other processes.
  const W = [8, 9, 9, 9, 10, 9, 10, 8, 9, 9, 8];
  lines.push(fmtRow(["kernels", "instrs", "wall ms", "cpu ms", "instr/s", "kern/s", "growth", "(size×)", "heap MB", "live MB", "RSS MB"], W));
  let prev = null;
  let first = null;
  try {
    for (const n of sizes) {
      const file = path.join(dir, `k${n}.oir`);
      const text = generate(n);
      fs.writeFileSync(file, text);
      const insts = countInsts(text);
      let best = null;
      for (let i = 0; i < runs; i++) {
        const r = runOmpir(["opt", "-O", file], path.join(dir, "out.oir"));
        if (r.status !== 0) {
          lines.push(`  ${n} kernels: exit ${r.status}: ${r.err}`);
          best = null;
          break;
        }
        if (best === null || r.cpu < best.cpu) best = r;
      }
      if (best === null) continue;
      const growth = prev === null ? "" : (best.cpu / prev.cpu).toFixed(2) + "×";
      const sizeRatio = prev === null ? "" : (n / prev.n).toFixed(0) + "×";
      lines.push(fmtRow([
        n, insts, best.ms.toFixed(0), best.cpu.toFixed(0), Math.round(insts / (best.cpu / 1000)), Math.round(n / (best.cpu / 1000)),
        growth, sizeRatio, best.heap.toFixed(0), best.live.toFixed(0), best.rss.toFixed(0),
      ], W));
      if (first === null) first = { n, cpu: best.cpu };
      else if (n !== first.n) lines.push(`${" ".repeat(W[0] + 1)}… ${(best.cpu / first.cpu).toFixed(1)}× the CPU time of ${first.n} kernels for ${(n / first.n).toFixed(0)}× the kernels`);
      prev = { n, cpu: best.cpu };
      fs.rmSync(file);
    }
    if (sizes.length >= 2) {
      lines.push("  growth: CPU time of this size / CPU time of the previous one (linear = the size ratio)");
    }
    if (bigMb > 0) {
      const file = path.join(dir, "big.oir");
      const fd = fs.openSync(file, "w");
      const kernels = writeBytes(fd, bigMb * 1e6);
      fs.closeSync(fd);
      const bytes = fs.statSync(file).size;
      lines.push(`big file: ${(bytes / 1e6).toFixed(1)} MB, ${kernels} kernels (default Node heap)`);
      for (const args of [["check"], ["opt", "-O"]].filter((a) => bigCommands.includes(a[0]))) {
        const r = runOmpir([...args, file], path.join(dir, "out.oir"));
        const per = (mb) => ((mb * 1024 * 1024) / bytes).toFixed(1);
        lines.push(`  ompir ${args.join(" ").padEnd(7)} exit ${String(r.status).padEnd(3)} ${(r.ms / 1000).toFixed(1).padStart(7)} s (cpu ${(r.cpu / 1000).toFixed(1)} s)  heap peak ${r.heap.toFixed(0).padStart(5)} MB (${per(r.heap)} B/input byte), live ${r.live.toFixed(0)} MB (${per(r.live)} B/byte)  RSS ${r.rss.toFixed(0)} MB${r.status === 0 ? "" : "  " + r.err.slice(0, 100)}`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return lines.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write((await run()) + "\n");
}
