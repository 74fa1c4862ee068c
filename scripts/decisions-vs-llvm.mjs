#!/usr/bin/env node
// ompir's decision for every kernel of the project's C programs against LLVM 16's: runs
// LLVM's OpenMPOpt through llvm-openmp-opt.sh (clang-16; outside the repository) and
// `ompir cc` + `-O` on examples/c, test/c and test/filetests/cc, and writes the table into
// docs/SPMDIZE.md between its `decisions-vs-llvm` markers (or prints it with --print).
//
//   node scripts/decisions-vs-llvm.mjs [--tool PATH] [--llvm-output FILE] [--print]
//
// --llvm-output FILE reads the tool's output saved from an earlier run on the same three
// directories (the tool takes minutes) instead of running it.
// The tool: --tool, else $LLVM_OPENMP_OPT, else ../shared/tools/llvm-openmp-opt.sh beside
// the repository (or its parent). Needs dist/ (npm run build).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const saved = flag("--llvm-output");
const tool = saved ? "" : flag("--tool") ?? process.env.LLVM_OPENMP_OPT ??
  [path.join(root, "../shared/tools/llvm-openmp-opt.sh"), path.join(root, "../../shared/tools/llvm-openmp-opt.sh")].find((p) => fs.existsSync(p));
if (!saved && (!tool || !fs.existsSync(tool))) {
  process.stderr.write("decisions-vs-llvm: llvm-openmp-opt.sh not found (give --tool PATH or LLVM_OPENMP_OPT)\n");
  process.exit(2);
}
const { compileC } = await import(path.join(root, "dist/frontend/c/index.js"));
const { runPipeline } = await import(path.join(root, "dist/passes/pipeline.js"));

const DIRS = ["examples/c", "test/c", "test/filetests/cc"];
const files = DIRS.flatMap((d) => fs.readdirSync(path.join(root, d)).filter((f) => f.endsWith(".c")).sort().map((f) => `${d}/${f}`));

// LLVM: one line per kernel, `<file> <kernel> before=… after=… state_machine=… remarks=…`.
const r = saved ? { status: 0, stdout: fs.readFileSync(saved, "utf8"), stderr: "" } : spawnSync("bash", [tool, ...DIRS], { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 });
// The tool exits 1 when a file fails to compile, but still prints a line for it (error=…),
// which becomes an n/a row; only a run that printed nothing is a failure.
if (r.status !== 0 && r.stdout.trim() === "") {
  process.stderr.write(r.stderr);
  process.exit(1);
}
const llvm = new Map();
const llvmFile = new Map();
for (const line of r.stdout.split("\n")) {
  const [file, kernel, ...rest] = line.trim().split(/\s+/);
  if (!file || file.startsWith("#")) continue;
  if (kernel === "-") {
    llvmFile.set(file, rest.join(" "));
    continue;
  }
  const kv = Object.fromEntries(rest.map((x) => [x.slice(0, x.indexOf("=")), x.slice(x.indexOf("=") + 1)]));
  llvm.set(`${file} ${kernel}`, kv);
}

/** Decision classes, best first: SPMD; generic without workers or with a custom state machine; with a fallback; the runtime's generic one. */
const RANK = { SPMD: 4, "generic, no state machine": 3, "generic + custom SM": 3, "generic + custom SM with fallback": 2, generic: 1 };
function llvmDecision(kv) {
  if (kv.after === "spmd" || kv.after === "generic-spmd") return "SPMD";
  if (kv.state_machine === "none") return "generic, no state machine";
  if (kv.state_machine === "custom") return "generic + custom SM";
  if (kv.state_machine === "custom+fallback") return "generic + custom SM with fallback";
  return "generic";
}
function ompirDecision(f) {
  if (f.mode === "spmd") return "SPMD";
  const sm = f.stateMachine ?? f.attrs?.stateMachine;
  if (sm === undefined || sm === null || sm === "generic") return "generic";
  if (sm === "none") return "generic, no state machine";
  return /fallback/.test(String(sm)) ? "generic + custom SM with fallback" : "generic + custom SM";
}

