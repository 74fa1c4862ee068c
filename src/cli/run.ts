// `ompir run FILE`: parse, verify, optionally run passes, then execute on the host
// interpreter + simulated GPU (src/runtime/execute.ts). Exit status: main's return value;
// 1 for a runtime fault (a located message on stderr, never a stack trace); 2 bad usage or
// bad input (including a module with nothing to run).
//
// The run options are declared once, in RUN_FLAGS: the argument parser, the help text and
// the validation of each value all read that table.

import { formatFault } from "../runtime/faults.js";
import { formatRace } from "../runtime/races.js";
import type { Module } from "../ir/ir.js";
import { isDeclaration } from "../ir/ir.js";
import { valueNamer } from "../ir/printer.js";
import { NO_VALUE } from "../ir/types.js";
import { DEFAULT_MAX_STEPS, DEFAULT_TEAMS, DEFAULT_THREADS, DEFAULT_WARP_SIZE, MAX_DEVICES, executeAsync } from "../runtime/execute.js";
import type { RunOptions, RunProgress, RunResult } from "../runtime/execute.js";
import { formatStats, statsToJson } from "../runtime/stats.js";
import { mergeCostModel } from "../runtime/cost.js";
import { MACHINE_NAMES } from "../runtime/machine.js";
import { DEFAULT_REV_OFFLOAD_KEEP_ALIVE } from "../runtime/revoffload/index.js";
import { DEFAULT_MEMORY_LIMIT, MAX_MEMORY_LIMIT } from "../runtime/memory.js";
import { DEFAULT_DEVICE_HEAP } from "../runtime/heap.js";
import { loadModule } from "./check.js";
import type { Command, Io, OptionSpec } from "./io.js";
import { ExitError, UsageError, checkOutputs, describeFsError, errorLimit, formatRows, parseCommandArgs, printable, writeOutput } from "./io.js";
import { REMARK_HELP, REMARK_OPTIONS, checkPipeline, emitRemarks, optimizeForCommand, passOptionFlags, passOptionHelp, passOptionsFromFlags, pipelineFromFlags, remarkSelection, remarksOutputFormat } from "./opt.js";
import { C_OPTIONS, cExitCode, inputOptions } from "./cc.js";
import { srcCol, srcLine } from "../ir/loc.js";

/** A flag that sets one RunOptions field. */
type RunFlag = { flag: string; help: string } & (
  | { kind: "int"; field: "teams" | "threads" | "warpSize" | "maxSteps" | "memoryLimit" | "deviceHeap" | "revOffloadThreads" | "revOffloadKeepAlive" | "mailboxSlots" | "devices"; min?: number; max: number; env?: readonly string[] }
  | { kind: "enum"; field: "revOffload" | "mailboxFault" | "machine"; values: readonly string[] }
  | { kind: "bool"; field: "detectRaces" }
);

export const RUN_FLAGS: readonly RunFlag[] = [
  { flag: "teams", kind: "int", field: "teams", max: 65536, help: `teams when omp.target has no teams() clause (default ${DEFAULT_TEAMS})` },
  { flag: "threads", kind: "int", field: "threads", max: 4096, help: `threads per team when there is no threads() clause (default ${DEFAULT_THREADS})` },
  { flag: "warp-size", kind: "int", field: "warpSize", max: 64, help: `lanes per warp (default ${DEFAULT_WARP_SIZE}; the machine's)` },
  { flag: "devices", kind: "int", field: "devices", max: MAX_DEVICES, help: "devices (default 1): omp.target device(n) runs on device n, each with its own data environment" },
  { flag: "machine", kind: "enum", field: "machine", values: MACHINE_NAMES, help: "the GPU modelled: SMs, resident warps/teams per SM, state-machine and allocator costs (default ideal: one SM per team; docs/COST_MODEL.md)" },
  { flag: "max-steps", kind: "int", field: "maxSteps", max: Number.MAX_SAFE_INTEGER, help: `fault when one warp (or the host) has executed N instructions (default ${DEFAULT_MAX_STEPS})` },
  { flag: "memory-limit", kind: "int", field: "memoryLimit", min: 4096, max: MAX_MEMORY_LIMIT, help: `simulated memory in bytes, all spaces (default ${DEFAULT_MEMORY_LIMIT})` },
  // LLVM's CUDA plugin sets cudaLimitMallocHeapSize from LIBOMPTARGET_HEAP_SIZE.
  { flag: "device-heap", kind: "int", field: "deviceHeap", min: 0, max: MAX_MEMORY_LIMIT, env: ["LIBOMPTARGET_HEAP_SIZE"], help: `bytes of each device's malloc heap (default: LIBOMPTARGET_HEAP_SIZE, else ${DEFAULT_DEVICE_HEAP}, CUDA's)` },
  { flag: "detect-races", kind: "bool", field: "detectRaces", help: "report two threads of a team touching the same shared/global byte between barriers (one writing, not both atomic)" },
  { flag: "rev-offload", kind: "enum", field: "revOffload", values: ["async", "serial"], help: "reverse offload on the host: async (default; a pool of workers) or serial (the polling thread runs requests inline)" },
  // GCC's (OG13+) libgomp reads GOMP_REVERSE_OFFLOAD_THREADS; the OMP_ spelling is ompir's own.
  { flag: "rev-offload-threads", kind: "int", field: "revOffloadThreads", max: 65536, env: ["OMP_REVERSE_OFFLOAD_THREADS", "GOMP_REVERSE_OFFLOAD_THREADS"], help: "async: at most N host workers (default: OMP_REVERSE_OFFLOAD_THREADS, else GOMP_REVERSE_OFFLOAD_THREADS, else 8)" },
  { flag: "rev-offload-keep-alive", kind: "int", field: "revOffloadKeepAlive", min: 0, max: Number.MAX_SAFE_INTEGER, help: `async: cycles an idle host worker waits for work before it exits (default ${DEFAULT_REV_OFFLOAD_KEEP_ALIVE}; 0: at once, as libgomp)` },
  { flag: "mailbox-slots", kind: "int", field: "mailboxSlots", max: 1 << 20, help: "device-to-host mailbox slots (default 1024)" },
  { flag: "mailbox-fault", kind: "enum", field: "mailboxFault", values: ["none", "writeback-delay"], help: "writeback-delay: payload write-backs land after the ready flag (teaching; docs/REVERSE_OFFLOAD.md)" },
];

