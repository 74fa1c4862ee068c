// The playground's worker: everything that compiles or simulates runs here, so the page never
// freezes. The page keeps two: one compiles and draws CFGs (fast, always answering), one runs
// programs (a long run is cancelled by terminating it). Same calls as the CLI, same texts.

import type { Viz } from "@viz-js/viz";
import {
  DiagnosticError, PassVerifyError, PipelineError, cfgToDot, execute, formatDiagnostic, formatFault, formatRace, formatRemarkClang,
  formatStats, isDeclaration, parseModule, parsePipeline, passOptionList, PASSES, printFunction, printModule, runPipeline, sortRemarks, verifyModule,
} from "../../src/core.js";
import type { Diagnostic, Module, PassInstrumentation, RunResult } from "../../src/core.js";
import { CError, cExitCode, compileC } from "../../src/frontend/c/index.js";
import type { Compiled, Job, Mark, Ran, Reply, Request, RunSummary } from "./protocol.js";

const post = (r: Reply): void => self.postMessage(r);
const firstLine = (s: string): string => s.split("\n")[0]!;

type Loaded = { ok: true; module: Module } | { ok: false; marks: Mark[]; message: string };

function diagMark(d: Diagnostic, source: string): Mark {
  const severity = d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "info";
  return { line: Math.max(1, d.loc.line), col: Math.max(1, d.loc.col), severity, text: formatDiagnostic(d, source) };
}

/** The job's module: parsed and verified (.oir) or compiled (C); bad input becomes marks. */
async function load(job: Job): Promise<Loaded> {
  if (job.lang === "c") {
    try {
      return { ok: true, module: await compileC(job.text, job.file, {}) };
    } catch (e) {
      if (!(e instanceof CError)) throw e;
      const marks = e.diags.map((d): Mark => ({ line: d.pos.line, col: d.pos.col, severity: "error", text: `${d.pos.file}:${d.pos.line}:${d.pos.col}: error: ${d.message}` }));
      return { ok: false, marks, message: "" };
    }
  }
  let m: Module;
  try {
    m = parseModule(job.text, job.file);
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    return { ok: false, marks: e.diagnostics.map((d) => diagMark(d, job.text)), message: "" };
  }
  const ds = verifyModule(m);
  if (ds.some((d) => d.severity === "error")) return { ok: false, marks: ds.map((d) => diagMark(d, job.text)), message: "" };
  return { ok: true, module: m };
}

/** Applies `pipeline` (all of it, or its first `count` passes); a failure becomes a message. */
function optimize(m: Module, pipeline: string, guardScheme: string, count: number, instrumentations: PassInstrumentation[] = []): { marks: Mark[]; message: string } | null {
  if (pipeline.trim() === "") return null;
  try {
    const passes = parsePipeline(pipeline).slice(0, count);
    runPipeline(m, passes, { passOptions: { "guard-scheme": guardScheme }, instrumentations });
    return null;
  } catch (e) {
    if (e instanceof PipelineError) return { marks: [], message: `pipeline: ${e.message}` };
    if (e instanceof PassVerifyError) return { marks: e.diagnostics.map((d) => diagMark(d, m.source)), message: firstLine(e.message) };
    throw e;
  }
}

const bodies = (m: Module): Map<string, string> => new Map(m.functions.filter((f) => !isDeclaration(f)).map((f) => [`@${f.name}`, printFunction(m, f)]));