const rows = [];
for (const file of files) {
  let m;
  let remarks = [];
  try {
    m = await compileC(fs.readFileSync(path.join(root, file), "utf8"), file, {
      readFile: (p) => {
        try {
          return fs.readFileSync(path.resolve(root, p), "utf8");
        } catch {
          return undefined;
        }
      },
    });
    const before = new Map(m.functions.filter((f) => f.kind === "kernel").map((f) => [f.name, f.mode]));
    const res = runPipeline(m, "-O", {});
    remarks = res.remarks.remarks ?? res.remarks;
    for (const f of m.functions) {
      if (f.kind !== "kernel" || !before.has(f.name)) continue;
      const kernel = f.name.replace(/^__omp_offloading_/, "");
      const kv = llvm.get(`${file} ${kernel}`);
      const ours = ompirDecision(f);
      const theirs = kv ? llvmDecision(kv) : null;
      const verdict = theirs === null ? "n/a" : RANK[ours] === RANK[theirs] ? "match" : RANK[ours] > RANK[theirs] ? "better" : "worse";
      const mine = remarks.filter((x) => x.function === `@${f.name}`);
      const summary = mine.find((x) => x.id === "spmdize.summary" || x.id === "spmdize.not-converted");
      let why = "";
      if (verdict === "better" || verdict === "worse" || verdict === "n/a") {
        const theirRemarks = kv ? `LLVM: ${kv.remarks === "-" ? "no remark" : kv.remarks}${kv.remark_lines && kv.remark_lines !== "-" ? ` (${kv.remark_lines})` : ""}` : `LLVM: ${llvmFile.get(file) ?? "no such kernel"}`;
        why = `${theirRemarks}; ompir: ${summary ? summary.message : before.get(f.name) === "spmd" ? "SPMD as written" : "no decision remark"}`;
      }
      rows.push({ file, kernel, before: before.get(f.name), llvm: theirs ?? "n/a", ours, verdict, why });
    }
  } catch (e) {
    if (llvmFile.get(file) !== "no-kernels") rows.push({ file, kernel: "-", before: "-", llvm: llvmFile.get(file) ?? "-", ours: `ompir cc failed: ${String(e.message ?? e).split("\n")[0]}`, verdict: "n/a", why: "" });
  }
}

const count = (v) => rows.filter((x) => x.verdict === v).length;
const esc = (s) => String(s).replace(/\|/g, "\\|");
const table = [
  `${rows.length} kernels: ${count("match")} match, ${count("better")} better, ${count("worse")} worse, ${count("n/a")} without an LLVM decision.`,
  "",
  "| program | kernel | as written | LLVM 16 | ompir -O | verdict | why (better / worse / n/a) |",
  "|---|---|---|---|---|---|---|",
  ...rows.map((x) => `| ${x.file} | ${x.kernel} | ${x.before} | ${x.llvm} | ${x.ours} | ${x.verdict} | ${esc(x.why)} |`),
].join("\n");

if (args.includes("--print")) {
  process.stdout.write(table + "\n");
} else {
  const doc = path.join(root, "docs/SPMDIZE.md");
  const text = fs.readFileSync(doc, "utf8");
  const begin = "<!-- decisions-vs-llvm:begin (scripts/decisions-vs-llvm.mjs writes this part) -->";
  const end = "<!-- decisions-vs-llvm:end -->";
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  const block = `${begin}\n${table}\n${end}`;
  const out = i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + end.length) : `${text.trimEnd()}\n\n## ompir's decisions against LLVM 16 on the project's C programs\n\n${block}\n`;
  fs.writeFileSync(doc, out);
  process.stdout.write(`docs/SPMDIZE.md: ${rows.length} kernels, ${count("better")} better, ${count("worse")} worse\n`);
}
