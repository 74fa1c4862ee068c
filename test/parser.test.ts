// Parser tests: every instruction kind parses to the right IR, locations are recorded,
// and print∘parse is idempotent on a module with every construct.

import { describe, expect, test } from "@jest/globals";
import type { Function, Inst, Module } from "../src/ir/ir.js";
import { constValue, findFunction, findGlobal } from "../src/ir/ir.js";
import { parseModule } from "../src/ir/parse.js";
import { printModule } from "../src/ir/printer.js";
import { toLoc } from "../src/ir/loc.js";
import { NO_VALUE } from "../src/ir/types.js";
import { ALL_CONSTRUCTS } from "./parser-samples.js";


function fn(m: Module, name: string): Function {
  const f = findFunction(m, name);
  if (f === undefined) throw new Error(`no @${name}`);
  return f;
}

/** The instructions of `f` in layout order. */
function insts(f: Function): Inst[] {
  return f.layout.flatMap((b) => f.blocks[b]!.insts.map((i) => f.insts[i]!));
}

/** Parses a one-block host function body and returns its instructions. */
function body(lines: string, prelude = "", header = "host @f(%a: ptr, %i: i32, %x: f32)"): { m: Module; f: Function; is: Inst[] } {
  const m = parseModule(`${prelude}\n${header} {\n^entry:\n${lines}\n}\n`);
  const f = fn(m, "f");
  return { m, f, is: insts(f) };
}

describe("round trip", () => {
  test("print∘parse is idempotent on a module with every construct", () => {
    const once = printModule(parseModule(ALL_CONSTRUCTS, "all.oir"));
    expect(printModule(parseModule(once))).toBe(once);
    expect(once.endsWith("}\n")).toBe(true);
  });

  test("canonical text is a fixed point", () => {
    const canonical = [
      "global @g : global i32 x 4 = [1, 2]",
      "",
      "declare host @log(ptr) -> i32 nosync",
      "declare device @d()",
      "",
      "host @main() -> i32 {",
      "^entry:",
      "  %p = alloca i32",
      "  %r = call @log(%p)",
      "  ret %r",
      "}",
      "",
    ].join("\n");
    expect(printModule(parseModule(canonical))).toBe(canonical);
  });

  test("canonicalisation: hex, unsigned spellings, alloca of 1, split maps, trailing zeros, comments", () => {
    const text = `
global @g : global i8 x 4 = [0xff, 0, 0, 0] ; trailing zeros vanish
global @z : global f64 = 0.0
host @f(%a: ptr) {
^entry:
  %p = alloca f32, 1
  %x = add i8 0x7f, 255
  %y = fadd f64 1e3, 2.50
  omp.target_enter_data map(always, to: f32 %a[0:4], f32 %p[0:1])
  ret
}`;
    expect(printModule(parseModule(text))).toBe(
      [
        "global @g : global i8 x 4 = [-1]",
        "global @z : global f64",
        "",
        "host @f(%a: ptr) {",
        "^entry:",
        "  %p = alloca f32",
        "  %x = add i8 127, -1",
        "  %y = fadd f64 1000.0, 2.5",
        "  omp.target_enter_data map(always, to: f32 %a[0:4]) map(always, to: f32 %p[0:1])",
        "  ret",
        "}",
        "",
      ].join("\n"),
    );
  });

  test("f32 literals print in their shortest exact form", () => {
    const { m } = body("  %y = fadd f32 %x, 0.1\n  %z = fadd f32 %y, 16777217\n  ret");
    expect(printModule(m)).toContain("%y = fadd f32 %x, 0.1\n");
    expect(printModule(m)).toContain("%z = fadd f32 %y, 16777216.0\n");
  });

  test("an empty module", () => {
    expect(printModule(parseModule(""))).toBe("");
    expect(printModule(parseModule("; only a comment\n")).length).toBe(0);
  });
});

