// Verifier unit tests on modules built with the builder (rules that text cannot express,
// plus a well-formed module that must verify clean). The per-rule table over module text
// lives in bad-input-verify.test.ts.
import { describe, expect, test } from "@jest/globals";
import { packLoc } from "../src/ir/loc.js";
import { addBlock, addConst, addFunction, addValue, appendInst, createInst, newModule } from "../src/ir/ir.js";
import type { Function, Module } from "../src/ir/ir.js";
import type { BlockId, ValueId } from "../src/ir/types.js";
import { NO_VALUE } from "../src/ir/types.js";
import { parseModule } from "../src/ir/parse.js";
import { verifyFunction, verifyFunctions, verifyModule } from "../src/ir/verifier.js";

const at = (line: number, col = 3) => packLoc(line, col);
const messages = (m: Module) => verifyModule(m).map((d) => `${d.loc.line}:${d.loc.col}: ${d.message}`);

/** host @main() -> i32 { ^entry: ret 0 } plus a generic kernel @k(ptr) and device region @body(ptr). */
function base(): { m: Module; main: Function; k: Function; body: Function } {
  const m = newModule("t.oir");
  const body = addFunction(m, "body", "device", ["ptr"], "void", { paramNames: ["a"], loc: at(1, 1) });
  const be = addBlock(body, "entry", [], at(2, 1));
  const t = appendInst(body, be, { kind: "omp.query", query: "thread_num" }, "i32", at(3), "t");
  const p = appendInst(body, be, { kind: "gep", elemType: "i32", ptr: body.params[0]!, index: body.insts[t]!.result }, "ptr", at(4), "p");
  appendInst(body, be, { kind: "store", type: "i32", space: "global", value: body.insts[t]!.result, ptr: body.insts[p]!.result }, null, at(5));
  appendInst(body, be, { kind: "ret", value: NO_VALUE }, null, at(6));
  const k = addFunction(m, "k", "kernel", ["ptr"], "void", { mode: "generic", paramNames: ["a"], loc: at(10, 1) });
  const ke = addBlock(k, "entry", [], at(11, 1));
  appendInst(k, ke, { kind: "omp.parallel", region: body.id, args: [k.params[0]!], threads: NO_VALUE }, null, at(12));
  appendInst(k, ke, { kind: "ret", value: NO_VALUE }, null, at(13));
  const main = addFunction(m, "main", "host", [], "i32", { loc: at(20, 1) });
  const me = addBlock(main, "entry", [], at(21, 1));
  const a = appendInst(main, me, { kind: "alloca", elemType: "i32", count: addConst(main, "i32", 4n) }, "ptr", at(22), "a");
  const av = main.insts[a]!.result;
  appendInst(main, me, {
    kind: "omp.target", kernel: k.id, args: [av], teams: addConst(main, "i32", 1n), threads: addConst(main, "i32", 4n), device: NO_VALUE,
    maps: [{ kind: "tofrom", always: false, elemType: "i32", base: av, lo: addConst(main, "i32", 0n), len: addConst(main, "i32", 4n), loc: at(23, 40) }],
    nowait: false,
  }, null, at(23));
  appendInst(main, me, { kind: "ret", value: addConst(main, "i32", 0n) }, null, at(24));
  return { m, main, k, body };
}

