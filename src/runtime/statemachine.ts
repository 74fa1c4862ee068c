// The generic-mode state machine: how a generic kernel's main thread hands a parallel region
// to the other threads of its team, which wait until then. LLVM's OpenMP device runtime keeps
// the workers in a loop (__kmpc_target_init's state machine): wait at a barrier, read the
// work function and its arguments the main thread published in team-shared memory, run it,
// join, wait again. device.ts drives the machine through this interface, so other machines
// (e.g. a custom one with an if-cascade over the known regions instead of an indirect call,
// as LLVM's OpenMPOpt builds) can be added beside it without touching the team and warp code.
//
// Contract: `park` runs once when a team starts; `publish` when the main thread reaches a
// level-0 omp.parallel (it may charge the main thread's clock and note team-shared bytes);
// `wake` right after, once the main thread has entered the region, at the main thread's
// clock. Workers return to the machine (BLOCKED) when the region's join barrier opens, and
// leave it for good when the main thread finishes the kernel (Team.terminateWorkers).

import type { CompiledFn } from "./compile.js";
import type { CostModel } from "./cost.js";

/** A warp waiting in the machine. */
export interface MachineWorker {
  state: number;
  /** Leave the machine to run region `cf` from `time` on, with the team's published arguments. */
  startWorker(cf: CompiledFn, time: number): void;
}

/** The team whose workers the machine holds. */
export interface MachineTeam {
  readonly warps: readonly MachineWorker[];
  /** Barrier epoch (the race detector's): the machine's wake-up orders the main thread's code before the region. */
  epoch: number;
  /** The region's arguments as published in team-shared storage. */
  regionArgs: (number | bigint)[];
  noteShared(delta: number): void;
}

/** The main thread's warp. */
export interface MachineMain extends MachineWorker {
  clock: number;
}

export interface StateMachine {
  readonly name: string;
  /** The team starts: every warp but the main thread's waits in the machine. */
  park(team: MachineTeam, main: MachineWorker, blocked: number): void;
  /** The main thread publishes region `cf` and its arguments. */
  publish(team: MachineTeam, main: MachineMain, cf: CompiledFn, args: (number | bigint)[], costs: CostModel): void;
  /** Wake the workers to run `cf` (the main thread runs it too). */
  wake(team: MachineTeam, main: MachineMain, cf: CompiledFn): void;
}

/** LLVM's generic state machine: a barrier wake-up, the work function and its arguments
 *  through team-shared memory (charged `dispatch` + `argPass` per argument), an indirect call. */
export const LLVM_GENERIC: StateMachine = {
  name: "llvm-generic",
  park(team, main, blocked) {
    for (const w of team.warps) if (w !== main) w.state = blocked;
  },
  publish(team, main, cf, args, costs) {
    const nargs = cf.params.length;
    main.clock += costs.dispatch + costs.argPass * nargs;
    team.epoch++;
    team.regionArgs = args;
    team.noteShared(8 * nargs);
    team.noteShared(-8 * nargs);
  },
  wake(team, main, cf) {
    for (const w of team.warps) if (w !== main) w.startWorker(cf, main.clock);
  },
};