describe("module structure", () => {
  test("globals, functions, attributes, modes", () => {
    const m = parseModule(ALL_CONSTRUCTS, "all.oir");
    expect(m.file).toBe("all.oir");
    expect(m.source).toBe(ALL_CONSTRUCTS);
    const table = findGlobal(m, "table")!;
    expect(table.space).toBe("global");
    expect(table.type).toBe("f32");
    expect(table.count).toBe(4);
    expect(table.init).toEqual([1, 2.5, -0, 0]);
    expect(Object.is(table.init![2], -0)).toBe(true);
    expect(findGlobal(m, "flags")!.init).toEqual([1n, 0n]);
    expect(findGlobal(m, "ptrs")!.init).toEqual([null]);
    expect(findGlobal(m, "bytes")!.init).toEqual([-1n, -128n, 127n]);
    expect(findGlobal(m, "hits")!.init).toBeNull();

    const log = fn(m, "log");
    expect(log.kind).toBe("host");
    expect(log.layout).toEqual([]);
    expect(log.ret).toBe("i32");
    expect(log.attrs).toEqual({
      readnone: false, readonly: true, writeonly: false, argmemonly: false, inaccessiblememonly: false,
      nosync: true, noinline: false, assumes: ["omp_no_openmp"], cost: 120,
    });
    expect(fn(m, "k").mode).toBe("spmd");
    expect(fn(m, "k2").mode).toBe("generic");
    expect(fn(m, "k2").attrs.assumes).toEqual(["ompx_spmd_amenable", "omp_no_parallelism"]);
    expect(fn(m, "region").mode).toBeNull();
    expect(fn(m, "region").kind).toBe("device");
  });

  test("blocks, block parameters and forward references", () => {
    const m = parseModule(`
device @f(%n: i32) -> i32 {
^entry:
  br ^loop(0, %n)
^loop(%i: i32, %acc: i32):
  %next = add i32 %i, 1
  %c = icmp slt i32 %next, %n
  cond_br %c, ^loop(%next, %sum), ^exit
^exit:
  ret %sum
^late:
  %sum = add i32 %acc, %i
  br ^exit
}`);
    const f = fn(m, "f");
    expect(f.layout.map((b) => f.blocks[b]!.name)).toEqual(["entry", "loop", "exit", "late"]);
    const loop = f.blocks[f.layout[1]!]!;
    expect(loop.params.map((p) => [f.values[p]!.name, f.values[p]!.type])).toEqual([["i", "i32"], ["acc", "i32"]]);
    const br = insts(f)[0]!;
    expect(br.kind).toBe("br");
    if (br.kind !== "br") return;
    expect(br.target).toBe(f.layout[1]);
    expect(br.args.map((a) => constValue(f, a))).toEqual([0n, undefined]);
    // %sum is used before its definition in the text; the resolver still binds it.
    const cbr = insts(f)[3]!;
    if (cbr.kind !== "cond_br") throw new Error(cbr.kind);
    expect(f.values[cbr.thenArgs[1]!]!.name).toBe("sum");
    expect(f.values[cbr.thenArgs[1]!]!.def.kind).toBe("inst");
  });
});