function intValue(what: string, v: string, max: number, min = 1): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`run: ${what} expects an integer from ${min} to ${max}, got '${printable(v)}'`);
  return n;
}

/** Every RUN_FLAGS value checked and converted (a flag wins over its environment variable). */
export function runOptionsFromFlags(values: Record<string, unknown>, env: Io["env"]): RunOptions {
  const out: Record<string, unknown> = {};
  for (const f of RUN_FLAGS) {
    const v = values[f.flag];
    switch (f.kind) {
      case "bool":
        out[f.field] = v === true;
        break;
      case "int": {
        // The first variable of f.env that is set and not empty.
        const name = f.env?.find((e) => env[e] !== undefined && env[e] !== "");
        if (typeof v === "string") out[f.field] = intValue(`--${f.flag}`, v, f.max, f.min);
        else if (name !== undefined) out[f.field] = intValue(name, env[name]!, f.max, f.min);
        break;
      }
      case "enum":
        if (typeof v !== "string") break;
        if (!f.values.includes(v)) throw new UsageError(`run: --${f.flag} expects ${f.values.join(" or ")}, got '${printable(v)}'`);
        out[f.field] = v;
        break;
    }
  }
  return out as RunOptions;
}

function runFlagHelp(): string[] {
  return formatRows([
    ...RUN_FLAGS.map((f) => [`--${f.flag}${f.kind === "int" ? " N" : f.kind === "enum" ? `=${f.values.join("|")}` : ""}`, f.help] as const),
    ["--cost-model F.json", "override cost model fields (docs/COST_MODEL.md)"],
    ["--stats", "print per-kernel statistics to standard error"],
    ["--stats-json FILE", "write the statistics as JSON (docs/STATS.md)"],
    ["--trace FILE", "write a Chrome Trace Event file (open in ui.perfetto.dev)"],
    ["--passes=P1,P2 | -O", "run passes before executing"],
    ...REMARK_HELP,
    ["-ferror-limit=N", "stop after N input errors (default 20; 0: no limit)"],
  ]);
}

const RUN_OPTIONS = {
  ...Object.fromEntries(RUN_FLAGS.map((f) => [f.flag, { type: f.kind === "bool" ? "boolean" : "string" }] as const)),
  "cost-model": { type: "string" },
  stats: { type: "boolean" },
  "stats-json": { type: "string" },
  trace: { type: "string" },
  passes: { type: "string" },
  O: { type: "boolean", short: "O" },
  ...REMARK_OPTIONS,
} as const satisfies OptionSpec;

/** The module's entry point, or why there is nothing to run (bad input, exit 2). */
function checkRunnable(io: Io, m: Module): void {
  if (m.functions.some((f) => f.name === "main" && f.kind === "host" && !isDeclaration(f))) return;
  const why = m.source.trim() === "" ? "empty file: no host function @main to run" : "no host function @main with a body to run";
  io.stderr(`${printable(m.file)}: error: ${why}\n`);
  throw new ExitError(2);
}

/**
 * `ompir: warning: --teams 8 ignored: omp.target at f.oir:62:3 has teams(4)`, once per
 * launch site whose clause overrides a --teams / --threads flag (the clause wins, as in
 * OpenMP, where num_teams beats OMP_NUM_TEAMS).
 */
