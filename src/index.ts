// The ompir library: everything the CLI does is available here (DESIGN.md section 2).
//   import { parseModule, verifyModule, printModule } from "ompir";

export * from "./ir/types.js";
export * from "./ir/loc.js";
export * from "./ir/diagnostics.js";
export * from "./ir/ir.js";
export { parseModule } from "./ir/parse.js";
export { printModule } from "./ir/printer.js";
export { verifyModule } from "./ir/verifier.js";
export { main } from "./cli/main.js";
export type { Io, Command } from "./cli/io.js";
export type { ProgressLine } from "./cli/style.js";
export { runPipeline } from "./passes/pipeline.js";
export type { PipelineOptions, PipelineResult } from "./passes/pipeline.js";
export { PASSES, DEFAULT_PIPELINE } from "./passes/registry.js";
export { execute } from "./runtime/execute.js";
export type { RunOptions, RunProgress, RunResult } from "./runtime/execute.js";
export { DEFAULT_TEAMS, DEFAULT_THREADS, DEFAULT_WARP_SIZE, DEFAULT_MAX_STEPS } from "./runtime/execute.js";
export { formatFault } from "./runtime/faults.js";
export type { RuntimeFault, FaultKind } from "./runtime/faults.js";
export { DEFAULT_COST_MODEL, mergeCostModel } from "./runtime/cost.js";
export type { CostModel } from "./runtime/cost.js";
export type { RunStats, KernelStats } from "./runtime/stats.js";
export type { TraceEvent } from "./runtime/trace.js";