async function compile(job: Job): Promise<Compiled> {
  const t0 = performance.now();
  const empty: Compiled = { ok: false, marks: [], message: "", inputIr: "", passes: [], pipeline: {}, functions: [], remarks: [], finalIr: "", ms: 0 };
  const loaded = await load(job);
  if (!loaded.ok) return { ...empty, marks: loaded.marks, message: loaded.message, ms: performance.now() - t0 };
  const m = loaded.module;
  const inputIr = printModule(m);
  // Each function's text before and after every pass, as --dump-pipeline-json records it,
  // kept per pass run (a function may appear or vanish mid-pipeline).
  const pipeline: Compiled["pipeline"] = {};
  const passes: Compiled["passes"] = [];
  let before = new Map<string, string>();
  const record: PassInstrumentation = {
    beforePass: () => void (before = bodies(m)),
    afterPass: (p) => {
      const after = bodies(m);
      const index = passes.length;
      let changed = false;
      for (const fn of new Set([...before.keys(), ...after.keys()])) {
        const b = before.get(fn) ?? "";
        const a = after.get(fn) ?? "";
        const rows = (pipeline[fn] ??= []);
        while (rows.length < index) rows.push({ pass: passes[rows.length]!.name, before: b, after: b, changed: false });
        rows.push({ pass: p.name, before: b, after: a, changed: a !== b });
        changed ||= a !== b;
      }
      passes.push({ name: p.name, changed });
    },
  };
  let remarks: Mark[] = [];
  let failure: { marks: Mark[]; message: string } | null = null;
  if (job.pipeline.trim() !== "") {
    try {
      const r = runPipeline(m, parsePipeline(job.pipeline), { passOptions: { "guard-scheme": job.guardScheme }, instrumentations: [record] });
      remarks = sortRemarks(r.remarks).map((x): Mark => ({ line: x.loc.line, col: x.loc.col, severity: "info", text: formatRemarkClang(m.file, x, m.source) }));
    } catch (e) {
      if (e instanceof PipelineError) failure = { marks: [], message: `pipeline: ${e.message}` };
      else if (e instanceof PassVerifyError) failure = { marks: e.diagnostics.map((d) => diagMark(d, m.source)), message: firstLine(e.message) };
      else throw e;
    }
  }
  for (const rows of Object.values(pipeline)) {
    while (rows.length < passes.length) {
      const last = rows[rows.length - 1]!.after;
      rows.push({ pass: passes[rows.length]!.name, before: last, after: last, changed: false });
    }
  }
  const functions = [...new Set([...bodies(m).keys(), ...Object.keys(pipeline)])];
  if (job.pipeline.trim() === "") for (const [fn, text] of bodies(m)) pipeline[fn] = [{ pass: "(input)", before: text, after: text, changed: false }];
  return {
    ok: failure === null, marks: failure?.marks ?? [], message: failure?.message ?? "", inputIr, passes, pipeline, functions, remarks,
    finalIr: printModule(m), ms: performance.now() - t0,
  };
}

let viz: Promise<Viz> | null = null;

async function cfg(job: Job, fn: string, after: number): Promise<Reply & { type: "cfg" }> {
  const loaded = await load(job);
  const none = (message: string): Reply & { type: "cfg" } => ({ id: 0, type: "cfg", dot: "", svg: "", message });
  if (!loaded.ok) return none("the input has errors (see the editor)");
  const m = loaded.module;
  const failed = optimize(m, job.pipeline, job.guardScheme, after);
  if (failed !== null) return none(failed.message);
  const f = m.functions.find((x) => `@${x.name}` === fn && !isDeclaration(x));
  if (f === undefined) return none(`${fn} has no body at this point of the pipeline`);
  const dot = cfgToDot(m, f);
  // Graphviz (1.4 MB) loads with the first CFG, not with the worker.
  viz ??= import("@viz-js/viz").then((v) => v.instance());
  // Graphviz sizes boxes with its own metrics for Courier; the browser draws it monospace.
  const svg = (await viz).renderString(dot.replace(/fontname="monospace"/g, 'fontname="Courier"'), { format: "svg" });
  return { id: 0, type: "cfg", dot, svg, message: "" };
}

function summary(label: string, m: Module, r: RunResult): RunSummary {
  const t = r.stats.totals;
  return { label, exitCode: cExitCode(m, r.fault, r.exitCode), cycles: t.cycles, barriers: t.barriers, dispatches: t.dispatches, warpInstructions: t.warpInstructions, output: r.stdout };
}

