// Unit tests for dominators, post-dominators and dominance frontiers on hand-made CFGs.
import { describe, expect, test } from "@jest/globals";
import { addBlock, addFunction, appendInst, newModule } from "../src/ir/ir.js";
import type { Function } from "../src/ir/ir.js";
import type { BlockId } from "../src/ir/types.js";
import { NO_VALUE } from "../src/ir/types.js";
import { computeCfg } from "../src/ir/cfg.js";
import { computeDominators, computePostDominators, dominanceFrontiers } from "../src/ir/dominators.js";

/** Builds a function from `name: succ succ` lines (first line = entry); 0 succs → ret,
 *  1 → br, 2 → cond_br on the i1 parameter; a trailing `!` makes a 0-succ block `unreachable`. */
function cfgFunction(spec: string): Function {
  const m = newModule();
  const f = addFunction(m, "f", "device", ["i1"], "void");
  const lines = spec.trim().split("\n").map((l) => l.trim()).filter((l) => l !== "");
  const b: Record<string, BlockId> = {};
  for (const l of lines) b[l.split(":")[0]!.trim()] = addBlock(f, l.split(":")[0]!.trim());
  for (const l of lines) {
    const [n, rest] = l.split(":") as [string, string];
    const words = rest.trim().split(/\s+/).filter((s) => s !== "");
    const blk = b[n.trim()]!;
    if (words[0] === "!") appendInst(f, blk, { kind: "unreachable" });
    else if (words.length === 0) appendInst(f, blk, { kind: "ret", value: NO_VALUE });
    else if (words.length === 1) appendInst(f, blk, { kind: "br", target: b[words[0]!]!, args: [] });
    else appendInst(f, blk, { kind: "cond_br", cond: f.params[0]!, then: b[words[0]!]!, thenArgs: [], else: b[words[1]!]!, elseArgs: [] });
  }
  return f;
}

/** Every analysis result as name-keyed tables, for readable expectations. */
function analyse(spec: string) {
  const f = cfgFunction(spec);
  const cfg = computeCfg(f);
  const dom = computeDominators(f, cfg);
  const pdom = computePostDominators(f, cfg);
  const df = dominanceFrontiers(f, cfg, dom);
  const names = f.layout.map((b) => f.blocks[b]!.name!);
  const id = (n: string): BlockId => f.layout[names.indexOf(n)]!;
  const nm = (b: number): string => (b === -1 ? "EXIT" : b === -2 ? "-" : f.blocks[b]!.name!);
  const table = (fn: (b: BlockId) => string): Record<string, string> => Object.fromEntries(f.layout.map((b) => [nm(b), fn(b)]));
  return {
    f, dom, pdom, id,
    idom: table((b) => (dom.idom[b] === -1 ? "-" : nm(dom.idom[b]!))),
    ipdom: table((b) => nm(pdom.ipdom[b]!)),
    df: table((b) => df[b]!.map(nm).join(" ")),
    kids: table((b) => dom.children(b).map(nm).join(" ")),
    /** Brute force: a dominates b iff b is unreachable from the entry once a is removed. */
    bruteDominates(a: BlockId, b: BlockId): boolean {
      if (a === b) return true;
      const seen = new Set<number>([a]);
      const work = [f.layout[0]!];
      if (work[0] === a) return true;
      seen.add(work[0]!);
      while (work.length) {
        const x = work.pop()!;
        if (x === b) return false;
        for (const s of cfg.succs[x]!) if (!seen.has(s)) (seen.add(s), work.push(s));
      }
      return true;
    },
  };
}

function checkAgainstBruteForce(a: ReturnType<typeof analyse>): void {
  for (const x of a.f.layout) for (const y of a.f.layout) expect([x, y, a.dom.dominates(x, y)]).toEqual([x, y, a.bruteDominates(x, y)]);
}

