// SPMD vs generic: simulated cycles of every example kernel and every C program (examples/c,
// test/c) before and after -O, barriers executed, guarded regions of spmdize's coalescing
// scheme vs the naive one-region-per-side-effect scheme (--pass-opt guard-scheme=naive), and
// per kernel after -O: spmd, or the state machine --stats reports for a generic one; then the
// examples' generic-vs--O cycles under each machine preset (--machine).
// Simulated cycles are deterministic, so this table is the same on every machine. Run: npm
// run bench (or node bench/spmd.js after npm run build).
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { parseModule, runPipeline, execute, MACHINE_NAMES } from "../dist/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Per kernel after the pipeline: "spmd", else the state machine --stats reports (another
 *  pass may give generic kernels a custom one: the `stateMachine` field), else "generic". */
function stateMachines(kernels) {
  const by = new Map();
  for (const s of kernels) by.set(s.kernel, s.mode === "spmd" ? "spmd" : (s.stateMachine ?? "generic"));
  const counts = new Map();
  for (const v of by.values()) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort().map(([v, n]) => (n > 1 ? `${v}x${n}` : v)).join(" ") || "-";
}

function measure(m, pipeline, scheme, machine) {
  let regions = 0;
  if (pipeline) {
    const r = runPipeline(m, pipeline, { passOptions: scheme ? { "guard-scheme": scheme } : {} });
    for (const x of r.remarks.remarks ?? r.remarks) if (x.id === "spmdize.summary") regions += Number(x.args.regions ?? 0);
  }
  const run = execute(m, machine ? { machine } : {});
  const k = run.stats.kernels;
  return {
    ok: run.fault === null,
    cycles: k.reduce((a, s) => a + s.cycles, 0),
    barriers: k.reduce((a, s) => a + s.barriers, 0),
    dispatches: k.reduce((a, s) => a + s.dispatches, 0),
    util: run.stats.totals.utilisation,
    machines: stateMachines(k),
    regions,
  };
}

function table(title, rows) {
  const head = ["program", "generic cyc", "-O cyc", "speed-up", "barriers gen/-O/naive", "regions -O/naive", "naive cyc", "kernels after -O"];
  const body = rows.map(({ name, gen, opt, naive }) => [
    name,
    gen.ok ? String(gen.cycles) : "fault",
    opt.ok ? String(opt.cycles) : "fault",
    gen.ok && opt.ok && opt.cycles ? (gen.cycles / opt.cycles).toFixed(2) + "x" : "-",
    `${gen.barriers}/${opt.barriers}/${naive.barriers}`,
    `${opt.regions}/${naive.regions}`,
    naive.ok ? String(naive.cycles) : "fault",
    opt.machines,
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 || i === r.length - 1 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ");
  return [title, "", line(head), ...body.map(line), ""].join("\n");
}

export async function run() {
  const rows = [];
  for (const name of readdirSync(join(root, "examples")).filter((f) => f.endsWith(".oir")).sort()) {
    const file = join("examples", name);
    const text = readFileSync(join(root, file), "utf8");
    const gen = measure(parseModule(text, file), null);
    const opt = measure(parseModule(text, file), "-O");
    const naive = measure(parseModule(text, file), "-O", "naive");
    rows.push({ name: name.replace(/\.oir$/, ""), gen, opt, naive });
  }
  // The C programs: examples/c and the C test set, lowered once per measurement.
  const { compileC } = await import("../dist/frontend/c/index.js");
  // User headers are read as the CLI reads them (relative to the repository root).
  const readFile = (p) => {
    try {
      return readFileSync(join(root, p), "utf8");
    } catch {
      return undefined;
    }
  };
  const cc = (text, file) => compileC(text, file, { readFile });
  const cRows = [];
  const notMeasured = [];
  for (const dir of ["examples/c", "test/c"]) {
    for (const name of readdirSync(join(root, dir)).filter((f) => f.endsWith(".c")).sort()) {
      const file = join(dir, name);
      const text = readFileSync(join(root, file), "utf8");
      try {
        const gen = measure(await cc(text, file), null);
        const opt = measure(await cc(text, file), "-O");
        const naive = measure(await cc(text, file), "-O", "naive");
        cRows.push({ name: file, gen, opt, naive });
      } catch (e) {
        // Said under the table, never dropped silently: a program the front end rejects.
        notMeasured.push(`${file}: ${String(e?.message ?? e).split("\n")[0]}`);
      }
    }
  }
  return [
    table("## SPMD-ization: simulated kernel cycles, generic vs -O (deterministic)", rows),
    perMachine(rows.map((r) => r.name)),
    table("## The C programs (examples/c, test/c): simulated kernel cycles, generic vs -O", cRows),
    notMeasured.length ? ["Not measured (the front end rejected them):", ...notMeasured.map((l) => `- ${l}`), ""].join("\n") : "",
  ].join("\n");
}

/** The generic-vs-(-O) cycles of every example under each machine preset (docs/COST_MODEL.md). */
function perMachine(names) {
  const head = ["example", ...MACHINE_NAMES.map((m) => `${m} gen / -O`)];
  const body = names.map((name) => {
    const file = join("examples", `${name}.oir`);
    const text = readFileSync(join(root, file), "utf8");
    return [name, ...MACHINE_NAMES.map((machine) => {
      const gen = measure(parseModule(text, file), null, undefined, machine);
      const opt = measure(parseModule(text, file), "-O", undefined, machine);
      if (!gen.ok || !opt.ok) return "fault";
      return `${gen.cycles} / ${opt.cycles} (${opt.cycles ? (gen.cycles / opt.cycles).toFixed(2) : "-"}x)`;
    })];
  });
  const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ");
  return ["### The same under each machine (--machine; ideal is the default above)", "", line(head), ...body.map(line), ""].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write((await run()) + "\n");
