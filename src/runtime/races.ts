// The race detector (`ompir run --detect-races`): two threads of one team that access the
// same byte of shared or global memory between two barriers, at least one of them writing
// and not both atomically, are a data race. Reported with both source locations.
//
// Happens-before is the team's barrier epoch: every team barrier (explicit, the implicit one
// ending a parallel region, and the generic state machine's dispatch that wakes the workers)
// starts a new epoch. Within an epoch, accesses by different threads are unordered, but for
// locks: threads of a team synchronise through barriers and through spin locks (C's
// `critical`, docs/C.md: a `cmpxchg` loop on a lock word, released by an `atomic xchg`);
// other atomics order nothing but themselves, and different teams are not compared.
//
// Locks are inferred, Eraser-style: a thread's `cmpxchg` on a word makes the word the lock
// it holds, its `atomic xchg` on that word releases it and confirms the word as a lock. A
// thread may hold several (nested `critical` sections of different names): each access
// remembers the set its thread held; two conflicting accesses whose sets share a confirmed
// lock are mutually excluded, not a race. A spinning thread runs only the
// `cmpxchg` until it succeeds, so the last one before an access is the acquire. A `cmpxchg`
// loop on data (never released by an `xchg`) confirms nothing and hides nothing.
//
// Shadow state, per team and byte: the last writer and up to two distinct readers of the
// current epoch (a third reader adds nothing: a later write by any thread conflicts with one
// of the two). Only enabled on request, so the compiled fast path has no hook otherwise.
//
// Thread-private memory: every `local` allocation (a device alloca, a thread's copy of a
// `local` global) records its owner thread; an access to it by any other thread — through a
// pointer handed over in memory, a region argument or a broadcast — is reported as a misuse
// of private memory (kind "private"), whatever the barriers: private storage is never shared.

import type { Loc, SrcLoc } from "../ir/loc.js";
import { toLoc } from "../ir/loc.js";

export const ACCESS_READ = 0;
export const ACCESS_WRITE = 1;
export const ACCESS_ATOMIC = 2;
/** The allocation of private storage (the "first" site of a private-memory report). */
export const ACCESS_ALLOC = 3;

export interface RaceSite {
  func: string;
  loc: Loc;
  /** The thread (index in its team); for an allocation, its owner (-1: the host). */
  thread: number;
  access: "read" | "write" | "atomic" | "alloc";
}

export interface RaceReport {
  /** `race`: two threads' unordered conflicting accesses; `private`: a thread accessed
   *  another thread's private (`local`) memory (first: its allocation, second: the access). */
  kind: "race" | "private";
  kernel: string;
  team: number;
  space: string;
  /** The earlier access, then the one that completed the race. */
  first: RaceSite;
  second: RaceSite;
  /** `private`: the owner's team (-1: the host). */
  ownerTeam?: number;
}

interface Shadow {
  epoch: number;
  writer: number; // thread, -1 if none
  writerAtomic: boolean;
  writerSite: number; // index into sites
  writerLock: number; // the locks the thread held (a lockset id), -1 if none
  reader1: number;
  reader1Atomic: boolean;
  reader1Site: number;
  reader1Lock: number;
  reader2: number;
  reader2Atomic: boolean;
  reader2Site: number;
  reader2Lock: number;
}

