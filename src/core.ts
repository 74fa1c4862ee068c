// The ompir library without the command line (`import … from "ompir/core"`): parse, verify,
// print, passes and the simulator. It imports nothing from Node, so it bundles for a browser
// (test/package/core-imports.test.ts). "ompir" (src/index.ts) adds the CLI's `main`.
// Every type a public signature uses and every error class thrown to a caller is exported
// (test/package/exports.test.ts checks the emitted declarations).

export * from "./ir/types.js";
export * from "./ir/loc.js";
export * from "./ir/diagnostics.js";
export { TooLargeError } from "./ir/limits.js";
export * from "./ir/ir.js";
export { parseModule } from "./ir/parse.js";
export { printModule } from "./ir/printer.js";
export type { PrintOptions } from "./ir/printer.js";
export { verifyModule } from "./ir/verifier.js";
export type { Remark, RemarkKind, RemarkArg, RemarkSink } from "./ir/remarks.js";
export { runPipeline, PassVerifyError } from "./passes/pipeline.js";
export type { PipelineOptions, PipelineResult, PassRecord, PassTiming, PrintChanged, PassInstrumentation } from "./passes/pipeline.js";
export { PASSES, DEFAULT_PIPELINE, PipelineError } from "./passes/registry.js";
export { AnalysisManager, PassStats } from "./passes/manager.js";
export type {
  PassInfo, PassContext, PassResult, PassOptions, Preserved, Stat, FunctionAnalysis, ModuleAnalysis,
  PassOptionInfo, AnalysisEvent,
} from "./passes/manager.js";
export { execute, executeAsync } from "./runtime/execute.js";
export type { RunOptions, RunProgress, RunResult } from "./runtime/execute.js";
export type { OutputOrder, OutputLine } from "./runtime/output.js";
export type { IdLimits } from "./runtime/memory.js";
export { DEFAULT_TEAMS, DEFAULT_THREADS, DEFAULT_WARP_SIZE, DEFAULT_MAX_STEPS } from "./runtime/execute.js";
export { formatFault } from "./runtime/faults.js";
export type { RuntimeFault, FaultKind, RevOffloadSite } from "./runtime/faults.js";
export { DEFAULT_COST_MODEL, mergeCostModel } from "./runtime/cost.js";
export type { CostModel, OpClass, RevOffloadCosts, StateMachineCosts } from "./runtime/cost.js";
export { MACHINES, MACHINE_NAMES, residentTeams } from "./runtime/machine.js";
export type { Machine, MachineName } from "./runtime/machine.js";
export type { CostClass } from "./ir/opcodes.js";
export type { RunStats, KernelStats, RevOffloadStats } from "./runtime/stats.js";
export type { StateMachineName } from "./runtime/statemachine.js";
export type { RaceReport, RaceSite } from "./runtime/races.js";
export type { RevOffloadMode } from "./runtime/revoffload/index.js";
export type { MailboxFault, PublishProtocol } from "./runtime/mailbox.js";
export type { TraceEvent } from "./runtime/trace.js";
// For tools that show a compilation step by step (the playground): the expanded pipeline,
// the pipeline document, the CFG as DOT, remarks and statistics as the CLI prints them.
export { parsePipeline, passOptionList, optionValues } from "./passes/registry.js";
export { pipelineToJson, PIPELINE_JSON_VERSION } from "./passes/pipeline.js";
export { cfgToDot } from "./ir/dot.js";
export { sortRemarks, formatRemark, formatRemarkClang } from "./ir/remarks.js";
export { formatStats, statsToJson } from "./runtime/stats.js";
export { printFunction } from "./ir/printer.js";
export { formatRace } from "./runtime/races.js";
