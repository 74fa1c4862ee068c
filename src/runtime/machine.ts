// The machine behind the cycles (docs/COST_MODEL.md): how many teams of a launch can be
// resident on the simulated GPU at once, and which runtime costs the machine turns on.
//
// A team occupies one block slot and ceil(threads / W) warp slots of one SM, plus the main
// thread's own warp in generic mode (LLVM launches a generic kernel with one extra warp for
// it). A launch keeps at most sms × teamsPerSM(kernel) teams resident; the others wait and
// each starts when a resident team finishes (teams beyond capacity run in waves). Issue
// slots and memory bandwidth are not shared: the warps of resident teams run as on the
// `ideal` machine, which has as many SMs as there are teams and charges nothing for the
// state machine's own work or the shared-memory allocator (the model before machines
// existed, kept as the default so that cycle counts stay comparable).

import type { CostModel } from "./cost.js";

export const MACHINE_NAMES = ["ideal", "a100", "h100", "mi250x"] as const;
export type MachineName = (typeof MACHINE_NAMES)[number];

export interface Machine {
  readonly name: MachineName;
  /** Streaming multiprocessors (compute units); 0: one per team, however many. */
  readonly sms: number;
  /** Resident warps (wavefronts) per SM. */
  readonly warpsPerSM: number;
  /** Resident teams (thread blocks, work-groups) per SM. */
  readonly teamsPerSM: number;
  /** A generic team takes one more warp: its main thread's. */
  readonly genericMainWarp: boolean;
  /** Lanes per warp when the run does not say. */
  readonly warpSize: number;
  /** Cost model fields this machine sets over the defaults (cost.ts). */
  readonly costs: Readonly<Partial<Pick<CostModel, "stateMachine" | "allocShared" | "freeShared">>>;
}

/** The state machine's and the allocator's costs on a real machine (derivations in
 *  docs/COST_MODEL.md: this model's barrier, shared latency and issue costs applied to the
 *  instructions of LLVM's DeviceRTL). */
const RUNTIME_COSTS: Machine["costs"] = {
  stateMachine: { wake: 20, load: 22, call: 16 },
  allocShared: 60,
  freeShared: 50,
};

export const MACHINES: Readonly<Record<MachineName, Machine>> = {
  ideal: { name: "ideal", sms: 0, warpsPerSM: Infinity, teamsPerSM: Infinity, genericMainWarp: false, warpSize: 32, costs: {} },
  // NVIDIA A100 whitepaper: 108 SMs; CUDA C++ Programming Guide, compute capability 8.0:
  // 64 resident warps and 32 resident blocks per SM.
  a100: { name: "a100", sms: 108, warpsPerSM: 64, teamsPerSM: 32, genericMainWarp: true, warpSize: 32, costs: RUNTIME_COSTS },
  // NVIDIA H100 whitepaper: 132 SMs (SXM5); compute capability 9.0: 64 warps, 32 blocks per SM.
  h100: { name: "h100", sms: 132, warpsPerSM: 64, teamsPerSM: 32, genericMainWarp: true, warpSize: 32, costs: RUNTIME_COSTS },
  // AMD Instinct MI250X: 220 CUs on two GCDs, each GCD one OpenMP device of 110 CUs; 64-lane
  // wavefronts; 4 SIMDs × 8 wave slots = 32 waves per CU (CDNA2 ISA). No separate
  // work-group cap is published: the wave slots bound it.
  mi250x: { name: "mi250x", sms: 110, warpsPerSM: 32, teamsPerSM: 32, genericMainWarp: true, warpSize: 64, costs: RUNTIME_COSTS },
};

/** How many teams of a launch can be resident at once (Infinity on `ideal`). A team too
 *  big for one SM's warp slots still gets one SM to itself. */
export function residentTeams(m: Machine, threads: number, W: number, generic: boolean): number {
  if (m.sms === 0) return Infinity;
  const warps = Math.ceil(threads / W) + (generic && m.genericMainWarp ? 1 : 0);
  return m.sms * Math.max(1, Math.min(m.teamsPerSM, Math.floor(m.warpsPerSM / warps)));
}
