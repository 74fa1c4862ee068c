// Run statistics (--stats table, --stats-json; schema in docs/STATS.md).

import type { StateMachineName } from "./statemachine.js";

export interface KernelStats {
  /** Launch number, from 0, in launch order. */
  launch: number;
  kernel: string;
  mode: "generic" | "spmd";
  /** How the workers got parallel regions: the runtime's `generic` machine, the kernel's own
   *  (`custom`, `custom+fallback`), or `none` (SPMD, or the workers exited at once). */
  stateMachine: StateMachineName;
  teams: number;
  threads: number;
  warpSize: number;
  /** The device it ran on (omp.target device(n); 0 by default). */
  device: number;
  /** Rounds of teams the machine ran it in: teams over the teams resident at once, rounded
   *  up (1 on the ideal machine). */
  waves: number;
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
  /** Dispatches a custom state machine made through its fallback (an indirect call). */
  fallbackDispatches: number;
  parallelRegions: number;
  /** Peak team-shared bytes of one team (shared globals, omp.alloc_shared, region arguments). */
  sharedBytes: number;
  /** This launch's reverse-offload requests (docs/REVERSE_OFFLOAD.md). */
  revOffload: RevOffloadStats;
  /** The run stopped (a fault or an interrupt) before this launch completed: the counters
   *  cover it up to that cycle, endCycle is that cycle. Absent on a completed launch. */
  incomplete?: true;
}

/** Reverse-offload counters, per kernel and in total (docs/STATS.md). */
export interface RevOffloadStats {
  /** Requests issued (one per requesting lane). */
  requests: number;
  /** Most requests issued and not yet completed at once. */
  maxOutstanding: number;
  /** Longest host queue (async) or mailbox backlog (serial) seen when one of these requests arrived. */
  maxQueueDepth: number;
  /** From the lane issuing the request to its completion signal arriving, in cycles. */
  meanLatency: number;
  maxLatency: number;
  /** Sum over requesting lanes of the cycles from issue until their warp resumed. */
  stallCycles: number;
  /** Lanes that found the mailbox full and waited for a slot. */
  mailboxWaits: number;
  /** Host cycles spent serving these requests (copies, call, host function). */
  workerBusyCycles: number;
  /** Pool workers created to serve these requests (async). */
  workersCreated: number;
  /** Device prints, and how long they took to reach the host (publish to drain). */
  prints: number;
  meanPrintDelay: number;
  maxPrintDelay: number;
}

export function emptyRevOffloadStats(): RevOffloadStats {
  return {
    requests: 0, maxOutstanding: 0, maxQueueDepth: 0, meanLatency: 0, maxLatency: 0, stallCycles: 0,
    mailboxWaits: 0, workerBusyCycles: 0, workersCreated: 0, prints: 0, meanPrintDelay: 0, maxPrintDelay: 0,
  };
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
    fallbackDispatches: number;
    parallelRegions: number;
    sharedBytes: number;
    /** Over all kernels, plus the host-side configuration it ran with. */
    revOffload: RevOffloadStats & { mode: "serial" | "async"; threads: number; slots: number };
  };
}

export function totals(kernels: readonly KernelStats[], cycles: number, hostInstructions: number, rev: RunStats["totals"]["revOffload"]): RunStats["totals"] {
  const sum = (f: (k: KernelStats) => number): number => kernels.reduce((a, k) => a + f(k), 0);
  const laneSlots = sum((k) => k.laneSlots);
  const activeLanes = sum((k) => k.activeLanes);
  return {
    cycles, hostInstructions, kernels: kernels.length,
    warpInstructions: sum((k) => k.warpInstructions), laneSlots, activeLanes,
    utilisation: laneSlots ? round4(activeLanes / laneSlots) : 0,
    barriers: sum((k) => k.barriers), dispatches: sum((k) => k.dispatches),
    fallbackDispatches: sum((k) => k.fallbackDispatches),
    parallelRegions: sum((k) => k.parallelRegions),
    sharedBytes: kernels.reduce((a, k) => Math.max(a, k.sharedBytes), 0),
    revOffload: rev,
  };
}

/** Version of the `--stats-json` document (schemas/stats.schema.json). */
export const STATS_JSON_VERSION = 1;

/** `--stats-json`: `{ "version": 1, "kernels": [...], "totals": {...} }`. */
export function statsToJson(s: RunStats): string {
  return JSON.stringify({ version: STATS_JSON_VERSION, ...s }, null, 2) + "\n";
}

export function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/** The --stats table (plain text, no colour). */
export function formatStats(s: RunStats): string {
  // The device and waves columns only when they say something: a launch on a device other
  // than 0, a launch in more than one wave.
  const dev = s.kernels.some((k) => k.device !== 0);
  const waves = s.kernels.some((k) => k.waves > 1);
  const opt = (on: boolean, x: string): string[] => (on ? [x] : []);
  const head = ["#", "kernel", "mode", "machine", ...opt(dev, "device"), "grid", ...opt(waves, "waves"), "cycles", "warp insts", "lane util", "barriers", "dispatches", "shared B"];
  const rows = s.kernels.map((k) => [
    String(k.launch), "@" + k.kernel + (k.incomplete ? " (cut short)" : ""), k.mode, k.stateMachine, ...opt(dev, String(k.device)), `${k.teams}x${k.threads}`, ...opt(waves, String(k.waves)),
    String(k.cycles), String(k.warpInstructions), pct(k.utilisation), String(k.barriers), String(k.dispatches), String(k.sharedBytes),
  ]);
  const t = s.totals;
  rows.push(["", "total", "", "", ...opt(dev, ""), `${t.kernels} launches`, ...opt(waves, ""), String(t.cycles), String(t.warpInstructions), pct(t.utilisation), String(t.barriers), String(t.dispatches), String(t.sharedBytes)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const left = 3 + (dev ? 1 : 0);
  const line = (r: string[]): string => r.map((c, i) => (i <= left ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd();
  const out = [line(head), ...rows.map(line), `host instructions: ${t.hostInstructions}; total cycles include the host`];
  if (t.revOffload.requests > 0) out.push("", formatRevOffloadStats(s));
  return out.join("\n");
}

/** The reverse-offload part of --stats (only printed when a kernel used the mailbox). */
function formatRevOffloadStats(s: RunStats): string {
  const t = s.totals.revOffload;
  const head = ["#", "kernel", "requests", "max out", "max queue", "mean lat", "max lat", "lane stall", "full waits", "worker busy", "workers", "prints", "print delay"];
  const row = (a: string, b: string, r: RevOffloadStats): string[] => [
    a, b, String(r.requests), String(r.maxOutstanding), String(r.maxQueueDepth), String(r.meanLatency), String(r.maxLatency),
    String(r.stallCycles), String(r.mailboxWaits), String(r.workerBusyCycles), String(r.workersCreated), String(r.prints), `${r.meanPrintDelay}/${r.maxPrintDelay}`,
  ];
  const rows = s.kernels.map((k) => row(String(k.launch), "@" + k.kernel, k.revOffload));
  rows.push(row("", "total", t));
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => (i <= 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd();
  return [`reverse offload: ${t.mode}, ${t.mode === "async" ? `at most ${t.threads} host workers, ` : ""}${t.slots} mailbox slots (latencies in cycles; print delay mean/max)`,
    line(head), ...rows.map(line)].join("\n");
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function pct(x: number): string {
  return (x * 100).toFixed(1) + "%";
}
