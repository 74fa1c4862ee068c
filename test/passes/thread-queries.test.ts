// The thread-query analysis spmdize folds with: a fixpoint over
// calls, resolved and unresolved indirect calls, amenable functions not followed.

import { describe, expect, test } from "@jest/globals";
import type { Module } from "../../src/ir/ir.js";
import { findFunction } from "../../src/ir/ir.js";
import { parseModule } from "../../src/ir/parse.js";
import { computeThreadQueries } from "../../src/passes/thread-queries.js";

const SRC = `
device @a(%n: i32) -> i32 {
^entry:
  %r = call @b(%n)
  ret %r
}

device @b(%n: i32) -> i32 {
^entry:
  %z = icmp eq i32 %n, 0
  cond_br %z, ^q, ^rec
^q:
  %t = omp.thread_num
  ret %t
^rec:
  %m = sub i32 %n, 1
  %r = call @a(%m)
  ret %r
}

device @c() -> i32 {
^entry:
  %r = call @a(1)
  ret %r
}

device @lane() -> i32 assume("ompx_spmd_amenable") {
^entry:
  %t = omp.hw_thread_id
  ret %t
}

device @uses_lane() -> i32 {
^entry:
  %t = call @lane()
  ret %t
}

device @ignores_lane() {
^entry:
  call @lane()
  ret
}

device @who() -> i32 {
^entry:
  %t = omp.hw_thread_id
  ret %t
}

device @via() -> i32 {
^entry:
  %t = call_indirect @who() : () -> i32
  ret %t
}

device @apply(%fp: ptr) -> i32 {
^entry:
  %t = call_indirect %fp() : () -> i32
  ret %t
}

device @pure() -> i32 {
^entry:
  ret 1
}

kernel @k() generic {
^entry:
  %r = call @apply(@who)
  ret
}
`;

function facts(m: Module, name: string) {
  const q = computeThreadQueries(m);
  const f = findFunction(m, name)!.id;
  return { folds: q.folds(f), tid: q.readsThreadId(f), unfoldable: q.unfoldable(f) !== null };
}

describe("computeThreadQueries", () => {
  const m = parseModule(SRC, "t.oir");
  test("mutual recursion: both members and their callers fold, whichever is asked first", () => {
    expect(facts(m, "a")).toEqual({ folds: true, tid: false, unfoldable: false });
    expect(facts(m, "b")).toEqual({ folds: true, tid: false, unfoldable: false });
    expect(facts(m, "c")).toEqual({ folds: true, tid: false, unfoldable: false });
  });
  test("an amenable function never folds; callers do not fold through it", () => {
    expect(facts(m, "lane")).toEqual({ folds: false, tid: true, unfoldable: false });
    expect(facts(m, "ignores_lane")).toEqual({ folds: false, tid: true, unfoldable: false });
  });
  test("using an amenable result that reads hw_thread_id is unfoldable", () => {
    expect(facts(m, "uses_lane")).toEqual({ folds: false, tid: true, unfoldable: true });
  });
  test("call_indirect through a function address folds; through a pointer it is unfoldable", () => {
    expect(facts(m, "via")).toEqual({ folds: true, tid: true, unfoldable: false });
    expect(facts(m, "apply")).toEqual({ folds: true, tid: true, unfoldable: true });
    expect(facts(m, "pure")).toEqual({ folds: false, tid: false, unfoldable: false });
  });
});
