// The race detector (`ompir run --detect-races`): two threads of one team that access the
// same byte of shared or global memory between two barriers, at least one of them writing
// and not both atomically, are a data race. Reported with both source locations.
//
// Happens-before is the team's barrier epoch: every team barrier (explicit, the implicit one
// ending a parallel region, and the generic state machine's dispatch that wakes the workers)
// starts a new epoch. Within an epoch, accesses by different threads are unordered. This is
// exact for the programs ompir runs: threads of a team synchronise only through barriers
// (atomics order nothing but themselves), and different teams are not compared.
//
// Shadow state, per team and byte: the last writer and up to two distinct readers of the
// current epoch (a third reader adds nothing: a later write by any thread conflicts with one
// of the two). Only enabled on request, so the compiled fast path has no hook otherwise.

import type { Loc } from "../ir/loc.js";

export const ACCESS_READ = 0;
export const ACCESS_WRITE = 1;
export const ACCESS_ATOMIC = 2;

export interface RaceSite {
  func: string;
  loc: Loc;
  thread: number;
  access: "read" | "write" | "atomic";
}

export interface RaceReport {
  kernel: string;
  team: number;
  space: string;
  /** The earlier access, then the one that completed the race. */
  first: RaceSite;
  second: RaceSite;
}

interface Shadow {
  epoch: number;
  writer: number; // thread, -1 if none
  writerAtomic: boolean;
  writerSite: number; // index into sites
  reader1: number;
  reader1Atomic: boolean;
  reader1Site: number;
  reader2: number;
  reader2Atomic: boolean;
  reader2Site: number;
}

const KIND_NAMES = ["read", "write", "atomic"] as const;
const MAX_REPORTS = 100;

/** One team's view, created at its first checked access. */
export interface RaceTeam {
  /** Bumped by every team barrier. */
  epoch: number;
  id: number;
}

export class RaceDetector {
  readonly reports: RaceReport[] = [];
  private readonly shadows = new Map<RaceTeam, Map<number, Shadow>>();
  private readonly seen = new Set<string>();
  /** Access sites, interned: (func, loc, kind). */
  private readonly sites: { func: string; loc: Loc; kind: number }[] = [];
  private readonly siteIds = new Map<string, number>();

  /** Records an access of `bytes` bytes at arena address `addr` by `thread` of `team`. */
  access(team: RaceTeam, kernel: string, thread: number, addr: number, bytes: number, kind: number, space: string, func: string, loc: Loc): void {
    let shadow = this.shadows.get(team);
    if (shadow === undefined) this.shadows.set(team, (shadow = new Map()));
    const site = this.site(func, loc, kind);
    const atomic = kind === ACCESS_ATOMIC;
    const writes = kind !== ACCESS_READ;
    for (let b = 0; b < bytes; b++) {
      let s = shadow.get(addr + b);
      if (s === undefined || s.epoch !== team.epoch) {
        s = {
          epoch: team.epoch, writer: -1, writerAtomic: false, writerSite: -1,
          reader1: -1, reader1Atomic: false, reader1Site: -1, reader2: -1, reader2Atomic: false, reader2Site: -1,
        };
        shadow.set(addr + b, s);
      }
      if (s.writer !== -1 && s.writer !== thread && !(atomic && s.writerAtomic)) {
        this.report(team, kernel, space, s.writer, s.writerSite, thread, site);
      }
      if (writes) {
        if (s.reader1 !== -1 && s.reader1 !== thread && !(atomic && s.reader1Atomic)) this.report(team, kernel, space, s.reader1, s.reader1Site, thread, site);
        else if (s.reader2 !== -1 && s.reader2 !== thread && !(atomic && s.reader2Atomic)) this.report(team, kernel, space, s.reader2, s.reader2Site, thread, site);
        s.writer = thread;
        s.writerAtomic = atomic;
        s.writerSite = site;
      }
      if (kind !== ACCESS_WRITE) {
        if (s.reader1 === -1 || s.reader1 === thread) {
          s.reader1 = thread;
          s.reader1Atomic = atomic;
          s.reader1Site = site;
        } else if (s.reader2 === -1 || s.reader2 === thread) {
          s.reader2 = thread;
          s.reader2Atomic = atomic;
          s.reader2Site = site;
        }
      }
    }
  }

  private site(func: string, loc: Loc, kind: number): number {
    const key = `${func}\u0000${loc.line}:${loc.col}\u0000${kind}`;
    let id = this.siteIds.get(key);
    if (id === undefined) {
      id = this.sites.length;
      this.sites.push({ func, loc, kind });
      this.siteIds.set(key, id);
    }
    return id;
  }

  private report(team: RaceTeam, kernel: string, space: string, t1: number, s1: number, t2: number, s2: number): void {
    const key = `${kernel}\u0000${s1}\u0000${s2}`;
    if (this.seen.has(key) || this.reports.length >= MAX_REPORTS) return;
    this.seen.add(key);
    const a = this.sites[s1]!;
    const b = this.sites[s2]!;
    this.reports.push({
      kernel, team: team.id, space,
      first: { func: a.func, loc: a.loc, thread: t1, access: KIND_NAMES[a.kind]! },
      second: { func: b.func, loc: b.loc, thread: t2, access: KIND_NAMES[b.kind]! },
    });
  }
}

/** `file:l:c: warning: data race …` with the other access's location. */
export function formatRace(file: string, r: RaceReport): string {
  const at = (s: RaceSite) => `${file}:${s.loc.line}:${s.loc.col}`;
  return `${at(r.second)}: warning: data race on ${r.space} memory: ${r.second.access} by thread ${r.second.thread} in @${r.second.func} ` +
    `conflicts with ${r.first.access} by thread ${r.first.thread} in @${r.first.func} at ${at(r.first)} ` +
    `(kernel @${r.kernel}, team ${r.team}, no barrier between them)`;
}
