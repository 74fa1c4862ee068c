// `ompir run FILE`: parse, verify, optionally run passes, then execute on the host
// interpreter + simulated GPU (src/runtime/execute.ts). Exit status: main's return value;
// 1 for a runtime fault (a located message on stderr, never a stack trace); 2 bad usage.

import { formatFault } from "../runtime/faults.js";
import { formatRace } from "../runtime/races.js";
import { formatRemark, sortRemarks } from "../ir/remarks.js";
import { DEFAULT_MAX_STEPS, DEFAULT_TEAMS, DEFAULT_THREADS, DEFAULT_WARP_SIZE, execute } from "../runtime/execute.js";
import type { RunOptions } from "../runtime/execute.js";
import { formatStats } from "../runtime/stats.js";
import { mergeCostModel } from "../runtime/cost.js";
import { loadModule } from "./check.js";
import { C_OPTIONS, cExitCode, inputOptions } from "./cc.js";
import type { Command, Io } from "./io.js";
import { UsageError, describeFsError, parseCommandArgs, writeOutput } from "./io.js";
import { guardSchemeFlag, optimizeForCommand, pipelineFromFlags } from "./opt.js";

function positiveInt(flag: string, v: string | undefined, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1 || n > max) throw new UsageError(`run: ${flag} expects an integer from 1 to ${max}, got '${v}'`);
  return n;
}

/** --rev-offload, --rev-offload-threads (wins over OMP_REVERSE_OFFLOAD_THREADS), --mailbox-*. */
function revOffloadOptions(values: Record<string, unknown>, env: Io["env"]): Partial<RunOptions> {
  const out: Partial<RunOptions> = {};
  const mode = values["rev-offload"] as string | undefined;
  if (mode !== undefined) {
    if (mode !== "serial" && mode !== "async") throw new UsageError(`run: --rev-offload expects serial or async, got '${mode}'`);
    out.revOffload = mode;
  }
  const flag = values["rev-offload-threads"] as string | undefined;
  const fromEnv = env.OMP_REVERSE_OFFLOAD_THREADS;
  if (flag !== undefined) out.revOffloadThreads = positiveInt("--rev-offload-threads", flag, 65536);
  else if (fromEnv !== undefined && fromEnv !== "") {
    const n = Number(fromEnv);
    if (!/^\d+$/.test(fromEnv) || n < 1 || n > 65536) throw new UsageError(`run: OMP_REVERSE_OFFLOAD_THREADS expects an integer from 1 to 65536, got '${fromEnv}'`);
    out.revOffloadThreads = n;
  }
  out.mailboxSlots = positiveInt("--mailbox-slots", values["mailbox-slots"] as string | undefined, 1 << 20);
  const fault = values["mailbox-fault"] as string | undefined;
  if (fault !== undefined) {
    if (fault !== "writeback-delay" && fault !== "none") throw new UsageError(`run: --mailbox-fault expects writeback-delay (or none), got '${fault}'`);
    out.mailboxFault = fault;
  }
  return out;
}