describe("dominators", () => {
  test("diamond", () => {
    const a = analyse(`
      entry: then else
      then: join
      else: join
      join:`);
    expect(a.idom).toEqual({ entry: "-", then: "entry", else: "entry", join: "entry" });
    expect(a.kids.entry).toBe("else then join");
    expect(a.ipdom).toEqual({ entry: "join", then: "join", else: "join", join: "EXIT" });
    expect(a.df).toEqual({ entry: "", then: "join", else: "join", join: "" });
    expect(a.dom.dominates(a.id("then"), a.id("join"))).toBe(false);
    expect(a.pdom.postDominates(a.id("join"), a.id("entry"))).toBe(true);
    expect(a.pdom.postDominates(a.id("then"), a.id("entry"))).toBe(false);
    checkAgainstBruteForce(a);
  });

  test("loop: the header is in its own frontier and the latch's", () => {
    const a = analyse(`
      entry: head
      head: body exit
      body: head
      exit:`);
    expect(a.idom).toEqual({ entry: "-", head: "entry", body: "head", exit: "head" });
    expect(a.ipdom).toEqual({ entry: "head", head: "exit", body: "head", exit: "EXIT" });
    expect(a.df).toEqual({ entry: "", head: "head", body: "head", exit: "" });
    checkAgainstBruteForce(a);
  });

  test("nested loops", () => {
    const a = analyse(`
      entry: outer
      outer: inner done
      inner: ibody olatch
      ibody: inner
      olatch: outer
      done:`);
    expect(a.idom).toEqual({ entry: "-", outer: "entry", inner: "outer", ibody: "inner", olatch: "inner", done: "outer" });
    expect(a.ipdom).toEqual({ entry: "outer", outer: "done", inner: "olatch", ibody: "inner", olatch: "outer", done: "EXIT" });
    expect(a.df).toEqual({ entry: "", outer: "outer", inner: "outer inner", ibody: "inner", olatch: "outer", done: "" });
    checkAgainstBruteForce(a);
  });

  test("irreducible: a cycle with two entries has no header; both nodes' idom is the branch", () => {
    const a = analyse(`
      entry: a b
      a: b exit
      b: a exit
      exit:`);
    expect(a.idom).toEqual({ entry: "-", a: "entry", b: "entry", exit: "entry" });
    expect(a.df).toEqual({ entry: "", a: "b exit", b: "a exit", exit: "" });
    expect(a.ipdom).toEqual({ entry: "exit", a: "exit", b: "exit", exit: "EXIT" });
    checkAgainstBruteForce(a);
  });

  test("irreducible, the CHK paper's Figure 4 shape (needs more than one iteration)", () => {
    const a = analyse(`
      n6: n5 n4
      n5: n1
      n4: n2 n3
      n1: n2
      n2: n1 n3
      n3: n2`);
    expect(a.idom).toEqual({ n6: "-", n5: "n6", n4: "n6", n1: "n6", n2: "n6", n3: "n6" });
    checkAgainstBruteForce(a);
  });

  test("unreachable blocks are out of both trees", () => {
    const a = analyse(`
      entry: exit
      dead: dead2
      dead2: exit
      exit:`);
    expect(a.idom).toEqual({ entry: "-", dead: "-", dead2: "-", exit: "entry" });
    expect(a.ipdom).toEqual({ entry: "exit", dead: "-", dead2: "-", exit: "EXIT" });
    expect(a.df.dead).toBe("");
    // LLVM's convention: anything dominates an unreachable block; an unreachable block dominates nothing else.
    expect(a.dom.dominates(a.id("exit"), a.id("dead"))).toBe(true);
    expect(a.dom.dominates(a.id("dead"), a.id("dead2"))).toBe(true);
    expect(a.dom.dominates(a.id("dead"), a.id("exit"))).toBe(false);
    expect(a.dom.dominates(a.id("dead"), a.id("dead"))).toBe(true);
    expect(a.pdom.postDominates(a.id("exit"), a.id("dead"))).toBe(false);
    expect(a.pdom.postDominates(a.id("dead"), a.id("dead"))).toBe(true);
  });

  test("infinite loop without exit: the latch is linked to the virtual exit", () => {
    const a = analyse(`
      entry: head
      head: body
      body: head`);
    expect(a.idom).toEqual({ entry: "-", head: "entry", body: "head" });
    expect(a.ipdom).toEqual({ entry: "head", head: "body", body: "EXIT" });
  });

  test("infinite loop without exit, infiniteLoopRoot header: the header is linked (SIMT reconvergence)", () => {
    const f = cfgFunction(`
      entry: head
      head: guarded head
      guarded: head`);
    const ip = computePostDominators(f, computeCfg(f), { infiniteLoopRoot: "header" }).ipdom;
    const nm = (b: number): string => (b === -1 ? "EXIT" : f.blocks[b]!.name!);
    expect(Object.fromEntries(f.layout.map((b) => [f.blocks[b]!.name!, nm(ip[b]!)]))).toEqual({ entry: "EXIT", head: "EXIT", guarded: "head" });
  });

  test("infinite loop beside a returning path", () => {
    const a = analyse(`
      entry: spin out
      spin: spin2
      spin2: spin
      out:`);
    expect(a.ipdom).toEqual({ entry: "EXIT", spin: "spin2", spin2: "EXIT", out: "EXIT" });
    expect(a.pdom.postDominates(a.id("out"), a.id("entry"))).toBe(false);
  });

  test("a loop that may run forever or leave into a self-loop", () => {
    const a = analyse(`
      entry: head
      head: latch sink
      latch: head
      sink: sink`);
    for (const b of a.f.layout) expect(a.pdom.ipdom[b]).toBeGreaterThanOrEqual(-1);
    expect(a.ipdom.sink).toBe("EXIT");
  });

  test("multiple returns and an unreachable terminator", () => {
    const a = analyse(`
      entry: a b
      a: r1 r2
      b: !
      r1:
      r2:`);
    expect(a.ipdom).toEqual({ entry: "EXIT", a: "EXIT", b: "EXIT", r1: "EXIT", r2: "EXIT" });
    expect(a.idom).toEqual({ entry: "-", a: "entry", b: "entry", r1: "a", r2: "a" });
    expect(a.pdom.postDominates(a.id("r1"), a.id("a"))).toBe(false);
  });

  test("a straight line: every block post-dominates its predecessors", () => {
    const a = analyse(`
      entry: b
      b: c
      c:`);
    expect(a.pdom.postDominates(a.id("c"), a.id("entry"))).toBe(true);
    expect(a.pdom.postDominates(a.id("entry"), a.id("c"))).toBe(false);
    expect(a.dom.dominates(a.id("entry"), a.id("c"))).toBe(true);
  });

  test("the entry block as a loop header is in its own frontier", () => {
    const a = analyse(`
      entry: entry exit
      exit:`);
    expect(a.df.entry).toBe("entry");
    expect(a.idom.exit).toBe("entry");
  });
});