describe("verifier on built modules", () => {
  test("a well-formed module verifies clean", () => {
    expect(messages(base().m)).toEqual([]);
  });

  test("an instruction placed in two blocks", () => {
    const { m, main } = base();
    const b2 = addBlock(main, "other", [], at(25, 1));
    const ret = main.blocks[main.layout[0]!]!.insts[2]!;
    main.blocks[b2]!.insts.push(ret);
    expect(messages(m)).toEqual(["24:3: instruction is placed twice (in ^entry and ^other)"]);
  });

  test("a value defined by two instructions", () => {
    const { m, main } = base();
    const e = main.layout[0]!;
    const first = main.insts[main.blocks[e]!.insts[0]!]!;
    const dup = createInst(main, { kind: "alloca", elemType: "i32", count: addConst(main, "i32", 1n) }, null, at(22, 20));
    main.insts[dup]!.result = first.result;
    main.blocks[e]!.insts.splice(1, 0, dup);
    expect(messages(m)).toEqual(["22:20: the result of this alloca is defined more than once"]);
  });

  test("an operand that is not a value of the function", () => {
    const { m, main } = base();
    const ret = main.insts[main.blocks[main.layout[0]!]!.insts[2]!]!;
    if (ret.kind === "ret") ret.value = 999 as ValueId;
    expect(messages(m)).toEqual(["24:3: use of undefined value 999"]);
  });

  test("a missing required operand (NO_VALUE)", () => {
    const { m, body } = base();
    const st = body.insts[body.blocks[body.layout[0]!]!.insts[2]!]!;
    if (st.kind === "store") st.value = NO_VALUE;
    expect(messages(m)).toEqual(["5:3: store is missing an operand"]);
  });

  test("use of a value whose instruction is not placed", () => {
    const { m, main } = base();
    const orphan = createInst(main, { kind: "alloca", elemType: "i32", count: addConst(main, "i32", 1n) }, "ptr", at(0, 0));
    const ret = main.insts[main.blocks[main.layout[0]!]!.insts[2]!]!;
    if (ret.kind === "ret") ret.value = main.insts[orphan]!.result;
    expect(messages(m)).toEqual(["24:3: use of %0, whose defining instruction is not in @main"]);
  });

  test("a block in the layout twice, and a nonexistent branch target", () => {
    const { m, main } = base();
    const e = main.layout[0]!;
    main.layout.push(e);
    expect(messages(m)).toEqual(["21:1: block ^entry appears twice in the layout"]);
    main.layout.pop();
    const insts = main.blocks[e]!.insts;
    insts[insts.length - 1] = createInst(main, { kind: "br", target: 42 as BlockId, args: [] }, null, at(24));
    expect(messages(m)).toEqual(["24:3: branch target 42 is not a block of @main"]);
  });

  test("a kernel without a mode, and a mode on a non-kernel", () => {
    const { m, k, main } = base();
    k.mode = null;
    main.mode = "spmd";
    expect(messages(m)).toEqual(["10:1: kernel @k needs a mode (generic or spmd)", "20:1: only kernels have a mode; @main is a host function"]);
  });

  test("a global with bad initializers", () => {
    const { m } = base();
    m.globals.push({ id: 0 as never, name: "g", space: "global", type: "i32", count: 2, init: [1n, 2.5, 3n], loc: at(30, 1) });
    expect(messages(m)).toEqual(["30:1: global @g has 3 initializers for 2 elements", "30:1: global @g has an initializer that is not a i32 constant"]);
  });

  test("duplicate names across globals and functions", () => {
    const { m } = base();
    m.globals.push({ id: 0 as never, name: "k", space: "global", type: "i32", count: 1, init: null, loc: at(31, 1) });
    expect(messages(m)).toEqual(["31:1: duplicate name @k (first defined at 10:1)"]);
  });

  test("a block parameter recorded for another block", () => {
    const { m, main } = base();
    const b = addBlock(main, "x", [], at(26, 1));
    main.blocks[b]!.params.push(addValue(main, "i32", { kind: "blockparam", block: 0 as BlockId, index: 0 }, "q"));
    appendInst(main, b, { kind: "unreachable" }, null, at(27));
    expect(messages(m)).toEqual(["26:1: parameter 1 of block ^x is defined more than once or not recorded as its parameter"]);
  });

  test("verifyFunction reports only that function's errors, module rules included", () => {
    const { m, main, k } = base();
    k.ret = "i32";
    const ret = main.insts[main.blocks[main.layout[0]!]!.insts[2]!]!;
    if (ret.kind === "ret") ret.value = NO_VALUE;
    expect(verifyFunction(m, main).map((d) => d.message)).toEqual(["@main returns i32, but ret has no value"]);
    expect(verifyFunction(m, k).map((d) => d.message)).toEqual(["kernel @k must return void, not i32", "@k returns i32, but ret has no value"]);
  });

  test("errors are sorted by location and every one is reported", () => {
    const { m, main, body } = base();
    const ret = main.insts[main.blocks[main.layout[0]!]!.insts[2]!]!;
    if (ret.kind === "ret") ret.value = NO_VALUE;
    const st = body.insts[body.blocks[body.layout[0]!]!.insts[2]!]!;
    if (st.kind === "store") st.space = "host";
    expect(messages(m)).toEqual([
      "5:3: device code cannot access host memory (store with space host in device function @body)",
      "24:3: @main returns i32, but ret has no value",
    ]);
  });

  test("an unreachable use is not a dominance error; a reachable one is", () => {
    const m = newModule("t.oir");
    const f = addFunction(m, "f", "host", ["i1"], "i32", { loc: at(1, 1) });
    const entry = addBlock(f, "entry", [], at(2, 1));
    const a = addBlock(f, "a", [], at(3, 1));
    const b = addBlock(f, "b", [], at(5, 1));
    const dead = addBlock(f, "dead", [], at(7, 1));
    appendInst(f, entry, { kind: "cond_br", cond: f.params[0]!, then: a, thenArgs: [], else: b, elseArgs: [] }, null, at(2, 3));
    const x = appendInst(f, a, { kind: "binary", op: "add", type: "i32", lhs: addConst(f, "i32", 1n), rhs: addConst(f, "i32", 2n) }, "i32", at(3, 3), "x");
    appendInst(f, a, { kind: "ret", value: f.insts[x]!.result }, null, at(4, 3));
    appendInst(f, b, { kind: "ret", value: f.insts[x]!.result }, null, at(6, 3));
    appendInst(f, dead, { kind: "ret", value: f.insts[x]!.result }, null, at(8, 3));
    expect(messages(m)).toEqual(["6:3: use of %x is not dominated by its definition at 3:3"]);
  });

  test("a deep function verifies without overflowing the stack", () => {
    const m = newModule("t.oir");
    const f = addFunction(m, "deep", "host", [], "void");
    const ids: BlockId[] = [];
    for (let i = 0; i < 50_000; i++) ids.push(addBlock(f, `b${i}`));
    for (let i = 0; i + 1 < ids.length; i++) appendInst(f, ids[i]!, { kind: "br", target: ids[i + 1]!, args: [] });
    appendInst(f, ids[ids.length - 1]!, { kind: "ret", value: NO_VALUE });
    expect(verifyModule(m)).toEqual([]);
  });
});

