// The IR editing API (src/ir/edit.ts) and the naming service (src/ir/names.ts): each edit on a
// small parsed function, checked by the printed result and the verifier.

import { describe, expect, test } from "@jest/globals";
import {
  addBlockParam, addEdgeArgs, adoptBlockParam, appendBlock, cloneFunction, cloneInst, cloneRegion, createBlock, detachBlockParams,
  incomingEdges, insertBlockAfter, insertBlockBefore, isPlaced, moveInsts, placeBeforeTerminator, placeInst, prependBlock,
  redirectAllEdges, redirectEdge, redirectEdges, removeBlockParam, removeBlockParams, removeInst, removeInstAt, replaceInst,
  replaceUses, retainBlocks, retainInsts, splitBlock, splitBlockWithBranch,
} from "../../src/ir/edit.js";
import type { Function, Module } from "../../src/ir/ir.js";
import { addConst, appendInst, createInst, findFunction, replaceAllUses, terminatorOf } from "../../src/ir/ir.js";
import { firstFree, freshSymbol, functionNames } from "../../src/ir/names.js";
import { parseModule } from "../../src/ir/parse.js";
import { printFunction, printModule } from "../../src/ir/printer.js";
import type { BlockId, ValueId } from "../../src/ir/types.js";
import { verifyModule } from "../../src/ir/verifier.js";

function load(text: string): { m: Module; f: Function } {
  const m = parseModule(text);
  return { m, f: m.functions[m.functions.length - 1]! };
}

function block(f: Function, name: string): BlockId {
  const b = f.blocks.findIndex((x) => x.name === name);
  if (b < 0) throw new Error(`no block ${name}`);
  return b as BlockId;
}

function value(f: Function, name: string): ValueId {
  const v = f.values.findIndex((x) => x.name === name);
  if (v < 0) throw new Error(`no value ${name}`);
  return v as ValueId;
}

function body(m: Module, f: Function): string[] {
  return printFunction(m, f).trim().split("\n").slice(1, -1).map((l) => l.trim());
}

function expectValid(m: Module): void {
  expect(verifyModule(m).map((d) => d.message)).toEqual([]);
}

const DIAMOND = `
host @f(%c: i1, %x: i32) -> i32 {
^entry:
  %a = add i32 %x, 1
  %b = mul i32 %a, 2
  cond_br %c, ^l, ^r
^l:
  br ^join(%a)
^r:
  br ^join(%b)
^join(%p: i32):
  ret %p
}
`;