describe("every instruction kind", () => {
  test("arithmetic, comparisons, select, casts", () => {
    const { f, is } = body([
      "  %s = sub i32 %i, 3",
      "  %c = icmp uge i32 %s, 0x10",
      "  %d = fcmp uno f32 %x, nan",
      "  %e = select f32 %c, %x, -2.5",
      "  %w = sitofp i32 %s to f64",
      "  ret",
    ].join("\n"));
    const [sub, icmp, fcmp, sel, cast] = is;
    expect(sub).toMatchObject({ kind: "binary", op: "sub", type: "i32", lhs: f.params[1] });
    if (sub?.kind !== "binary") throw new Error();
    expect(constValue(f, sub.rhs)).toBe(3n);
    expect(icmp).toMatchObject({ kind: "icmp", pred: "uge", type: "i32" });
    if (icmp?.kind !== "icmp") throw new Error();
    expect(constValue(f, icmp.rhs)).toBe(16n);
    expect(f.values[icmp.result]!.type).toBe("i1");
    expect(fcmp).toMatchObject({ kind: "fcmp", pred: "uno", type: "f32" });
    if (fcmp?.kind !== "fcmp") throw new Error();
    expect(constValue(f, fcmp.rhs)).toBeNaN();
    expect(sel).toMatchObject({ kind: "select", type: "f32", cond: icmp.result, a: f.params[2] });
    if (sel?.kind !== "select") throw new Error();
    expect(constValue(f, sel.b)).toBe(-2.5);
    expect(cast).toMatchObject({ kind: "cast", op: "sitofp", from: "i32", to: "f64", value: sub.result });
    expect(f.values[cast!.result]!.type).toBe("f64");
  });

  test("memory: alloca, load, store, gep, atomic, cmpxchg", () => {
    const { f, is } = body([
      "  %p = alloca i64, 8",
      "  %q = alloca i8",
      "  %v = load i64, local %p",
      "  store i64 %v, shared %p",
      "  %g = gep i64, %p, %i",
      "  %o = atomic umax i64, global %g, 5",
      "  atomic xchg i64, global %g, %o",
      "  %c = cmpxchg i64, global %g, %o, 9",
      "  ret",
    ].join("\n"));
    const [a8, a1, load, store, gep, atomic, atomic2, cx] = is;
    expect(a8).toMatchObject({ kind: "alloca", elemType: "i64" });
    if (a8?.kind !== "alloca" || a1?.kind !== "alloca") throw new Error();
    expect(constValue(f, a8.count)).toBe(8n);
    expect(f.values[a8.count]!.type).toBe("i32");
    expect(constValue(f, a1.count)).toBe(1n);
    expect(f.values[a8.result]!.type).toBe("ptr");
    expect(load).toMatchObject({ kind: "load", type: "i64", space: "local", ptr: a8.result });
    expect(store).toMatchObject({ kind: "store", type: "i64", space: "shared", value: load!.result, ptr: a8.result, result: NO_VALUE });
    expect(gep).toMatchObject({ kind: "gep", elemType: "i64", ptr: a8.result, index: f.params[1] });
    expect(atomic).toMatchObject({ kind: "atomic", op: "umax", type: "i64", space: "global", ptr: gep!.result });
    expect(atomic2).toMatchObject({ kind: "atomic", op: "xchg", result: NO_VALUE, value: atomic!.result });
    expect(cx).toMatchObject({ kind: "cmpxchg", type: "i64", space: "global", ptr: gep!.result, expected: atomic!.result });
    if (cx?.kind !== "cmpxchg") throw new Error();
    expect(constValue(f, cx.desired)).toBe(9n);
  });

  test("calls, print, trap, exit", () => {
    const { m, f, is } = body(
      [
        "  %r = call @g(%i, 2.0)",
        "  call @g(1, 0)",
        "  %fp = select ptr true, @g, null",
        "  %s = call_indirect %fp(%i, %x) : (i32, f32) -> i8",
        "  print \"%d\\n\", %i, 7, 2.5, true, null",
        "  trap \"bad \\\"thing\\\"\"",
        "  exit 3",
      ].join("\n"),
      "declare host @g(i32, f32) -> i8",
    );
    const g = fn(m, "g");
    const [call, call2, sel, ci, print, trap, exit] = is;
    expect(call).toMatchObject({ kind: "call", callee: g.id });
    if (call?.kind !== "call" || call2?.kind !== "call") throw new Error();
    expect(f.values[call.result]!.type).toBe("i8");
    expect(f.values[call.args[1]!]!).toMatchObject({ type: "f32", def: { kind: "const", value: 2 } });
    expect(call2.result).toBe(NO_VALUE);
    expect(f.values[call2.args[1]!]!).toMatchObject({ type: "f32", def: { kind: "const", value: 0 } });
    if (sel?.kind !== "select") throw new Error();
    expect(f.values[sel.a]!).toMatchObject({ type: "ptr", def: { kind: "func", func: g.id } });
    expect(ci).toMatchObject({ kind: "call_indirect", callee: sel.result, paramTypes: ["i32", "f32"], ret: "i8" });
    expect(print).toMatchObject({ kind: "print", format: "%d\n" });
    if (print?.kind !== "print") throw new Error();
    expect(print.args.slice(1).map((a) => [f.values[a]!.type, constValue(f, a)])).toEqual([
      ["i32", 7n], ["f64", 2.5], ["i1", 1n], ["ptr", null],
    ]);
    expect(trap).toMatchObject({ kind: "trap", message: "bad \"thing\"" });
    expect(exit).toMatchObject({ kind: "exit" });
    if (exit?.kind !== "exit") throw new Error();
    expect(f.values[exit.code]!).toMatchObject({ type: "i32", def: { kind: "const", value: 3n } });
  });

  test("device OpenMP operations", () => {
    const { m, f, is } = body(
      [
        "  omp.parallel @region(%a, 4)",
        "  %t = omp.thread_num",
        "  %n = omp.num_threads",
        "  %tm = omp.team_num",
        "  %ntm = omp.num_teams",
        "  %hw = omp.hw_thread_id",
        "  %hn = omp.hw_num_threads",
        "  omp.barrier",
        "  %s = omp.alloc_shared 64",
        "  omp.free_shared %s, 64",
        "  omp.reverse_offload @log(%a, %i) map(tofrom: f32 %a[0:%i]) map(always, from: i32 %s[2:1])",
        "  ret",
      ].join("\n"),
      "device @region(%p: ptr, %k: i64) {\n^e:\n  ret\n}\ndeclare host @log(ptr, i32)",
      "device @f(%a: ptr, %i: i32, %x: f32)",
    );
    const [par, ...rest] = is;
    expect(par).toMatchObject({ kind: "omp.parallel", region: fn(m, "region").id });
    if (par?.kind !== "omp.parallel") throw new Error();
    expect(f.values[par.args[1]!]!).toMatchObject({ type: "i64", def: { kind: "const", value: 4n } });
    expect(rest.slice(0, 6).map((i) => (i.kind === "omp.query" ? i.query : i.kind))).toEqual([
      "thread_num", "num_threads", "team_num", "num_teams", "hw_thread_id", "hw_num_threads",
    ]);
    expect(rest.slice(0, 6).every((i) => f.values[i.result]!.type === "i32")).toBe(true);
    const [barrier, alloc, free, rev] = rest.slice(6);
    expect(barrier!.kind).toBe("omp.barrier");
    expect(alloc).toMatchObject({ kind: "omp.alloc_shared" });
    expect(f.values[alloc!.result]!.type).toBe("ptr");
    expect(free).toMatchObject({ kind: "omp.free_shared", ptr: alloc!.result });
    expect(rev).toMatchObject({ kind: "omp.reverse_offload", callee: fn(m, "log").id, args: [f.params[0], f.params[1]] });
    if (rev?.kind !== "omp.reverse_offload") throw new Error();
    expect(rev.maps).toHaveLength(2);
    expect({ ...rev.maps[0], loc: toLoc(rev.maps[0]!.loc) }).toMatchObject({ kind: "tofrom", always: false, elemType: "f32", base: f.params[0], len: f.params[1], loc: { line: 18, col: 36 } });
    expect({ ...rev.maps[1], loc: toLoc(rev.maps[1]!.loc) }).toMatchObject({ kind: "from", always: true, elemType: "i32", base: alloc!.result, loc: { line: 18, col: 62 } });
    expect(constValue(f, rev.maps[1]!.lo)).toBe(2n);
  });

  test("warp operations: omp.warp_size, omp.shuffle_down", () => {
    const { f, is } = body(
      ["  %w = omp.warp_size", "  %s = omp.shuffle_down f32 %x, %i", "  %t = omp.shuffle_down i64 %k, -1", "  ret"].join("\n"),
      "",
      "device @f(%x: f32, %i: i32, %k: i64)",
    );
    const [ws, s, t] = is;
    expect(ws).toMatchObject({ kind: "omp.query", query: "warp_size" });
    expect(f.values[ws!.result]!.type).toBe("i32");
    expect(s).toMatchObject({ kind: "omp.shuffle_down", type: "f32", value: f.params[0], delta: f.params[1] });
    expect(f.values[s!.result]!.type).toBe("f32");
    expect(t).toMatchObject({ kind: "omp.shuffle_down", type: "i64", value: f.params[2] });
    if (t?.kind !== "omp.shuffle_down") throw new Error();
    expect(constValue(f, t.delta)).toBe(-1n);
    expect(f.values[t.result]!.type).toBe("i64");
  });

  test("host OpenMP operations", () => {
    const { m, f, is } = body(
      [
        "  omp.target_enter_data map(to: f32 %a[0:16]) map(alloc: i8 %a[0:1])",
        "  omp.target @k(%a) teams(2) threads(%i) map(tofrom: f32 %a[0:16]) nowait",
        "  omp.target @k(null)",
        "  omp.taskwait",
        "  omp.target_exit_data map(from: f32 %a[0:16], i8 %a[0:1]) map(delete: f32 %a[0:16])",
        "  ret",
      ].join("\n"),
      "kernel @k(%p: ptr) spmd {\n^e:\n  ret\n}",
    );
    const [enter, t1, t2, wait, exit] = is;
    expect(enter).toMatchObject({ kind: "omp.target_enter_data", maps: [{ kind: "to" }, { kind: "alloc", elemType: "i8" }] });
    expect(t1).toMatchObject({ kind: "omp.target", kernel: fn(m, "k").id, args: [f.params[0]], threads: f.params[1], nowait: true });
    if (t1?.kind !== "omp.target" || t2?.kind !== "omp.target") throw new Error();
    expect(f.values[t1.teams]!).toMatchObject({ type: "i32", def: { kind: "const", value: 2n } });
    expect(t1.maps).toMatchObject([{ kind: "tofrom", elemType: "f32" }]);
    expect(t2).toMatchObject({ teams: NO_VALUE, threads: NO_VALUE, maps: [], nowait: false });
    expect(wait!.kind).toBe("omp.taskwait");
    expect(exit).toMatchObject({ kind: "omp.target_exit_data", maps: [{ kind: "from" }, { kind: "from", elemType: "i8" }, { kind: "delete" }] });
  });

  test("terminators", () => {
    const m = parseModule(`
host @f(%c: i1) -> f64 {
^a:
  cond_br %c, ^b(1.5), ^c
^b(%v: f64):
  ret %v
^c:
  br ^d
^d:
  unreachable
}
host @g() {
^e:
  ret
}`);
    const f = fn(m, "f");
    const [cbr, ret, br, unr] = insts(f);
    expect(cbr).toMatchObject({ kind: "cond_br", cond: f.params[0], then: f.layout[1], else: f.layout[2], elseArgs: [] });
    if (cbr?.kind !== "cond_br") throw new Error();
    expect(f.values[cbr.thenArgs[0]!]!).toMatchObject({ type: "f64", def: { kind: "const", value: 1.5 } });
    expect(ret).toMatchObject({ kind: "ret", value: f.blocks[f.layout[1]!]!.params[0] });
    expect(br).toMatchObject({ kind: "br", target: f.layout[3], args: [] });
    expect(unr!.kind).toBe("unreachable");
    expect(insts(fn(m, "g"))[0]).toMatchObject({ kind: "ret", value: NO_VALUE });
  });

  test("literal kinds take their type from context", () => {
    const { f, is } = body(
      [
        "  %a1 = add i1 1, true",
        "  %b = add i8 -128, 255",
        "  %c = add i64 -9223372036854775808, 18446744073709551615",
        "  %d = fadd f64 inf, -inf",
        "  %e = fadd f32 0.1, 3",
        "  %g = icmp eq ptr null, undef",
        "  ret",
      ].join("\n"),
    );
    const consts = is.slice(0, 6).map((i) => (i.kind === "binary" || i.kind === "icmp" ? [i.lhs, i.rhs] : []).map((v) => f.values[v]!.def));
    expect(consts).toEqual([
      [{ kind: "const", value: 1n }, { kind: "const", value: 1n }],
      [{ kind: "const", value: -128n }, { kind: "const", value: -1n }],
      [{ kind: "const", value: -9223372036854775808n }, { kind: "const", value: -1n }],
      [{ kind: "const", value: Infinity }, { kind: "const", value: -Infinity }],
      [{ kind: "const", value: Math.fround(0.1) }, { kind: "const", value: 3 }],
      [{ kind: "const", value: null }, { kind: "undef" }],
    ]);
  });
});