describe("verifyFunctions (the pass manager's check of what a pass changed)", () => {
  const SRC = `host @cb(%a: i32) {
^entry:
  call @helper(%a)
  ret
}
host @helper(%a: i32) {
^entry:
  omp.taskwait
  ret
}
device @d() {
^entry:
  ret
}
kernel @k(%a: i32) generic {
^entry:
  omp.reverse_offload @cb(%a)
  ret
}
requires reverse_offload
`;
  test("checks the named functions, the host code reverse offload reaches and the module rules", () => {
    const m = parseModule(SRC, "a.oir");
    const all = verifyModule(m).map((d) => d.message);
    expect(all).toHaveLength(1);
    // @helper's error depends on @k's body: found although only @d is named.
    expect(verifyFunctions(m, [m.functions[2]!]).map((d) => d.message)).toEqual(all);
    // A broken function is found when named, and not otherwise.
    const d = m.functions[2]!;
    d.blocks[d.layout[0]!]!.insts.pop();
    expect(verifyFunctions(m, [d]).length).toBe(2);
    expect(verifyFunctions(m, [])).toHaveLength(1);
    expect(verifyModule(m)).toHaveLength(2);
    // Module rules on request: a duplicate name.
    m.functions[2]!.name = "k";
    expect(verifyFunctions(m, []).map((x) => x.message)).toContain("duplicate name @k (first defined at 11:1)");
    expect(verifyFunctions(m, [], false).map((x) => x.message)).not.toContain("duplicate name @k (first defined at 11:1)");
    // Without `requires reverse_offload`, a reverse offload is an error of its own function.
    const plain = parseModule(SRC.replace("requires reverse_offload\n", ""), "b.oir");
    expect(verifyFunctions(plain, [plain.functions[3]!]).map((x) => x.message)).toContain("omp.reverse_offload needs 'requires reverse_offload' in the module");
  });
});
