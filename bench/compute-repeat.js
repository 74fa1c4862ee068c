// The saxpy or 2-D stencil kernel of bench/compute.js launched R times on data that stays
// present, so that the kernel's own loop decides the time (bench/compute.js's whole
// programs also pay for page faults and map copies). Prints the CPU time of a whole run,
// median and minimum of `runs` runs after a warm-up run. `ROOT=dir` takes the built library
// from another checkout, to compare two engines on one machine, runs interleaved by hand.
// Run: node bench/compute-repeat.js saxpy|2-D [runs=5] [R=6]
import { performance } from "node:perf_hooks";

const root = process.env.ROOT ?? new URL("..", import.meta.url).pathname;
const { BENCHES } = await import(`${root}/bench/compute.js`);
const { parseModule } = await import(`${root}/dist/ir/parse.js`);
const { execute } = await import(`${root}/dist/runtime/execute.js`);

/** One table line for kernel `which` launched `R` times, `runs` runs after a warm-up. */
export async function run(which = "saxpy", runs = 5, R = 6) {
  const b = BENCHES.find((x) => x.name.startsWith(which));
  if (b === undefined || !(which === "saxpy" || which === "2-D")) throw new Error("kernel: saxpy or 2-D");
  const launches = (call) => Array.from({ length: R }, () => `  omp.target ${call} teams(64) threads(256)`).join("\n");
  const main = which === "saxpy"
    ? `  %x = alloca f32, 16777216
  %y = alloca f32, 16777216
  omp.target_enter_data map(alloc: f32 %x[0:16777216])
  omp.target_enter_data map(alloc: f32 %y[0:16777216])
  omp.target @init(%x, %y, 16777216) teams(64) threads(256)
${launches("@saxpy(%x, %y, 16777216, 2.0)")}`
    : `  %a = alloca f32, 9437184
  %o = alloca f32, 9437184
  omp.target_enter_data map(alloc: f32 %a[0:9437184])
  omp.target_enter_data map(alloc: f32 %o[0:9437184])
  omp.target @init(%a, 3072) teams(64) threads(256)
${launches("@jacobi(%a, %o, 3072)")}`;
  const m = parseModule(b.src.replace(/host @main[\s\S]*$/, `host @main() -> i32 {\n^entry:\n${main}\n  ret 0\n}\n`), `${which}.oir`);
  const once = () => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = execute(m, { maxSteps: 1e12 });
    if (r.fault) throw new Error(r.fault.message);
    const c = process.cpuUsage(c0);
    return { cpu: (c.user + c.system) / 1000, wall: performance.now() - t0, cycles: r.stats.totals.cycles };
  };
  once();
  const xs = Array.from({ length: runs }, once);
  const cpu = xs.map((x) => x.cpu).sort((p, q) => p - q);
  return `${which} x${R}: CPU ms median ${cpu[cpu.length >> 1].toFixed(0)}, min ${cpu[0].toFixed(0)}; wall median ${xs.map((x) => x.wall).sort((p, q) => p - q)[runs >> 1].toFixed(0)}; sim cycles ${xs[0].cycles}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await run(process.argv[2], Number(process.argv[3] ?? 5), Number(process.argv[4] ?? 6)));
}