describe("locations", () => {
  test("instructions, blocks, functions, globals and maps record where they start", () => {
    const m = parseModule(
      [
        "global @g : global i32", //                                   1
        "  declare device @d()", //                                      2
        "kernel @k(%a: ptr) generic {", //                               3
        "^entry:", //                                                    4
        "    %t = omp.thread_num ; result name first", //                5
        "  omp.barrier", //                                              6
        "  call @d()   ;", //                                            7
        "  br ^next", //                                                 8
        "  ^next:", //                                                   9
        "\tret", //                                                     10
        "}",
        "host @main() -> i32 {",
        "^e:",
        "  omp.target @k(null) map(to: f32 null[0:1], i32 null[0:1])",
        "  ret 0",
        "}",
      ].join("\n"),
    );
    expect(toLoc(findGlobal(m, "g")!.loc)).toEqual({ line: 1, col: 1 });
    expect(toLoc(fn(m, "d").loc)).toEqual({ line: 2, col: 3 });
    const k = fn(m, "k");
    expect(toLoc(k.loc)).toEqual({ line: 3, col: 1 });
    expect(k.layout.map((b) => toLoc(k.blocks[b]!.loc))).toEqual([{ line: 4, col: 1 }, { line: 9, col: 3 }]);
    expect(insts(k).map((i) => toLoc(i.loc))).toEqual([
      { line: 5, col: 5 }, { line: 6, col: 3 }, { line: 7, col: 3 }, { line: 8, col: 3 }, { line: 10, col: 2 },
    ]);
    const target = insts(fn(m, "main"))[0]!;
    if (target.kind !== "omp.target") throw new Error();
    expect(toLoc(target.loc)).toEqual({ line: 14, col: 3 });
    // The first item of a map(...) is located at `map`, later ones at their element type.
    expect(target.maps.map((c) => toLoc(c.loc))).toEqual([{ line: 14, col: 23 }, { line: 14, col: 46 }]);
  });
});
