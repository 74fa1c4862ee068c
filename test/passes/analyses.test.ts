import { describe, expect, test } from "@jest/globals";
import type { Function, Module } from "../../src/ir/ir.js";
import { findFunction } from "../../src/ir/ir.js";
import { parseModule } from "../../src/ir/parse.js";
import type { FuncId, ValueId } from "../../src/ir/types.js";
import { Rng } from "../../src/tools/rng.js";
import { computeCallGraph } from "../../src/passes/callgraph.js";
import { EFFECTS, declarationEffects, formatEffects, instEffects, pureMayFault } from "../../src/passes/effects.js";
import { AnalysisManager } from "../../src/passes/manager.js";
import { computeUnderlying, formatObject } from "../../src/passes/underlying.js";
import { computeUniformity } from "../../src/passes/uniformity.js";
import { emptyAttrs } from "../../src/ir/ir.js";

function fn(m: Module, name: string): Function {
  return findFunction(m, name)!;
}
function value(f: Function, name: string): ValueId {
  const i = f.values.findIndex((v) => v.name === name);
  if (i < 0) throw new Error(`no %${name}`);
  return i as ValueId;
}

describe("call graph", () => {
  const m = parseModule(`
device @leaf() {
^entry:
  ret
}
device @1(%n: i32) {
^entry:
  call @2(%n)
  ret
}
device @2(%n: i32) {
^entry:
  call @1(%n)
  call @leaf()
  ret
}
device @self() {
^entry:
  call @self()
  ret
}
kernel @k() generic {
^entry:
  call @1(3)
  omp.parallel @self()
  ret
}
`, "cg.oir");
  const cg = computeCallGraph(m);
  const names = (ids: readonly number[]) => ids.map((i) => m.functions[i]!.name);

  test("SCCs come callees first, with integer-like function names intact", () => {
    const order = cg.sccs.map(names);
    expect(order).toContainEqual(["1", "2"]);
    const pos = (n: string) => order.findIndex((s) => s.includes(n));
    expect(pos("leaf")).toBeLessThan(pos("1"));
    expect(pos("1")).toBeLessThan(pos("k"));
    expect(pos("self")).toBeLessThan(pos("k"));
  });

  test("recursion, self-recursion, callers and call kinds", () => {
    expect(cg.isRecursive(fn(m, "1").id)).toBe(true);
    expect(cg.isRecursive(fn(m, "self").id)).toBe(true);
    expect(cg.isRecursive(fn(m, "leaf").id)).toBe(false);
    expect(names(cg.callers(fn(m, "1").id))).toEqual(["2", "k"]);
    expect(cg.sites.filter((s) => s.caller === fn(m, "k").id).map((s) => s.kind)).toEqual(["call", "parallel"]);
  });
  test("random graphs: the SCCs partition the functions, callees first, each one strongly connected", () => {
    const rng = new Rng(7);
    for (let round = 0; round < 200; round++) {
      const n = rng.int(1, 12);
      const edges = Array.from({ length: n }, () => Array.from({ length: rng.int(0, 3) }, () => rng.int(0, n - 1)));
      const text = edges.map((out, i) => `device @f${i}() {\n^entry:\n${out.map((j) => `  call @f${j}()\n`).join("")}  ret\n}\n`).join("");
      const g = computeCallGraph(parseModule(text, "r.oir"));
      const sccs = g.sccs;
      expect(sccs.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      // Reachability by brute force: i and j share an SCC iff each reaches the other.
      const reach = edges.map((_, i) => {
        const seen = new Set<number>([i]);
        const work = [i];
        while (work.length > 0) for (const j of edges[work.pop()!]!) if (!seen.has(j)) (seen.add(j), work.push(j));
        return seen;
      });
      for (let i = 0; i < n; i++) {
        expect(g.callees(i as FuncId)).toEqual([...new Set(edges[i])].sort((a, b) => a - b));
        expect(g.isRecursive(i as FuncId)).toBe(edges[i]!.includes(i) || sccs[g.sccOf(i as FuncId)]!.length > 1);
        for (const j of edges[i]!) {
          expect(g.callers(j as FuncId)).toContain(i);
          expect(g.sccOf(j as FuncId)).toBeLessThanOrEqual(g.sccOf(i as FuncId));
        }
        for (let j = 0; j < n; j++) expect(g.sccOf(i as FuncId) === g.sccOf(j as FuncId)).toBe(reach[i]!.has(j) && reach[j]!.has(i));
      }
      for (const c of sccs) expect([...c]).toEqual([...c].sort((a, b) => a - b));
    }
  });
});

describe("underlying objects", () => {
  const m = parseModule(`
global @g : global i32 x 4
device @f(%arg: ptr, %c: i1, %n: i32) {
^entry:
  %a = alloca i32, 4
  %s = omp.alloc_shared 16
  %ga = gep i32, %a, 1
  %sel = select ptr %c, %ga, @g
  %ld = load ptr, global %arg
  br ^loop(%arg, 0)
^loop(%p: ptr, %i: i32):
  %q = gep i32, %p, 1
  %i2 = add i32 %i, 1
  %more = icmp slt i32 %i2, %n
  cond_br %more, ^loop(%q, %i2), ^exit
^exit:
  %either = select ptr %c, %s, null
  store i32 0, global %ld
  omp.free_shared %s, 16
  ret
}
`, "u.oir");
  const f = fn(m, "f");
  const u = computeUnderlying(f);
  const objs = (name: string) => u.objects(value(f, name)).map((o) => formatObject(m, f, o));

  test("through gep and select", () => {
    expect(objs("ga")).toEqual(["alloca %a"]);
    expect(objs("sel")).toEqual(["alloca %a", "global @g"]);
    expect(objs("either")).toEqual(["shared %s", "null"]);
  });
  test("through loop-carried block parameters (cycles cut)", () => {
    expect(objs("q")).toEqual(["argument %arg"]);
    expect(objs("p")).toEqual(["argument %arg"]);
  });
  test("a loaded pointer is unknown", () => {
    expect(objs("ld")).toEqual(["unknown"]);
  });
});

describe("effects", () => {
  test("declarations are summarised from their attributes", () => {
    const a = emptyAttrs();
    expect(formatEffects(declarationEffects(a))).toContain("calls-unknown");
    expect(formatEffects(declarationEffects({ ...a, readnone: true, nosync: true }))).toBe("none");
    expect(formatEffects(declarationEffects({ ...a, readonly: true, assumes: ["omp_no_openmp"] }))).toBe("reads(host,global,shared,local) trap local-indirect");
  });

  const m = parseModule(`
declare device @ext(ptr)
device @priv(%x: i32) -> i32 {
^entry:
  %t = alloca i32
  store i32 %x, local %t
  %v = load i32, local %t
  ret %v
}
device @ping(%p: ptr, %n: i32) {
^entry:
  %z = icmp eq i32 %n, 0
  cond_br %z, ^done, ^more
^more:
  %m = sub i32 %n, 1
  call @pong(%p, %m)
  br ^done
^done:
  ret
}
device @pong(%p: ptr, %n: i32) {
^entry:
  store i32 %n, global %p
  call @ping(%p, %n)
  ret
}
device @region(%p: ptr) {
^entry:
  %old = atomic add i32, global %p, 1
  ret
}
declare host @hostfn(ptr) readnone
kernel @k(%p: ptr) generic {
^entry:
  %x = call @priv(1)
  omp.parallel @region(%p)
  omp.reverse_offload @hostfn(%p) map(from: i32 %p[0:4])
  ret
}
`, "e.oir");
  const am = new AnalysisManager(m);
  const eff = am.getModule(EFFECTS);
  const summary = (name: string) => formatEffects(eff.summary(fn(m, name).id));

  test("private writes stay private through calls", () => {
    expect(summary("priv")).toBe("reads(local) writes(local) private-writes");
  });
  test("a local write through an argument or to a local global is not private", () => {
    const m2 = parseModule(`
global @lg : local i32
device @arg(%p: ptr) {
^entry:
  store i32 1, local %p
  ret
}
device @lglobal() {
^entry:
  store i32 1, local @lg
  ret
}
`, "p.oir");
    const e2 = new AnalysisManager(m2).getModule(EFFECTS);
    expect(formatEffects(e2.summary(fn(m2, "arg").id))).toBe("writes(local)");
    expect(formatEffects(e2.summary(fn(m2, "lglobal").id))).toBe("writes(local)");
  });
  test("local memory through a pointer from memory is indirect, through an argument or own storage not", () => {
    const m2 = parseModule(`
global @lgp : local ptr
global @lg : local i32
declare device @am(ptr) argmemonly
device @arg(%p: ptr) {
^entry:
  store i32 1, local %p
  ret
}
device @own() -> i32 {
^entry:
  %t = alloca i32
  store i32 2, local @lg
  %v = load i32, local %t
  ret %v
}
device @viaglobal() {
^entry:
  %p = load ptr, local @lgp
  %v = load i32, local %p
  ret
}
device @passes() {
^entry:
  %p = load ptr, local @lgp
  call @arg(%p)
  ret
}
device @passesown() {
^entry:
  %t = alloca i32
  call @arg(%t)
  call @am(%t)
  ret
}
device @viaglobalcaller() {
^entry:
  call @viaglobal()
  ret
}
`, "li.oir");
    const e2 = new AnalysisManager(m2).getModule(EFFECTS);
    const li = (name: string) => e2.summary(fn(m2, name).id).localIndirect;
    expect([li("arg"), li("own"), li("passesown")]).toEqual([false, false, false]);
    expect([li("viaglobal"), li("passes"), li("viaglobalcaller")]).toEqual([true, true, true]);
    expect(formatEffects(e2.summary(fn(m2, "viaglobal").id))).toBe("reads(local) local-indirect");
  });
  test("faults: accesses not known in bounds, divisions by a possibly zero or -1 value, unreachable, through calls", () => {
    const m2 = parseModule(`
global @g : global i32 x 4
device @inb(%i: i32) -> i32 {
^entry:
  %a = alloca i32, 8
  %j = and i32 %i, 7
  %p = gep i32, %a, %j
  store i32 1, local %p
  %q = gep i32, @g, 3
  %v = load i32, global %q
  %d = or i32 %i, 1
  %r = udiv i32 %v, %d
  %m = and i32 %i, 3
  %e = or i32 %m, 2
  %s = sdiv i32 %v, %e
  %t = sdiv i32 %v, 7
  ret %s
}
device @oob(%i: i32) -> i32 {
^entry:
  %q = gep i32, @g, 4
  %v = load i32, global %q
  ret %v
}
device @wide() -> i64 {
^entry:
  %a = alloca i32
  %v = load i64, local %a
  ret %v
}
device @arg(%p: ptr) {
^entry:
  store i32 1, global %p
  ret
}
device @div(%i: i32) -> i32 {
^entry:
  %d = or i32 %i, 1
  %r = sdiv i32 7, %d
  ret %r
}
device @minus(%i: i32) -> i32 {
^entry:
  %r = srem i32 %i, -1
  ret %r
}
device @unr(%c: i1) {
^entry:
  cond_br %c, ^a, ^b
^a:
  unreachable
^b:
  ret
}
device @caller() {
^entry:
  %r = call @div(3)
  ret
}
declare device @nobody(i32) -> i32 readnone
device @callsdecl() {
^entry:
  %r = call @nobody(3)
  ret
}
`, "f.oir");
    const e2 = new AnalysisManager(m2).getModule(EFFECTS);
    const mf = (name: string) => e2.summary(fn(m2, name).id).mayFault;
    expect(mf("inb")).toBe(false);
    // A device function without a body faults when called, whatever its attributes say.
    expect(["oob", "wide", "arg", "div", "minus", "unr", "caller", "callsdecl"].map(mf)).toEqual([true, true, true, true, true, true, true, true]);
  });
  test("mayExhaust: what may take more memory than there is (spmdize does not run it on every thread)", () => {
    const m3 = parseModule(`
device @small() -> i32 {
^entry:
  %a = alloca i32, 16
  store i32 1, local %a
  %v = load i32, local %a
  ret %v
}
device @large() -> i32 {
^entry:
  %a = alloca i32, 524288
  store i32 1, local %a
  %v = load i32, local %a
  ret %v
}
device @unknown(%n: i32) {
^entry:
  %a = alloca i32, %n
  ret
}
device @loop(%n: i32) {
^entry:
  br ^l(0)
^l(%i: i32):
  %a = alloca i32, 4
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  cond_br %c, ^l(%i1), ^x
^x:
  ret
}
device @rec(%n: i32) -> i32 {
^entry:
  %c = icmp sgt i32 %n, 0
  cond_br %c, ^r, ^x
^r:
  %m = sub i32 %n, 1
  %v = call @rec(%m)
  ret %v
^x:
  ret 0
}
device @callsLarge() -> i32 {
^entry:
  %v = call @large()
  ret %v
}
device @div(%i: i32) -> i32 {
^entry:
  %r = sdiv i32 7, %i
  ret %r
}
`, "x.oir");
    const e3 = new AnalysisManager(m3).getModule(EFFECTS);
    const ex = (name: string) => e3.summary(fn(m3, name).id).mayExhaust;
    expect(["small", "large", "unknown", "loop", "rec", "callsLarge", "div"].map(ex)).toEqual([false, true, true, true, true, true, false]);
    // A division that may fault does not take memory.
    expect(e3.summary(fn(m3, "div").id).mayFault).toBe(true);
  });
  test("a recursive SCC reaches a fixed point with both members' effects", () => {
    expect(summary("ping")).toBe("writes(global)");
    expect(summary("pong")).toBe("writes(global)");
  });
  test("parallel regions and reverse offload propagate into the kernel", () => {
    // The map's base is an argument of unknown space: any device space may be written.
    expect(summary("k")).toBe("reads(global,local) writes(global,shared,local) parallel reverse-offload barrier atomic");
  });
  test("instEffects classifies one instruction", () => {
    const k = fn(m, "k");
    const kinds = k.blocks[k.layout[0]!]!.insts.map((i) => formatEffects(eff.inst(k, k.insts[i]!)));
    expect(kinds).toEqual(["reads(local) writes(local) private-writes", "reads(global) writes(global) parallel barrier atomic", "writes(global,shared,local) reverse-offload", "none"]);
    expect(formatEffects(instEffects(m, k, k.insts[k.blocks[k.layout[0]!]!.insts[0]!]!))).toContain("calls-unknown");
  });
});

describe("uniformity", () => {
  const m = parseModule(`
device @region(%a: ptr, %n: i32) {
^entry:
  %t = omp.thread_num
  %nt = omp.team_num
  %u = add i32 %n, %nt
  %c = icmp slt i32 %t, %u
  cond_br %c, ^then, ^join(1)
^then:
  %x = mul i32 %n, 2
  br ^join(%x)
^join(%j: i32):
  %after = add i32 %u, 1
  ret
}
device @irreducible(%n: i32) {
^entry:
  %h = omp.hw_thread_id
  %c = icmp eq i32 %h, 0
  cond_br %c, ^a(0), ^b(0)
^a(%x: i32):
  %x2 = add i32 %x, 1
  br ^b(%x2)
^b(%y: i32):
  %y2 = add i32 %y, 1
  %d = icmp slt i32 %y2, %n
  cond_br %d, ^a(%y2), ^exit
^exit:
  ret
}
`, "un.oir");

  test("thread ids, control dependence and joins", () => {
    const f = fn(m, "region");
    const u = computeUniformity(m, f, { paramsUniform: true, inParallelRegion: true });
    const uniform = (n: string) => u.isUniform(value(f, n));
    expect(uniform("t")).toBe(false);
    expect(uniform("nt")).toBe(true);
    expect(uniform("u")).toBe(true);
    expect(uniform("c")).toBe(false);
    expect(uniform("x")).toBe(false); // computed only by the threads that took ^then
    expect(uniform("j")).toBe(false); // joins values from a divergent branch
    expect(uniform("after")).toBe(true); // past the join, all threads again
    expect(u.isDivergentBranch(f.layout[0]!)).toBe(true);
  });

  test("outside a parallel region thread_num is uniform (it is 0); divergent params are respected", () => {
    const f = fn(m, "region");
    const u = computeUniformity(m, f, { paramsUniform: [true, false], inParallelRegion: false });
    expect(u.isUniform(value(f, "t"))).toBe(true);
    expect(u.isUniform(value(f, "u"))).toBe(false);
  });

  test("irreducible control flow: everything fed by the divergent entry branch diverges", () => {
    const f = fn(m, "irreducible");
    const u = computeUniformity(m, f, { paramsUniform: true, inParallelRegion: true });
    for (const n of ["h", "c", "x", "x2", "y", "y2", "d"]) expect([n, u.isUniform(value(f, n))]).toEqual([n, false]);
  });
});

describe("pureMayFault: which divisions may fault (division by zero is the only division fault)", () => {
  test("constant divisors, `x | C` and unknown ones", () => {
    const m = parseModule(`
device @d(%x: i32, %y: i32) -> i32 {
^entry:
  %a = udiv i32 %x, 3
  %b = udiv i32 %x, 0
  %c = udiv i32 %x, %y
  %o1 = or i32 %y, 1
  %e = udiv i32 %x, %o1
  %o0 = or i32 %y, 0
  %g = udiv i32 %x, %o0
  %h = srem i32 %x, %o1
  %m = and i32 %y, 7
  %o2 = or i32 %m, 2
  %k = sdiv i32 %x, %o2
  %n = add i32 %x, %y
  ret %n
}
`, "t.oir");
    const f = findFunction(m, "d")!;
    const faults = (name: string) => {
      const d = f.values[value(f, name)]!.def;
      if (d.kind !== "inst") throw new Error(name);
      return pureMayFault(f, f.insts[d.inst]!);
    };
    expect(["a", "b", "c", "e", "g", "h", "k", "n"].map((n) => [n, faults(n)])).toEqual([
      ["a", false], ["b", true], ["c", true], ["e", false], ["g", true],
      // signed by `y | 1`: never zero, but y may be negative, and the summary stays
      // conservative about -1 (the runtime wraps INT_MIN / -1; it does not fault)
      ["h", true], ["k", false], ["n", false],
    ]);
  });
});