const KIND_NAMES = ["read", "write", "atomic", "alloc"] as const;
const MAX_REPORTS = 100;
/** Words a thread is taken to hold at once (nested `critical` sections and data `cmpxchg`s). */
const MAX_HELD = 64;
/** ownerThread of an allocation the whole owning team may use. */
const TEAM_SHARED = -2;

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
  private readonly sites: { func: string; loc: SrcLoc; kind: number }[] = [];
  private readonly siteIds = new Map<string, number>();
  /** Owner of each live local allocation, by allocation id (team null: the host). */
  private readonly ownerTeam: (RaceTeam | null)[] = [];
  private readonly ownerThread: number[] = [];
  private readonly ownerSite: number[] = [];
  /** Per team, by thread, the words it holds (arena addresses, in acquisition order). */
  private readonly held = new Map<RaceTeam, Map<number, number[]>>();
  /** Per team, by thread, the lockset id of what it holds (-1: nothing). */
  private readonly heldSet = new Map<RaceTeam, Map<number, number>>();
  /** Words some thread released with `atomic xchg` after a `cmpxchg`: locks. */
  private readonly locks = new Set<number>();
  /** Locksets, interned: id -> its words, sorted. */
  private readonly locksets: number[][] = [];
  private readonly locksetIds = new Map<string, number>();

  /** `thread` ran a `cmpxchg` on the word at `addr`: a word it now holds (a lock if an
   *  `atomic xchg` releases it). Spinning repeats the `cmpxchg`: held once. */
  acquire(team: RaceTeam, thread: number, addr: number): void {
    let h = this.held.get(team);
    if (h === undefined) this.held.set(team, (h = new Map()));
    let words = h.get(thread);
    if (words === undefined) h.set(thread, (words = []));
    if (words.includes(addr)) return;
    // `cmpxchg`s on data are never released: past MAX_HELD words, drop the oldest that is
    // not a confirmed lock, but the first (the outermost lock, not yet confirmed while the
    // first thread to take it is inside).
    if (words.length === MAX_HELD) {
      let j = 1;
      while (j < words.length && this.locks.has(words[j]!)) j++;
      words.splice(j < words.length ? j : 0, 1);
    }
    words.push(addr);
    this.setHeld(team, thread, words);
  }

  /** `thread` ran an `atomic xchg` on the word at `addr`: a release if it held it. */
  release(team: RaceTeam, thread: number, addr: number): void {
    const words = this.held.get(team)?.get(thread);
    const i = words === undefined ? -1 : words.indexOf(addr);
    if (i < 0) return;
    // What the thread took after the lock and still holds unconfirmed was data (nested
    // locks are released first).
    let n = 1;
    while (i + n < words!.length && !this.locks.has(words![i + n]!)) n++;
    words!.splice(i, n);
    this.locks.add(addr);
    this.setHeld(team, thread, words!);
  }

  private setHeld(team: RaceTeam, thread: number, words: readonly number[]): void {
    let hs = this.heldSet.get(team);
    if (hs === undefined) this.heldSet.set(team, (hs = new Map()));
    if (words.length === 0) {
      hs.delete(thread);
      return;
    }
    const sorted = [...words].sort((a, b) => a - b);
    const key = sorted.join(",");
    let id = this.locksetIds.get(key);
    if (id === undefined) {
      id = this.locksets.length;
      this.locksets.push(sorted);
      this.locksetIds.set(key, id);
    }
    hs.set(thread, id);
  }

  /** Whether two accesses made holding locksets `a` and `b` exclude each other: both held a
   *  word that is a confirmed lock. */
  private excluded(a: number, b: number): boolean {
    if (a === -1 || b === -1) return false;
    const sb = this.locksets[b]!;
    for (const w of this.locksets[a]!) if (this.locks.has(w) && sb.includes(w)) return true;
    return false;
  }

  /**
   * Local allocation `id` was made by `thread` of `team` (null: the host) at (func, loc).
   * `teamShared`: an alloca of the team's main thread outside parallel regions — in generic
   * mode the sequential part's variables, which the team may share (docs/LANGUAGE.md,
   * "Allocas shared with the team"); only other teams' accesses to it are reported.
   */
  own(id: number, team: RaceTeam | null, thread: number, func: string, loc: SrcLoc, teamShared = false): void {
    this.ownerTeam[id] = team;
    this.ownerThread[id] = team === null ? -1 : teamShared ? TEAM_SHARED : thread;
    this.ownerSite[id] = this.site(func, loc, ACCESS_ALLOC);
  }

  /** `thread` of `team` accesses local allocation `id`: reported unless it owns it. */
  privateAccess(team: RaceTeam, kernel: string, thread: number, id: number, kind: number, func: string, loc: SrcLoc): void {
    const ot = this.ownerTeam[id];
    if (ot === undefined || (ot === team && (this.ownerThread[id] === thread || this.ownerThread[id] === TEAM_SHARED))) return;
    const s1 = this.ownerSite[id]!;
    const s2 = this.site(func, loc, kind);
    const key = `private\u0000${kernel}\u0000${s1}\u0000${s2}`;
    if (this.seen.has(key) || this.reports.length >= MAX_REPORTS) return;
    this.seen.add(key);
    const a = this.sites[s1]!;
    const b = this.sites[s2]!;
    this.reports.push({
      kind: "private", kernel, team: team.id, space: "local", ownerTeam: ot === null ? -1 : ot.id,
      first: { func: a.func, loc: toLoc(a.loc), thread: this.ownerThread[id] === TEAM_SHARED ? 0 : this.ownerThread[id]!, access: "alloc" },
      second: { func: b.func, loc: toLoc(b.loc), thread, access: KIND_NAMES[b.kind]! },
    });
  }

  /** `bytes` bytes at arena address `addr` were freed (device `free`): the allocator orders
   *  the accesses before it with those after the next `malloc` reuses them, so they are forgotten. */
  released(addr: number, bytes: number): void {
    for (const shadow of this.shadows.values()) for (let b = 0; b < bytes; b++) shadow.delete(addr + b);
  }

  /** Records an access of `bytes` bytes at arena address `addr` by `thread` of `team`. */
  access(team: RaceTeam, kernel: string, thread: number, addr: number, bytes: number, kind: number, space: string, func: string, loc: SrcLoc): void {
    let shadow = this.shadows.get(team);
    if (shadow === undefined) this.shadows.set(team, (shadow = new Map()));
    const site = this.site(func, loc, kind);
    const atomic = kind === ACCESS_ATOMIC;
    const writes = kind !== ACCESS_READ;
    const lock = this.heldSet.get(team)?.get(thread) ?? -1;
    for (let b = 0; b < bytes; b++) {
      let s = shadow.get(addr + b);
      if (s === undefined || s.epoch !== team.epoch) {
        s = {
          epoch: team.epoch, writer: -1, writerAtomic: false, writerSite: -1, writerLock: -1,
          reader1: -1, reader1Atomic: false, reader1Site: -1, reader1Lock: -1, reader2: -1, reader2Atomic: false, reader2Site: -1, reader2Lock: -1,
        };
        shadow.set(addr + b, s);
      }
      if (s.writer !== -1 && s.writer !== thread && !(atomic && s.writerAtomic) && !this.excluded(lock, s.writerLock)) {
        this.report(team, kernel, space, s.writer, s.writerSite, thread, site);
      }
      if (writes) {
        if (s.reader1 !== -1 && s.reader1 !== thread && !(atomic && s.reader1Atomic) && !this.excluded(lock, s.reader1Lock)) this.report(team, kernel, space, s.reader1, s.reader1Site, thread, site);
        else if (s.reader2 !== -1 && s.reader2 !== thread && !(atomic && s.reader2Atomic) && !this.excluded(lock, s.reader2Lock)) this.report(team, kernel, space, s.reader2, s.reader2Site, thread, site);
        s.writer = thread;
        s.writerAtomic = atomic;
        s.writerSite = site;
        s.writerLock = lock;
      }
      if (kind !== ACCESS_WRITE) {
        if (s.reader1 === -1 || s.reader1 === thread) {
          s.reader1 = thread;
          s.reader1Atomic = atomic;
          s.reader1Site = site;
          s.reader1Lock = lock;
        } else if (s.reader2 === -1 || s.reader2 === thread) {
          s.reader2 = thread;
          s.reader2Atomic = atomic;
          s.reader2Site = site;
          s.reader2Lock = lock;
        }
      }
    }
  }

  private site(func: string, loc: SrcLoc, kind: number): number {
    const key = `${func}\u0000${loc}\u0000${kind}`;
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
      kind: "race", kernel, team: team.id, space,
      first: { func: a.func, loc: toLoc(a.loc), thread: t1, access: KIND_NAMES[a.kind]! },
      second: { func: b.func, loc: toLoc(b.loc), thread: t2, access: KIND_NAMES[b.kind]! },
    });
  }
}

/** `file:l:c: warning: data race …` with the other access's location. */
export function formatRace(file: string, r: RaceReport): string {
  const at = (s: RaceSite) => `${file}:${s.loc.line}:${s.loc.col}`;
  if (r.kind === "private") {
    const owner = r.first.thread < 0 ? "the host" : `thread ${r.first.thread} of team ${r.ownerTeam}`;
    return `${at(r.second)}: warning: private memory used by another thread: ${r.second.access} by thread ${r.second.thread} in @${r.second.func} ` +
      `to local memory of ${owner}, allocated in @${r.first.func} at ${at(r.first)} (kernel @${r.kernel}, team ${r.team}; local memory is private to its thread)`;
  }
  return `${at(r.second)}: warning: data race on ${r.space} memory: ${r.second.access} by thread ${r.second.thread} in @${r.second.func} ` +
    `conflicts with ${r.first.access} by thread ${r.first.thread} in @${r.first.func} at ${at(r.first)} ` +
    `(kernel @${r.kernel}, team ${r.team}, no barrier between them)`;
}
