// Run statistics (--stats table, --stats-json; schema in docs/STATS.md).

export interface KernelStats {
  /** Launch number, from 0, in launch order. */
  launch: number;
  kernel: string;
  mode: "generic" | "spmd";
  teams: number;
  threads: number;
  warpSize: number;
  nowait: boolean;
  launchCycle: number;
  startCycle: number;
  endCycle: number;
  /** endCycle - startCycle. */
  cycles: number;
  warpInstructions: number;
  /** warpInstructions × warpSize. */
  laneSlots: number;
  activeLanes: number;
  /** activeLanes / laneSlots (0 when nothing was issued). */
  utilisation: number;
  barriers: number;
  dispatches: number;
  parallelRegions: number;
  /** Peak team-shared bytes of one team (shared globals, omp.alloc_shared, region arguments). */
  sharedBytes: number;
}

export interface RunStats {
  kernels: KernelStats[];
  totals: {
    cycles: number;
    hostInstructions: number;
    kernels: number;
    warpInstructions: number;
    laneSlots: number;
    activeLanes: number;
    utilisation: number;
    barriers: number;
    dispatches: number;
    parallelRegions: number;
    sharedBytes: number;
  };
}

export function totals(kernels: readonly KernelStats[], cycles: number, hostInstructions: number): RunStats["totals"] {
  const sum = (f: (k: KernelStats) => number): number => kernels.reduce((a, k) => a + f(k), 0);
  const laneSlots = sum((k) => k.laneSlots);
  const activeLanes = sum((k) => k.activeLanes);
  return {
    cycles, hostInstructions, kernels: kernels.length,
    warpInstructions: sum((k) => k.warpInstructions), laneSlots, activeLanes,
    utilisation: laneSlots ? round4(activeLanes / laneSlots) : 0,
    barriers: sum((k) => k.barriers), dispatches: sum((k) => k.dispatches),
    parallelRegions: sum((k) => k.parallelRegions),
    sharedBytes: kernels.reduce((a, k) => Math.max(a, k.sharedBytes), 0),
  };
}

export function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/** The --stats table (plain text, no colour). */
export function formatStats(s: RunStats): string {
  const head = ["#", "kernel", "mode", "grid", "cycles", "warp insts", "lane util", "barriers", "dispatches", "shared B"];
  const rows = s.kernels.map((k) => [
    String(k.launch), "@" + k.kernel, k.mode, `${k.teams}x${k.threads}`, String(k.cycles), String(k.warpInstructions),
    pct(k.utilisation), String(k.barriers), String(k.dispatches), String(k.sharedBytes),
  ]);
  const t = s.totals;
  rows.push(["", "total", "", `${t.kernels} launches`, String(t.cycles), String(t.warpInstructions), pct(t.utilisation), String(t.barriers), String(t.dispatches), String(t.sharedBytes)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => (i <= 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd();
  return [line(head), ...rows.map(line), `host instructions: ${t.hostInstructions}; total cycles include the host`].join("\n");
}

function pct(x: number): string {
  return (x * 100).toFixed(1) + "%";
}
