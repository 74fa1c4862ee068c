// Unit tests for computeCfg on hand-made CFGs.
import { describe, expect, test } from "@jest/globals";
import { addBlock, addFunction, appendInst, newModule, removeBlock } from "../src/ir/ir.js";
import type { Function } from "../src/ir/ir.js";
import type { BlockId } from "../src/ir/types.js";
import { NO_VALUE } from "../src/ir/types.js";
import { computeCfg } from "../src/ir/cfg.js";

/** Builds a function from `name: succ succ` lines (first line = entry); 0 succs → ret,
 *  1 → br, 2 → cond_br on the i1 parameter. Returns the function and name→id. */
function cfgFunction(spec: string): { f: Function; b: Record<string, BlockId>; name: (id: number) => string } {
  const m = newModule();
  const f = addFunction(m, "f", "device", ["i1"], "void");
  const lines = spec.trim().split("\n").map((l) => l.trim()).filter((l) => l !== "");
  const b: Record<string, BlockId> = {};
  for (const l of lines) {
    const n = l.split(":")[0]!.trim();
    b[n] = addBlock(f, n);
  }
  for (const l of lines) {
    const [n, rest] = l.split(":") as [string, string];
    const ss = rest.trim().split(/\s+/).filter((s) => s !== "").map((s) => b[s]!);
    const blk = b[n.trim()]!;
    if (ss.length === 0) appendInst(f, blk, { kind: "ret", value: NO_VALUE });
    else if (ss.length === 1) appendInst(f, blk, { kind: "br", target: ss[0]!, args: [] });
    else appendInst(f, blk, { kind: "cond_br", cond: f.params[0]!, then: ss[0]!, thenArgs: [], else: ss[1]!, elseArgs: [] });
  }
  return { f, b, name: (id) => f.blocks[id]!.name! };
}

describe("computeCfg", () => {
  test("diamond: succs in terminator order, preds deduped in layout order, rpo", () => {
    const { f, b, name } = cfgFunction(`
      entry: then else
      then: join
      else: join
      join:`);
    const cfg = computeCfg(f);
    expect(cfg.succs[b.entry!]!.map(name)).toEqual(["then", "else"]);
    expect(cfg.preds[b.join!]!.map(name)).toEqual(["then", "else"]);
    expect(cfg.preds[b.entry!]).toEqual([]);
    expect(cfg.rpo.map(name)).toEqual(["entry", "else", "then", "join"]);
    expect(Array.from(cfg.rpoIndex)).toEqual([0, 2, 1, 3]);
  });

  test("cond_br with both edges to one block: two succs, one pred", () => {
    const { f, b, name } = cfgFunction(`
      entry: x x
      x:`);
    const cfg = computeCfg(f);
    expect(cfg.succs[b.entry!]!.map(name)).toEqual(["x", "x"]);
    expect(cfg.preds[b.x!]!.map(name)).toEqual(["entry"]);
  });

  test("loop: back edge appears in preds of the header; rpo puts the header first", () => {
    const { f, b, name } = cfgFunction(`
      entry: head
      head: body exit
      body: head
      exit:`);
    const cfg = computeCfg(f);
    expect(cfg.preds[b.head!]!.map(name)).toEqual(["entry", "body"]);
    expect(cfg.rpo.map(name)).toEqual(["entry", "head", "exit", "body"]);
  });

  test("unreachable blocks: no rpo index, but their edges are recorded", () => {
    const { f, b, name } = cfgFunction(`
      entry: exit
      dead: exit
      exit:`);
    const cfg = computeCfg(f);
    expect(cfg.rpo.map(name)).toEqual(["entry", "exit"]);
    expect(cfg.rpoIndex[b.dead!]).toBe(-1);
    expect(cfg.preds[b.exit!]!.map(name)).toEqual(["entry", "dead"]);
  });

  test("removed blocks are out of the graph", () => {
    const { f, b, name } = cfgFunction(`
      entry: exit
      dead: exit
      exit:`);
    removeBlock(f, b.dead!);
    const cfg = computeCfg(f);
    expect(cfg.preds[b.exit!]!.map(name)).toEqual(["entry"]);
    expect(cfg.succs[b.dead!]).toEqual([]);
  });

  test("a declaration has an empty cfg", () => {
    const m = newModule();
    const f = addFunction(m, "d", "host", [], "void");
    const cfg = computeCfg(f);
    expect(cfg.rpo).toEqual([]);
  });

  test("a deep chain does not overflow the stack", () => {
    const m = newModule();
    const f = addFunction(m, "deep", "device", [], "void");
    const ids: BlockId[] = [];
    for (let i = 0; i < 100_000; i++) ids.push(addBlock(f, `b${i}`));
    for (let i = 0; i + 1 < ids.length; i++) appendInst(f, ids[i]!, { kind: "br", target: ids[i + 1]!, args: [] });
    appendInst(f, ids[ids.length - 1]!, { kind: "ret", value: NO_VALUE });
    const cfg = computeCfg(f);
    expect(cfg.rpo.length).toBe(100_000);
    expect(cfg.rpo[99_999]).toBe(ids[99_999]);
  });
});