describe("blocks and layout", () => {
  test("createBlock does not place; append, prepend, insert before/after place or move", () => {
    const { f } = load(DIAMOND);
    const n = createBlock(f, "n", ["i32"]);
    expect(isPlaced(f, n)).toBe(false);
    expect(f.blocks[n]!.params.length).toBe(1);
    expect(f.values[f.blocks[n]!.params[0]!]!.def).toEqual({ kind: "blockparam", block: n, index: 0 });
    appendBlock(f, n);
    expect(f.layout.at(-1)).toBe(n);
    insertBlockBefore(f, n, block(f, "l"));
    expect(f.layout).toEqual([block(f, "entry"), n, block(f, "l"), block(f, "r"), block(f, "join")]);
    insertBlockAfter(f, [block(f, "entry"), n], block(f, "join"));
    expect(f.layout).toEqual([block(f, "l"), block(f, "r"), block(f, "join"), block(f, "entry"), n]);
    prependBlock(f, block(f, "entry"));
    expect(f.layout[0]).toBe(block(f, "entry"));
    expect(() => insertBlockAfter(f, n, createBlock(f, null))).toThrow(/not in the layout/);
  });

  test("retainBlocks takes blocks out of the layout and empties them", () => {
    const { f } = load(DIAMOND);
    const r = block(f, "r");
    expect(retainBlocks(f, (b) => b !== r)).toBe(1);
    expect(f.layout.includes(r)).toBe(false);
    expect(f.blocks[r]!.insts).toEqual([]);
  });

  test("splitBlock in the middle leaves the head unterminated; splitBlockWithBranch ends it with br", () => {
    const { m, f } = load(DIAMOND);
    const entry = block(f, "entry");
    const tail = splitBlock(f, entry, 1, "tail");
    expect(f.layout.indexOf(tail)).toBe(f.layout.indexOf(entry) + 1);
    expect(f.blocks[entry]!.insts.length).toBe(1);
    expect(f.blocks[tail]!.insts.length).toBe(2);
    expect(verifyModule(m).length).toBeGreaterThan(0); // the head has no terminator yet
    appendInst(f, entry, { kind: "br", target: tail, args: [] }, null, f.loc);
    expectValid(m);
    // Edges out of the moved terminator now leave from the new block.
    expect(incomingEdges(f, block(f, "l")).map((e) => e.from)).toEqual([tail]);
  });

  test("split at the terminator: the new block holds only the terminator", () => {
    const { m, f } = load(DIAMOND);
    const entry = block(f, "entry");
    const nb = splitBlockWithBranch(f, entry, 2);
    expect(f.blocks[nb]!.insts.map((id) => f.insts[id]!.kind)).toEqual(["cond_br"]);
    expect(terminatorOf(f, entry)).toMatchObject({ kind: "br", target: nb });
    expectValid(m);
    expect(body(m, f).slice(0, 5)).toEqual(["^entry:", "%a = add i32 %x, 1", "%b = mul i32 %a, 2", "br ^bb0", "^bb0:"]);
  });

  test("split at 0 moves every instruction; past the end is an error", () => {
    const { m, f } = load(DIAMOND);
    const nb = splitBlockWithBranch(f, block(f, "l"), 0);
    expect(f.blocks[block(f, "l")]!.insts.length).toBe(1);
    expect(f.blocks[nb]!.insts.length).toBe(1);
    expectValid(m);
    expect(() => splitBlock(f, block(f, "r"), 1)).toThrow(/splitBlock at 1/);
  });
});

describe("instructions", () => {
  test("placeInst, placeBeforeTerminator, removeInst, removeInstAt, retainInsts, replaceInst", () => {
    const { m, f } = load(DIAMOND);
    const entry = block(f, "entry");
    const a = value(f, "a");
    const sub = createInst(f, { kind: "binary", op: "sub", type: "i32", lhs: a, rhs: a }, "i32", f.loc, "s");
    placeBeforeTerminator(f, entry, sub);
    const first = createInst(f, { kind: "binary", op: "add", type: "i32", lhs: value(f, "x"), rhs: value(f, "x") }, "i32", f.loc, "z");
    placeInst(f, entry, first, 0);
    expect(body(m, f).slice(1, 5)).toEqual(["%z = add i32 %x, %x", "%a = add i32 %x, 1", "%b = mul i32 %a, 2", "%s = sub i32 %a, %a"]);
    expect(removeInst(f, entry, first)).toBe(0);
    expect(removeInstAt(f, entry, 2)).toBe(sub);
    expect(() => removeInst(f, entry, sub)).toThrow(/not in block/);
    expectValid(m);
    const l = block(f, "l");
    replaceInst(f, f.blocks[l]!.insts[0]!, { kind: "br", target: block(f, "join"), args: [value(f, "b")] });
    expect(body(m, f)).toContain("br ^join(%b)");
    expectValid(m);
    const mul = f.blocks[entry]!.insts[1]!;
    replaceAllUses(f, value(f, "b"), value(f, "a"));
    expect(retainInsts(f, entry, (id) => id !== mul)).toBe(1);
    expectValid(m);
  });

  test("moveInsts merges a block's instructions into another", () => {
    const { m, f } = load(DIAMOND);
    const l = block(f, "l");
    const r = block(f, "r");
    const entry = block(f, "entry");
    // entry: … br ^l; l: br ^join(%a)  →  entry holds both.
    replaceInst(f, f.blocks[entry]!.insts[2]!, { kind: "br", target: l, args: [] });
    removeInstAt(f, entry, 2);
    moveInsts(f, l, entry);
    retainBlocks(f, (b) => b !== l && b !== r);
    expect(f.blocks[l]!.insts).toEqual([]);
    expectValid(m);
    expect(body(m, f)).toEqual(["^entry:", "%a = add i32 %x, 1", "%b = mul i32 %a, 2", "br ^join(%a)", "^join(%p: i32):", "ret %p"]);
  });

  test("cloneInst does not share operand arrays or map clauses", () => {
    const { f } = load(DIAMOND);
    const br = f.insts[f.blocks[block(f, "l")]!.insts[0]!]!;
    const copy = cloneInst(br);
    if (copy.kind !== "br" || br.kind !== "br") throw new Error("kind");
    copy.args.push(value(f, "b"));
    expect(br.args.length).toBe(1);
  });
});

