// The fixed cost of a kernel launch: an empty kernel (spmd, and generic: its workers wait in
// the state machine until the main thread returns) launched R times at teams(64) threads(256)
// (512 warps of 32 a launch) from one host main, for R = 100 and R = 1000 in one process.
// CPU time of a whole run (all of the process's threads, the garbage collector's included),
// best of `runs` after a warm-up run; a launch's cost is the run's less a run of one launch
// (the run's fixed costs), over R - 1. A launch should cost the same at the 1000th as at the
// 100th: the last column is that cost at R over the cost at R = 100 (1.0 is flat; above it,
// launches get dearer as they accumulate). `ROOT=dir` takes the built library from another
// checkout, to compare two engines on one machine.
// Run: node bench/launch.js [runs=3] [R,R,...=100,1000]
const root = process.env.ROOT ?? new URL("..", import.meta.url).pathname;
const { parseModule } = await import(`${root}/dist/ir/parse.js`);
const { execute } = await import(`${root}/dist/runtime/execute.js`);

const TEAMS = 64;
const THREADS = 256;

function program(mode, R) {
  const kernel = `kernel @k(%n: i32) ${mode} {`;
  const launches = Array.from({ length: R }, () => `  omp.target @k(1) teams(${TEAMS}) threads(${THREADS})`).join("\n");
  return `${kernel}\n^entry:\n  ret\n}\nhost @main() -> i32 {\n^entry:\n${launches}\n  ret 0\n}\n`;
}

function measure(mode, R, runs) {
  const m = parseModule(program(mode, R), `launch-${mode}.oir`);
  const once = () => {
    const c0 = process.cpuUsage();
    const r = execute(m, { maxSteps: 1e12 });
    const c = process.cpuUsage(c0);
    if (r.fault) throw new Error(`${mode} x${R}: ${r.fault.message}`);
    if (r.stats.kernels.length !== R) throw new Error(`${mode} x${R}: ${r.stats.kernels.length} launches ran`);
    return (c.user + c.system) / 1000;
  };
  once();
  const ms = Array.from({ length: runs }, once).sort((a, b) => a - b);
  return ms[0];
}

/** The table, `runs` timed runs per line. */
export async function run(runs = 3, sizes = [100, 1000]) {
  const warps = TEAMS * Math.ceil(THREADS / 32);
  const rows = [];
  for (const mode of ["spmd", "generic"]) {
    let first = 0;
    const one = measure(mode, 1, runs);
    for (const R of sizes) {
      const ms = measure(mode, R, runs);
      const perLaunch = (Math.max(0, ms - one) * 1000) / (R - 1);
      if (first === 0) first = perLaunch;
      rows.push([mode, String(R), ms.toFixed(0), (1e6 / perLaunch).toFixed(0), perLaunch.toFixed(1), (perLaunch / warps).toFixed(3), (perLaunch / first).toFixed(2)]);
    }
  }
  const head = ["kernel", "launches", "CPU ms", "launches/s", "us/launch", "us/warp", `vs R=${sizes[0]}`];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [`empty-kernel launches (teams(${TEAMS}) threads(${THREADS}), ${warps} warps a launch; CPU time of a run, best of ${runs} after a warm-up; a launch: (run - run of 1 launch) / (R - 1))`,
    line(head), ...rows.map(line)].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = process.argv[3] ? process.argv[3].split(",").map(Number) : undefined;
  console.log(await run(Number(process.argv[2] ?? 3), sizes));
}
