// The generic-mode state machine: how a generic kernel's main thread hands a parallel region
// to the other threads of its team, which wait until then. LLVM's OpenMP device runtime keeps
// the workers in a loop (__kmpc_target_init's state machine): wait at a barrier, read the
// work function and its arguments the main thread published in team-shared memory, run it,
// join, wait again. device.ts drives the machine through this interface; beside the
// runtime's machine (LLVM_GENERIC) are the kernels' own (customStateMachine: an if-cascade
// of direct calls over the known regions, as LLVM's OpenMPOpt builds, or no machine at all),
// which the custom-state-machine pass records as `state_machine(...)`.
//
// Contract: `park` runs once when a team starts; `publish` when the main thread reaches a
// level-0 omp.parallel (it may charge the main thread's clock and note team-shared bytes, or
// refuse a region it cannot run: the caller faults at the omp.parallel);
// `wake` right after, once the main thread has entered the region, at the main thread's
// clock. Workers return to the machine (BLOCKED) when the region's join barrier opens, and
// leave it for good when the main thread finishes the kernel (Team.terminateWorkers).

import type { StateMachineSpec } from "../ir/ir.js";
import type { CompiledFn } from "./compile.js";
import type { CostModel } from "./cost.js";
import { workerStartCost } from "./cost.js";

/** A warp waiting in the machine. */
export interface MachineWorker {
  state: number;
  /** Leave the machine to run region `cf` from `time` on, with the team's published arguments. */
  startWorker(cf: CompiledFn, time: number): void;
}

/** The team whose workers the machine holds. */
export interface MachineTeam {
  readonly warps: readonly MachineWorker[];
  /** Threads in the team. */
  readonly size: number;
  /** A worker leaves the kernel for good. */
  warpDone(w: MachineWorker): void;
  /** Barrier epoch (the race detector's): the machine's wake-up orders the main thread's code before the region. */
  epoch: number;
  /** The region's arguments as published in team-shared storage. */
  regionArgs: (number | bigint)[];
  noteShared(delta: number): void;
  /** A dispatch went through a custom machine's fallback (an indirect call). */
  noteFallback(): void;
}

/** The main thread's warp. */
export interface MachineMain extends MachineWorker {
  clock: number;
}

export interface StateMachine {
  /** As stats name it: `generic`, `custom`, `custom+fallback` or `none`. */
  readonly name: StateMachineName;
  /** The team starts: every warp but the main thread's waits in the machine (or exits). */
  park(team: MachineTeam, main: MachineWorker, blocked: number): void;
  /** The main thread publishes region `cf` and its arguments; a message if the machine cannot run it. */
  publish(team: MachineTeam, main: MachineMain, cf: CompiledFn, args: (number | bigint)[], costs: CostModel): string | null;
  /** Wake the workers to run `cf` (the main thread runs it too); each starts once it has
   *  paid for leaving the machine (cost.ts workerStartCost). */
  wake(team: MachineTeam, main: MachineMain, cf: CompiledFn, costs: CostModel): void;
}

/** LLVM's generic state machine: a barrier wake-up, the work function and its arguments
 *  through team-shared memory (charged `dispatch` + `argPass` per argument on the main
 *  thread, the loads on each worker), an indirect call. */
export const LLVM_GENERIC: StateMachine = {
  name: "generic",
  park: parkWorkers,
  publish(team, main, cf, args, costs) {
    main.clock += costs.dispatch + costs.argPass * cf.params.length;
    publishArgs(team, args);
    return null;
  },
  wake: (team, main, cf, costs) => wakeWorkers(team, main, cf, costs, true),
};

export type StateMachineName = "generic" | "custom" | "custom+fallback" | "none";

function parkWorkers(team: MachineTeam, main: MachineWorker, blocked: number): void {
  for (const w of team.warps) if (w !== main) w.state = blocked;
}

function wakeWorkers(team: MachineTeam, main: MachineMain, cf: CompiledFn, costs: CostModel, indirect: boolean): void {
  const at = main.clock + workerStartCost(costs, cf.params.length, indirect);
  for (const w of team.warps) if (w !== main) w.startWorker(cf, at);
  // The main thread's warp holds workers too (its other lanes), which run in step with it.
  if (team.size > 1) main.clock = at;
}

/** The arguments go through team-shared memory, as __kmpc_begin_sharing_variables puts them. */
function publishArgs(team: MachineTeam, args: (number | bigint)[]): void {
  team.epoch++;
  team.regionArgs = args;
  team.noteShared(8 * args.length);
  team.noteShared(-8 * args.length);
}

/**
 * A kernel's own machine (the custom-state-machine pass's `state_machine(...)`), built once
 * per launch. `state_machine(none)`: the workers exit when the team starts and a published
 * region is refused. Otherwise the workers still wake at a barrier and read the published
 * region and arguments, then compare it with each listed region in order and call the match
 * directly: `dispatch` less the `indirectCall` it includes, plus `smCompare` per comparison
 * made. An unlisted region costs every comparison, then the indirect call (`fallback`), or
 * is refused.
 */
export function customStateMachine(spec: StateMachineSpec): StateMachine {
  const n = spec.regions.length;
  if (n === 0 && !spec.fallback) {
    return {
      name: "none",
      park(team, main) {
        for (const w of team.warps) if (w !== main) team.warpDone(w);
      },
      publish: (_team, _main, cf) => `parallel region @${cf.fn.name} reached in a generic kernel whose state machine was removed (state_machine(none))`,
      wake() {},
    };
  }
  // Function id → 1 + its place in the cascade (0: not listed), so a dispatch looks up nothing by name.
  const place = new Int32Array(Math.max(0, ...spec.regions) + 1);
  spec.regions.forEach((r, i) => (place[r] = i + 1));
  return {
    name: spec.fallback ? "custom+fallback" : "custom",
    park: parkWorkers,
    publish(team, main, cf, args, costs) {
      const i = cf.fn.id < place.length ? place[cf.fn.id]! : 0;
      if (i === 0 && !spec.fallback) return `parallel region @${cf.fn.name} is not in the kernel's state machine (state_machine lists ${n} region${n === 1 ? "" : "s"} and no fallback)`;
      const direct = costs.dispatch - Math.min(costs.indirectCall, costs.dispatch);
      main.clock += (i === 0 ? costs.dispatch + costs.smCompare * n : direct + costs.smCompare * i) + costs.argPass * cf.params.length;
      if (i === 0) team.noteFallback();
      publishArgs(team, args);
      return null;
    },
    // A listed region is called directly; only the fallback pays the indirect call.
    wake: (team, main, cf, costs) => wakeWorkers(team, main, cf, costs, !(cf.fn.id < place.length && place[cf.fn.id]! > 0)),
  };
}