describe("block parameters and edges", () => {
  test("addBlockParam with arguments on every edge", () => {
    const { m, f } = load(DIAMOND);
    const join = block(f, "join");
    const q = addBlockParam(f, join, "i32", "q", (e) => (e.from === block(f, "l") ? value(f, "x") : value(f, "b")));
    expect(f.values[q]!.def).toEqual({ kind: "blockparam", block: join, index: 1 });
    expectValid(m);
    expect(body(m, f)).toEqual(expect.arrayContaining(["br ^join(%a, %x)", "br ^join(%b, %b)", "^join(%p: i32, %q: i32):"]));
  });

  test("removing a block parameter with several predecessors edits every edge, both arms of a cond_br too", () => {
    const { m, f } = load(`
host @f(%c: i1, %x: i32) -> i32 {
^entry:
  cond_br %c, ^j(1, %x), ^j(2, %x)
^j(%u: i32, %v: i32):
  %d = icmp eq i32 %u, 2
  cond_br %d, ^k, ^j(3, %v)
^k:
  ret %v
}
`);
    const j = block(f, "j");
    expect(incomingEdges(f, j).map((e) => [e.from, e.index])).toEqual([[block(f, "entry"), 0], [block(f, "entry"), 1], [j, 1]]);
    // %u is still used: make it a constant first, as a pass would.
    replaceAllUses(f, value(f, "u"), addConst(f, "i32", 2n));
    removeBlockParam(f, j, 0);
    expect(f.values[value(f, "v")]!.def).toEqual({ kind: "blockparam", block: j, index: 0 });
    expectValid(m);
    expect(body(m, f)).toEqual(expect.arrayContaining(["cond_br %c, ^j(%x), ^j(%x)", "^j(%v: i32):", "cond_br %d, ^k, ^j(%v)"]));
    expect(removeBlockParams(f, j, () => true)).toBe(0);
  });

  test("adoptBlockParam and detachBlockParams", () => {
    const { m, f } = load(DIAMOND);
    const join = block(f, "join");
    const p = detachBlockParams(f, join);
    expect(f.blocks[join]!.params).toEqual([]);
    adoptBlockParam(f, join, p[0]!);
    expect(f.blocks[join]!.params).toEqual(p);
    expectValid(m);
  });

  test("redirectEdge changes one arm of a cond_br whose arms go to the same block", () => {
    const { m, f } = load(`
host @f(%c: i1) {
^entry:
  cond_br %c, ^a, ^a
^a:
  ret
^b:
  ret
}
`);
    const entry = block(f, "entry");
    redirectEdge(f, entry, 1, block(f, "b"));
    expect(terminatorOf(f, entry)).toMatchObject({ then: block(f, "a"), else: block(f, "b") });
    redirectEdge(f, entry, 1, block(f, "a"));
    redirectEdges(f, entry, block(f, "a"), block(f, "b"));
    expect(terminatorOf(f, entry)).toMatchObject({ then: block(f, "b"), else: block(f, "b") });
    expectValid(m);
    expect(() => redirectEdge(f, entry, 2, block(f, "a"))).toThrow(/no edge 2/);
  });

  test("redirectEdge with new arguments; redirectAllEdges with a filter", () => {
    const { m, f } = load(DIAMOND);
    const join = block(f, "join");
    const n = createBlock(f, "n", ["i32"]);
    insertBlockBefore(f, n, join);
    appendInst(f, n, { kind: "br", target: join, args: [f.blocks[n]!.params[0]!] }, null, f.loc);
    redirectAllEdges(f, join, n, (b) => b !== n && b !== block(f, "r"));
    redirectEdge(f, block(f, "r"), 0, n, [value(f, "x")]);
    expect(incomingEdges(f, join).map((e) => e.from)).toEqual([n]);
    expectValid(m);
    expect(body(m, f)).toEqual(expect.arrayContaining(["br ^n(%a)", "br ^n(%x)"]));
  });

  test("replaceUses in some blocks only", () => {
    const { m, f } = load(DIAMOND);
    replaceUses(f, (v) => (v === value(f, "a") ? value(f, "x") : v), (b) => b === block(f, "l"));
    expect(body(m, f)).toEqual(expect.arrayContaining(["br ^join(%x)", "%b = mul i32 %a, 2"]));
    expectValid(m);
  });
});

