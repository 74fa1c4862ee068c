import { describe, expect, test } from "@jest/globals";
import { computeCfg } from "../../src/ir/cfg.js";
import { computeDominators } from "../../src/ir/dominators.js";
import { computeLoops } from "../../src/passes/loops.js";
import { cfgFunction } from "./helpers.js";

function loopsOf(edges: Record<string, string[]>) {
  const { f, b } = cfgFunction(edges);
  const cfg = computeCfg(f);
  const info = computeLoops(f, cfg, computeDominators(f, cfg));
  const name = (x: number) => f.blocks[x]!.name;
  return {
    info,
    b,
    loops: info.loops.map((l) => ({
      header: name(l.header), blocks: l.blocks.map(name), latches: l.latches.map(name), exits: l.exits.map(name), depth: l.depth,
      parent: l.parent < 0 ? null : name(info.loops[l.parent]!.header),
    })),
  };
}

describe("natural loops", () => {
  test("straight-line code has none", () => {
    const r = loopsOf({ entry: ["a"], a: ["exit"], exit: [] });
    expect(r.loops).toEqual([]);
    expect(r.info.irreducible).toBe(false);
    expect(r.info.depth(r.b.a!)).toBe(0);
  });

  test("a simple loop with one latch and one exit", () => {
    const r = loopsOf({ entry: ["head"], head: ["body", "exit"], body: ["head"], exit: [] });
    expect(r.loops).toEqual([{ header: "head", blocks: ["head", "body"], latches: ["body"], exits: ["exit"], depth: 1, parent: null }]);
    expect(r.info.loopOf(r.b.body!)).toBe(0);
    expect(r.info.loopOf(r.b.exit!)).toBe(-1);
  });

  test("nested loops get depth and parent; back edges to one header merge", () => {
    const r = loopsOf({
      entry: ["outer"], outer: ["inner", "exit"], inner: ["ibody", "olatch"], ibody: ["inner", "inner2"], inner2: ["inner"],
      olatch: ["outer"], exit: [],
    });
    expect(r.loops).toEqual([
      { header: "outer", blocks: ["outer", "inner", "olatch", "ibody", "inner2"], latches: ["olatch"], exits: ["exit"], depth: 1, parent: null },
      { header: "inner", blocks: ["inner", "ibody", "inner2"], latches: ["ibody", "inner2"], exits: ["olatch"], depth: 2, parent: "outer" },
    ]);
    expect(r.info.depth(r.b.inner2!)).toBe(2);
    expect(r.info.depth(r.b.olatch!)).toBe(1);
  });

  test("a self loop", () => {
    const r = loopsOf({ entry: ["s"], s: ["s", "exit"], exit: [] });
    expect(r.loops).toEqual([{ header: "s", blocks: ["s"], latches: ["s"], exits: ["exit"], depth: 1, parent: null }]);
  });

  test("irreducible control flow is flagged and has no natural loop", () => {
    // entry branches into the middle of the a <-> b cycle: two entries, no dominating header.
    const r = loopsOf({ entry: ["a", "b"], a: ["b"], b: ["a", "exit"], exit: [] });
    expect(r.info.irreducible).toBe(true);
    expect(r.loops).toEqual([]);
  });

  test("a natural loop inside an irreducible region is still found", () => {
    const r = loopsOf({ entry: ["a", "b"], a: ["b"], b: ["l", "exit"], l: ["l2"], l2: ["l", "a"], exit: [] });
    expect(r.info.irreducible).toBe(true);
    expect(r.loops.map((l) => l.header)).toEqual(["l"]);
  });
});