async function run(id: number, job: Job, compare: boolean): Promise<Ran> {
  const t0 = performance.now();
  const nothing: Ran = { ok: false, message: "", marks: [], output: "", exitCode: 2, fault: "", faultMark: null, races: [], stats: null, statsText: "", trace: [], comparison: [], ms: 0 };
  const loaded = await load(job);
  if (!loaded.ok) return { ...nothing, marks: loaded.marks, message: "the input has errors (see the editor)" };
  const m = loaded.module;
  if (!m.functions.some((f) => f.name === "main" && f.kind === "host" && !isDeclaration(f))) return { ...nothing, message: "no host function @main with a body to run" };
  const failed = optimize(m, job.pipeline, job.guardScheme, Infinity);
  if (failed !== null) return { ...nothing, marks: failed.marks, message: failed.message };
  let last = 0;
  let phase = "";
  const onProgress = (p: () => { cycle: number; kernelsLaunched: number; kernelsDone: number; requests: number }): void => {
    const now = performance.now();
    if (now - last < 100) return;
    last = now;
    const q = p();
    post({ id, type: "progress", text: `${phase}cycle ${q.cycle.toLocaleString("en-US")}; kernels ${q.kernelsDone}/${q.kernelsLaunched} done; ${q.requests} reverse-offload requests` });
  };
  const r = execute(m, { trace: true, onProgress });
  const comparison: RunSummary[] = [];
  if (compare) {
    for (const [label, pipeline] of [["generic (no passes)", ""], ["-O", "-O"]] as const) {
      phase = `${label}: `;
      if (pipeline === job.pipeline.trim()) {
        comparison.push(summary(label, m, r));
        continue;
      }
      const other = await load(job);
      if (!other.ok) continue;
      if (optimize(other.module, pipeline, job.guardScheme, Infinity) !== null) continue;
      comparison.push(summary(label, other.module, execute(other.module, { onProgress })));
    }
  }
  const fault = r.fault;
  return {
    ok: true, message: "", marks: [], output: r.stdout, exitCode: cExitCode(m, fault, r.exitCode),
    fault: fault === null ? "" : formatFault(fault, m.source),
    faultMark: fault === null || fault.loc.line <= 0 || fault.loc.file !== undefined ? null : { line: fault.loc.line, col: Math.max(1, fault.loc.col), severity: "error", text: firstLine(formatFault(fault, m.source)) },
    races: r.races.map((x) => formatRace(m.file, x)), stats: r.stats, statsText: formatStats(r.stats), trace: r.trace ?? [], comparison,
    ms: performance.now() - t0,
  };
}

self.onmessage = async (e: MessageEvent<Request>) => {
  const q = e.data;
  try {
    switch (q.type) {
      case "compile":
        post({ id: q.id, type: "compiled", result: await compile(q.job) });
        break;
      case "cfg":
        post({ ...(await cfg(q.job, q.fn, q.after)), id: q.id });
        break;
      case "run":
        post({ id: q.id, type: "ran", result: await run(q.id, q.job, q.compare) });
        break;
    }
  } catch (err) {
    const message = `internal error: ${firstLine(err instanceof Error ? err.message : String(err))}`;
    if (q.type === "compile") post({ id: q.id, type: "compiled", result: { ok: false, marks: [], message, inputIr: "", passes: [], pipeline: {}, functions: [], remarks: [], finalIr: "", ms: 0 } });
    else if (q.type === "cfg") post({ id: q.id, type: "cfg", dot: "", svg: "", message });
    else post({ id: q.id, type: "ran", result: { ok: false, message, marks: [], output: "", exitCode: 70, fault: "", faultMark: null, races: [], stats: null, statsText: "", trace: [], comparison: [], ms: 0 } });
  }
};
const guard = passOptionList().find((o) => o.option.name === "guard-scheme");
post({ id: 0, type: "ready", guardSchemes: guard?.option.values ? [...guard.option.values] : ["auto"], passNames: PASSES.map((p) => p.name) });