describe("cloning", () => {
  test("cloneFunction: a deep copy under a fresh symbol", () => {
    const { m, f } = load(DIAMOND);
    const c = cloneFunction(m, f.id, "f");
    expect(c.name).toBe("f.1");
    expect(c.id).toBe(1);
    expect(m.functions[1]).toBe(c);
    expect(cloneFunction(m, f.id, "f").name).toBe("f.2");
    c.blocks[0]!.insts.pop();
    expect(f.blocks[0]!.insts.length).toBe(3);
    expect(findFunction(m, "f.2")).toBeDefined();
  });

  test("cloneRegion within a function: edges to outside blocks and outside values stay", () => {
    const { m, f } = load(DIAMOND);
    const l = block(f, "l");
    const copy = cloneRegion(f, [l]);
    const nl = copy.blocks.get(l)!;
    expect(isPlaced(f, nl)).toBe(false);
    expect(f.blocks[nl]!.name).toBe("l.1");
    insertBlockAfter(f, nl, l);
    redirectEdge(f, block(f, "entry"), 0, nl);
    expectValid(m);
    expect(body(m, f)).toEqual(expect.arrayContaining(["cond_br %c, ^l.1, ^r", "^l.1:", "br ^join(%a)"]));
  });

  test("cloneRegion of a loop: values and edges inside the region map to the copies", () => {
    const { m, f } = load(`
host @f(%n: i32) -> i32 {
^entry:
  br ^head(0)
^head(%i: i32):
  %more = icmp slt i32 %i, %n
  cond_br %more, ^body, ^exit
^body:
  %next = add i32 %i, 1
  br ^head(%next)
^exit:
  ret %i
}
`);
    const head = block(f, "head");
    const bodyB = block(f, "body");
    const copy = cloneRegion(f, [head, bodyB]);
    insertBlockAfter(f, [copy.blocks.get(head)!, copy.blocks.get(bodyB)!], bodyB);
    expect(copy.values.get(value(f, "i"))).toBe(f.blocks[copy.blocks.get(head)!]!.params[0]);
    expect(copy.insts.length).toBe(4);
    // The copy's back edge goes to the copied head; its exit edge to the original ^exit.
    expect(terminatorOf(f, copy.blocks.get(bodyB)!)).toMatchObject({ kind: "br", target: copy.blocks.get(head)! });
    expect(terminatorOf(f, copy.blocks.get(head)!)).toMatchObject({ kind: "cond_br", then: copy.blocks.get(bodyB)!, else: block(f, "exit") });
    // Unreachable so far (nothing enters it), and valid once entered with an argument.
    redirectEdge(f, block(f, "entry"), 0, copy.blocks.get(head)!);
    expect(body(m, f)).toEqual(expect.arrayContaining(["^head.1(%i.1: i32):", "%next.1 = add i32 %i.1, 1", "br ^head.1(%next.1)"]));
    // ^exit still uses the original %i, which the copy bypasses: the caller must rewrite it.
    expect(verifyModule(m).map((d) => d.message)).toEqual(["use of %i is not dominated by its definition (a parameter of ^head)"]);
    replaceUses(f, (v) => (v === value(f, "i") ? copy.values.get(v)! : v), (b) => b === block(f, "exit"));
    expectValid(m);
  });

  test("cloneRegion across functions: seeded parameters, copied constants, outside edges refused", () => {
    const m = parseModule(`
host @g(%x: i32) -> i32 {
^entry:
  %y = add i32 %x, 7
  ret %y
}

host @f(%a: i32) -> i32 {
^start:
  ret %a
}
`);
    const g = findFunction(m, "g")!;
    const f = findFunction(m, "f")!;
    const copy = cloneRegion(f, g.layout, { src: g, values: new Map([[g.params[0]!, f.params[0]!]]), blockName: (n) => `g.${n}` });
    const nb = copy.blocks.get(g.layout[0]!)!;
    appendBlock(f, nb);
    replaceInst(f, f.blocks[f.layout[0]!]!.insts[0]!, { kind: "br", target: nb, args: [] });
    expectValid(m);
    expect(body(m, f)).toEqual(["^start:", "br ^g.entry", "^g.entry:", "%y = add i32 %a, 7", "ret %y"]);

    const h = parseModule(`
host @h(%c: i1) {
^entry:
  cond_br %c, ^a, ^b
^a:
  br ^b
^b:
  ret
}
`).functions[0]!;
    expect(() => cloneRegion(f, [h.layout[1]!], { src: h })).toThrow(/leaves the region/);
    expect(() => cloneRegion(f, [h.layout[0]!], { src: h })).toThrow(/not mapped/);
  });
});