export async function runCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs("run", argv, {
    teams: { type: "string" },
    threads: { type: "string" },
    "warp-size": { type: "string" },
    "max-steps": { type: "string" },
    "cost-model": { type: "string" },
    stats: { type: "boolean" },
    "stats-json": { type: "string" },
    trace: { type: "string" },
    passes: { type: "string" },
    O: { type: "boolean", short: "O" },
    "guard-scheme": { type: "string" },
    remarks: { type: "boolean" },
    "detect-races": { type: "boolean" },
    "rev-offload": { type: "string" },
    "rev-offload-threads": { type: "string" },
    "mailbox-slots": { type: "string" },
    "mailbox-fault": { type: "string" },
    ...C_OPTIONS,
  });
  if (positionals.length !== 1) throw new UsageError(`run: expected one input file, got ${positionals.length} (try 'ompir run --help')`);
  const opts: RunOptions = {
    teams: positiveInt("--teams", values.teams, 65536),
    threads: positiveInt("--threads", values.threads, 4096),
    warpSize: positiveInt("--warp-size", values["warp-size"], 64),
    maxSteps: positiveInt("--max-steps", values["max-steps"], Number.MAX_SAFE_INTEGER),
    trace: values.trace !== undefined,
    detectRaces: values["detect-races"] ?? false,
    ...revOffloadOptions(values, io.env),
  };
  const cm = values["cost-model"];
  if (cm !== undefined) {
    let text: string;
    try {
      text = io.readFile(cm);
    } catch (e) {
      throw new UsageError(`run: cannot read cost model '${cm}': ${describeFsError(e)}`);
    }
    try {
      const json: unknown = JSON.parse(text);
      mergeCostModel(json);
      opts.costModel = json as Record<string, unknown>;
    } catch (e) {
      throw new UsageError(`run: bad cost model '${cm}': ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const pipeline = pipelineFromFlags("run", values.passes, values.O);
  let m = await loadModule(io, positionals[0]!, { input: inputOptions(values) });
  const scheme = values["guard-scheme"] === undefined ? undefined : guardSchemeFlag("run", values["guard-scheme"]);
  if (pipeline !== null) {
    const opt = optimizeForCommand(io, "run", m, pipeline, { passOptions: scheme ? { "guard-scheme": scheme } : {} });
    m = opt.module;
    if (values.remarks) for (const r of sortRemarks(opt.remarks)) io.stderr(formatRemark(m.file, r) + "\n");
  } else if (values.remarks) {
    throw new UsageError("run: --remarks needs --passes or -O");
  }
  const r = execute(m, opts);
  io.stdout(r.stdout);
  for (const race of r.races) io.stderr(formatRace(m.file, race) + "\n");
  if (r.fault !== null) io.stderr(formatFault(r.fault, m.source) + "\n");
  if (values.stats) io.stderr(formatStats(r.stats) + "\n");
  if (values["stats-json"] !== undefined) writeOutput(io, values["stats-json"], JSON.stringify(r.stats, null, 2) + "\n");
  if (values.trace !== undefined) {
    const file = { traceEvents: r.trace ?? [], displayTimeUnit: "ns", otherData: { timeUnit: "cycles", generator: "ompir" } };
    writeOutput(io, values.trace, JSON.stringify(file) + "\n");
  }
  return cExitCode(m, r.fault, r.exitCode);
}

export const runCommandEntry: Command = {
  name: "run",
  summary: "execute: host main on the interpreter, kernels on the simulated GPU",
  help: [
    "usage: ompir run FILE [options]",
    "",
    "Parses and verifies FILE (`-` reads standard input), optionally runs passes, then",
    "executes @main on the host interpreter and its kernels on the simulated GPU. Program",
    "output goes to standard output in simulated-time order; stats to standard error.",
    "",
    "options:",
    `  --teams N              teams when omp.target has no teams() clause (default ${DEFAULT_TEAMS})`,
    `  --threads N            threads per team when there is no threads() clause (default ${DEFAULT_THREADS})`,
    `  --warp-size N          lanes per warp, 1..64 (default ${DEFAULT_WARP_SIZE})`,
    `  --max-steps N          fault after N executed instructions (default ${DEFAULT_MAX_STEPS})`,
    "  --cost-model F.json    override cost model fields (docs/COST_MODEL.md)",
    "  --stats                print per-kernel statistics to standard error",
    "  --stats-json FILE      write the statistics as JSON (docs/STATS.md)",
    "  --trace FILE           write a Chrome Trace Event file (open in ui.perfetto.dev)",
    "  --passes=P1,P2 | -O    run passes before executing",
    "  --guard-scheme=S       spmdize guards: auto (default), branch, mask or naive",
    "  --remarks              print the passes' remarks (file:line:col: remark: ... [ID])",
    "  --detect-races         report two threads of a team touching the same shared/global byte",
    "                         between barriers (one writing, not both atomic)",
    "  --rev-offload=M        reverse offload on the host: async (default; a pool of workers)",
    "                         or serial (the polling thread runs requests inline, one at a time)",
    "  --rev-offload-threads N  async: at most N host workers (default: OMP_REVERSE_OFFLOAD_THREADS,",
    "                         else 8)",
    "  --mailbox-slots N      device-to-host mailbox slots (default 1024)",
    "  --mailbox-fault=writeback-delay  payload write-backs land after the ready flag (teaching;",
    "                         docs/REVERSE_OFFLOAD.md)",
    "",
    "exit status: main's return value; 1 runtime fault; 2 bad input or usage",
  ].join("\n"),
  run: runCommand,
};