describe("random CFGs against brute force", () => {
  // A small deterministic LCG: the test must not depend on Math.random.
  let seed = 12345;
  const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);

  test("dominators and (where every block can return) post-dominators", () => {
    for (let iter = 0; iter < 300; iter++) {
      const n = 2 + rand(9);
      const lines: string[] = [];
      for (let i = 0; i < n; i++) {
        const k = rand(3);
        const ss = Array.from({ length: k }, () => `b${rand(n)}`);
        lines.push(`b${i}: ${ss.join(" ")}`);
      }
      const a = analyse(lines.join("\n"));
      checkAgainstBruteForce(a);
      const cfg = computeCfg(a.f);
      const exits = cfg.rpo.filter((b) => cfg.succs[b]!.length === 0);
      const reachesExitAvoiding = (from: number, avoid: number): boolean => {
        if (from === avoid) return false;
        const seen = new Set([from, avoid]);
        const work = [from];
        while (work.length) {
          const x = work.pop()!;
          if (exits.includes(x as BlockId)) return true;
          for (const s of cfg.succs[x]!) if (!seen.has(s)) (seen.add(s), work.push(s));
        }
        return false;
      };
      if (!cfg.rpo.every((b) => reachesExitAvoiding(b, -1))) continue;
      for (const x of cfg.rpo) {
        for (const y of cfg.rpo) {
          const expected = x === y || !reachesExitAvoiding(y, x);
          expect([x, y, a.pdom.postDominates(x, y)]).toEqual([x, y, expected]);
        }
      }
    }
  });
});