function warnOverriddenLaunchFlags(io: Io, m: Module, values: Record<string, unknown>): void {
  const flags = (["teams", "threads"] as const).filter((c) => typeof values[c] === "string");
  if (flags.length === 0) return;
  for (const f of m.functions) {
    const name = valueNamer(f, m);
    for (const b of f.layout) {
      for (const id of f.blocks[b]!.insts) {
        const inst = f.insts[id]!;
        if (inst.kind !== "omp.target") continue;
        for (const c of flags) {
          if (inst[c] === NO_VALUE) continue;
          io.stderr(`ompir: warning: --${c} ${String(values[c])} ignored: omp.target at ${printable(m.file)}:${srcLine(inst.loc)}:${srcCol(inst.loc)} has ${c}(${name(inst[c])})\n`);
        }
      }
    }
  }
}

/** `ompir run: cycle 1,234,567; kernels 2/3 done; 40 reverse-offload requests` */
function progressText(p: RunProgress): string {
  return `ompir run: cycle ${p.cycle.toLocaleString("en-US")}; kernels ${p.kernelsDone}/${p.kernelsLaunched} done; ${p.requests} reverse-offload requests`;
}

export async function runCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs("run", argv, { ...RUN_OPTIONS, ...passOptionFlags(), ...C_OPTIONS });
  if (positionals.length !== 1) throw new UsageError(`run: expected one input file, got ${positionals.length} (try 'ompir run --help')`);
  const opts: RunOptions = {
    ...runOptionsFromFlags(values, io.env),
    trace: values.trace !== undefined,
    // Streamed: a program that prints forever runs in bounded memory until its step limit.
    stdout: (text) => io.stdout(text),
  };
  const cm = values["cost-model"];
  if (cm !== undefined) {
    let text: string;
    try {
      text = io.readFile(cm);
    } catch (e) {
      throw new UsageError(`run: cannot read cost model '${printable(cm)}': ${describeFsError(e)}`);
    }
    try {
      const json: unknown = JSON.parse(text);
      mergeCostModel(json);
      opts.costModel = json as Record<string, unknown>;
    } catch (e) {
      throw new UsageError(`run: bad cost model '${printable(cm)}': ${printable(e instanceof Error ? e.message : String(e))}`);
    }
  }
  const pipeline = pipelineFromFlags("run", values.passes, values.O);
  const remarkSel = remarkSelection("run", values);
  if (pipeline !== null) checkPipeline("run", pipeline);
  else if (remarkSel !== null || values["remarks-output"] !== undefined) throw new UsageError("run: remarks come from passes: give --passes or -O");
  const passOptions = passOptionsFromFlags("run", values);
  const input = positionals[0]!;
  checkOutputs(io, "run", [input, ...(cm === undefined ? [] : [cm])], [["--stats-json", values["stats-json"]], ["--trace", values.trace], ["--remarks-output", values["remarks-output"]]]);
  remarksOutputFormat("run", values["remarks-output"]);
  let m = await loadModule(io, input, { errorLimit: errorLimit("run", values["ferror-limit"]), input: inputOptions(values) });
  checkRunnable(io, m);
  warnOverriddenLaunchFlags(io, m, values);
  if (pipeline !== null) {
    const opt = optimizeForCommand(io, "run", m, pipeline, { passOptions });
    m = opt.module;
    emitRemarks(io, m, opt.remarks, remarkSel, values["remarks-output"]);
  }
  const progress = io.progress;
  if (progress !== undefined) opts.onProgress = (p) => progress.update(() => progressText(p()));
  // Ctrl-C stops the simulation where it is; what it has (output, stats, trace) is written.
  const stop = new AbortController();
  const off = io.onInterrupt?.(() => stop.abort());
  let r: RunResult;
  try {
    r = await executeAsync(m, opts, stop.signal);
  } finally {
    off?.();
  }
  progress?.clear();
  if (r.interrupted !== null) io.stderr(`ompir: run: interrupted at cycle ${r.interrupted}\n`);
  for (const race of r.races) io.stderr(formatRace(m.file, race) + "\n");
  if (r.fault !== null) io.stderr(formatFault(r.fault, m.source) + "\n");
  if (values.stats) io.stderr(formatStats(r.stats) + "\n");
  if (values["stats-json"] !== undefined) writeOutput(io, values["stats-json"], statsToJson(r.stats));
  if (values.trace !== undefined) {
    const file = { traceEvents: r.trace ?? [], otherData: { timeUnit: "cycles", generator: "ompir" } };
    writeOutput(io, values.trace, JSON.stringify(file) + "\n");
  }
  return cExitCode(m, r.fault, r.exitCode);
}

export const runCommandEntry: Command = {
  name: "run",
  summary: "execute: host main on the interpreter, kernels on the simulated GPU",
  get help() {
    return [
      "usage: ompir run FILE [options]",
      "",
      "Parses and verifies FILE (`-` reads standard input), optionally runs passes, then",
      "executes @main on the host interpreter and its kernels on the simulated GPU. Program",
      "output goes to standard output in simulated-time order; stats to standard error.",
      "Every long option may be spelled with one dash (-teams 8, -O2).",
      "",
      "options:",
      ...runFlagHelp(),
      "",
      ...passOptionHelp(),
      "",
      "exit status: main's return value; 1 runtime fault; 2 bad input or usage; 130 stopped by Ctrl-C",
    ].join("\n");
  },
  run: runCommand,
};
