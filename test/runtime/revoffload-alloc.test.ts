// The reverse-offload request path allocates nothing per request beyond what the simulated
// state needs: requests, warp groups, groups of waiting workers and timeline places are
// recycled (revoffload/request.ts `made` counts the ones ever made), so a launch whose
// threads make twice the requests makes no more of them. Requests alive at once are bounded
// by the mailbox slots and the pool, warp groups by the warps (each blocked warp has one).

import { describe, expect, test } from "@jest/globals";
import type { WarpGroup } from "../../src/runtime/revoffload/request.js";
import { RequestPool, made } from "../../src/runtime/revoffload/request.js";
import { run } from "./util.js";

/** bench/revoffload.js's table (d) launch, every thread making `calls` requests in turn. */
function program(teams: number, threads: number, calls: number): string {
  return `declare host @work(i32) cost(10)
kernel @k(%a: ptr) spmd {
^entry:
  %t = omp.hw_thread_id
  %nt = omp.hw_num_threads
  %tm = omp.team_num
  %row = mul i32 %tm, %nt
  %i = add i32 %row, %t
${"  omp.reverse_offload @work(%i)\n".repeat(calls)}  ret
}
host @main() -> i32 {
^entry:
  %a = alloca i32, 1
  omp.target @k(%a) teams(${teams}) threads(${threads}) map(to: i32 %a[0:1])
  ret 0
}

requires reverse_offload
`;
}

/** Objects made by one run of 8 teams x 256 threads x `calls` requests through `slots`
 *  mailbox slots and `threads` workers. */
function madeBy(calls: number, slots: number, threads: number): typeof made {
  const before = { ...made };
  const r = run(program(8, 256, calls), { mailboxSlots: slots, revOffloadThreads: threads });
  expect(r.fault).toBeNull();
  expect(r.stats.totals.revOffload?.requests).toBe(8 * 256 * calls);
  return { requests: made.requests - before.requests, groups: made.groups - before.groups, places: made.places - before.places };
}

describe("reverse offload: allocation per request", () => {
  test.each([
    [64, 8],
    [16, 2],
    [1024, 8],
  ])("with %i slots and %i workers, three times the requests make no more objects", (slots, threads) => {
    const small = madeBy(1, slots, threads); // 2,048 requests
    const large = madeBy(3, slots, threads); // 6,144 requests
    expect(large).toEqual(small);
    // A request lives from its slot to its completion: at most the slots, the host queue
    // (bounded here by the pool's pace) and the workers' requests; far fewer than made.
    expect(small.requests).toBeLessThanOrEqual(2 * slots + threads);
    expect(small.requests).toBeLessThan(2048);
    // One group per blocked warp at most (8 teams of 8 warps). (The pool's groups of waiting
    // workers, counted here until the fifteenth session, no longer exist: a worker owns the
    // one place it takes.)
    expect(small.groups).toBeLessThanOrEqual(8 * 8);
  });
});

describe("reverse offload: requests are made when the host side needs them", () => {
  test("a declared request served where the pool only rotates is never made (bench (d)'s launch, default pool)", () => {
    const d = madeBy(1, 1024, 8);
    // The poller's pipeline serves nearly all 2,048 in closed form; the few made are the
    // ones its general step queues (the first of a burst, a worker not back yet).
    expect(d.requests).toBeLessThan(32);
  });

  test("warp groups alive at once are capped (lane refs stay int32): full() once maxGroups are alive, not after one is freed", () => {
    const pool = new RequestPool({ send(): void {} }, false, 2);
    // The group's fields a warp would fill; none is read here.
    const warp = { kernel: {} } as unknown as Parameters<RequestPool["group"]>[0];
    const site = { inst: { maps: [] } } as unknown as Parameters<RequestPool["group"]>[1];
    const make = (): WarpGroup => pool.group(warp, site, site as never, { attrs: { cost: 1 } } as never, null, false, 0, 0, 0);
    expect(pool.full()).toBe(false);
    const a = make();
    expect(pool.full()).toBe(false);
    make();
    expect(pool.full()).toBe(true);
    pool.free(a);
    expect(pool.full()).toBe(false);
    expect(make()).toBe(a); // recycled, not a third
    expect(pool.full()).toBe(true);
    expect(pool.groupAt.map((g) => g.index)).toEqual([0, 1]);
  });
});
