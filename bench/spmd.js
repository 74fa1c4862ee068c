// SPMD vs generic: simulated cycles of every example kernel before and after -O, barriers
// executed, the state machine of each kernel -O left generic, and guarded regions of spmdize's coalescing scheme vs the naive one-region-per-
// side-effect scheme (--pass-opt guard-scheme=naive). Simulated cycles are deterministic, so
// this table is the same on every machine. Run: npm run bench (or node bench/spmd.js after
// npm run build).
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { parseModule, runPipeline, execute } from "../dist/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function measure(text, file, pipeline, scheme) {
  const m = parseModule(text, file);
  let regions = 0;
  if (pipeline) {
    const r = runPipeline(m, pipeline, { passOptions: scheme ? { "guard-scheme": scheme } : {} });
    for (const x of r.remarks.remarks ?? r.remarks) if (x.id === "spmdize.summary") regions += Number(x.args.regions ?? 0);
  }
  const run = execute(m, {});
  const k = run.stats.kernels;
  return {
    ok: run.fault === null,
    cycles: k.reduce((a, s) => a + s.cycles, 0),
    barriers: k.reduce((a, s) => a + s.barriers, 0),
    dispatches: k.reduce((a, s) => a + s.dispatches, 0),
    util: run.stats.totals.utilisation,
    machines: [...new Set(k.filter((s) => s.mode === "generic").map((s) => s.stateMachine))].join(",") || "-",
    regions,
  };
}

export async function run() {
  const rows = [];
  for (const name of readdirSync(join(root, "examples")).filter((f) => f.endsWith(".oir")).sort()) {
    const file = join("examples", name);
    const text = readFileSync(join(root, file), "utf8");
    const gen = measure(text, file, null);
    const opt = measure(text, file, "-O");
    const naive = measure(text, file, "inline,simplify,mem2reg,spmdize,barrier-elim,simplify", "naive");
    rows.push({ name, gen, opt, naive });
  }
  const head = ["example", "generic cyc", "-O cyc", "speed-up", "barriers gen/-O/naive", "regions -O/naive", "naive cyc", "generic -O machine"];
  const body = rows.map(({ name, gen, opt, naive }) => [
    name.replace(/\.oir$/, ""),
    gen.ok ? String(gen.cycles) : "fault",
    opt.ok ? String(opt.cycles) : "fault",
    gen.ok && opt.ok && opt.cycles ? (gen.cycles / opt.cycles).toFixed(2) + "x" : "-",
    `${gen.barriers}/${opt.barriers}/${naive.barriers}`,
    `${opt.regions}/${naive.regions}`,
    naive.ok ? String(naive.cycles) : "fault",
    opt.machines,
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ");
  return ["## SPMD-ization: simulated kernel cycles, generic vs -O (deterministic)", "", line(head), ...body.map(line), ""].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write((await run()) + "\n");
