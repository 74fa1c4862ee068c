// Printer tests: naming of unnamed and duplicate values/blocks in modules built by code,
// constant formatting, and the single-instruction / namer entry points.

import { describe, expect, test } from "@jest/globals";
import {
  addBlock, addConst, addFunction, addGlobal, addValue, appendInst, cloneModule, emptyAttrs, newModule,
} from "../src/ir/ir.js";
import type { Module } from "../src/ir/ir.js";
import { parseModule } from "../src/ir/parse.js";
import { constText, floatText, printFunction, printInst, printModule, valueNamer } from "../src/ir/printer.js";
import { NO_VALUE } from "../src/ir/types.js";

/** A function as a pass might leave it: unnamed values and blocks, duplicate names (from
 *  inlining clones), and source names that look like the printer's own numbers. */
function builtModule(): Module {
  const m = newModule();
  const g = addGlobal(m, "buf", "global", "f32", 8, [1.5, 0, 0, 0, 0, 0, 0, 0]);
  const callee = addFunction(m, "helper", "device", ["i32"], "i32", { attrs: { ...emptyAttrs(), readnone: true } });
  const f = addFunction(m, "f", "device", ["i32", "i32", "ptr"], "i32", { paramNames: ["x", null, "x"] });
  const entry = addBlock(f, null);
  const loop = addBlock(f, "loop", ["i32", "i32"], undefined, ["1", null]);
  const exit = addBlock(f, "bb0");
  const dup = addBlock(f, "loop");
  const [x, p1, x2] = f.params as [never, never, never];
  const a = appendInst(f, entry, { kind: "binary", op: "add", type: "i32", lhs: x, rhs: addConst(f, "i32", -7n) }, "i32", undefined, "x");
  const c = appendInst(f, entry, { kind: "call", callee: callee.id, args: [f.insts[a]!.result] }, "i32");
  const gp = addValue(f, "ptr", { kind: "global", global: g });
  appendInst(f, entry, { kind: "store", type: "f32", space: "global", value: addConst(f, "f32", 0.25), ptr: gp });
  appendInst(f, entry, { kind: "br", target: loop, args: [f.insts[c]!.result, p1] });
  const [i, acc] = f.blocks[loop]!.params as [never, never];
  const s = appendInst(f, loop, { kind: "binary", op: "add", type: "i32", lhs: i, rhs: acc }, "i32");
  const t = appendInst(f, loop, { kind: "omp.query", query: "thread_num" }, "i32", undefined, "x");
  const cmp = appendInst(f, loop, { kind: "icmp", pred: "eq", type: "i32", lhs: f.insts[s]!.result, rhs: f.insts[t]!.result }, "i1");
  appendInst(f, loop, { kind: "cond_br", cond: f.insts[cmp]!.result, then: exit, thenArgs: [], else: dup, elseArgs: [] });
  appendInst(f, exit, { kind: "ret", value: f.insts[s]!.result });
  const ld = appendInst(f, dup, { kind: "load", type: "i32", space: "global", ptr: x2 }, "i32", undefined, "x.1");
  appendInst(f, dup, { kind: "br", target: loop, args: [f.insts[ld]!.result, addConst(f, "i32", 1n)] });
  return m;
}

const BUILT_TEXT = `global @buf : global f32 x 8 = [1.5]

declare device @helper(i32) -> i32 readnone

device @f(%x: i32, %0: i32, %x.2: ptr) -> i32 {
^bb1:
  %x.3 = add i32 %x, -7
  %2 = call @helper(%x.3)
  store f32 0.25, global @buf
  br ^loop(%2, %0)
^loop(%1: i32, %3: i32):
  %4 = add i32 %1, %3
  %x.4 = omp.thread_num
  %5 = icmp eq i32 %4, %x.4
  cond_br %5, ^bb0, ^loop.1
^bb0:
  ret %4
^loop.1:
  %x.1 = load i32, global %x.2
  br ^loop(%x.1, 1)
}
`;