describe("names", () => {
  test("firstFree: base, then base.1, base.2 …; reserved at once", () => {
    const taken = new Set(["x", "x.1", "x.3"]);
    expect(firstFree(taken, "x")).toBe("x.2");
    expect(firstFree(taken, "x")).toBe("x.4");
    expect(firstFree(taken, "y")).toBe("y");
    expect(taken.has("y")).toBe(true);
  });

  test("functionNames: values and blocks apart, dead entities' names reserved", () => {
    const { m, f } = load(DIAMOND);
    retainBlocks(f, (b) => b !== block(f, "r"));
    const names = functionNames(f);
    expect(names.value("a")).toBe("a.1");
    expect(names.value("a")).toBe("a.2");
    expect(names.value("l")).toBe("l");
    expect(names.block("l")).toBe("l.1");
    expect(names.block("r")).toBe("r.1");
    expect(names.block(null)).toBeNull();
    expect(freshSymbol(m, "f")).toBe("f.1");
  });

  test("a printed module with edits parses back", () => {
    const { m, f } = load(DIAMOND);
    splitBlockWithBranch(f, block(f, "entry"), 1);
    const text = printModule(m);
    expect(printModule(parseModule(text))).toBe(text);
  });
});

describe("edge arguments", () => {
  test("addEdgeArgs appends to one edge; a missing edge is an error", () => {
    const { m, f } = load(DIAMOND);
    const join = block(f, "join");
    addBlockParam(f, join, "i32", "q");
    addEdgeArgs(f, block(f, "l"), 0, [value(f, "x")]);
    expect(verifyModule(m).length).toBeGreaterThan(0); // ^r's edge still lacks its argument
    addEdgeArgs(f, block(f, "r"), 0, [value(f, "a")]);
    expectValid(m);
    expect(() => addEdgeArgs(f, block(f, "r"), 1, [])).toThrow(/no edge 1/);
  });
});