describe("naming", () => {
  test("unnamed values and blocks are numbered around existing names; duplicates get suffixes", () => {
    expect(printModule(builtModule())).toBe(BUILT_TEXT);
  });

  test("the printed form of a built module is canonical: parse and print again give the same text", () => {
    const text = printModule(builtModule());
    const again = printModule(parseModule(text));
    expect(again).toBe(text);
    expect(printModule(parseModule(again))).toBe(again);
  });

  test("printing is deterministic and does not change the module", () => {
    const m = builtModule();
    const before = cloneModule(m);
    expect(printModule(m)).toBe(printModule(m));
    expect(m).toEqual(before);
  });

  test("names that are not valid in the text count as unnamed", () => {
    const m = newModule();
    const f = addFunction(m, "f", "host", ["i32"], "void", { paramNames: ["has space"] });
    const b = addBlock(f, "");
    appendInst(f, b, { kind: "ret", value: NO_VALUE });
    expect(printModule(m)).toBe("host @f(%0: i32) {\n^bb0:\n  ret\n}\n");
  });
});

describe("entry points", () => {
  test("printModule is its pieces joined, whatever the characters (non-ASCII, lone surrogates) and size", () => {
    const pieces = (m: Module): string => {
      // The module text as separate pieces: globals, then functions, a blank line between
      // items except between globals and between declarations.
      const out: string[] = [];
      let prev: string | null | undefined;
      const put = (t: string, kind: string | null) => {
        if (prev !== undefined && !(prev !== null && prev === kind)) out.push("\n");
        out.push(t);
        prev = kind;
      };
      for (const g of m.globals) put(`global @${g.name} : ${g.space} ${g.type}\n`, "global");
      for (const f of m.functions) put(printFunction(m, f), f.layout.length === 0 ? "declare" : null);
      return out.join("");
    };
    const build = (messages: string[], copies: number): Module => {
      const m = newModule("t.oir");
      addGlobal(m, "g", "global", "i32");
      addGlobal(m, "h", "global", "i32");
      addFunction(m, "ext", "host", [], "void");
      addFunction(m, "ext2", "host", [], "void");
      for (let k = 0; k < copies; k++) {
        const f = addFunction(m, `f${k}`, "host", [], "void");
        const b = addBlock(f, "entry");
        for (const msg of messages) appendInst(f, b, { kind: "print", format: msg, args: [] });
        appendInst(f, b, { kind: "ret", value: NO_VALUE });
      }
      return m;
    };
    for (const messages of [["plain"], ["é ü 中文 😀"], ["lone \uD800 high", "and \uDC00 low"], ["x".repeat(10000), "é".repeat(3000)]]) {
      for (const copies of [1, 40]) {
        const m = build(messages, copies);
        expect(printModule(m)).toBe(pieces(m));
      }
    }
    expect(printModule(build(["lone \uD800"], 1))).toContain("lone \uD800");
  });

  test("printInst and valueNamer agree with printFunction", () => {
    const m = builtModule();
    const f = m.functions[1]!;
    const lines = printFunction(m, f).split("\n");
    const loop = f.blocks[f.layout[1]!]!;
    expect(printInst(m, f, f.insts[loop.insts[0]!]!)).toBe("%4 = add i32 %1, %3");
    expect(lines).toContain("  " + printInst(m, f, f.insts[loop.insts[3]!]!));
    const name = valueNamer(f, m);
    expect(loop.params.map(name)).toEqual(["%1", "%3"]);
    expect(name(f.params[2]!)).toBe("%x.2");
    const entry = f.blocks[f.layout[0]!]!;
    const store = f.insts[entry.insts[2]!]!;
    if (store.kind !== "store") throw new Error(store.kind);
    expect(name(store.ptr)).toBe("@buf");
    expect(name(store.value)).toBe("0.25");
    // Without the module an address still prints, by id.
    expect(valueNamer(f)(store.ptr)).toBe("@global.0");
  });

  test("constants", () => {
    expect(constText("i1", 1n)).toBe("true");
    expect(constText("i1", 0n)).toBe("false");
    expect(constText("i64", -9223372036854775808n)).toBe("-9223372036854775808");
    expect(constText("ptr", null)).toBe("null");
    expect(constText("f64", 1)).toBe("1.0");
    expect(constText("f64", -3)).toBe("-3.0");
    expect(constText("f64", 2.5)).toBe("2.5");
    expect(constText("f64", 1e21)).toBe("1e+21");
    expect(constText("f64", 1.5e-7)).toBe("1.5e-7");
    expect(constText("f32", Math.fround(0.1))).toBe("0.1");
    expect(constText("f32", Math.fround(1 / 3))).toBe("0.33333334");
    expect(floatText(-0)).toBe("-0.0");
    expect(floatText(Infinity)).toBe("inf");
    expect(floatText(-Infinity)).toBe("-inf");
    expect(floatText(NaN)).toBe("nan");
  });

  test("float constants survive a round trip bit for bit", () => {
    const values = [0.1, 1 / 3, 1e300, -2.2250738585072014e-308, 5e-324, 123456789.125, -0];
    const text = `host @f() {\n^e:\n${values.map((v, i) => `  %v${i} = fadd f64 ${floatText(v)}, ${floatText(Math.fround(v), "f32")}`).join("\n")}\n  ret\n}\n`;
    const m = parseModule(text);
    const f = m.functions[0]!;
    f.layout.forEach((b) => f.blocks[b]!.insts.slice(0, values.length).forEach((id, i) => {
      const inst = f.insts[id]!;
      if (inst.kind !== "binary") throw new Error(inst.kind);
      expect(f.values[inst.lhs]!.def).toEqual({ kind: "const", value: values[i] });
    }));
    expect(printModule(parseModule(printModule(m)))).toBe(printModule(m));
  });

  test("strings are escaped so they read back unchanged", () => {
    const m = newModule();
    const f = addFunction(m, "f", "host", [], "void");
    const b = addBlock(f, "e");
    appendInst(f, b, { kind: "print", format: "tab\there \"q\" back\\slash\nbell\x07", args: [] });
    appendInst(f, b, { kind: "trap", message: "ünïcode ok" });
    const text = printModule(m);
    expect(text).toContain(`print "tab\\there \\"q\\" back\\\\slash\\nbell\\x07"`);
    const again = parseModule(text).functions[0]!;
    expect(again.insts[0]).toMatchObject({ kind: "print", format: "tab\there \"q\" back\\slash\nbell\x07" });
    expect(again.insts[1]).toMatchObject({ kind: "trap", message: "ünïcode ok" });
  });

  test("module layout: globals, then functions; consecutive declarations stay together", () => {
    const m = newModule();
    addGlobal(m, "a", "shared", "i1", 2, [1n, 0n]);
    addGlobal(m, "b", "host", "ptr");
    addFunction(m, "d1", "device", ["f32"], "void");
    addFunction(m, "d2", "host", [], "i64", { attrs: { ...emptyAttrs(), nosync: true, assumes: ["omp_no_openmp"], cost: 5 } });
    const k = addFunction(m, "k", "kernel", ["ptr"], "void", { mode: "spmd", paramNames: ["p"] });
    appendInst(k, addBlock(k, "entry"), { kind: "ret", value: NO_VALUE });
    addFunction(m, "d3", "device", [], "void");
    expect(printModule(m)).toBe(
      "global @a : shared i1 x 2 = [true]\n" +
      "global @b : host ptr\n" +
      "\n" +
      "declare device @d1(f32)\n" +
      "declare host @d2() -> i64 nosync assume(\"omp_no_openmp\") cost(5)\n" +
      "\n" +
      "kernel @k(%p: ptr) spmd {\n^entry:\n  ret\n}\n" +
      "\n" +
      "declare device @d3()\n",
    );
    expect(printModule(parseModule(printModule(m)))).toBe(printModule(m));
  });
});
